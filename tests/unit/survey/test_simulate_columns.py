"""The column-wise simulator: its rates as specified over many respondents, and its CSV as the dict path writes it.

Rates are checked over a few hundred thousand respondents against the rate the
rules give, within :data:`Z` binomial standard errors (a check fails by chance
about once in 150,000 runs).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.text import DECLINED
from survey.importers.csv_format import read_csv, write_csv
from survey.intake.batch_check import BatchCheck
from survey.simulation import csv_columns
from survey.simulation.columns import DECLINED_STATE, GIVEN, NONE, MultiColumn
from survey.simulation.csv_columns import write_csv_columns
from survey.simulation.population import Population, load_population
from survey.simulation.simulator import Settings, Simulated, simulate, simulate_columns
from tests.support.builders import example_instrument, instrument_yaml
from tests.support.strategies import instruments

EXAMPLE = example_instrument()
N = 200_000
Z = 4.5


def near(count: int, total: int, p: float) -> bool:
    """Whether ``count`` of ``total`` is within Z binomial standard errors of the rate ``p``."""
    return abs(count / total - p) <= Z * math.sqrt(p * (1 - p) / total) + 1e-12


@pytest.fixture(scope="module")
def germany() -> Population:
    return load_population("germany-city")


@pytest.fixture(scope="module")
def city(germany: Population) -> Simulated:
    return simulate_columns(EXAMPLE, N, seed=21, settings=Settings(population=germany))


@pytest.fixture(scope="module")
def drawn() -> Simulated:
    return simulate_columns(EXAMPLE, N, seed=22)


def _codes(simulated: Simulated, qid: str) -> list[Any]:
    return simulated.columns[qid].values()


def test_skipped_and_declined_at_their_rates(drawn: Simulated) -> None:
    state = drawn.columns["ms_district"].state  # asked of everyone (consent is required and always given)
    assert near(int((state == NONE).sum()), N, 0.03)
    assert near(int((state == DECLINED_STATE).sum()), N, 0.02)


def test_a_required_question_is_never_skipped(tmp_path: Path) -> None:
    question = """
    - id: must
      type: single_choice
      label: {de: Pflicht, en: Required}
      required: true
      options:
        - {code: a, label: {de: A, en: A}}
        - {code: b, label: {de: B, en: B}}
    """
    (tmp_path / "i.yaml").write_text(instrument_yaml(question), encoding="utf-8")
    instrument = load_instrument(tmp_path / "i.yaml").instrument
    state = simulate_columns(instrument, N, seed=3).columns["must"].state
    assert not (state == NONE).any()
    # Declining takes the skip's share too: a roll under 3 % + 2 % declines a required question.
    assert near(int((state == DECLINED_STATE).sum()), N, 0.05)


@pytest.mark.parametrize("qid", ["age_band", "ms_district", "so_orientation"])
def test_population_shares(city: Simulated, germany: Population, qid: str) -> None:
    given = [v for v in _codes(city, qid) if v not in (None, DECLINED)]
    for code, share in germany.questions[qid].shares.items():
        assert near(given.count(code), len(given), share), (qid, code)


def test_conditional_shares_follow_the_cases(city: Simulated, germany: Population) -> None:
    entry = germany.questions["mh_parents_birth"]
    born = _codes(city, "mh_birth_country")
    parents = _codes(city, "mh_parents_birth")
    for birth, shares in (("other_country", entry.cases[0].shares), ("germany", entry.shares)):
        given = [p for b, p in zip(born, parents, strict=True) if b == birth and p not in (None, DECLINED)]
        for code, share in shares.items():
            assert near(given.count(code), len(given), share), (birth, code)


def test_one_more_option_ticked_with_also(city: Simulated, germany: Population) -> None:
    column = city.columns["lang_home"]  # no exclusive option, so every first option may get a second
    assert isinstance(column, MultiColumn)
    ticks = column.ticked[column.state == GIVEN].sum(axis=1)
    assert ticks.min() == 1 and ticks.max() == 2
    also = germany.questions["lang_home"].also
    assert also is not None and near(int((ticks == 2).sum()), len(ticks), also)


def test_fixed_small_group_share() -> None:
    shares = Settings(shares={"ms_district": {"am_hafen": 0.01}})
    given = [v for v in _codes(simulate_columns(EXAMPLE, N, 4, shares), "ms_district") if v not in (None, DECLINED)]
    assert near(given.count("am_hafen"), len(given), 0.01)


def test_exclusive_options_alone_and_selection_limits(drawn: Simulated) -> None:
    for qid in ("rh_support", "rel_religion", "dg_grounds", "mh_citizenship"):
        q = EXAMPLE.question_map[qid]
        column = drawn.columns[qid]
        assert isinstance(column, MultiColumn)
        ticked = column.ticked[column.state == GIVEN]
        exclusive = np.array([o.exclusive for o in q.options])  # type: ignore[union-attr]
        counts = ticked.sum(axis=1)
        assert counts.min() >= 1 and counts.max() <= q.selection_limit  # type: ignore[union-attr]
        alone = ticked[:, exclusive].any(axis=1)
        assert (counts[alone] == 1).all(), qid
        # Without a population: an exclusive option alone for one in ten.
        assert near(int(alone.sum()), len(ticked), 0.1), qid
    # Of the others, a quarter tick several: k is 1 to 12 evenly (12 options besides 'none'), so 11 in 12 of them.
    column = drawn.columns["rel_religion"]
    assert isinstance(column, MultiColumn)
    counts = column.ticked[column.state == GIVEN].sum(axis=1)
    assert near(int((counts > 1).sum()), len(counts), 0.9 * 0.25 * 11 / 12)


def _holds(simulated: Simulated, condition: dict[str, list[str]]) -> np.ndarray:
    out = np.zeros(simulated.size, dtype=bool)
    for qid, codes in condition.items():
        values = _codes(simulated, qid)
        out |= np.array([any(c in v for c in codes) if isinstance(v, list) else v in codes for v in values])
    return out


def test_risk_follows_the_odds_ratios(city: Simulated, germany: Population) -> None:
    rule = germany.discrimination
    assert rule is not None
    column = city.columns[rule.question]
    answered = column.state == GIVEN
    affected = np.array([isinstance(v, dict) and "yes" in v.values() for v in column.values()])
    groups = np.stack([_holds(city, e.when) for e in rule.effects], axis=1)
    logit = math.log(rule.risk / (1 - rule.risk))
    for i in (None, 0, 3):  # in none of the groups; racialised only; lesbian, gay, bisexual or other only
        only = ~groups.any(axis=1) if i is None else groups[:, i] & (groups.sum(axis=1) == 1)
        odds = 1.0 if i is None else rule.effects[i].odds_ratio
        p = 1 / (1 + math.exp(-(logit + math.log(odds))))
        inside = answered & only
        assert inside.sum() > 1000
        assert near(int((affected & inside).sum()), int(inside.sum()), p), i


def test_every_respondent_passes_the_checks(germany: Population) -> None:
    for population in (None, germany):
        people = simulate(EXAMPLE, 5000, seed=6, settings=Settings(population=population))
        assert BatchCheck(EXAMPLE).accepted_as_given(people).all()


def test_the_seed_decides_everything() -> None:
    first, again = (write_csv_columns(EXAMPLE, simulate_columns(EXAMPLE, 2000, 9)) for _ in range(2))
    assert first == again
    assert first != write_csv_columns(EXAMPLE, simulate_columns(EXAMPLE, 2000, 10))
    assert simulate(EXAMPLE, 30, -9) == simulate(EXAMPLE, 30, -9) != simulate(EXAMPLE, 30, 9)


@pytest.mark.parametrize("population", [None, "germany-city"])
def test_csv_from_columns_is_the_csv_from_dicts_and_reads_back(
    tmp_path: Path, population: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_columns, "BLOCK", 1000)  # several blocks, the last one short
    settings = Settings(population=load_population(population) if population else None)
    simulated = simulate_columns(EXAMPLE, 3000, 12, settings)
    people = simulated.to_dicts()
    written = write_csv_columns(EXAMPLE, simulated)
    assert written == write_csv(EXAMPLE, people).encode("utf-8")
    (tmp_path / "r.csv").write_bytes(written)
    rows = list(read_csv(EXAMPLE, tmp_path / "r.csv"))
    assert [r.problems for r in rows if r.problems] == []
    assert [r.answers for r in rows] == people


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(-(2**40), 2**40))
def test_csv_from_columns_for_any_instrument(instrument: Instrument, seed: int) -> None:
    simulated = simulate_columns(instrument, 30, seed)
    people = simulated.to_dicts()
    assert write_csv_columns(instrument, simulated) == write_csv(instrument, people).encode("utf-8")
    assert BatchCheck(instrument).accepted_as_given(people).all()

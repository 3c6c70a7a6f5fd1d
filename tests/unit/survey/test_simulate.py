"""Synthetic respondents: valid for their instrument, seeded, with small groups and group gaps."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.answers.submission import check_answers
from instruments.model import Instrument
from kernel.formula_safe import starts_formula
from survey.importers.csv_format import write_csv
from survey.importers.kobo.write import write_kobo_csv
from survey.importers.limesurvey.responses import write_limesurvey_csv
from survey.simulation.simulator import Settings, Simulator, simulate
from tests.support.builders import example_instrument
from tests.support.strategies import instruments

EXAMPLE = example_instrument()


def test_every_synthetic_respondent_passes_the_instrument_checks() -> None:
    for answers in simulate(EXAMPLE, 300, seed=1):
        result = check_answers(EXAMPLE, answers)
        assert result.ok, result.problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_valid_for_any_instrument(instrument: Instrument, seed: int) -> None:
    for answers in simulate(instrument, 20, seed):
        assert check_answers(instrument, answers).ok


def test_the_seed_decides_everything() -> None:
    assert simulate(EXAMPLE, 50, seed=7) == simulate(EXAMPLE, 50, seed=7)
    assert simulate(EXAMPLE, 50, seed=7) != simulate(EXAMPLE, 50, seed=8)


@pytest.mark.slow
def test_fixed_small_group_shares_are_met() -> None:
    n = 4000
    people = simulate(
        EXAMPLE, n, seed=3, settings=Settings(skip_rate=0, decline_rate=0, shares={"ms_district": {"am_hafen": 0.01}})
    )
    share = sum(p.get("ms_district") == "am_hafen" for p in people) / n
    assert 0.004 < share < 0.018  # 1 % ± about 4 standard errors


@pytest.mark.slow
def test_identities_shift_how_often_discrimination_is_reported() -> None:
    shares = Settings(shares={"ms_district": {"altstadt": 0.5, "nordstadt": 0.5}})

    def gap(simulator: Simulator) -> float:
        return abs(simulator.effects[("ms_district", "altstadt")] - simulator.effects[("ms_district", "nordstadt")])

    # The first seed that gives the two districts effects (log-odds) at least 0.5 apart: about every other one does.
    simulator = next(s for s in (Simulator(EXAMPLE, seed, shares) for seed in range(50)) if gap(s) >= 0.5)
    effects = {code: simulator.effects[("ms_district", code)] for code in ("altstadt", "nordstadt")}
    high, low = max(effects, key=effects.__getitem__), min(effects, key=effects.__getitem__)
    people = simulator.columns(3000).to_dicts()

    def rate(code: str) -> float:
        group = [p for p in people if p.get("ms_district") == code and isinstance(p.get("discr_5y"), dict)]
        reported: int = sum(p["discr_5y"].get("work") == "yes" for p in group)
        return reported / len(group)

    # ~1,400 people per district: a log-odds gap of 0.5 or more shows as well over 0.05 in the rate.
    assert rate(high) - rate(low) > 0.05


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_simulated_files_need_no_formula_neutralising(instrument: Instrument, seed: int) -> None:
    """survey.simulation.simulator's decision: its files hold codes, numbers and fixed write-ins; only numbers start like formulas."""
    people = simulate(instrument, 20, seed)
    files = [
        (write_csv(instrument, people), ","),
        (write_limesurvey_csv(instrument, people), ","),
        (write_kobo_csv(instrument, people), ";"),
    ]
    for text, delimiter in files:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for cell in row:
                if starts_formula(cell):
                    float(cell)  # raises for a text that a spreadsheet would run

"""Regional pools: hidden cells' values kept and checked, files validated, and the joint audit's promise.

Towns are released through the real path (:func:`analysis.releases.making.make_release`);
a town of 60 respondents hides cells that larger towns show, so that the pooled
table, unprotected, would give that town's hidden cell away by subtraction.
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.audit.attack import implied_bounds
from analysis.audit.settings import Protection, Reading
from analysis.centred import cell_scale
from analysis.intervals.counts import count_intervals
from analysis.pooling.combine import pool_tables, strictest, town_cells
from analysis.pooling.pool import pool
from analysis.pooling.protect import POOL, _exposed, _system
from analysis.pooling.sources import MARK, Contribution, contribution_document, read_contribution
from analysis.releases.body import public_body
from analysis.releases.making import Made, make_release
from analysis.releases.tables import NoiseRecord, PublishedTable
from kernel.errors import EqSurveyError
from tests.unit.analysis.pool_study import PLAN, RHO, TABLES
from tests.unit.analysis.synthetic import INSTRUMENT, draw, frame, plan

SIZES = (60, 400, 500)


@cache
def _made() -> tuple[Made, ...]:
    rng = np.random.default_rng(20)
    return tuple(
        make_release(PLAN, TABLES, INSTRUMENT, frame(draw(rng, n)), f"sha256:{i}", RHO) for i, n in enumerate(SIZES)
    )


def _files() -> list[str]:
    return [json.dumps(contribution_document(m.release)) for m in _made()]


def _towns() -> list[Contribution]:
    return [read_contribution(text, f"town-{i}.pool.json") for i, text in enumerate(_files())]


def test_a_release_keeps_its_hidden_cells_values_and_never_publishes_them() -> None:
    made = _made()[0]
    assert made.body["pooling"]["hidden"], "the small town hides cells"
    assert "pooling" not in public_body(made.body)
    assert made.release.public().pooling is None
    assert "pooling" not in made.release.shown()
    document = contribution_document(made.release)
    assert "pooling" not in document["release"] and document["hidden"] == made.body["pooling"]["hidden"]


def test_hidden_values_are_the_cells_as_the_release_would_have_shown_them() -> None:
    """In every group, the published base is the sum of its answers: shown ones as published, hidden ones as kept.

    Released with primary suppression only, so that a group may publish its base beside a hidden answer."""
    primary_only = plan(TABLES, "{suppress_below: 20, flag_below: 50, protection: 0}")
    rng = np.random.default_rng(7)
    made = [make_release(primary_only, TABLES, INSTRUMENT, frame(draw(rng, 60)), "sha256:p", RHO) for _ in range(4)]
    checked = 0
    for m in made:
        town = read_contribution(json.dumps(contribution_document(m.release)), "town.json")
        table = town.release.table("discrimination")
        assert table is not None
        for group in {c.by["group"] for c in table.cells}:
            cells = [c for c in table.cells if c.by["group"] == group]
            bases = [c.base for c in cells if c.base is not None]
            if not bases or not any(c.suppressed for c in cells if c.measure in ("yes", "no")):
                continue
            answers = [town.value("discrimination", c.place) for c in cells if c.measure in ("yes", "no")]
            assert None not in answers
            assert sum(a for a in answers if a is not None) == pytest.approx(bases[0], abs=1e-6)
            checked += 1
    assert checked >= 1


def _table(town: Contribution, table_id: str) -> PublishedTable:
    table = town.release.table(table_id)
    assert table is not None
    return table


def _subtracted(towns: list[Contribution], tables: Any) -> list[tuple[str, Any, float, float | None]]:
    """Shown pooled cells that exactly one town hides: the pooled count less the others' shown ones, and the truth."""
    found = []
    for table in tables:
        for cell in table.cells:
            if cell.suppressed:
                continue
            hiding = [
                t for t in towns if next(c for c in _table(t, table.id).cells if c.place == cell.place).suppressed
            ]
            if len(hiding) != 1:
                continue
            others = sum(t.value(table.id, cell.place) or 0.0 for t in towns if t is not hiding[0])
            recovered = float(cell.unclamped if cell.unclamped is not None else cell.count) - others
            found.append((table.id, cell.place, recovered, hiding[0].value(table.id, cell.place)))
    return found


def test_unprotected_the_pool_would_give_a_towns_hidden_cell_away_by_subtraction() -> None:
    towns = _towns()
    raw = pool_tables(towns, strictest(towns))
    found = _subtracted(towns, raw)
    assert found, "the small town hides cells the others show"
    for _, _, recovered, truth in found:
        assert recovered == pytest.approx(truth, abs=1e-6)


def test_the_pool_hides_what_subtraction_or_any_linear_attack_would_recover() -> None:
    towns = _towns()
    result = pool(towns)
    assert _subtracted(towns, result.tables) == []
    assert result.audit.secondary > 0
    ruled = {(t.id, c.place) for t in pool_tables(towns, strictest(towns)) for c in t.cells if c.suppressed}
    exposed, _, infeasible = _exposed(towns, result.tables, Protection(result.rules.protection_width), primary=ruled)
    assert exposed == [] and not infeasible
    # The attack is sound: every hidden value (a town's, as contributed) lies within the bounds it derives.
    system, _ = _system(towns, result.tables, Reading.exact())
    bounds = implied_bounds(system)
    ids = {t.release.id: t for t in towns}
    for target in system.targets:
        if target.release == POOL:
            continue
        place = (target.row, target.measure, tuple(sorted(target.by)))
        value = ids[target.release].value(target.table, place)
        assert value is not None
        low, high = bounds[target.variable]
        assert low - 1e-5 <= value <= high + 1e-5
        assert high - low >= ids[target.release].release.publication.protection_width


def test_pooling_shows_the_small_groups_no_town_shows_alone() -> None:
    towns = _towns()
    result = pool(towns)
    table = result.table_by_id("discrimination")
    small_yes = next(c for c in table.cells if c.by["group"] == "small" and c.measure == "yes")
    alone = [next(c for c in _table(t, "discrimination").cells if c.place == small_yes.place) for t in towns]
    assert all(c.suppressed for c in alone)
    assert not small_yes.suppressed
    # The pooled count is the towns' values added up; its noise the towns' noise added up.
    summed = sum(t.value("discrimination", small_yes.place) or 0.0 for t in towns)
    assert small_yes.count == pytest.approx(max(summed, 0.0))


def test_a_plain_release_file_leaves_its_hidden_cells_unknown() -> None:
    files = _files()
    plain = json.dumps(json.loads(files[0])["release"])
    towns = [read_contribution(plain, "plain.json"), *_towns()[1:]]
    result = pool(towns)
    assert result.incomplete
    hidden_by_plain = {c.place for c in _table(towns[0], "discrimination").cells if c.suppressed}
    shown = {c.place for c in result.table_by_id("discrimination").cells if not c.suppressed}
    assert hidden_by_plain and not hidden_by_plain & shown


def test_budgets_are_listed_not_added_and_the_rules_are_the_strictest() -> None:
    towns = _towns()
    result = pool(towns)
    assert [c.rho for c in result.contributors] == [RHO] * len(SIZES)
    assert result.rules.suppress_below == 20 and result.rules.flag_below == 50
    assert result.as_json()["contributors"][0]["release"] == towns[0].release.id


def _error(text: str, name: str = "town.json") -> str:
    with pytest.raises(EqSurveyError) as caught:
        read_contribution(text, name)
    message = caught.value.render()
    assert name in message
    return message


def test_files_that_are_not_releases_are_told_apart() -> None:
    assert "not JSON" in _error("{")
    assert "no JSON object" in _error("[1, 2]")
    assert "not a stored release" in _error('{"id": "r-1"}')
    assert "format" in _error(json.dumps({MARK: {"format": 99}, "release": {}, "hidden": {}}))


def test_a_forged_hidden_value_is_refused() -> None:
    document = json.loads(_files()[1])
    table = next(t for t in document["release"]["tables"] if t["id"] == "discrimination")
    shown = next(c for c in table["cells"] if c["status"] != "suppressed")
    document["hidden"] = {"discrimination": [{"row": None, "measure": shown["measure"], "by": shown["by"], "value": 3}]}
    assert "does not hide" in _error(json.dumps(document))
    document["hidden"] = {"discrimination": [{"measure": "yes", "by": {"group": "big"}, "value": "NaN"}]}
    assert "finite number" in _error(json.dumps(document))


def _refused(towns: list[Contribution]) -> str:
    with pytest.raises(EqSurveyError) as caught:
        pool(towns)
    return caught.value.render()


def test_releases_that_cannot_be_pooled_are_refused() -> None:
    towns = _towns()
    assert "at least two" in _refused(towns[:1])
    assert "already in the pool" in _refused([towns[0], towns[0]])
    other = json.loads(_files()[1])
    other["release"]["instrument"]["version"] = "9.9"
    assert "instrument" in _refused([towns[0], read_contribution(json.dumps(other), "other.json")])
    tables = "  - {id: discrimination, kind: counts, measure: discr, by: [group]}\n"
    made = make_release(
        plan(tables, "{suppress_below: 20}"),
        tables,
        INSTRUMENT,
        frame(draw(np.random.default_rng(3), 200)),
        "sha256:x",
        RHO,
    )
    different = read_contribution(json.dumps(contribution_document(made.release)), "different.json")
    assert "count tables differ" in _refused([towns[0], different])


@given(
    st.text(max_size=200)
    | st.recursive(
        st.none() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c) | st.dictionaries(st.text(max_size=5), c),
        max_leaves=20,
    ).map(json.dumps)
)
def test_any_text_is_a_contribution_or_a_clear_error(text: str) -> None:
    try:
        read_contribution(text, "any.json")
    except EqSurveyError as exc:
        assert exc.problems


def test_bounds_settled_early_decide_disclosure_exactly_as_the_full_programs() -> None:
    """With ``enough``, a cell seen that wide is not solved further: its interval lies inside its exact bounds,
    is at least that wide, and every cell is disclosed or not exactly as the full programs say."""
    towns = _towns()
    raw = pool_tables(towns, strictest(towns))  # before the pool's secondary suppression: some cells exposed
    system, _ = _system(towns, raw, Reading.exact())
    ranges = {t.release.id: t.release.publication.protection_width for t in towns} | {
        POOL: strictest(towns).protection_width
    }
    enough = {t.variable: ranges[t.release] for t in system.targets}
    exact, early = implied_bounds(system), implied_bounds(system, enough)
    decided = []
    for target in system.targets:
        (low, high), (e_low, e_high) = exact[target.variable], early[target.variable]
        assert low - 1e-6 <= e_low <= e_high <= high + 1e-6
        width = Protection(ranges[target.release])
        assert width.discloses(e_low, e_high) == width.discloses(low, high)
        decided.append(width.discloses(low, high))
    assert any(decided) and not all(decided), "the raw pool exposes some hidden cells and not others"


def _centred_documents(seed: int) -> list[dict[str, Any]]:
    """Two towns' contribution documents of a plan whose one table, grounds by group, is measured centred."""
    tables = "  - {id: grounds, kind: counts, measure: grounds, by: [group]}\n"
    rng = np.random.default_rng(seed)
    made = [
        make_release(plan(tables, "{suppress_below: 20}"), tables, INSTRUMENT, frame(draw(rng, n)), f"sha256:{n}", RHO)
        for n in (300, 500)
    ]
    return [contribution_document(m.release) for m in made]


def test_towns_whose_multiple_choice_is_measured_centred_pool_with_its_exact_noise() -> None:
    towns = [read_contribution(json.dumps(d), f"town-{i}.pool.json") for i, d in enumerate(_centred_documents(8))]
    assert all(set(t.release.tables[0].noise) == {"options", "statuses"} for t in towns)
    result = pool(towns)
    pooled = result.table_by_id("grounds")
    for part in ("options", "statuses"):
        stated = [float(t.release.tables[0].noise[part].scale) for t in towns]
        assert float(pooled.noise[part].scale) == pytest.approx(math.sqrt(sum(s * s for s in stated)))
        assert pooled.noise[part].along == "grounds"
    # Every shown pooled count: the towns' values added up, its interval from their exact noise added up.
    exact = [town_cells(t) for t in towns]
    shown = [c for c in pooled.cells if not c.suppressed]
    assert shown
    for cell in shown:
        noises = [e["grounds", cell.place] for e in exact]
        value = sum(n.value or 0.0 for n in noises)
        low, high = count_intervals(np.array([value]), np.array([sum(n.variance for n in noises)]))
        assert (cell.low, cell.high) == pytest.approx((float(low[0]), float(high[0])))


def test_a_town_that_counted_the_multiple_choice_cell_by_cell_is_not_pooled_with_one_that_centred_it() -> None:
    """A release of an older eqsurvey states one counts part where a newer one centres the multiple choice."""
    documents = _centred_documents(9)
    older = documents[1]["release"]["tables"][0]
    centred = {name: NoiseRecord.model_validate(record) for name, record in older["noise"].items()}
    assert set(centred) == {"options", "statuses"}
    scale = cell_scale(centred)  # an older release's one scale: its cells' largest
    older["noise"] = {"counts": {"mechanism": "gaussian", "sensitivity": 3**0.5, "scale": scale, "rho": RHO}}
    towns = [read_contribution(json.dumps(d), f"town-{i}.pool.json") for i, d in enumerate(documents)]
    message = _refused(towns)
    assert "town-1.pool.json" in message and "grounds" in message and "same eqsurvey version" in message


def test_a_damaged_centred_table_is_told_not_pooled() -> None:
    documents = _centred_documents(10)
    noise = documents[1]["release"]["tables"][0]["noise"]
    for part in ("options", "statuses"):  # both name a variable of the table that is no multiple choice
        noise[part]["along"] = "group"
    towns = [read_contribution(json.dumps(d), f"town-{i}.pool.json") for i, d in enumerate(documents)]
    assert "centred along 'group', which is no multiple choice" in _refused(towns)
    for damage in ({"statuses": None}, {"options": {"along": "nowhere"}}, {"counts": noise["options"]}):
        broken = json.loads(json.dumps(documents[0]))
        parts = broken["release"]["tables"][0]["noise"]
        for name, change in damage.items():
            if change is None:
                del parts[name]
            elif name in parts:
                parts[name] |= change
            else:
                parts[name] = change
        assert "town.json" in _error(json.dumps(broken))

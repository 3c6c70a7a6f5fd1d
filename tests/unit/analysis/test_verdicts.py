"""Verdicts on a preview's tables, the respondents each needs, and the group shares a preview assumes."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.plans.loader import load_plan, parse_plan
from analysis.plans.model import AnalysisPlan
from analysis.preview.accuracy import CellPreview, Planned, TablePreview, preview
from analysis.preview.assumed_shares import Source, assumed_shares
from analysis.preview.verdicts import (
    MAX_RESPONDENTS,
    Verdict,
    is_answer_cell,
    plan_verdict,
    respondents_needed,
    table_verdict,
)
from tests.support.builders import ROOT, example_instrument

INSTRUMENT = example_instrument()
PLAN = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", INSTRUMENT).plan


def one_table(table: str) -> AnalysisPlan:
    text = f"id: one\ninstrument: musterstadt-2026\nbudget_share: 1\ntables:\n  - {table}\n"
    return parse_plan(text, "plan.yaml", INSTRUMENT).plan


def table_of(cells: list[CellPreview], kind: str = "counts") -> TablePreview:
    return TablePreview("t", kind, "m", ("g",), 0.1, 1.0, 1.0, {"counts": 1.0}, tuple(cells))


def cell(p: float, status: str = "shown", share_status: str | None = None, group: str = "a") -> CellPreview:
    return CellPreview(None, "yes", {"g": group}, 100, 1, 2, p_suppressed=p, status=status, share_status=share_status)


@pytest.mark.parametrize(
    ("cells", "verdict"),
    [
        ([cell(0.05)] * 10, Verdict.PUBLISHABLE),  # 5 % suppressed is still nearly all shown
        ([cell(0.06)] * 10, Verdict.LARGEST_GROUPS_ONLY),
        ([cell(0.0, "uncertain")] + [cell(0.0)] * 9, Verdict.PUBLISHABLE),  # 10 % flagged
        ([cell(0.0, "uncertain")] * 2 + [cell(0.0)] * 8, Verdict.LARGEST_GROUPS_ONLY),
        ([cell(0.0, share_status="imprecise")] * 2 + [cell(0.0)] * 8, Verdict.LARGEST_GROUPS_ONLY),
        ([cell(0.5, "suppressed")] * 10, Verdict.LARGEST_GROUPS_ONLY),  # exactly half: not "most"
        ([cell(0.51, "suppressed")] * 10, Verdict.NOT_PUBLISHABLE),
        # shown about as often as suppressed, but every shown share is noise: nothing to read
        ([cell(0.45, "uncertain", "imprecise")] * 6 + [cell(0.0)] * 4, Verdict.NOT_PUBLISHABLE),
        ([cell(0.0, "uncertain", "imprecise")] * 5 + [cell(0.0)] * 5, Verdict.LARGEST_GROUPS_ONLY),
        # cells of "no answer" and "prefer not to say" groups do not count
        ([cell(0.0)] * 2 + [cell(1.0, "suppressed", group="_no_answer")] * 5, Verdict.PUBLISHABLE),
    ],
)
def test_the_thresholds_of_a_verdict(cells: list[CellPreview], verdict: Verdict) -> None:
    found = table_verdict(table_of(cells))
    assert found is not None and found.verdict is verdict


def test_write_ins_and_tables_without_answer_cells_get_no_verdict() -> None:
    assert table_verdict(table_of([], "write_ins")) is None
    assert table_verdict(table_of([cell(1.0, group="prefer_not_to_say")])) is None
    assert not is_answer_cell(dataclasses.replace(cell(0.0), measure="_answered"))


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 4000), st.integers(1, 4000))
def test_a_verdict_never_gets_worse_with_more_respondents(first: int, second: int) -> None:
    small, large = sorted((first, second))
    before, after = preview(PLAN, INSTRUMENT, 0.15, small), preview(PLAN, INSTRUMENT, 0.15, large)
    for a, b in zip(before.tables, after.tables, strict=True):
        va, vb = table_verdict(a), table_verdict(b)
        assert (va is None) == (vb is None)
        if va is not None and vb is not None:
            assert vb.verdict.rank <= va.verdict.rank, (a.id, small, large)
            assert vb.suppressed_share <= va.suppressed_share + 1e-12


def test_the_respondents_needed_are_the_fewest_that_make_a_table_publishable() -> None:
    planned = Planned(PLAN, INSTRUMENT, 0.15)
    for index, shape in enumerate(planned.shapes):
        needed = respondents_needed(planned, index)
        if shape.table.kind == "write_ins":
            assert needed is None
            continue
        assert needed is not None and 1 < needed < MAX_RESPONDENTS
        at, below = (table_verdict(planned.table(index, n)) for n in (needed, needed - 1))
        assert at is not None and at.verdict is Verdict.PUBLISHABLE
        assert below is not None and below.verdict is not Verdict.PUBLISHABLE


def test_the_respondents_needed_are_searched_once_per_plan_whatever_the_number_asked_for() -> None:
    planned = Planned(PLAN, INSTRUMENT, 0.15)
    first = plan_verdict(planned, planned.at(300).tables)
    assert set(planned.needed) == {i for i, v in enumerate(first.tables) if v is not None}
    planned.needed[0] = 12345  # what a second preview of the same plan reads: the first one's search
    assert plan_verdict(planned, planned.at(5000).tables).needed[0] == 12345
    fresh = Planned(PLAN, INSTRUMENT, 0.15)
    assert plan_verdict(fresh, fresh.at(5000).tables).needed == first.needed


def test_a_table_no_sample_can_publish_says_so() -> None:
    # a tiny budget: noise swamps every cell, which is then about as often shown as hidden, and never readable
    plan = one_table("{id: t, kind: counts, measure: discr_any_12m, by: [gender_group, rac_racialised], share: 1}")
    tiny = plan.model_copy(update={"budget_share": 1e-9})
    planned = Planned(tiny, INSTRUMENT, 1e-9)
    assert respondents_needed(planned, 0) is None
    result = plan_verdict(planned, planned.at(1000).tables)
    assert result.verdict is Verdict.NOT_PUBLISHABLE and result.respondents_needed is None


@pytest.mark.parametrize(
    ("respondents", "overall"),
    [(40, Verdict.NOT_PUBLISHABLE), (800, Verdict.LARGEST_GROUPS_ONLY), (8000, Verdict.PUBLISHABLE)],
)
def test_the_overall_verdict_follows_the_tables_and_needs_the_most(respondents: int, overall: Verdict) -> None:
    planned = Planned(PLAN, INSTRUMENT, 0.15)
    result = plan_verdict(planned, planned.at(respondents).tables)
    judged = [v.verdict for v in result.tables if v is not None]
    assert len(judged) == sum(result.counts.values()) == len(PLAN.tables) - 1  # all but the write-ins
    assert result.verdict is overall
    if overall is Verdict.PUBLISHABLE:
        assert set(judged) == {Verdict.PUBLISHABLE}
    elif overall is Verdict.NOT_PUBLISHABLE:
        assert judged.count(Verdict.NOT_PUBLISHABLE) > len(judged) / 2
    else:
        assert Verdict.PUBLISHABLE in judged and judged.count(Verdict.NOT_PUBLISHABLE) <= len(judged) / 2
    assert result.respondents_needed == max(n for n in result.needed if n is not None)


def test_assumed_shares_take_the_pilot_then_the_plans_reference_then_the_defaults() -> None:
    plain = assumed_shares(PLAN, INSTRUMENT, None)
    assert plain.sources == {"gender_group": Source.PLAN}
    assert plain.plan_tables == {"gender_group": "gender_representation"}
    reference = next(t.reference for t in PLAN.tables if t.id == "gender_representation")
    assert reference is not None
    for code, share in reference.items():  # the population's shares among the 97 % expected to answer
        assert plain.shares["gender_group"][code] == pytest.approx(share * 0.97)
    piloted = assumed_shares(PLAN, INSTRUMENT, {"gender_group": {"tin": 0.1}, "rac_racialised": {"true": 0.4}})
    assert piloted.sources == {"gender_group": Source.PILOT, "rac_racialised": Source.PILOT}
    assert piloted.shares["gender_group"] == {"tin": 0.1} and piloted.plan_tables == {}
    without = one_table("{id: t, kind: counts, measure: discr_any_12m, by: [gender_group]}")
    assert assumed_shares(without, INSTRUMENT, None).sources == {}

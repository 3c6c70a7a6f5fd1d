"""The split of a release's budget across its tables: least weighted error over all published figures, floors kept."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.plans.layout import WRITE_IN_CELLS, TableLayout, layouts, optimal_shares
from analysis.preview.accuracy import weighted_error
from tests.support import standard_workload as w
from tests.support.builders import ROOT, example_instrument

INSTRUMENT = example_instrument()
RHO = 0.15


def example_layouts() -> list[TableLayout]:
    from analysis.plans.loader import load_plan

    return layouts(load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", INSTRUMENT).plan, INSTRUMENT)


SHAPES = example_layouts()


def weighted(weights: list[float]) -> list[TableLayout]:
    return [
        dataclasses.replace(s, table=s.table.model_copy(update={"weight": x}))
        for s, x in zip(SHAPES, weights, strict=True)
    ]


def floors(shapes: list[TableLayout]) -> list[float]:
    total = sum(s.published_cells for s in shapes)
    return [s.published_cells / total if s.guarded else 0.0 for s in shapes]


positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False)
some_weights = st.lists(positive, min_size=len(SHAPES), max_size=len(SHAPES))


@settings(max_examples=200, deadline=None)
@given(weights=some_weights, other=st.data())
def test_the_optimal_split_is_no_worse_than_any_other_that_keeps_the_floors(
    weights: list[float], other: st.DataObject
) -> None:
    shapes = weighted(weights)
    best = weighted_error(shapes, [RHO * s for s in optimal_shares(shapes)])
    # Any split that keeps the floors: each table its floor, plus a random part of what is left.
    low = floors(shapes)
    raw = other.draw(st.lists(positive, min_size=len(shapes), max_size=len(shapes)))
    left = 1 - sum(low)
    split = [RHO * (f + left * r / sum(raw)) for f, r in zip(low, raw, strict=True)]
    assert best <= weighted_error(shapes, split) * (1 + 1e-9)


@settings(max_examples=200, deadline=None)
@given(weights=some_weights)
def test_means_and_write_ins_keep_at_least_an_even_split_and_the_shares_add_up(weights: list[float]) -> None:
    shapes = weighted(weights)
    shares = optimal_shares(shapes)
    assert math.fsum(shares) == pytest.approx(1, abs=1e-12)
    assert all(s >= f * (1 - 1e-12) for s, f in zip(shares, floors(shapes), strict=True))
    assert any(f > 0 for f in floors(shapes))  # the example has means and write-ins: the floors are tested
    held = [i for i, (s, f) in enumerate(zip(shares, floors(shapes), strict=True)) if f > 0 and s > f * (1 + 1e-9)]
    free = [i for i, f in enumerate(floors(shapes)) if f == 0] + held
    # Tables above their floor share in proportion to the square root of their cost (Lagrange).
    ratios = [shares[i] / math.sqrt(shapes[i].cost()) for i in free]
    assert max(ratios) == pytest.approx(min(ratios), rel=1e-9)


def test_a_table_counts_by_its_published_figures() -> None:
    by_name = {s.table.id: s for s in layouts(w.PLAN, w.INSTRUMENT)}
    # A single choice of 4 answers and "prefer not to say": 5 figures, its "no answer" cell not counted.
    assert by_name["q01"].published_cells == 5
    # 12 options and "prefer not to say", the multiple choice's "answered" and "no answer" not counted.
    assert by_name["identity"].published_cells == 13
    # 8 domains × (yes, no, prefer not to say) × the 13 identity figures.
    assert by_name["domains_by_identity"].published_cells == 8 * 3 * 13
    assert by_name["trust_by_gender"].published_cells == 4  # three genders and "prefer not to say"
    shares = dict(zip(by_name, optimal_shares(list(by_name.values())), strict=True))
    # Same reach, 312 figures against 5: the matrix gets √(32·312) / √5 times as much.
    ratio = math.sqrt(by_name["domains_by_identity"].cost() / by_name["q01"].cost())
    assert shares["domains_by_identity"] / shares["q01"] == pytest.approx(ratio)
    write_ins = next(s for s in SHAPES if s.table.kind == "write_ins")
    assert write_ins.published_cells == WRITE_IN_CELLS


def test_a_plan_of_guarded_tables_alone_is_split_evenly_by_figures() -> None:
    means = [s for s in SHAPES if s.guarded]
    shares = optimal_shares(means)
    total = sum(s.published_cells for s in means)
    # Floors sum to 1 and bind, or the √cost split is above them all: either way nothing is lost or left over.
    assert math.fsum(shares) == pytest.approx(1)
    assert all(sh >= s.published_cells / total * (1 - 1e-12) for sh, s in zip(shares, means, strict=True))

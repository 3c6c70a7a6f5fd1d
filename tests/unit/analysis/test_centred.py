"""Multiple choices measured centred (analysis.centred): read back exactly, noise as stated, chosen only where it pays."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from analysis.centred import Centred
from analysis.compute import compute, exact_values
from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import OPTIONS, STATUSES, Block, centred_parts, layouts
from analysis.plans.loader import load_plan, parse_plan
from analysis.tabulate import Coder
from anonymize.analysis_dataset import DatasetBuilder
from instruments.text import DECLINED
from survey.simulation.columns import SimulatedChunk
from survey.simulation.simulator import simulate_columns
from tests.support import standard_workload as w
from tests.support.builders import ROOT, example_instrument
from tests.unit.analysis import synthetic


def multi(name: str, options: int, declined: bool, bound: int) -> Dimension:
    statuses = (ANSWERED, DECLINED, NO_ANSWER) if declined else (ANSWERED, NO_ANSWER)
    cats = tuple(f"o{i}" for i in range(options)) + statuses
    return Dimension(name, cats, tuple(range(options, len(cats))), tuple(range(options)), bound, (), "multi")


def single(name: str, size: int) -> Dimension:
    cats = (*(f"c{i}" for i in range(size - 1)), NO_ANSWER)
    return Dimension(name, cats, tuple(range(size)), tuple(range(size - 1)), 1, (), "categorical")


@st.composite
def blocks(draw: Any) -> tuple[Block, int]:
    dims = [single(f"s{i}", draw(st.integers(2, 4))) for i in range(draw(st.integers(0, 2)))]
    options = draw(st.integers(1, 6))
    at = draw(st.integers(0, len(dims)))
    dims.insert(at, multi("m", options, draw(st.booleans()), draw(st.integers(2, options + 1))))
    return Block(tuple(dims)), at


@settings(max_examples=80, deadline=None)
@given(blocks(), st.integers(0, 2**32 - 1))
def test_the_cells_are_read_back_exactly_and_the_noise_map_is_the_read_back(
    drawn: tuple[Block, int], seed: int
) -> None:
    block, axis = drawn
    rng = np.random.default_rng(seed)
    cells = rng.integers(0, 50, block.shape).astype(float)
    centred = Centred(block, axis)
    parts = centred.measured(cells)
    np.testing.assert_allclose(centred.cells(parts[OPTIONS], parts[STATUSES]), cells)
    # The map of the noise is the read-back applied to each measured value alone.
    sources = centred.sources(1.0, 1.0)
    m = len(parts[OPTIONS])
    for j in range(sources.count):
        unit = np.zeros(sources.count)
        unit[j] = 1.0
        column = centred.cells(unit[:m], unit[m:]).ravel()
        np.testing.assert_allclose(sources.map[:, [j]].toarray().ravel(), column)


def _loss(fraction: float, options: int, groups: int, shown_options: float, shown_statuses: float) -> float:
    """The published cells' summed noise variance per unit ρ, the options part given ``fraction`` of it."""
    a = options * groups / (2 * fraction)
    b = groups / (2 * (1 - fraction))
    return shown_options * (a + b) / 4 + shown_statuses * b


@pytest.mark.parametrize(
    ("options", "bound", "declined"), [(13, 14, True), (4, 3, True), (12, 4, False), (3, 2, False)]
)
def test_centred_is_chosen_exactly_when_it_gives_less_noise(options: int, bound: int, declined: bool) -> None:
    block = Block((multi("m", options, declined, bound), single("g", 3)))
    parts, axis = centred_parts(block)
    shown_options, shown_statuses = options * 2, (1 if declined else 0) * 2
    best = minimize_scalar(
        _loss, bounds=(1e-6, 1 - 1e-6), method="bounded", args=(options, 1, shown_options, shown_statuses)
    )
    plain = (shown_options + shown_statuses) * bound / 2
    assert (axis is not None) == (best.fun < plain)
    if axis is not None:
        assert [p.name for p in parts] == [OPTIONS, STATUSES]
        assert parts[0].fraction == pytest.approx(best.x, abs=1e-4)
        assert parts[0].sensitivity == pytest.approx(math.sqrt(options))
        assert parts[1].sensitivity == 1.0


def test_the_example_s_long_multiple_choices_are_centred_and_the_bounded_identity_is_not() -> None:
    instrument = example_instrument()
    plan = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", instrument).plan
    axes = {s.table.id: s.axis for s in layouts(plan, instrument)}
    assert axes["grounds"] == 0  # every one of 13 grounds may be ticked
    assert axes["discrimination_by_identity"] == 1  # centred along its breakdown, self-identification
    # The standard workload's identity allows three ticks of twelve: counted cell by cell.
    standard = {s.table.id: s.axis for s in layouts(w.PLAN, w.INSTRUMENT)}
    assert set(standard.values()) == {None}


def test_a_centred_table_s_cells_have_the_stated_noise_and_covariance() -> None:
    """Over many releases of one dataset: each cell class's variance, and two options' covariance, as stated."""
    plan = synthetic.plan("  - {id: grounds, kind: counts, measure: grounds, by: [group]}\n")
    (shape,) = layouts(plan, synthetic.INSTRUMENT)
    assert shape.axis == 0
    frame = synthetic.frame(synthetic.draw(np.random.default_rng(3), 300))
    releases = [compute(plan, synthetic.INSTRUMENT, frame, 1.0) for _ in range(800)]
    noise = releases[0].tables[0].noise
    a, b = noise[OPTIONS].scale ** 2, noise[STATUSES].scale ** 2
    values = np.stack([r.raw["grounds"]["counts"] for r in releases]).reshape(len(releases), *shape.blocks[0].shape)
    dim = shape.blocks[0].dims[0]
    options = [i for i in range(dim.size) if i not in dim.partition]
    deviations = values - values.mean(axis=0)
    option_var = float((deviations[:, options] ** 2).mean())
    status_var = float((deviations[:, list(dim.partition)] ** 2).mean())
    covariance = float((deviations[:, options[0]] * deviations[:, options[1]]).mean())
    # 800 releases × many cells: the sample variances are within a few per cent of the truth.
    assert option_var == pytest.approx((a + b) / 4, rel=0.06)
    assert status_var == pytest.approx(b, rel=0.06)
    assert covariance == pytest.approx(b / 4, rel=0.2)
    # Less noise than counting every cell on its own at the same ρ: reach 3 (two ticks and a status).
    assert (a + b) / 4 < 3 / 2 and b < 3 / 2


def _example_frame(n: int, seed: int) -> pd.DataFrame:
    instrument = example_instrument()
    drawn = simulate_columns(instrument, n, seed)
    builder = DatasetBuilder(instrument)
    builder.add_chunk(SimulatedChunk(drawn.size, drawn.columns), [f"r-{i:05d}" for i in range(n)], ["2026-11-01"] * n)
    return builder.finish().frame


def test_two_long_multiple_choices_crossed_move_no_part_further_than_declared() -> None:
    """Grounds (13 options) by self-identification (15), centred along either: a respondent who ticks every
    option of both reaches each part's sensitivity exactly, and random tickers stay within it."""
    instrument = example_instrument()
    text = (
        "id: crossed\ninstrument: musterstadt-2026\nbudget_share: 1\ntables:\n"
        "  - {id: grounds_by_identity, kind: counts, measure: dg_grounds, by: [rac_self]}\n"
        "  - {id: identity_by_grounds, kind: counts, measure: rac_self, by: [dg_grounds, gender_group]}\n"
    )
    shapes = layouts(parse_plan(text, "crossed.yaml", instrument).plan, instrument)
    assert [s.axis for s in shapes] == [1, 0]
    frame = _example_frame(300, 3)
    ticks = [c for c in frame.columns if c.startswith(("dg_grounds__", "rac_self__")) and frame[c].dtype == "boolean"]
    rng = np.random.default_rng(0)
    reached: dict[tuple[str, str], float] = {}
    for trial in range(12):
        row = frame.iloc[[trial]].copy()
        for column in ticks:
            row[column] = True if trial % 2 == 0 else bool(rng.integers(2))
        bigger = pd.concat([frame, row], ignore_index=True).astype(frame.dtypes.to_dict())
        for shape in shapes:
            before, after = exact_values(shape, Coder(frame)), exact_values(shape, Coder(bigger))
            for part in shape.parts:
                moved = float(np.linalg.norm(np.asarray(after[part.name]) - np.asarray(before[part.name])))
                assert moved <= part.sensitivity * (1 + 1e-12), (shape.table.id, part.name, moved)
                reached[shape.table.id, part.name] = max(reached.get((shape.table.id, part.name), 0.0), moved)
    assert all(reached[s.table.id, p.name] == pytest.approx(p.sensitivity) for s in shapes for p in s.parts)

"""Publishing count cells all at once gives the cells that validating them one by one gives, number for number.

Three checks over blocks drawn by Hypothesis (single and multiple choices,
none to two breakdowns, noise from tiny to swamping, with and without the
exact errors of consistency, with and without reference shares):

- the cells made as checked (:meth:`PublishedCell.checked`) equal the cells
  validated by pydantic, and are written as the same JSON, key for key;
- both equal the cells of :func:`per_cell`, the way cells were published
  before, one at a time with the scalar interval functions;
- the vectorised intervals equal the scalar ones element for element.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.consistency import Errors, Noisy
from analysis.intervals import (
    ShareNoise,
    ShareNoises,
    count_interval,
    count_intervals,
    share_estimate,
    share_estimates,
    share_interval,
    share_intervals,
)
from analysis.intervals.conservative import share_coverage
from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block
from analysis.plans.model import Publication, Table
from analysis.published import _base, _groups, _published, _share_noise, count_cells, mean_cells
from analysis.releases.cells import PublishedCell, ShareStatus
from analysis.suppression import imprecise, status
from instruments.text import DECLINED


def single(name: str, options: int) -> Dimension:
    cats = (*(f"o{i}" for i in range(options)), DECLINED, NO_ANSWER)
    return Dimension(name, cats, tuple(range(len(cats))), tuple(range(options)), 1, (name,), "categorical")


def multi(name: str, options: int) -> Dimension:
    cats = (*(f"o{i}" for i in range(options)), ANSWERED, DECLINED, NO_ANSWER)
    columns = tuple(f"{name}__o{i}" for i in range(options))
    return Dimension(name, cats, (options, options + 1, options + 2), tuple(range(options)), 3, columns, "multi")


def per_cell(table: Table, noisy: Noisy, rules: Publication, errors: Errors | None) -> list[PublishedCell]:
    """Count cells as analysis.published made them before they were made all at once: one by one, validated."""
    measure, by = noisy.block.dims[0], noisy.block.dims[1:]
    cells = []
    for idx, labels in _groups(by):
        column = noisy.values[(slice(None), *idx)]  # type: ignore[arg-type]
        base, summed = _base(measure, column)
        for c, code in enumerate(measure.categories):
            flat = int(np.ravel_multi_index((c, *idx), noisy.block.shape))
            value = float(column[c])
            variance = float(errors.variance[flat]) if errors else noisy.variance
            low, high = count_interval(value, variance)
            n = max(value, 0.0)
            cell: dict[str, Any] = {"row": None, "measure": code, "by": labels, "estimate": n, "low": low, "high": high}
            cell["n"] = n
            if value < 0:
                cell["unclamped"] = value
            if c in measure.substantive and base > 0:
                if errors:
                    noise = ShareNoise.of_cells(
                        variance, float(errors.base_covariance[flat]), float(errors.base_variance[flat])
                    )
                else:
                    noise = _share_noise(measure, noisy.variance, summed)
                ratio = share_estimate(value, base, noise)
                share = min(max(ratio, 0.0), 1.0)
                s_low, s_high = share_interval(ratio, base, noise)
                cell |= {"base": base, "share": share, "share_low": s_low, "share_high": s_high}
                if ratio != share:
                    cell["share_unclamped"] = ratio
                rough = imprecise(share, s_low, s_high, rules)
                cell["share_status"] = ShareStatus.IMPRECISE if rough else ShareStatus.SHOWN
                if (covers := share_coverage(s_low, s_high)) is not None:
                    cell["share_coverage"] = covers
                if table.reference is not None and table.reference.get(code):
                    ref = table.reference[code]
                    cell |= {
                        "reference": ref,
                        "ratio": share / ref,
                        "ratio_low": s_low / ref,
                        "ratio_high": s_high / ref,
                    }
            cell["status"] = status(n, cell.get("base"), rules)
            cells.append(_published(cell))
    return cells


def written(cells: list[PublishedCell]) -> list[str]:
    return [json.dumps(c.stored()) for c in cells]


@st.composite
def blocks(draw: st.DrawFn) -> tuple[Table, Noisy, Publication, Errors | None]:
    measure = (multi if draw(st.booleans()) else single)("m", draw(st.integers(1, 5)))
    by = tuple(single(f"b{i}", draw(st.integers(1, 3))) for i in range(draw(st.integers(0, 2))))
    block = Block((measure, *by))
    variance = draw(st.sampled_from([1e-6, 0.5, 4.0, 60.0, 2500.0]))
    # Counts to a thousandth: a base of 1e-198, whose square is 0, makes every path refuse the share alike.
    counts = st.floats(-60, 400).map(lambda x: round(x, 3))
    values = np.array(draw(st.lists(counts, min_size=block.cells, max_size=block.cells)))
    errors = None
    if draw(st.booleans()):
        scale = st.floats(0.2, 3.0)
        factors = [np.array(draw(st.lists(scale, min_size=block.cells, max_size=block.cells))) for _ in range(3)]
        errors = Errors(variance * factors[0], variance * factors[1] * 3, variance * (factors[2] - 1.5))
    reference = {"o0": 0.25, "o1": 0.5} if draw(st.booleans()) else None
    table = Table(id="t", kind="counts", measure="m", by=[d.name for d in by], reference=reference)
    suppress = draw(st.sampled_from([0, 5, 20]))
    rules = Publication(
        suppress_below=suppress,
        flag_below=suppress + draw(st.sampled_from([0, 30])),
        max_relative_error=draw(st.sampled_from([0.1, 0.5, 2.0])),
    )
    return table, Noisy(block, values.reshape(block.shape), variance), rules, errors


@settings(max_examples=300, deadline=None)
@given(blocks())
def test_cells_made_at_once_are_the_validated_ones_and_the_per_cell_ones(
    drawn: tuple[Table, Noisy, Publication, Errors | None],
) -> None:
    table, noisy, rules, errors = drawn
    fast = count_cells(table, noisy, rules, None, errors)
    validated = count_cells(table, noisy, rules, None, errors, validate=True)
    before = per_cell(table, noisy, rules, errors)
    assert fast == validated == before
    assert written(fast) == written(validated) == written(before)


def test_a_number_that_is_not_finite_is_refused_as_validation_refuses_it() -> None:
    noisy = Noisy(Block((single("m", 2),)), np.array([3.0, math.inf, 1.0, 0.0]), 4.0)
    with pytest.raises(ValueError, match="finite"):
        count_cells(Table(id="t", kind="counts", measure="m"), noisy, Publication(suppress_below=0, flag_below=0))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-5, 60), min_size=1, max_size=6), st.lists(st.floats(0, 9), min_size=6, max_size=6))
def test_mean_cells_made_at_once_are_the_validated_ones(sums: list[float], noise: list[float]) -> None:
    by = (single("g", len(sums) - 2),) if len(sums) > 2 else ()
    groups = int(np.prod([d.size for d in by]))
    parts = {k: np.resize(np.array(sums) * f, groups) for k, f in (("counts", 3.0), ("sums", 1.0), ("squares", 2.0))}
    variances = {"counts": noise[0], "sums": noise[1], "squares": noise[2]}
    rules = Publication(suppress_below=int(noise[3]), flag_below=int(noise[3] + noise[4]))
    fast = mean_cells(parts, variances, by, (1.0, 5.0), rules)
    validated = mean_cells(parts, variances, by, (1.0, 5.0), rules, validate=True)
    assert fast == validated
    assert written(fast) == written(validated)


numbers = st.floats(-1e4, 1e4, allow_nan=False)


@given(st.lists(st.tuples(numbers, st.sampled_from([0.0, 1e-9, 0.3, 1.0, 30.0, 4e4])), min_size=1, max_size=30))
def test_count_intervals_are_count_interval_element_by_element(cells: list[tuple[float, float]]) -> None:
    values, variances = (np.array(x) for x in zip(*cells, strict=True))
    low, high = count_intervals(values, variances)
    assert list(zip(low.tolist(), high.tolist(), strict=True)) == [count_interval(v, s) for v, s in cells]


@given(
    st.lists(
        st.tuples(numbers, st.floats(0.5, 5e3), st.floats(0, 400), st.floats(-400, 400), st.floats(0, 400)),
        min_size=1,
        max_size=30,
    )
)
def test_share_estimates_and_intervals_are_the_scalar_ones_element_by_element(
    cells: list[tuple[float, float, float, float, float]],
) -> None:
    count, base, a, b, c = (np.array(x) for x in zip(*cells, strict=True))
    noise = ShareNoises(a, b, c)
    ratios = share_estimates(count, base, noise)
    low, high = share_intervals(ratios, base, noise)
    for i, (x, n, *coefficients) in enumerate(cells):
        one = ShareNoise(*coefficients)
        assert ratios[i] == share_estimate(x, n, one)
        assert (low[i], high[i]) == share_interval(float(ratios[i]), n, one)

"""Consistency: after :func:`analysis.consistency.make_consistent`, tables agree on every margin they share.

Random plans of counts and matrix tables over the synthetic instrument (single
and multiple choices, a scale, a consent, a matrix; intersections of up to two
breakdowns), with random noisy cells and noise variances. Margins are summed
here independently of the module: a dimension that is summed out contributes
its partition (every category of a single choice, the status of a multiple
choice), the kept dimensions all their categories.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from analysis.consistency import Noisy, Sources, make_consistent, noise
from analysis.plans.dimensions import Dimension
from analysis.plans.layout import layouts
from analysis.plans.model import AnalysisPlan, Table
from analysis.tabulate import Coder, counts
from tests.unit.analysis import synthetic

MEASURES = ("discr", "grounds", "group", "trust", "agree")
BREAKDOWNS = ("group", "discr", "grounds", "agree", "trust")


@st.composite
def tables(draw: Any) -> list[Table]:
    out = []
    for i in range(draw(st.integers(1, 4))):
        if draw(st.booleans()) and i % 2:
            measure, kind = "domains", "matrix"
        else:
            measure, kind = draw(st.sampled_from(MEASURES)), "counts"
        by = draw(st.lists(st.sampled_from([b for b in BREAKDOWNS if b != measure]), max_size=2, unique=True))
        out.append(Table(id=f"t{i}", kind=kind, measure=measure, by=by))
    return out


def plan_of(drawn: list[Table]) -> AnalysisPlan:
    return AnalysisPlan(id="random", instrument="test-survey", budget_share=1.0, tables=drawn)


def blocks_of(plan: AnalysisPlan, fill: Any, variances: list[float]) -> list[Noisy]:
    """One Noisy per block of every table, as compute() makes them: values from ``fill(block)``."""
    return [
        Noisy(block, np.asarray(fill(block), dtype=float).reshape(block.shape), variance)
        for shape, variance in zip(layouts(plan, synthetic.INSTRUMENT), variances, strict=True)
        for block in shape.blocks
    ]


def margin(noisy: Noisy, kept: frozenset[str]) -> np.ndarray:
    """The block summed over every dimension not in ``kept`` (over its partition), kept axes in name order."""
    values = noisy.values
    dims: list[Dimension] = list(noisy.block.dims)
    for axis in reversed(range(len(dims))):
        if dims[axis].name not in kept:
            values = np.take(values, list(dims[axis].partition), axis=axis).sum(axis=axis)
            del dims[axis]
    return np.transpose(values, np.argsort([d.name for d in dims])) if dims else values


def disagreements(blocks: list[Noisy]) -> list[tuple[str, str, tuple[str, ...], float]]:
    """Every margin two blocks share on which they differ, with the largest difference."""
    found = []
    for one, two in combinations(blocks, 2):
        shared = {(d.name, d.categories) for d in one.block.dims} & {(d.name, d.categories) for d in two.block.dims}
        names = sorted(name for name, _ in shared)
        for size in range(len(names) + 1):
            for kept in combinations(names, size):
                a, b = margin(one, frozenset(kept)), margin(two, frozenset(kept))
                scale = 1.0 + max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
                if not np.allclose(a, b, rtol=0, atol=1e-9 * scale):
                    found.append((str(one.names()), str(two.names()), kept, float(np.abs(a - b).max())))
    return found


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(0, 2**32 - 1), st.lists(st.floats(0.25, 400.0), min_size=4, max_size=4))
def test_tables_agree_on_every_margin_they_share(drawn: list[Table], seed: int, variances: list[float]) -> None:
    plan = plan_of(drawn)
    rng = np.random.default_rng(seed)
    blocks = blocks_of(plan, lambda b: rng.normal(20.0, 15.0, b.cells), variances[: len(drawn)])
    before = [b.values.copy() for b in blocks]
    make_consistent(blocks)
    assert disagreements(blocks) == []
    # A block that shares no dimension and no total with another is left as measured; every block shares the
    # total (the number of respondents) with every other, so only a lone block is.
    if len(blocks) == 1:
        np.testing.assert_array_equal(blocks[0].values, before[0])


@settings(max_examples=100, deadline=None)
@given(
    tables(), st.integers(0, 2**32 - 1), st.integers(1, 60), st.lists(st.floats(0.25, 400.0), min_size=4, max_size=4)
)
def test_consistent_tables_are_left_as_they_are(drawn: list[Table], seed: int, n: int, variances: list[float]) -> None:
    # Exact counts of one dataset are consistent: the step must not move them.
    plan = plan_of(drawn)
    coder = Coder(synthetic.frame(synthetic.draw(np.random.default_rng(seed), n)))
    blocks = blocks_of(plan, lambda b: counts(coder, b), variances[: len(drawn)])
    assert disagreements(blocks) == []
    before = [b.values.copy() for b in blocks]
    make_consistent(blocks)
    for block, values in zip(blocks, before, strict=True):
        np.testing.assert_allclose(block.values, values, rtol=0, atol=1e-9)


def test_a_shared_margin_becomes_the_inverse_variance_average() -> None:
    # Two one-way tables of the same question, measured with variances 1 and 3: their common cells are the
    # average weighted 3:1, the textbook combination of two independent estimates.
    plan = plan_of([Table(id="a", kind="counts", measure="discr"), Table(id="b", kind="counts", measure="discr")])
    values = iter([np.array([10.0, 20.0, 3.0, 1.0]), np.array([14.0, 16.0, 7.0, 5.0])])
    blocks = blocks_of(plan, lambda b: next(values), [1.0, 3.0])
    make_consistent(blocks)
    expected = 0.75 * np.array([10.0, 20.0, 3.0, 1.0]) + 0.25 * np.array([14.0, 16.0, 7.0, 5.0])
    np.testing.assert_allclose(blocks[0].values, expected)
    np.testing.assert_allclose(blocks[1].values, expected)


def weights(blocks: list[Noisy]) -> list[np.ndarray]:
    """The step as a matrix per block (one row per cell, one column per measured cell): run on all unit vectors."""
    total = sum(b.block.cells for b in blocks)
    unit, start, tracers = np.eye(total), 0, []
    for b in blocks:
        rows = unit[start : start + b.block.cells].reshape((*b.block.shape, total))
        tracers.append(Noisy(b.block, rows.copy(), b.variance))
        start += b.block.cells
    make_consistent(tracers)
    return [t.values.reshape(t.block.cells, total) for t in tracers]


@settings(max_examples=60, deadline=None)
@given(
    tables(),
    st.integers(0, 2**32 - 1),
    st.lists(st.floats(0.25, 400.0), min_size=4, max_size=4),
    st.integers(1, 40),
)
def test_the_exact_noise_in_chunks_is_that_of_the_whole_linear_map(
    drawn: list[Table], seed: int, variances: list[float], chunk: int
) -> None:
    plan = plan_of(drawn)
    rng = np.random.default_rng(seed)
    blocks = blocks_of(plan, lambda b: rng.normal(20.0, 15.0, b.cells), variances[: len(drawn)])
    measured = np.concatenate([b.values.ravel() for b in blocks])
    sigma2 = np.concatenate([np.full(b.block.cells, b.variance) for b in blocks])
    full = weights(blocks)
    bases = [tuple(b.block.dims[0].substantive) for b in blocks]
    errors = noise(blocks, bases, chunk=chunk)
    make_consistent(blocks)
    for block, matrix, error, base in zip(blocks, full, errors, bases, strict=True):
        # The step is linear: the matrix applied to the measured cells gives its result.
        np.testing.assert_allclose(matrix @ measured, block.values.ravel(), rtol=1e-6, atol=1e-6)
        # Each cell's variance, and its base's, as the whole map gives them, whatever the chunk.
        # The weights are traced in float32: agreement to a millionth of the largest variance.
        atol = 1e-6 * float(sigma2.max())
        np.testing.assert_allclose(error.variance, (matrix**2) @ sigma2, rtol=1e-4, atol=atol)
        shaped = matrix.reshape((*block.block.shape, -1))
        summed = shaped[list(base)].sum(axis=0, keepdims=True)
        base_var = np.broadcast_to((summed**2) @ sigma2, block.block.shape).ravel()
        base_cov = ((shaped * summed) @ sigma2).ravel()
        np.testing.assert_allclose(error.base_variance, base_var, rtol=1e-4, atol=atol)
        np.testing.assert_allclose(error.base_covariance, base_cov, rtol=1e-4, atol=atol)
        # Averaging with other tables' estimates never makes a cell noisier than it was measured.
        assert (error.variance <= block.variance * (1 + 1e-5)).all()


@settings(max_examples=60, deadline=None)
@given(
    tables(),
    st.integers(0, 2**32 - 1),
    st.lists(st.floats(0.25, 400.0), min_size=4, max_size=4),
    st.lists(st.booleans(), min_size=8, max_size=8),
    st.integers(1, 40),
)
def test_noise_made_of_mapped_measurements_is_traced_exactly(
    drawn: list[Table], seed: int, variances: list[float], mixed: list[bool], chunk: int
) -> None:
    """Blocks whose cells' noise is a linear map of other measurements: the trace is A M Σ Mᵀ Aᵀ, chunk or not."""
    rng = np.random.default_rng(seed)
    blocks = blocks_of(plan_of(drawn), lambda b: np.zeros(b.cells), variances[: len(drawn)])
    maps = []
    for b, is_mixed in zip(blocks, mixed, strict=False):
        if is_mixed:
            measured = int(rng.integers(1, 2 * b.block.cells + 1))
            dense = rng.normal(0.0, 1.0, (b.block.cells, measured)) * (rng.random((b.block.cells, measured)) < 0.3)
            b.sources = Sources(sparse.csr_array(dense), rng.uniform(0.25, 50.0, measured))
            maps.append(dense)
        else:
            maps.append(np.eye(b.block.cells))
    sigma2 = np.concatenate([b.measured_variances() for b in blocks])
    total = sum(m.shape[1] for m in maps)
    mapped = np.zeros((sum(b.block.cells for b in blocks), total))  # every cell's noise in the measurements'
    row = col = 0
    for m in maps:
        mapped[row : row + m.shape[0], col : col + m.shape[1]] = m
        row, col = row + m.shape[0], col + m.shape[1]
    bases = [tuple(b.block.dims[0].substantive) for b in blocks]
    errors = noise(blocks, bases, chunk=chunk)
    for block, matrix, error, base in zip(blocks, weights(blocks), errors, bases, strict=True):
        through = matrix @ mapped  # the consistent cells' noise in the independent measurements'
        atol = 1e-5 * float(sigma2.max()) * max(1.0, float(np.abs(through).max()) ** 2)
        np.testing.assert_allclose(error.variance, (through**2) @ sigma2, rtol=1e-4, atol=atol)
        shaped = through.reshape((*block.block.shape, -1))
        summed = shaped[list(base)].sum(axis=0, keepdims=True)
        np.testing.assert_allclose(
            error.base_variance, np.broadcast_to((summed**2) @ sigma2, block.block.shape).ravel(), rtol=1e-4, atol=atol
        )
        np.testing.assert_allclose(error.base_covariance, ((shaped * summed) @ sigma2).ravel(), rtol=1e-4, atol=atol)


def test_sources_must_give_every_mapped_measurement_a_variance() -> None:
    with pytest.raises(ValueError, match="3 measurements mapped, 2 variances"):
        Sources(sparse.csr_array(np.ones((2, 3))), np.ones(2))


def test_the_exact_variance_of_an_averaged_margin() -> None:
    # Two one-way tables of one question, variances 1 and 3: each common cell becomes ¾ a + ¼ b, variance
    # (¾)² · 1 + (¼)² · 3 = 0.75; the base (yes + no) alike 2 · 0.75, and a cell's covariance with it 0.75.
    plan = plan_of([Table(id="a", kind="counts", measure="discr"), Table(id="b", kind="counts", measure="discr")])
    blocks = blocks_of(plan, lambda b: np.zeros(b.cells), [1.0, 3.0])
    errors = noise(blocks, [(0, 1), (0, 1)])
    for error in errors:
        assert error.variance[0] == pytest.approx(0.75, rel=1e-6)
        assert error.base_variance[0] == pytest.approx(1.5, rel=1e-6)
        assert error.base_covariance[0] == pytest.approx(0.75, rel=1e-6)


def test_a_plan_of_means_and_write_ins_only_is_released() -> None:
    """Nothing counted to make consistent or trace: the release goes on with each table's own noise."""
    from analysis.releases.making import make_release

    tables = """\
  - {id: trust, kind: mean, measure: trust, by: [group]}
  - {id: notes, kind: write_ins, measure: note}
"""
    data = synthetic.frame(synthetic.draw(np.random.default_rng(3), 400))
    made = make_release(synthetic.plan(tables), tables, synthetic.INSTRUMENT, data, "sha256:test", 1.0)
    kinds = {t["id"]: t["kind"] for t in made.body["tables"]}
    assert kinds == {"trust": "mean", "notes": "write_ins"}
    trust = next(t for t in made.body["tables"] if t["id"] == "trust")
    shown = [c for c in trust["cells"] if c.get("estimate") is not None]
    assert shown and all(c["low"] <= c["estimate"] <= c["high"] for c in shown)

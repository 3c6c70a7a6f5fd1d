"""Post-processing: tables that share a margin are made to agree on it (no privacy cost).

Two tables that both contain, say, discrimination × gender each carry their
own noisy estimate of that margin. Margins are visited from the smallest (the
number of respondents) to the largest; for each, every block that contains it
gives its estimate with a variance (its cells' noise variance times how many
cells were summed), the estimates are averaged with inverse-variance weights,
and each block is moved onto the average by the least-squares correction,
spread evenly over the cells that were summed. Visiting smaller margins first
keeps them intact when larger ones are corrected (Qardaji et al., PriView,
SIGMOD 2014, section 4.3), so afterwards all tables agree on every margin they
share, and each margin is more precise than any one table's.

Multi-choice dimensions can be summed out only over their status categories
(each respondent is in exactly one); their option categories are left as
measured.

The step is linear and unbiased (every estimate it averages is unbiased), and
it is the whole of post-processing: nothing is clamped afterwards, so each
consistent cell is its true count plus normal noise, and :func:`noise` gives
that noise's exact variance (and covariance with the cell's base) for plans
of any size. A block's cells need not be measured one by one: their noise may
be a linear map of independent noisy measurements (:class:`Sources`, e.g. a
multiple choice's ticked counts read back from its centred measurement), and
:func:`noise` traces those measurements through the step instead of the cells.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import sparse

from analysis.plans.layout import Block


@dataclass(frozen=True)
class Sources:
    """A block's noise as a linear map of independent noisy measurements: cells' noise = ``map`` @ theirs.

    ``map`` has one row per cell of the block (flat order) and one column per
    measurement, whose noise variance is ``variances``'s entry.
    """

    map: sparse.csr_array
    variances: np.ndarray

    def __post_init__(self) -> None:
        if self.map.shape[1] != len(self.variances):
            raise ValueError(f"{self.map.shape[1]} measurements mapped, {len(self.variances)} variances")

    @property
    def count(self) -> int:
        return int(self.map.shape[1])


@dataclass
class Noisy:
    """A block's noisy cells (shaped like the block) and their noise variance.

    ``variance`` weighs the block's margins against other blocks' (as a cell's
    variance); it is each cell's exact noise variance unless ``sources`` says
    how the cells' noise is made.
    """

    block: Block
    values: np.ndarray
    variance: float
    sources: Sources | None = None

    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.block.dims)

    @property
    def measured(self) -> int:
        """How many independent noisy measurements the block's noise is made of."""
        return self.block.cells if self.sources is None else self.sources.count

    def measured_variances(self) -> np.ndarray:
        if self.sources is None:
            return np.full(self.block.cells, self.variance)
        return np.asarray(self.sources.variances, dtype=float)


def _key(block: Block, kept: tuple[int, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((block.dims[i].name, block.dims[i].categories) for i in kept))


@dataclass(frozen=True)
class _Step:
    """One block's part in one shared margin: where its cells are summed, and how a correction spreads back.

    Values may carry trailing axes beyond the block's dimensions (see :func:`trace`); they are kept as they are.
    """

    grid: tuple[np.ndarray, ...]
    """Every category of the kept dimensions, the partition of the others (which are summed)."""
    summed: tuple[int, ...]
    count: int
    """How many cells each cell of the margin sums."""
    order: tuple[int, ...]
    """The kept axes in the order of their names (so that blocks line their margins up alike)."""
    shape: tuple[int, ...]
    """The kept dimensions' sizes where they are, 1 elsewhere: a correction broadcasts over the summed ones."""

    @classmethod
    def of(cls, block: Block, kept: tuple[int, ...]) -> _Step:
        dims = block.dims
        summed = tuple(i for i in range(len(dims)) if i not in kept)
        return cls(
            grid=np.ix_(*[np.arange(d.size) if i in kept else np.array(d.partition) for i, d in enumerate(dims)]),
            summed=summed,
            count=int(np.prod([len(dims[i].partition) for i in summed])) if summed else 1,
            order=tuple(int(i) for i in np.argsort([dims[i].name for i in kept], kind="stable")),
            shape=tuple(dims[i].size if i in kept else 1 for i in range(len(dims))),
        )

    def margin(self, values: np.ndarray) -> np.ndarray:
        sub = values[self.grid]
        margin = sub.sum(axis=self.summed) if self.summed else sub
        return np.transpose(margin, (*self.order, *range(len(self.order), margin.ndim)))

    def correct(self, values: np.ndarray, target: np.ndarray) -> None:
        delta = (target - self.margin(values)) / self.count
        back = tuple(int(i) for i in np.argsort(self.order))
        delta = np.transpose(delta, (*back, *range(len(back), delta.ndim)))
        values[self.grid] += delta.reshape(self.shape + delta.shape[len(self.order) :])


@functools.lru_cache(maxsize=16)
def _steps(blocks: tuple[Block, ...]) -> list[list[tuple[int, _Step]]]:
    """For every margin at least two blocks share, smallest first: each block's step."""
    providers: dict[tuple[tuple[str, tuple[str, ...]], ...], list[tuple[int, _Step]]] = defaultdict(list)
    for index, block in enumerate(blocks):
        for size in range(len(block.dims) + 1):
            for kept in combinations(range(len(block.dims)), size):
                providers[_key(block, kept)].append((index, _Step.of(block, kept)))
    return [providers[key] for key in sorted(providers, key=len) if len(providers[key]) > 1]


def make_consistent(blocks: list[Noisy]) -> None:
    """Correct the blocks in place so that every margin two of them share agrees."""
    for shared in _steps(tuple(b.block for b in blocks)):
        margins = [step.margin(blocks[i].values) for i, step in shared]
        weights = [1 / (step.count * blocks[i].variance) for i, step in shared]
        target = sum(w * m for w, m in zip(weights, margins, strict=True)) / sum(weights)
        for i, step in shared:
            step.correct(blocks[i].values, np.asarray(target))


TRACED_BYTES = 64 * 2**20
"""How much memory the unit vectors traced through :func:`make_consistent` at once may take (float32).

Plans of up to some 4,000 cells are traced in one pass (every pass is one run
of the consistency step, so fewer is faster); larger ones in chunks that keep
to this, however big the plan."""


@dataclass(frozen=True)
class Errors:
    """The exact noise of a block's consistent cells (flat order), and of each cell's group base.

    A cell's *base* is the sum, in its group (the same categories of every
    breakdown), of the measure's categories named by ``base`` in :func:`noise`:
    the answering base a share divides by.
    """

    variance: np.ndarray
    """Each consistent cell's noise variance."""
    base_variance: np.ndarray
    """The noise variance of the cell's group base."""
    base_covariance: np.ndarray
    """The covariance of the cell's noise with its group base's."""


def noise(blocks: list[Noisy], bases: list[tuple[int, ...]], chunk: int | None = None) -> list[Errors]:
    """Exact noise (co)variances after :func:`make_consistent`, for plans of any size.

    The step is linear, y = A x: a consistent cell's variance is Σ_j A_ij² σ_j²
    over the independent measurements j (the cells, or a block's
    :class:`Sources` mapped onto its cells), and covariances alike. A's
    columns are found by running the step on unit vectors, ``chunk`` of them
    at a time (float32 — the weights need no more digits; by default as many
    as fit in :data:`TRACED_BYTES`), so memory stays (all cells) × ``chunk``
    however big the plan; only the sums of squares are kept. ``bases``: per
    block, the categories of its first dimension whose sum is a group's base.
    """
    total = sum(b.measured for b in blocks)
    cells = sum(b.block.cells for b in blocks)
    chunk = chunk or max(1, min(total, TRACED_BYTES // (4 * max(cells, 1))))
    sigma2 = np.concatenate([b.measured_variances() for b in blocks]) if blocks else np.zeros(0)
    starts = np.cumsum([0] + [b.measured for b in blocks])
    var = [np.zeros(b.block.cells) for b in blocks]
    base_var = [np.zeros(b.block.cells) for b in blocks]
    base_cov = [np.zeros(b.block.cells) for b in blocks]
    for first in range(0, total, chunk):
        width = min(chunk, total - first)
        tracers = []
        for k, b in enumerate(blocks):
            unit = np.zeros((b.measured, width), dtype=np.float32)
            lo, hi = max(first, starts[k]), min(first + width, starts[k + 1])
            if lo < hi:
                unit[np.arange(lo, hi) - starts[k], np.arange(lo, hi) - first] = 1.0
            if b.sources is not None:
                unit = np.asarray(b.sources.map @ unit, dtype=np.float32)
            tracers.append(Noisy(b.block, unit.reshape((*b.block.shape, width)), b.variance))
        make_consistent(tracers)
        weights = sigma2[first : first + width]
        for k, t in enumerate(tracers):
            w = t.values.astype(np.float64)
            base = w[list(bases[k])].sum(axis=0, keepdims=True) if bases[k] else np.zeros_like(w[:1])
            var[k] += ((w * w) @ weights).ravel()
            base_var[k] += np.broadcast_to((base * base) @ weights, w.shape[:-1]).ravel()
            base_cov[k] += ((w * base) @ weights).ravel()
    return [Errors(v, bv, bc) for v, bv, bc in zip(var, base_var, base_cov, strict=True)]


def shared_margins(blocks: tuple[Block, ...]) -> list[list[tuple[int, np.ndarray]]]:
    """The margins :func:`make_consistent` makes equal: for each, every block's margin as weights on its cells.

    One weight matrix per block (one row per margin cell, lined up alike across
    the blocks; one column per block cell in flat order): the rows of any two
    blocks of one margin sum the same cells of the same respondents, which is
    what the disclosure audit writes as equalities a reader of the release knows.
    """
    out = []
    for shared in _steps(blocks):
        weights = []
        for index, step in shared:
            cells = blocks[index].cells
            unit = np.eye(cells).reshape((*blocks[index].shape, cells))
            weights.append((index, step.margin(unit).reshape(-1, cells)))
        out.append(weights)
    return out

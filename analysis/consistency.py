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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .layout import Block


@dataclass
class Noisy:
    """A block's noisy cells (shaped like the block) and their noise variance."""

    block: Block
    values: np.ndarray
    variance: float

    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.block.dims)


def _key(block: Block, kept: tuple[int, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((block.dims[i].name, block.dims[i].categories) for i in kept))


def _grid(block: Block, kept: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Every category of the kept dimensions, the partition of the others (which are summed)."""
    return np.ix_(*[np.arange(d.size) if i in kept else np.array(d.partition) for i, d in enumerate(block.dims)])


def _margin(noisy: Noisy, kept: tuple[int, ...]) -> tuple[np.ndarray, int]:
    """The margin over ``kept`` dimensions, in name order, and how many cells each of its cells sums.

    Values may carry trailing axes beyond the block's dimensions (see :func:`trace`); they are kept as they are.
    """
    block = noisy.block
    sub = noisy.values[_grid(block, kept)]
    summed = tuple(i for i in range(len(block.dims)) if i not in kept)
    margin = sub.sum(axis=summed) if summed else sub
    count = int(np.prod([len(block.dims[i].partition) for i in summed])) if summed else 1
    return np.transpose(margin, _name_order(block, kept, margin.ndim)), count


def _name_order(block: Block, kept: tuple[int, ...], ndim: int) -> tuple[int, ...]:
    order = np.argsort([block.dims[i].name for i in kept], kind="stable")
    return (*(int(i) for i in order), *range(len(kept), ndim))


def _correct(noisy: Noisy, kept: tuple[int, ...], target: np.ndarray) -> None:
    block = noisy.block
    margin, count = _margin(noisy, kept)
    delta = (target - margin) / count
    delta = np.transpose(delta, np.argsort(_name_order(block, kept, delta.ndim)))
    # Put the correction's axes where the kept dimensions are, length 1 elsewhere, then broadcast.
    shape = [block.dims[i].size if i in kept else 1 for i in range(len(block.dims))]
    noisy.values[_grid(block, kept)] += delta.reshape(shape + list(delta.shape[len(kept) :]))


def make_consistent(blocks: list[Noisy]) -> None:
    """Correct the blocks in place so that every margin two of them share agrees."""
    providers: dict[tuple[tuple[str, tuple[str, ...]], ...], list[tuple[Noisy, tuple[int, ...]]]] = defaultdict(list)
    for noisy in blocks:
        dims = range(len(noisy.block.dims))
        for size in range(len(noisy.block.dims) + 1):
            for kept in combinations(dims, size):
                providers[_key(noisy.block, kept)].append((noisy, kept))
    for key in sorted(providers, key=len):
        shared = providers[key]
        if len(shared) < 2:
            continue
        margins = [_margin(noisy, kept) for noisy, kept in shared]
        weights = [1 / (count * noisy.variance) for (noisy, _), (_, count) in zip(shared, margins, strict=True)]
        target = sum(w * m for w, (m, _) in zip(weights, margins, strict=True)) / sum(weights)
        for noisy, kept in shared:
            _correct(noisy, kept, np.asarray(target))


MAX_TRACED = 4000
"""Up to this many measured cells in all, each consistent cell's noise is tracked exactly (a cells² matrix)."""


@dataclass(frozen=True)
class Errors:
    """The noise of a block's consistent cells, as weights on every measured (noisy) cell."""

    weights: np.ndarray
    """One row per cell of the block (in the block's flat order), one column per measured cell."""
    variances: np.ndarray
    """Each measured cell's noise variance."""

    def covariance(self, a: np.ndarray, b: np.ndarray) -> float:
        """Of two linear combinations (weight rows) of measured cells."""
        return float(np.dot(a * b, self.variances))


def trace(blocks: list[Noisy]) -> list[Errors] | None:
    """How :func:`make_consistent` mixes the measured cells: run it on unit vectors (it is linear).

    None when the blocks have more than MAX_TRACED cells together; intervals
    then use the noise as measured, which the consistency step only reduces.
    """
    total = sum(b.block.cells for b in blocks)
    if total > MAX_TRACED:
        return None
    tracers, start = [], 0
    for b in blocks:
        unit = np.zeros((b.block.cells, total))
        unit[np.arange(b.block.cells), start + np.arange(b.block.cells)] = 1.0
        tracers.append(Noisy(b.block, unit.reshape((*b.block.shape, total)), b.variance))
        start += b.block.cells
    variances = np.concatenate([np.full(b.block.cells, b.variance) for b in blocks])
    make_consistent(tracers)
    return [Errors(t.values.reshape(t.block.cells, total), variances) for t in tracers]

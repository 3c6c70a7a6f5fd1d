"""Every counted and mean table of a release, exact, from as few passes over the respondents as fit.

A block (or a mean's block with its values as one more axis) becomes a *need*
of axes; :func:`analysis.tally.passes.plan` packs the needs into passes, each
pass is counted once, and each table's parts are read off its passes. What
cannot be counted this way is counted by :mod:`analysis.tabulate` as before:
a multiple choice with too many patterns, a block with one dimension twice or
too many cells for one pass, a mean over values that are not whole numbers.
"""

from __future__ import annotations

import math

import numpy as np

from analysis.plans.dimensions import Dimension
from analysis.plans.layout import Block, TableLayout
from analysis.tabulate import Coder, counts, sums
from analysis.tally.axes import Axis, Values, dimension_axis, values
from analysis.tally.passes import Pass, cells, count, plan

LONE = 2**18
"""The most cells a block counted in a pass of its own may have (its counts are made per slice of rows)."""

Parts = dict[str, np.ndarray]


class _Axes:
    """Each dimension's and mean's axis, made once per release (a multiple choice's patterns are worked out then)."""

    def __init__(self, coder: Coder) -> None:
        self.coder = coder
        self._made: dict[str, Axis | None] = {}
        self._values: dict[tuple[str, float, float], Values | None] = {}

    def need(self, dims: tuple[Dimension, ...]) -> tuple[Axis, ...] | None:
        """The block's axes, or None where the block is counted by analysis.tabulate."""
        if len({d.name for d in dims}) < len(dims):
            return None
        for dim in dims:
            if dim.name not in self._made:
                self._made[dim.name] = dimension_axis(self.coder, dim)
        axes = [self._made[d.name] for d in dims]
        found = [a for a in axes if a is not None]
        if len(found) < len(axes) or math.prod(a.size for a in found) > LONE:
            return None
        return tuple(found)

    def mean(self, shape: TableLayout) -> tuple[tuple[Axis, ...], Values] | None:
        """A mean's block with its values as the last axis, or None where analysis.tabulate sums them."""
        key = (shape.column(), *shape.limits())
        if key not in self._values:
            self._values[key] = values(self.coder.frame, shape)
        numbers = self._values[key]
        need = self.need(shape.blocks[0].dims) if numbers is not None else None
        if need is None or numbers is None or math.prod(a.size for a in need) * numbers.axis.size > LONE:
            return None
        return (*need, numbers.axis), numbers


def _mean_parts(shape: TableLayout, coder: Coder) -> Parts:
    values, present = coder.numbers(shape.column(), shape.limits())
    centred = values - sum(shape.limits()) / 2
    block = shape.blocks[0]
    return {
        "counts": counts(coder, block, present),
        "sums": sums(coder, block, centred, present),
        "squares": sums(coder, block, centred * centred, present),
    }


def _or_block(need: tuple[Axis, ...] | None, block: Block) -> tuple[Axis, ...] | Block:
    return block if need is None else need


def exact_cells(shapes: list[TableLayout], coder: Coder) -> list[Parts]:
    """Per table (counts, matrix, representation or mean), its parts' exact vectors, in the plan's order."""
    made = _Axes(coder)
    means = [made.mean(s) if s.table.kind == "mean" else None for s in shapes]
    blocks = [[_or_block(made.need(b.dims), b) for b in s.blocks] if s.table.kind != "mean" else [] for s in shapes]
    needs = [n for table in blocks for n in table if isinstance(n, tuple)] + [m[0] for m in means if m is not None]
    counted: dict[tuple[Axis, ...], tuple[np.ndarray, Pass]] = {}
    for sweep in plan(needs):
        found = count(sweep, coder.rows)
        counted.update({n: (found, sweep) for n in needs if all(a in sweep.axes for a in n)})
    out: list[Parts] = []
    for shape, table, mean in zip(shapes, blocks, means, strict=True):
        if shape.table.kind != "mean":
            vectors = [counts(coder, n) if isinstance(n, Block) else cells(*counted[n], n).ravel() for n in table]
            out.append({"counts": np.concatenate(vectors)})
        elif mean is None:
            out.append(_mean_parts(shape, coder))
        else:
            need, numbers = mean
            out.append({p: cells(*counted[need], need, w).ravel() for p, w in numbers.weights.items()})
    return out

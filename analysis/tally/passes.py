"""Passes: many cross-tabulations counted in one sweep over the respondents.

Each block of a plan needs the joint counts of a few axes. Blocks whose axes
together have few enough code combinations (:data:`JOINT`) are counted in one
*pass*: per slice of rows, one combined code per respondent (mixed radix, in
the smallest integer type that holds it) and one ``bincount``; a block's cells
are then its axes' margin of the pass's counts, each axis mapped onto its
dimension's categories (:func:`cells`). So fifteen single-choice tables cost a
few sweeps instead of fifteen, and nothing as long as the dataset is made:
only a slice's codes at a time.

Counts are integers and every sum made from them is exact in float64, so the
cells are the same whichever pass counts them and in whichever order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analysis.tally.axes import Axis

JOINT = 2**14
"""The most code combinations a pass counts: its counts stay in the processor's cache, and adding each slice's
counts costs little beside counting the slice."""
ROWS = 2**17
"""Rows per slice at least: a slice's codes stay in cache."""


@dataclass
class Pass:
    axes: list[Axis]

    @property
    def size(self) -> int:
        return math.prod(a.size for a in self.axes)

    def joined(self, axes: tuple[Axis, ...]) -> list[Axis]:
        return self.axes + [a for a in axes if a not in self.axes]


def plan(needs: list[tuple[Axis, ...]]) -> list[Pass]:
    """Passes that count every need (a tuple of distinct axes): each joins the pass it enlarges least, or starts one.

    The largest needs are placed first; a need larger than :data:`JOINT` is counted on its own.
    """
    passes: list[Pass] = []
    for need in sorted(needs, key=lambda n: -math.prod(a.size for a in n)):
        sizes = [(math.prod(a.size for a in p.joined(need)), i) for i, p in enumerate(passes)]
        fitting = [(size, i) for size, i in sizes if size <= JOINT]
        if fitting:
            passes[min(fitting)[1]].axes = passes[min(fitting)[1]].joined(need)
        else:
            passes.append(Pass(list(need)))
    return passes


def count(sweep: Pass, rows: int) -> np.ndarray:
    """How many respondents have each combination of the pass's codes, shaped by its axes."""
    size = sweep.size
    # Signed: the codes read may be one below what they stand for (a categorical's missing, -1), the whole
    # combination's offset is added at the end; in the smallest type that holds (-size, size).
    code_type = np.int16 if size <= 2**15 else np.int32 if size <= 2**31 else np.int64
    offset = 0
    for axis in sweep.axes:
        offset = offset * axis.size + axis.offset
    step = max(ROWS, 8 * size)
    total = np.zeros(size, dtype=np.int64)
    first, *rest = sweep.axes
    for a in range(0, rows, step):
        b = min(rows, a + step)
        code = first.read(a, b).astype(code_type)
        for axis in rest:
            np.multiply(code, axis.size, out=code, casting="unsafe")  # within the type: the pass's size fits it
            np.add(code, axis.read(a, b), out=code, casting="unsafe")
        if offset:
            np.add(code, offset, out=code, casting="unsafe")
        total += np.bincount(code, minlength=size)
    return total.reshape([a.size for a in sweep.axes])


def cells(counted: np.ndarray, sweep: Pass, need: tuple[Axis, ...], last: np.ndarray | None = None) -> np.ndarray:
    """A need's cells from its pass's counts: other axes summed out, each axis of the need onto its categories.

    ``last``: weights of the need's last axis's codes instead of its categories (a mean's values).
    """
    kept = tuple(i for i, a in enumerate(sweep.axes) if a not in need)
    margin = counted.sum(axis=kept) if kept else counted
    order = [a for a in sweep.axes if a in need]
    out = np.transpose(margin, [order.index(a) for a in need]).astype(float)
    for i, axis in enumerate(need):
        # Contracting the leading axis appends the categories last: after every axis, they are in the need's order.
        onto = last if last is not None and i == len(need) - 1 else axis.membership
        out = np.tensordot(out, onto, axes=([0], [0]))
    return out

"""Axes: what a respondent is on one variable, as a small unsigned code, read a slice of rows at a time.

An axis reads its codes straight from the dataset's own arrays where it can
(a categorical column's codes, a nullable boolean's values and mask, an
integer column's values and mask), so that counting holds no copy of a
column; ``membership`` then says which of the dimension's categories each
code is in. Codes are not the dimension's categories themselves:

- a categorical column: its own category codes shifted by one (0: missing),
  the categories put in the instrument's order by ``membership``;
- a nullable boolean: 0 missing, 1 false, 2 true;
- a multiple choice: one code per *pattern* (no answer, declined, or which
  options are kept, at most ``max_selections`` in the questionnaire's order);
  ``membership`` puts a pattern in each of its options and in its status. The
  patterns are worked out once per release (two bytes a respondent): the bound
  is enforced there, as :mod:`analysis.tabulate` enforces it;
- a mean's values (:func:`values`): 0 missing, else the value clamped to the
  scale, from 1 up; ``weights`` give each code's count, centred value and
  square.

Anything else (integer dimensions, columns of other types) is coded by
:class:`analysis.tabulate.Coder`, and its codes read from there.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.plans.dimensions import ANSWERED, FALSE, NO_ANSWER, TRUE, Dimension
from analysis.tabulate import Coder, category_positions, missing_column, ticked
from instruments.text import DECLINED

if TYPE_CHECKING:
    from analysis.plans.layout import TableLayout

Reader = Callable[[int, int], np.ndarray]
"""Rows ``start`` to ``stop`` of an axis: unsigned codes below its size."""

PATTERN_OPTIONS = 16
"""The most options a multiple choice may have for its patterns to be counted (a 16-bit set of kept options)."""
MAX_CODES = 2**16
"""The most codes an axis may have (a multiple choice's patterns; else it is counted by analysis.tabulate)."""
SLICE = 2**16
"""Rows coded at a time when a multiple choice's patterns are worked out."""


def _parts(array: pd.arrays.BooleanArray | pd.arrays.IntegerArray) -> tuple[np.ndarray, np.ndarray]:
    """A nullable array's values and missing-mask, as the two numpy arrays pandas keeps them in (no copy)."""
    return array._data, array._mask  # type: ignore[union-attr]


@dataclass(frozen=True, eq=False)
class Axis:
    key: tuple[str, ...]
    """What the axis codes: a dimension's name, or a mean's column and bounds; one axis per key and release."""
    size: int
    read: Reader = field(repr=False)
    membership: np.ndarray = field(repr=False)
    """(size, categories): how many times a respondent with each code is in each category (0 or 1)."""


def _places(size: int, categories: int, positions: list[int]) -> np.ndarray:
    out = np.zeros((size, categories))
    out[np.arange(size), positions] = 1.0
    return out


def dimension_axis(coder: Coder, dim: Dimension) -> Axis | None:
    """The axis of a dimension, or None for a multiple choice with too many patterns to count them."""
    frame = coder.frame
    if any(c not in frame.columns for c in dim.columns):
        raise missing_column(frame, dim)
    if dim.multi:
        return _patterns(frame, dim)
    array = frame[dim.columns[0]].array
    none = dim.categories.index(NO_ANSWER)
    if dim.kind == "categorical" and isinstance(array, pd.Categorical):
        positions = category_positions(frame[dim.columns[0]], dim)
        codes = array.codes
        shifted = codes.view(np.dtype(f"u{codes.itemsize}"))  # -1 (missing) becomes 0 once shifted, by wrapping
        one = shifted.dtype.type(1)
        size = len(positions) + 1
        return Axis((dim.name,), size, lambda a, b: shifted[a:b] + one, _places(size, dim.size, [none, *positions]))
    if dim.kind == "boolean" and isinstance(array, pd.arrays.BooleanArray):
        values, missing = _parts(array)
        where = [none, dim.categories.index(FALSE), dim.categories.index(TRUE)]

        def read(a: int, b: int) -> np.ndarray:
            out = values[a:b].view(np.uint8) + np.uint8(1)
            out[missing[a:b]] = 0
            return out

        return Axis((dim.name,), 3, read, _places(3, dim.size, where))
    codes = coder.single(dim).codes  # non-negative: read as unsigned, without a copy where the width allows
    unsigned = codes.view(np.uint16) if codes.dtype == np.int16 else codes.astype(np.uint32)
    return Axis((dim.name,), dim.size, lambda a, b: unsigned[a:b], np.eye(dim.size))


def _kept_sets(options: int, most: int) -> np.ndarray:
    """Every set of 1 to ``most`` options as a bit set, ordered by size then options."""
    sets = [sum(1 << j for j in chosen) for k in range(1, most + 1) for chosen in combinations(range(options), k)]
    return np.array(sets, dtype=np.int64)


def _patterns(frame: pd.DataFrame, dim: Dimension) -> Axis | None:
    options = len(dim.categories) - len(dim.partition)
    most = min(dim.bound - 1, options)
    kept_sets = sum(math.comb(options, k) for k in range(1, most + 1))
    if options > PATTERN_OPTIONS or kept_sets + 2 > MAX_CODES:
        return None
    sets = _kept_sets(options, most)
    lookup = np.zeros(2**options, dtype=np.uint16)  # bit set → pattern: 0 no answer, 1 declined, 2… the kept sets
    lookup[sets] = np.arange(2, len(sets) + 2)
    declined = DECLINED in dim.categories[options:]
    readers = [_ticks(frame, c) for c in dim.columns[:options]]
    decline = _ticks(frame, dim.columns[-1]) if declined else None
    rows = len(frame)
    pattern = np.empty(rows, dtype=np.uint16)
    for a in range(0, rows, SLICE):
        b = min(rows, a + SLICE)
        count = np.zeros(b - a, dtype=np.uint8)
        bits = np.zeros(b - a, dtype=np.uint16)
        for j, read in enumerate(readers):
            chosen = read(a, b)
            if j >= most:  # the bound, enforced: once `most` options are kept, later ones stop counting
                chosen &= count < most
            count += chosen
            bits |= chosen.view(np.uint8).astype(np.uint16) << np.uint16(j)
        part = lookup[bits]
        if decline is not None:
            part[(bits == 0) & decline(a, b)] = 1
        pattern[a:b] = part
    members = np.zeros((len(sets) + 2, dim.size))
    members[0, dim.categories.index(NO_ANSWER)] = 1.0
    if declined:
        members[1, dim.categories.index(DECLINED)] = 1.0
    members[2:, :options] = (sets[:, None] >> np.arange(options)) & 1
    members[2:, dim.categories.index(ANSWERED)] = 1.0
    return Axis((dim.name,), len(sets) + 2, lambda a, b: pattern[a:b], members)


def _ticks(frame: pd.DataFrame, column: str) -> Reader:
    """Who ticked a box (missing: no), a slice at a time; columns not stored as nullable booleans converted whole."""
    array = frame[column].array
    if isinstance(array, pd.arrays.BooleanArray):
        values, missing = _parts(array)
        return lambda a, b: values[a:b] & ~missing[a:b]
    whole = ticked(frame, column)
    return lambda a, b: whole[a:b].copy()


@dataclass(frozen=True)
class Values:
    """A mean's values as an axis, and per part what each code adds to a cell."""

    axis: Axis
    weights: dict[str, np.ndarray]
    """``counts``, ``sums`` (centred on the scale's middle) and ``squares``, one weight per code."""


def values(frame: pd.DataFrame, shape: TableLayout) -> Values | None:
    """A mean's values clamped to whole-number bounds, or None where they are not whole numbers (counted otherwise).

    Whole numbers make every sum exact whatever order it is added in, so the
    cells are those :mod:`analysis.tabulate` adds up value by value.
    """
    column = shape.column()
    lo, hi = shape.limits()
    array = frame[column].array
    whole = isinstance(array, pd.arrays.IntegerArray) and array.dtype.kind == "i"
    if not (whole and lo.is_integer() and hi.is_integer() and 0 <= hi - lo < 255):
        return None
    data, missing = _parts(array)
    low, high = int(lo), int(hi)

    def read(a: int, b: int) -> np.ndarray:
        out: np.ndarray = (np.clip(data[a:b].astype(np.int64, copy=False), low, high) - (low - 1)).astype(np.uint8)
        out[missing[a:b]] = 0
        return out

    centred = np.concatenate([[0.0], np.arange(low, high + 1) - (lo + hi) / 2])
    present = np.concatenate([[0.0], np.ones(high - low + 1)])
    size = high - low + 2
    axis = Axis((column, str(lo), str(hi)), size, read, np.eye(size))
    return Values(axis, {"counts": present, "sums": centred, "squares": centred * centred})

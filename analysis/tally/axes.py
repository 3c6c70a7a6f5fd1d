"""Axes: what a respondent is on one variable, as a small integer code, read a slice of rows at a time.

An axis reads its codes straight from the dataset's own arrays where it can
(a categorical column's codes, a nullable boolean's values and mask, an
integer column's values and mask), so that counting holds no copy of a
column; ``membership`` then says which of the dimension's categories each
code is in. Codes are not the dimension's categories themselves:

- a categorical column: its own category codes (-1: missing), which the
  axis's ``offset`` shifts by one; ``membership`` puts the categories in the
  instrument's order;
- a nullable boolean: 0 missing, 1 false, 2 true;
- a multiple choice: one code per *pattern* of its answer (:mod:`.patterns`:
  the bound enforced there); ``membership`` puts a pattern in each of its
  kept options and in its status;
- a mean's values (:func:`values`): 0 missing, else the value clamped to the
  scale, from 1 up; ``weights`` give each code's count, centred value and
  square.

Anything else (integer dimensions, columns of other types) is coded by
:class:`analysis.tabulate.Coder`, and its codes read from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.plans.dimensions import FALSE, NO_ANSWER, TRUE, Dimension
from analysis.tabulate import Coder, category_positions, missing_column
from analysis.tally.patterns import patterns

if TYPE_CHECKING:
    from analysis.plans.layout import TableLayout

Reader = Callable[[int, int], np.ndarray]
"""Rows ``start`` to ``stop`` of an axis: integer codes, each below its size once the axis's offset is added."""


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
    offset: int = 0
    """What makes the codes read a respondent's code: a categorical's own codes start at -1 (missing)."""


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
        size = len(positions) + 1
        return Axis((dim.name,), size, lambda a, b: codes[a:b], _places(size, dim.size, [none, *positions]), 1)
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


def _patterns(frame: pd.DataFrame, dim: Dimension) -> Axis | None:
    found = patterns(frame, dim)
    if found is None:
        return None
    pattern, members = found
    return Axis((dim.name,), len(members), lambda a, b: pattern[a:b], members)


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

"""A multiple choice as one code per respondent: the pattern of their answer, its bound enforced.

Each respondent's ticks (and "prefer not to say") are first read as one bit
set, a slice of rows at a time, in the smallest unsigned type that holds
them. The bit sets the data hold (a few hundred, whatever the number of
respondents) are then made patterns: the first ``max_selections`` options
ticked in the questionnaire's order are kept, as :mod:`analysis.tabulate`
keeps them, and the status follows (answered if an option is kept, else
declined if said so, else no answer). Bit sets that keep the same options
and status are one pattern; the patterns are numbered in the order of their
bit sets, and every respondent's bit set is replaced by its pattern's number
in place. The release holds this one array (two bytes a respondent) while it
counts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.tabulate import ticked
from instruments.text import DECLINED

Reader = Callable[[int, int], np.ndarray]

SLICE = 2**16
"""Rows read at a time."""
MAX_PATTERNS = 2**16
"""The most patterns a multiple choice may show for them to be counted (else analysis.tabulate counts it)."""
DIRECT = 16
"""Bit sets of at most this many bits are found by counting every possible one; longer ones by sorting."""
NONE, DECLINED_STATUS, ANSWERED_STATUS = 0, 1, 2


WIDEST = 32
"""The most options (with "prefer not to say") a multiple choice may have for its patterns to be counted."""


def _ticks(frame: pd.DataFrame, column: str) -> Reader:
    """Who ticked a box (missing: no), a slice at a time; columns not stored as nullable booleans converted whole."""
    array = frame[column].array
    if isinstance(array, pd.arrays.BooleanArray):
        values, missing = array._data, array._mask  # type: ignore[attr-defined]
        return lambda a, b: np.greater(values[a:b], missing[a:b])  # ticked and not missing
    whole = ticked(frame, column)
    return lambda a, b: whole[a:b]


def _bit_sets(frame: pd.DataFrame, columns: tuple[str, ...], bits: type[np.unsignedinteger]) -> np.ndarray:
    readers = [_ticks(frame, c) for c in columns]
    rows = len(frame)
    out = np.zeros(rows, dtype=bits)
    for a in range(0, rows, SLICE):
        b = min(rows, a + SLICE)
        part = out[a:b]
        for j, read in enumerate(readers):
            np.bitwise_or(part, np.left_shift(read(a, b).view(np.uint8), j, dtype=bits), out=part)
    return out


def _found(sets: np.ndarray, width: int) -> np.ndarray:
    """The distinct bit sets, in increasing order."""
    if width > DIRECT:
        return np.unique(sets)
    seen = np.zeros(2**width, dtype=np.int64)
    for a in range(0, len(sets), SLICE):
        seen += np.bincount(sets[a : a + SLICE], minlength=2**width)
    return np.flatnonzero(seen).astype(sets.dtype)


def _kept(found: np.ndarray, options: int, limit: int) -> np.ndarray:
    """Each bit set's options that count: the first ones, while fewer than ``limit`` are kept."""
    kept = np.zeros(len(found), dtype=np.int64)
    count = np.zeros(len(found), dtype=np.int64)
    for j in range(options):
        take = ((found.astype(np.int64) >> j) & 1).astype(bool) & (count < limit)
        kept |= take.astype(np.int64) << j
        count += take
    return kept


def patterns(frame: pd.DataFrame, dim: Dimension) -> tuple[np.ndarray, np.ndarray] | None:
    """Each respondent's pattern and each pattern's categories (patterns × the dimension's categories, 0 or 1).

    None when the question has more than :data:`WIDEST` boxes or its answers show more than :data:`MAX_PATTERNS`
    patterns.
    """
    options = len(dim.categories) - len(dim.partition)
    declined = DECLINED in dim.categories[options:]
    columns = dim.columns[:options] + ((dim.columns[-1],) if declined else ())
    width = len(columns)
    if width > WIDEST:
        return None
    sets = _bit_sets(frame, columns, np.uint16 if width <= 16 else np.uint32)
    found = _found(sets, width)
    kept = _kept(found, options, dim.bound - 1)
    said_declined = ((found.astype(np.int64) >> options) & 1).astype(bool) if declined else np.zeros(len(found), bool)
    status = np.where(kept != 0, ANSWERED_STATUS, np.where(said_declined, DECLINED_STATUS, NONE))
    distinct, number = np.unique(kept * 4 + status, return_inverse=True)
    if len(distinct) > MAX_PATTERNS:
        return None
    members = np.zeros((len(distinct), dim.size))
    members[:, :options] = (distinct[:, None] >> (np.arange(options) + 2)) & 1
    for code, category in ((NONE, NO_ANSWER), (DECLINED_STATUS, DECLINED), (ANSWERED_STATUS, ANSWERED)):
        if category in dim.categories:
            members[distinct % 4 == code, dim.categories.index(category)] = 1.0
    return _numbered(sets, found, number.astype(np.uint16), width), members


def _numbered(sets: np.ndarray, found: np.ndarray, number: np.ndarray, width: int) -> np.ndarray:
    """Each bit set replaced by its pattern's number (in place where the bit sets are two bytes too)."""
    out = sets if sets.dtype == np.uint16 else np.empty(len(sets), dtype=np.uint16)
    if width <= DIRECT:
        lookup = np.zeros(2**width, dtype=np.uint16)
        lookup[found] = number

        def renumber(part: np.ndarray) -> np.ndarray:
            looked: np.ndarray = lookup[part]
            return looked
    else:

        def renumber(part: np.ndarray) -> np.ndarray:
            where: np.ndarray = number[np.searchsorted(found, part)]
            return where

    for a in range(0, len(sets), SLICE):
        out[a : a + SLICE] = renumber(sets[a : a + SLICE])
    return out

"""Simulated answers held column by column: one numpy array per question, not a dictionary per respondent.

Every column has a ``state`` per respondent (:data:`NONE`, :data:`GIVEN` or
:data:`DECLINED_STATE`) and the answers in the array that suits its type. A
column turns into what the per-respondent world reads in two ways: as a
*factor* (each respondent's number of a distinct answer, and the answers),
which is what the vectorised conditions of :mod:`anonymize.columnar` read,
and as Python values for the answer mappings ``simulate`` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from anonymize.columnar.chunks import Chunk
from anonymize.columnar.factorize import Factor
from instruments.text import DECLINED

NONE, GIVEN, DECLINED_STATE = 0, 1, 2
#: A matrix cell without an answer (row not asked, or the matrix not answered).
NO_CELL = -1


def bit_keys(ticked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Respondents numbered by their distinct row of booleans, and the distinct rows."""
    width = ticked.shape[1]
    if width <= 62:
        keys = np.zeros(len(ticked), dtype=np.int64)
        for j in range(width):
            keys |= ticked[:, j].astype(np.int64) << j
        inverse, unique = _dense(keys)
        rows = ((unique[:, None] >> np.arange(width, dtype=np.int64)) & 1).astype(bool)
        return inverse, rows
    rows, inverse = np.unique(ticked, axis=0, return_inverse=True)
    return inverse.reshape(-1), rows


def _dense(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Respondents numbered by their distinct key (non-negative), and the keys; by counting where keys are small."""
    if len(keys) and keys.max() < max(4 * len(keys), 1 << 16):
        present = np.flatnonzero(np.bincount(keys))
        number = np.zeros(int(keys.max()) + 1, dtype=np.int32)
        number[present] = np.arange(len(present))
        return number[keys], present.astype(np.int64)
    unique, inverse = np.unique(keys, return_inverse=True)
    return inverse.reshape(-1), unique


@dataclass
class Column:
    """One question's answers: ``state`` per respondent, and the values of those who gave one."""

    state: np.ndarray

    def factor(self) -> Factor:
        raise NotImplementedError

    def values(self) -> list[Any]:
        """The answer per respondent as the per-respondent code holds it (None: no answer)."""
        codes, reps = self.factor()
        cells = np.empty(len(reps), dtype=object)
        cells[:] = reps
        out: list[Any] = cells[codes].tolist()
        return out


@dataclass
class IndexColumn(Column):
    """An answer that is one of a few values: an option code, a scale point, a write-in, consent."""

    index: np.ndarray
    vocabulary: list[Any]

    def factor(self) -> Factor:
        codes = np.where(self.state == GIVEN, self.index.astype(np.int32) + 2, self.state == DECLINED_STATE)
        return codes.astype(np.int32), [None, DECLINED, *self.vocabulary]


@dataclass
class NumberColumn(Column):
    numbers: np.ndarray
    integer: bool

    def factor(self) -> Factor:
        given = self.state == GIVEN
        unique, inverse = np.unique(self.numbers[given], return_inverse=True)
        codes = (self.state == DECLINED_STATE).astype(np.intp)
        codes[given] = inverse.reshape(-1) + 2
        values = [int(v) for v in unique.tolist()] if self.integer else unique.tolist()
        return codes, [None, DECLINED, *values]


@dataclass
class MultiColumn(Column):
    """Ticked options (respondents × options), in the options' order."""

    ticked: np.ndarray
    codes: list[str]

    def factor(self) -> Factor:
        inverse, rows = bit_keys(self.ticked)
        numbers = np.where(self.state == GIVEN, inverse + 2, self.state == DECLINED_STATE).astype(np.int32)
        picked = [[c for c, t in zip(self.codes, row, strict=True) if t] for row in rows.tolist()]
        return numbers, [None, [DECLINED], *picked]


@dataclass
class MatrixColumn(Column):
    """Per respondent and row the option's number, or :data:`NO_CELL`."""

    cells: np.ndarray
    rows: list[str]
    codes: list[str]

    def factor(self) -> Factor:
        inverse, unique = _unique_rows(self.cells)
        numbers = np.where(self.state == GIVEN, inverse + 2, self.state == DECLINED_STATE).astype(np.int32)
        mappings = [
            {r: self.codes[c] for r, c in zip(self.rows, row, strict=True) if c != NO_CELL} for row in unique.tolist()
        ]
        return numbers, [None, DECLINED, *mappings]

    def row_factor(self, row: str) -> Factor:
        """A row as conditions read it: a matrix declined as a whole has no row answers."""
        cell = self.cells[:, self.rows.index(row)].astype(np.int32) + 1
        return np.where(self.state == GIVEN, cell, 0).astype(np.int32), [None, *self.codes]


def _unique_rows(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    width = cells.shape[1]
    radix = int(cells.max(initial=0)) + 2
    if radix**width < 2**62:  # one integer per respondent: a plain sort instead of one of rows
        keys = np.zeros(len(cells), dtype=np.int64)
        for j in range(width):
            keys = keys * radix + (cells[:, j].astype(np.int64) + 1)
        inverse, unique = _dense(keys)
        first = np.zeros(len(unique), dtype=np.intp)
        first[inverse[::-1]] = np.arange(len(keys))[::-1]  # the first respondent with each key
        return inverse, cells[first]
    unique_rows, inverse = np.unique(cells, axis=0, return_inverse=True)
    return inverse.reshape(-1), unique_rows


class SimulatedChunk(Chunk):
    """The columns drawn so far, read by conditions; a question not drawn yet is unanswered by everyone."""

    def __init__(self, size: int, columns: dict[str, Column]) -> None:
        super().__init__(size)
        self.columns = columns

    def _column(self, qid: str) -> list[Any]:
        column = self.columns.get(qid)
        return column.values() if column is not None else [None] * self.size

    def values(self, qid: str) -> list[Any]:
        return super().values(qid) if qid in self.columns else [None] * self.size  # not kept: drawn later

    def factor(self, qid: str) -> Factor:
        column = self.columns.get(qid)
        if column is None:  # not cached: the question may be drawn later
            return np.zeros(self.size, dtype=np.intp), [None]
        return super().factor(qid) if qid in self._factors else self._cache(qid, column.factor())

    def _cache(self, qid: str, factor: Factor) -> Factor:
        self._factors[qid] = factor
        return factor

    def row_factor(self, qid: str, row: str) -> Factor:
        column = self.columns.get(qid)
        if not isinstance(column, MatrixColumn) or row not in column.rows:
            if column is None:
                return np.zeros(self.size, dtype=np.intp), [None]
            return super().row_factor(qid, row)
        found = self._rows.get((qid, row))
        if found is None:
            found = self._rows[(qid, row)] = column.row_factor(row)
        return found

    def answers(self) -> list[dict[str, Any]]:
        return to_dicts(self.size, self.columns)


def to_dicts(size: int, columns: dict[str, Column], order: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Each respondent's answers, keyed in questionnaire order; lists and mappings are each respondent's own."""
    qids = list(order if order is not None else columns)
    lists = [_own(columns[q]) if q in columns else [None] * size for q in qids]
    if not lists:
        return [{} for _ in range(size)]
    return [{q: v for q, v in zip(qids, row, strict=True) if v is not None} for row in zip(*lists, strict=True)]


def _own(column: Column) -> list[Any]:
    """The column's values, with a list or mapping of its own for each respondent (the distinct ones are shared)."""
    values = column.values()
    if isinstance(column, (MultiColumn, MatrixColumn)):
        return [v.copy() if type(v) is list or type(v) is dict else v for v in values]
    return values

"""eqsurvey's response CSV (:mod:`survey.importers.csv_format`) written straight from simulated columns.

The same bytes :func:`survey.importers.csv_format.write_csv` writes from answer
mappings, without making a mapping (or a string) per answer: each CSV column
is a number per respondent into its few distinct cells, each distinct cell is
made (and quoted, should it need it) once, and neighbouring columns with few
distinct cells between them are joined into one before the rows are. A
hundred thousand respondents are then a few dozen joins per row, not a
Python call per cell.

Rows are written in blocks, so a million respondents never become one string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from instruments.model import Instrument
from instruments.questions import Matrix
from instruments.text import DECLINED
from kernel.errors import InternalError
from survey.importers.csv_format import header
from survey.simulation.columns import (
    DECLINED_STATE,
    GIVEN,
    Column,
    IndexColumn,
    MatrixColumn,
    MultiColumn,
    NumberColumn,
    bit_keys,
)
from survey.simulation.simulator import Simulated

#: Respondents per block of rows written at once (and worked out at once: memory stays that of a block).
BLOCK = 131_072
#: Neighbouring columns are joined while their combinations of cells number at most this many (measured: more
#: combinations cost more to make than the joins they save).
JOINED = 4096
#: Combinations present are looked for (by counting) where there are at most this many per respondent.
PRESENT = 4

_Cells = tuple[np.ndarray, list[bytes]]
"""Per respondent the number of their cell, and the cells (quoted where CSV needs it)."""


def _quoted(cell: str) -> str:
    """A cell as ``csv.writer`` writes it (minimal quoting, doubled quotes)."""
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _by_state(state: np.ndarray, given: np.ndarray, cells: list[str]) -> _Cells:
    """Numbers for no answer (0), declined (1) and the given answers (``given`` + 2)."""
    numbers = np.where(state == GIVEN, given.astype(np.int32) + 2, state == DECLINED_STATE).astype(np.int32)
    return numbers, [_quoted(c).encode("utf-8") for c in ["", DECLINED, *cells]]


def _cells(q: Any, column: Column, rows: slice) -> list[_Cells]:
    """The CSV columns of one question (a matrix has one per row), for some of the respondents."""
    state = column.state[rows]
    if isinstance(column, IndexColumn):
        return [_by_state(state, column.index[rows], [_text(v) for v in column.vocabulary])]
    if isinstance(column, NumberColumn):
        given = state == GIVEN
        unique, inverse = np.unique(column.numbers[rows][given], return_inverse=True)
        numbers = np.zeros(len(state), dtype=np.int32)
        numbers[given] = inverse.reshape(-1)
        values = [int(v) for v in unique.tolist()] if column.integer else unique.tolist()
        return [_by_state(state, numbers, [str(v) for v in values])]
    if isinstance(column, MultiColumn):
        pattern, ticked = bit_keys(column.ticked[rows])
        joined = [" ".join(c for c, t in zip(column.codes, row, strict=True) if t) for row in ticked.tolist()]
        return [_by_state(state, pattern, joined)]
    if not (isinstance(column, MatrixColumn) and isinstance(q, Matrix)):
        raise InternalError(f"{q.id}: a column of a kind the CSV does not know")
    # A cell of a row not answered (-1) is empty like no answer: numbered 2, after "" and DECLINED.
    cells = column.cells[rows]
    return [_by_state(state, cells[:, j] + 1, ["", *column.codes]) for j in range(len(q.rows))]


def _join(columns: list[_Cells]) -> list[_Cells]:
    """Neighbouring columns joined while their cells, or the combinations present, are few distinct strings."""
    out: list[_Cells] = []
    for numbers, cells in columns:
        if out and len(out[-1][1]) * len(cells) <= JOINED:
            before, earlier = out[-1]
            combined = [a + b"," + b for a in earlier for b in cells]
            out[-1] = (before * len(cells) + numbers, combined)
        elif out and len(out[-1][1]) * len(cells) <= PRESENT * len(numbers):
            # Too many combinations to make them all, but perhaps few that anyone has (most answer alike).
            before, earlier = out[-1]
            key = before.astype(np.int64) * len(cells) + numbers
            counts = np.bincount(key)
            present = np.flatnonzero(counts)
            if len(present) > JOINED:
                out.append((numbers, cells))
                continue
            number = np.zeros(len(counts), dtype=np.int32)
            number[present] = np.arange(len(present), dtype=np.int32)
            width = len(cells)
            out[-1] = (number[key], [earlier[p // width] + b"," + cells[p % width] for p in present.tolist()])
        else:
            out.append((numbers, cells))
    return out


def csv_blocks(instrument: Instrument, simulated: Simulated) -> Iterator[bytes]:
    """The file in pieces: the header, then blocks of rows; empty access codes, as ``write_csv`` writes them."""
    yield (",".join(map(_quoted, header(instrument))) + "\n").encode("utf-8")
    questions = list(instrument.questions())  # walked once per block
    for start in range(0, simulated.size, BLOCK):
        rows = slice(start, min(start + BLOCK, simulated.size))
        columns: list[_Cells] = [(np.zeros(rows.stop - start, dtype=np.int32), [b""])]
        for q in questions:
            columns += _cells(q, simulated.columns[q.id], rows)
        parts = []
        for numbers, cells in _join(columns):
            array = np.empty(len(cells), dtype=object)
            array[:] = cells
            parts.append(array[numbers].tolist())
        yield b"\n".join(map(b",".join, zip(*parts, strict=True))) + b"\n"


def write_csv_columns(instrument: Instrument, simulated: Simulated) -> bytes:
    return b"".join(csv_blocks(instrument, simulated))

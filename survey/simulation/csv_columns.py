"""eqsurvey's response CSV (:mod:`survey.importers.csv_format`) written straight from simulated columns.

The same bytes :func:`survey.importers.csv_format.write_csv` writes from answer
mappings, without making a mapping (or a string) per answer: each CSV column
is a number per respondent into its few distinct cells, each distinct cell is
made (and quoted, should it need it) once, and neighbouring columns with few
distinct cells between them are joined into one, all once for the whole file.
A row is then a dozen cells, each ending in its comma or the newline, and a
block of rows is one ``bytes.join`` over them: no Python call per row or cell.

Rows are written in blocks, so a million respondents never become one string;
blocks small enough that the memory of one is reused for the next (a larger
one is fresh memory each time, which the system has to hand over page by page).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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

#: Respondents per block of rows written at once (measured: 8,192 to 32,768 are alike, 131,072 twice as slow).
BLOCK = 16_384
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


def _cells(q: Any, column: Column) -> list[_Cells]:
    """The CSV columns of one question (a matrix has one per row)."""
    state = column.state
    if isinstance(column, IndexColumn):
        return [_by_state(state, column.index, [_text(v) for v in column.vocabulary])]
    if isinstance(column, NumberColumn):
        given = state == GIVEN
        unique, inverse = np.unique(column.numbers[given], return_inverse=True)
        numbers = np.zeros(len(state), dtype=np.int32)
        numbers[given] = inverse.reshape(-1)
        values = [int(v) for v in unique.tolist()] if column.integer else unique.tolist()
        return [_by_state(state, numbers, [str(v) for v in values])]
    if isinstance(column, MultiColumn):
        pattern, ticked = bit_keys(column.ticked)
        joined = [" ".join(c for c, t in zip(column.codes, row, strict=True) if t) for row in ticked.tolist()]
        return [_by_state(state, pattern, joined)]
    if not (isinstance(column, MatrixColumn) and isinstance(q, Matrix)):
        raise InternalError(f"{q.id}: a column of a kind the CSV does not know")
    # A cell of a row not answered (-1) is empty like no answer: numbered 2, after "" and DECLINED.
    return [_by_state(state, column.cells[:, j] + 1, ["", *column.codes]) for j in range(len(q.rows))]


def _join(columns: Iterable[_Cells]) -> list[_Cells]:
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


def _columns(instrument: Instrument, simulated: Simulated) -> Iterator[_Cells]:
    """The CSV columns in order, the first the empty access codes (``write_csv`` writes them so)."""
    yield np.zeros(simulated.size, dtype=np.int32), [b""]
    for q in instrument.questions():
        yield from _cells(q, simulated.columns[q.id])


def csv_blocks(instrument: Instrument, simulated: Simulated) -> Iterator[bytes]:
    """The file in pieces: the header, then blocks of rows."""
    yield (",".join(map(_quoted, header(instrument))) + "\n").encode("utf-8")
    parts = _join(_columns(instrument, simulated))
    ends = [b","] * (len(parts) - 1) + [b"\n"]
    cells = []
    for (_, texts), end in zip(parts, ends, strict=True):
        ended = np.empty(len(texts), dtype=object)
        ended[:] = [t + end for t in texts]
        cells.append(ended)
    for start in range(0, simulated.size, BLOCK):
        stop = min(start + BLOCK, simulated.size)
        # Row by row, each part's cell with its comma or newline: the block's bytes in order.
        grid = np.empty((stop - start, len(parts)), dtype=object)
        for j, (numbers, _) in enumerate(parts):
            grid[:, j] = cells[j][numbers[start:stop]]
        yield b"".join(grid.ravel().tolist())


def write_csv_columns(instrument: Instrument, simulated: Simulated) -> bytes:
    return b"".join(csv_blocks(instrument, simulated))

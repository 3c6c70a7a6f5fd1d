"""Coding a batch of checked answer sets at once (the writing side of :mod:`anonymize.columnar.chunks`).

:meth:`Layout.encode` codes one answer set. An import codes tens of
thousands: here each distinct answer of a question is coded once and the
bytes of all rows are put together with numpy. Only for answer sets that
passed the checks unchanged (see ``survey.batch_check``): every answer in them
fits its slot, so the bytes are those :meth:`Layout.encode` would write; the
tests hold the two to that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from anonymize.columnar import payload
from anonymize.columnar.chunks import MATRIX_DECLINED, MATRIX_ROWS, Chunk
from anonymize.columnar.layout import ABSENT, DECLINED_WHOLE, MARKER, PRESENT, Layout, Slot


def encode_rows(layout: Layout, chunk: Chunk, questions: Sequence[str], rows: Sequence[int]) -> list[bytes]:
    """The coded bytes of the chunk's respondents at ``rows``, whose answers must all fit the layout.

    ``questions`` are all the questions answers may be given to (those without a slot go to the rest).
    """
    heads = np.zeros((chunk.size, layout.width), dtype=np.uint8)
    for slot in layout.slots:
        at = layout.offsets[slot.question]
        if slot.kind == "rows":
            _matrix(heads, at, slot, chunk)
        else:
            codes, distinct = chunk.factor(slot.question)
            heads[:, at : at + slot.width] = _table(layout, slot, distinct)[codes]
    slotted = {s.question for s in layout.slots}
    rest = [(qid, chunk.values(qid)) for qid in questions if qid not in slotted]
    out = []
    for i in rows:
        others = {qid: values[i] for qid, values in rest if values[i] is not None}
        out.append(MARKER + heads[i].tobytes() + (payload.dumps(others) if others else b""))
    return out


def _table(layout: Layout, slot: Slot, distinct: list[Any]) -> np.ndarray:
    """Each distinct answer's bytes in the slot (all zero for no answer)."""
    table = np.zeros((len(distinct), slot.width), dtype=np.uint8)
    for i, value in enumerate(distinct):
        if value is not None:
            plain = layout.encode({slot.question: value})
            at = 1 + layout.offsets[slot.question]
            table[i] = np.frombuffer(plain[at : at + slot.width], dtype=np.uint8)
    return table


def _matrix(heads: np.ndarray, at: int, slot: Slot, chunk: Chunk) -> None:
    kind, _ = chunk.matrix_state(slot.question)
    heads[:, at] = np.where(kind == MATRIX_ROWS, PRESENT, np.where(kind == MATRIX_DECLINED, DECLINED_WHOLE, ABSENT))
    numbers = {v: i + 1 for i, v in enumerate(slot.values)}
    for r, row in enumerate(slot.rows):
        codes, distinct = chunk.row_factor(slot.question, row)
        table = np.array([numbers.get(v, ABSENT) if type(v) is str else ABSENT for v in distinct], dtype=np.uint8)
        heads[:, at + 1 + r] = table[codes]

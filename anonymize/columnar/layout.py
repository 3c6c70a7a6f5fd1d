"""Coded answers: a fixed layout of bytes per response, for sealed rows that open fast.

A JSON object per response makes opening a large store cost a Python object
per answer. Most answers are one of a few codes, so a batch sealed with a
layout stores each response as:

- the marker byte ``C``;
- one byte per single choice, scale or consent question (0 = no answer,
  1…k = the k-th value, 255 = in the rest);
- per matrix a byte that says whether it was answered (0 no, 1 yes, 2 declined
  as a whole, 255 in the rest) and one byte per row (0 = row not answered,
  1…k = the k-th code);
- per multiple choice a byte likewise and the ticked codes as a bit mask, in
  the instrument's order (which is how checked answers list them);
- the rest as JSON: free text, numbers, and any answer that is not exactly one
  of the layout's values (a code a later version dropped, ``1.0`` for 1, a
  list out of order), so every answer set comes back exactly as sealed.

The layout is sealed inside the batch's envelope with its data key, so the
rows of a batch are read with the layout they were written with, whatever
instrument version opens them, and nobody can swap it without breaking the
envelope.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from anonymize.columnar import payload
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Scale, SingleChoice
from instruments.text import DECLINED

MARKER = b"C"
ABSENT, PRESENT, DECLINED_WHOLE, IRREGULAR = 0, 1, 2, 255
_MAX_VALUES = 254

SlotKind = Literal["one", "rows", "many"]
Value = str | int | float | bool


@dataclass(frozen=True)
class Slot:
    question: str
    kind: SlotKind
    values: tuple[Value, ...]
    rows: tuple[str, ...] = ()

    @cached_property
    def width(self) -> int:
        if self.kind == "one":
            return 1
        if self.kind == "rows":
            return 1 + len(self.rows)
        return 1 + (len(self.values) + 7) // 8

    @cached_property
    def row_index(self) -> dict[str, int]:
        return {r: i for i, r in enumerate(self.rows)}


def _slot(q: Any) -> Slot | None:
    declined: tuple[str, ...] = (DECLINED,) if q.prefer_not_to_say else ()
    if isinstance(q, SingleChoice):
        slot = Slot(q.id, "one", tuple(o.code for o in q.options) + declined)
    elif isinstance(q, Scale):
        slot = Slot(q.id, "one", tuple(p.value for p in q.points) + declined)
    elif isinstance(q, Consent):
        slot = Slot(q.id, "one", (False, True))
    elif isinstance(q, Matrix):
        slot = Slot(q.id, "rows", tuple(o.code for o in q.options) + declined, tuple(r.code for r in q.rows))
    elif isinstance(q, MultiChoice):
        return Slot(q.id, "many", tuple(o.code for o in q.options) + declined)
    else:
        return None
    return slot if len(slot.values) <= _MAX_VALUES else None


def _typed(value: object) -> tuple[type, object]:
    # True == 1 == 1.0 in Python; the layout must not turn one into another.
    return (type(value), value)


class Layout:
    def __init__(self, slots: Sequence[Slot]) -> None:
        self.slots = tuple(slots)
        self.offsets: dict[str, int] = {}
        offset = 0
        for s in self.slots:
            self.offsets[s.question] = offset
            offset += s.width
        self.width = offset
        self._index = {s.question: (s, self.offsets[s.question], _numbers(s)) for s in self.slots}
        # The common case, a code of a single choice, is written without a call (see encode).
        self._codes = {
            s.question: (self.offsets[s.question], {v: n for (t, v), n in _numbers(s).items() if t is str})
            for s in self.slots
            if s.kind == "one"
        }

    @classmethod
    def of(cls, instrument: Instrument) -> Layout:
        # Direct identifiers are split off before sealing: they never reach a coded row.
        questions = [q for q in instrument.questions() if q.privacy != "direct_identifier"]
        return cls([s for q in questions if (s := _slot(q)) is not None])

    def slot(self, question: str) -> Slot | None:
        found = self._index.get(question)
        return None if found is None else found[0]

    # --- as stored in an envelope -------------------------------------------

    def to_bytes(self) -> bytes:
        data = [[s.question, s.kind, list(s.values), list(s.rows)] for s in self.slots]
        return zlib.compress(payload.canonical(data), 9)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Layout:
        data = json.loads(zlib.decompress(blob))
        return cls([Slot(q, kind, tuple(values), tuple(rows)) for q, kind, values, rows in data])

    # --- one response --------------------------------------------------------

    def encode(self, answers: Mapping[str, Any]) -> bytes:
        head = bytearray(self.width)
        rest: dict[str, Any] = {}
        index, codes = self._index, self._codes
        for qid, value in answers.items():
            if type(value) is str and qid in codes:
                at, numbers = codes[qid]
                number = numbers.get(value)
                if number is not None:
                    head[at] = number
                    continue
            found = index.get(qid)
            if found is None:
                rest[qid] = value
            elif not _put(head, found, value):
                head[found[1]] = IRREGULAR
                rest[qid] = value
        return MARKER + bytes(head) + (payload.dumps(rest) if rest else b"")

    def decode(self, plain: bytes) -> dict[str, Any]:
        if plain[:1] != MARKER or len(plain) < 1 + self.width:
            raise ValueError("not a coded response of this layout")
        head = plain[1 : 1 + self.width]
        rest = plain[1 + self.width :]
        answers = payload.loads(rest) if rest else {}
        if not isinstance(answers, dict):
            raise ValueError("the rest of a coded response is not an object")
        for s in self.slots:
            at = self.offsets[s.question]
            flag = head[at]
            if flag in (ABSENT, IRREGULAR):
                continue
            if s.kind == "one":
                answers[s.question] = s.values[flag - 1]
            elif s.kind == "rows" and flag == DECLINED_WHOLE:
                answers[s.question] = DECLINED
            elif s.kind == "rows":
                answers[s.question] = {
                    r: s.values[c - 1] for r, c in zip(s.rows, head[at + 1 : at + 1 + len(s.rows)], strict=True) if c
                }
            else:
                bits = int.from_bytes(head[at + 1 : at + s.width], "little")
                answers[s.question] = [v for i, v in enumerate(s.values) if bits >> i & 1]
        return answers


def _numbers(s: Slot) -> dict[tuple[type, object], int]:
    return {_typed(v): i + 1 for i, v in enumerate(s.values)}


def _put(head: bytearray, found: tuple[Slot, int, dict[tuple[type, object], int]], value: Any) -> bool:
    """Write the answer into the head if it is exactly one of the slot's values; False leaves it to the rest."""
    s, at, numbers = found
    if s.kind == "one":
        try:
            number = numbers.get(_typed(value))
        except TypeError:  # unhashable
            return False
        if number is None:
            return False
        head[at] = number
        return True
    if s.kind == "rows":
        if type(value) is str and value == DECLINED:
            head[at] = DECLINED_WHOLE
            return True
        if type(value) is not dict:
            return False
        cells = []
        for row, code in value.items():
            r = s.row_index.get(row) if type(row) is str else None
            number = numbers.get((str, code)) if type(code) is str else None
            if r is None or number is None:
                return False
            cells.append((r, number))
        head[at] = PRESENT
        for r, number in cells:
            head[at + 1 + r] = number
        return True
    if type(value) is not list:
        return False
    bits, last = 0, 0
    for code in value:
        number = numbers.get((str, code)) if type(code) is str else None
        if number is None or number <= last:  # not a value, repeated, or out of the instrument's order
            return False
        bits |= 1 << (number - 1)
        last = number
    head[at] = PRESENT
    head[at + 1 : at + s.width] = bits.to_bytes(s.width - 1, "little")
    return True

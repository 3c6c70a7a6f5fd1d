"""A chunk of opened responses, read column by column.

The analysis dataset and the derived variables read answers a question at a
time, mostly as factors (each respondent's number of a distinct value, and the
values). Responses opened as JSON are turned into columns here; coded
responses (see :mod:`anonymize.columnar.layout`) already are columns of bytes, read
with numpy without making a Python object per answer.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np

from anonymize.columnar import payload
from anonymize.columnar.factorize import Factor, factorize, spread
from anonymize.columnar.layout import ABSENT, DECLINED_WHOLE, IRREGULAR, PRESENT, Layout, Slot
from instruments.text import DECLINED

Answers = Mapping[str, Any]


def _row_as_read(row: str) -> Callable[[Any], Any]:
    """A matrix row as conditions read it: a matrix declined as a whole has no row answers."""
    return lambda v: v.get(row) if type(v) is dict else None


def _row_as_shown(row: str) -> Callable[[Any], Any]:
    """A matrix row as the dataset shows it: declined as a whole is declined in every row."""
    return lambda v: v.get(row) if type(v) is dict else DECLINED if v == DECLINED else None


class Chunk(ABC):
    """Responses read column by column; subclasses say where the columns come from, and read some faster."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[str, list[Any]] = {}
        self._factors: dict[str, Factor] = {}
        self._rows: dict[tuple[str, str], Factor] = {}

    @abstractmethod
    def _column(self, qid: str) -> list[Any]:
        """The question's answer per respondent, read from wherever the chunk holds them."""

    @abstractmethod
    def answers(self) -> list[dict[str, Any]]:
        """Every respondent's answers (for the rare evaluation that cannot go by columns)."""

    def values(self, qid: str) -> list[Any]:
        """The question's answer per respondent (None where there is none)."""
        found = self._values.get(qid)
        if found is None:
            found = self._values[qid] = self._column(qid)
        return found

    def factor(self, qid: str) -> Factor:
        found = self._factors.get(qid)
        if found is None:
            found = self._factors[qid] = factorize(self.values(qid))
        return found

    def row_factor(self, qid: str, row: str) -> Factor:
        found = self._rows.get((qid, row))
        if found is None:
            found = self._rows[(qid, row)] = factorize(list(map(_row_as_read(row), self.values(qid))))
        return found

    def matrix_cells(self, qid: str, row: str) -> Factor:
        return factorize(list(map(_row_as_shown(row), self.values(qid))))

    def matrix_state(self, qid: str) -> tuple[np.ndarray, np.ndarray]:
        """Per respondent, how a matrix was answered (see MATRIX_*), and how many keys its mapping has."""
        values = self.values(qid)
        kind = np.fromiter(map(_matrix_kind, values), dtype=np.int8, count=self.size)
        size = np.fromiter((len(v) if type(v) is dict else -1 for v in values), dtype=np.intp, count=self.size)
        return kind, size

    def foreign_keys(self, questions: Collection[str]) -> np.ndarray:
        """Per respondent, whether an answer is keyed by something that is not one of ``questions``."""
        return np.zeros(self.size, dtype=bool)

    def key_counts(self) -> np.ndarray | None:
        """Per respondent, how many answers were given as keys (None: only given answers are keys)."""
        return None


MATRIX_NONE, MATRIX_ROWS, MATRIX_DECLINED, MATRIX_OTHER = 0, 1, 2, 3


def _matrix_kind(value: Any) -> int:
    if value is None or (type(value) in (list, dict) and not value):
        return MATRIX_NONE
    if type(value) is dict:
        return MATRIX_ROWS
    return MATRIX_DECLINED if value == DECLINED else MATRIX_OTHER


class DictChunk(Chunk):
    """Responses opened as answer mappings."""

    def __init__(self, answers: Sequence[Answers], qids: Sequence[str] = ()) -> None:
        super().__init__(len(answers))
        self._answers = answers
        if qids and answers:
            # Read each response once, while it is in the CPU cache, then turn the rows into columns.
            rows = ([a.get(qid) for qid in qids] for a in answers)
            self._values.update(zip(qids, map(list, zip(*rows, strict=True)), strict=True))

    def _column(self, qid: str) -> list[Any]:
        return [a.get(qid) for a in self._answers]

    def answers(self) -> list[dict[str, Any]]:
        return [dict(a) for a in self._answers]

    def foreign_keys(self, questions: Collection[str]) -> np.ndarray:
        known = set(questions)
        return np.fromiter((not known.issuperset(a) for a in self._answers), dtype=bool, count=self.size)

    def key_counts(self) -> np.ndarray | None:
        return np.fromiter(map(len, self._answers), dtype=np.intp, count=self.size)


_EMPTY: dict[str, Any] = {}


class CodedChunk(Chunk):
    """Coded responses of one batch: the layout's bytes as a numpy array, and the rest as JSON."""

    def __init__(self, layout: Layout, plains: Sequence[bytes]) -> None:
        super().__init__(len(plains))
        self.layout = layout
        self._plains = plains
        width = layout.width
        if any(p[:1] != b"C" or len(p) <= width for p in plains):
            raise ValueError("a row of a coded batch is not coded with the batch's layout")
        joined = b"".join([p[1 : 1 + width] for p in plains])
        self.heads = np.frombuffer(joined, dtype=np.uint8).reshape(len(plains), width)
        self._rest = [self._rest_of(p[1 + width :]) for p in plains]
        self._outside: dict[str, tuple[list[int], list[Any]]] | None = None

    @staticmethod
    def _rest_of(blob: bytes) -> dict[str, Any]:
        if not blob:
            return _EMPTY
        rest = payload.loads(blob)
        if not isinstance(rest, dict):
            raise ValueError("the rest of a coded response is not an object")
        return rest

    def _column(self, qid: str) -> list[Any]:
        if self.layout.slot(qid) is None:
            return [r.get(qid) for r in self._rest]
        return spread(self.factor(qid))

    def answers(self) -> list[dict[str, Any]]:
        return [self.layout.decode(p) for p in self._plains]

    def factor(self, qid: str) -> Factor:
        slot = self.layout.slot(qid)
        if slot is None:
            found = self._factors.get(qid)
            if found is None:
                found = self._factors[qid] = self._rest_factor(qid)
            return found
        at = self.layout.offsets[qid]
        block = self.heads[:, at : at + slot.width]
        if slot.width == 1:
            codes = block[:, 0].astype(np.intp)
            distinct: list[Any] = [None, *slot.values]
        elif slot.width <= 8:  # one integer per respondent: a plain sort, many times faster than rows of bytes
            packed = np.zeros(self.size, dtype=np.uint64)
            for j in range(slot.width):
                packed |= block[:, j].astype(np.uint64) << np.uint64(8 * j)
            unique, inverse = np.unique(packed, return_inverse=True)
            codes = inverse.reshape(-1).astype(np.intp)
            distinct = [_decoded(slot, int(u).to_bytes(slot.width, "little")) for u in unique.tolist()]
        else:
            unique, inverse = np.unique(block, axis=0, return_inverse=True)
            codes = inverse.reshape(-1).astype(np.intp)
            distinct = [_decoded(slot, bytes(u)) for u in unique]
        return self._with_rest(qid, codes, distinct, lambda v: v)

    def _rest_factor(self, qid: str) -> Factor:
        """The factor of a question outside the layout, made from the respondents who have an answer to it."""
        if self._outside is None:
            # Most respondents leave the questions outside the layout (free text) empty: the rest is read once,
            # answers sorted by question with the respondent's number, rather than once per question.
            outside: dict[str, tuple[list[int], list[Any]]] = {}
            for i, rest in enumerate(self._rest):
                for key, value in rest.items():
                    if value is not None:
                        at, values = outside.setdefault(key, ([], []))
                        at.append(i)
                        values.append(value)
            self._outside = outside
        codes = np.zeros(self.size, dtype=np.intp)  # 0: None, no answer
        found = self._outside.get(qid)
        if found is None:
            return codes, [None]
        at, given = found
        numbers, distinct = factorize(given)
        codes[at] = numbers + 1
        return codes, [None, *distinct]

    def row_factor(self, qid: str, row: str) -> Factor:
        return self._row(qid, row, _row_as_read(row)) or super().row_factor(qid, row)

    def matrix_cells(self, qid: str, row: str) -> Factor:
        return self._row(qid, row, _row_as_shown(row)) or super().matrix_cells(qid, row)

    def _row(self, qid: str, row: str, read: Callable[[Any], Any]) -> Factor | None:
        slot = self.layout.slot(qid)
        if slot is None or slot.kind != "rows" or row not in slot.rows:
            return None
        at = self.layout.offsets[qid]
        flag = self.heads[:, at]
        codes = np.where(flag == PRESENT, self.heads[:, at + 1 + slot.rows.index(row)], ABSENT).astype(np.intp)
        distinct: list[Any] = [None, *slot.values]
        declined = flag == DECLINED_WHOLE
        if declined.any():
            codes[declined] = len(distinct)
            distinct.append(read(DECLINED))
        return self._with_rest(qid, codes, distinct, read)

    def _with_rest(self, qid: str, codes: np.ndarray, distinct: list[Any], read: Callable[[Any], Any]) -> Factor:
        """Respondents whose answer did not fit the layout get their own values, read from the rest."""
        at = self.layout.offsets[qid]
        irregular = np.flatnonzero(self.heads[:, at] == IRREGULAR)
        if not len(irregular):
            return codes, distinct
        extra_codes, extra = factorize([read(self._rest[i][qid]) for i in irregular.tolist()])
        codes = codes.copy()
        codes[irregular] = len(distinct) + extra_codes
        return codes, distinct + extra


def _decoded(slot: Slot, block: bytes) -> Any:
    """The answer one block of a multi-byte slot stands for (None for no answer or one in the rest)."""
    if block[0] == DECLINED_WHOLE:
        return DECLINED
    if block[0] != PRESENT:
        return None
    if slot.kind == "rows":
        return {r: slot.values[c - 1] for r, c in zip(slot.rows, block[1:], strict=True) if c}
    bits = int.from_bytes(block[1:], "little")
    return [v for i, v in enumerate(slot.values) if bits >> i & 1]

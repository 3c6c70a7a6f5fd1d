"""Checking a batch of answer sets at once, for the common case that they are fine.

:func:`instruments.submission.check_answers` walks one respondent's answers
question by question: the reference, and what reports each problem with its
place. On a large import nearly every row passes, and walking them one by one
was most of the import's time. Here the whole batch is checked column by
column: each distinct answer of a question is checked once, and the skip
logic is evaluated over the batch with numpy (see
:mod:`anonymize.derived_columns`).

The result only says which rows ``check_answers`` would accept *exactly as
given* (no problem, nothing to normalise); every other row still goes through
``check_answers``, which reports its problems. A row is never accepted here
that ``check_answers`` would refuse or change: that is what the property
tests hold this to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from anonymize.columnar.chunks import MATRIX_DECLINED, MATRIX_NONE, MATRIX_ROWS, Chunk, DictChunk
from anonymize.derived_columns import Conditions, DerivedColumns
from instruments.answer_values import check_value, is_unanswered
from instruments.checks import check_instrument
from instruments.model import Instrument
from instruments.questions import Consent, Matrix
from instruments.text import DECLINED


def same_answers(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (True is not 1, 1 is not 1.0, order of a list counts)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same_answers(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_answers(v, b[k]) for k, v in a.items())
    return bool(a == b)


_PREPARED: dict[int, tuple[Instrument, bool, DerivedColumns]] = {}


def _prepared(instrument: Instrument) -> tuple[bool, DerivedColumns]:
    """Whether the instrument is sound for batch checks, and its conditions compiled once.

    Skip logic is evaluated over all of a row's answers at once, which equals reading them in order only
    if no condition looks ahead; a loaded instrument is checked for that, one built in code may not be.
    Cached by identity: the web form checks a few rows at a time, where compiling was most of the cost.
    """
    found = _PREPARED.get(id(instrument))
    if found is None or found[0] is not instrument:
        if len(_PREPARED) > 16:
            _PREPARED.clear()
        sound = not any(f.severity == "error" for f in check_instrument(instrument))
        # Options offered by earlier answers are checked row by row (check_answers), not over the batch.
        sound = sound and not any(o.relevant for q in instrument.questions() for o in getattr(q, "options", []))
        found = _PREPARED[id(instrument)] = (instrument, sound, DerivedColumns(instrument.derived))
    return found[1], found[2]


def accepted_as_given(instrument: Instrument, answers: Sequence[Mapping[str, Any]] | Chunk) -> np.ndarray:
    """Per answer set, whether ``check_answers`` accepts it with no problem and nothing changed.

    The answers may come as a chunk already read as columns (its factors are then shared with the caller).
    """
    chunk = answers if isinstance(answers, Chunk) else DictChunk(answers, list(instrument.question_map))
    n = chunk.size
    sound, derived = _prepared(instrument)
    if not n or not sound:
        return np.zeros(n, dtype=bool)
    ok = ~chunk.foreign_keys(instrument.question_map)
    conditions = Conditions(chunk, derived)
    everyone = np.ones(n, dtype=bool)
    answered = np.zeros(n, dtype=np.intp)
    for section in instrument.sections:
        section_asked = conditions.holds(section.relevant) if section.relevant else everyone
        for q in section.questions:
            asked = section_asked & conditions.holds(q.relevant) if q.relevant else section_asked
            refused = None
            if isinstance(q, Matrix):
                given, fine = _matrix(q, chunk)
            else:
                codes, distinct = chunk.factor(q.id)
                given, fine, refused = _per_value(q, distinct)
                given, fine = given[codes], fine[codes]
                refused = None if refused is None else refused[codes]
            answered += given
            if isinstance(q, Matrix):
                rows = [(r.code, conditions.holds(r.relevant)) for r in q.rows if r.relevant]
                if rows and all(r.relevant for r in q.rows):  # asked only if one of its rows is
                    asked = asked & np.logical_or.reduce([holds for _, holds in rows])
                for code, holds in rows:
                    row_codes, row_values = chunk.row_factor(q.id, code)
                    row_given = np.array([v is not None for v in row_values], dtype=bool)[row_codes]
                    ok &= ~(given & row_given & ~holds)
            ok &= ~(given & ~asked)  # answered although not asked
            ok &= given | ~(asked & q.required)  # required, asked, not answered
            ok &= ~given | fine
            if refused is not None:
                ok &= ~(given & refused)
    # A key whose answer is empty (None, [], {}) is dropped by check_answers: not as given.
    counts = chunk.key_counts()
    complete: np.ndarray = ok if counts is None else ok & (answered == counts)
    return complete


def _per_value(q: Any, distinct: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """For each distinct answer: given at all; valid and already in normal form; (consent) refused."""
    given = np.array([not is_unanswered(v) for v in distinct], dtype=bool)
    fine = np.zeros(len(distinct), dtype=bool)
    for i, v in enumerate(distinct):
        if given[i]:
            clean, valid = check_value(q, v)
            fine[i] = valid and same_answers(clean, v)
    refused = np.array([v is False for v in distinct], dtype=bool) if isinstance(q, Consent) else None
    return given, fine, refused


def _matrix(q: Matrix, chunk: Chunk) -> tuple[np.ndarray, np.ndarray]:
    """Given, and valid as given, per respondent: read row by row (whole matrix answers rarely repeat)."""
    kind, size = chunk.matrix_state(q.id)
    codes = {o.code for o in q.options} | ({DECLINED} if q.prefer_not_to_say else set())
    known = np.zeros(chunk.size, dtype=np.intp)
    valid = np.ones(chunk.size, dtype=bool)
    for r in q.rows:
        row_codes, row_values = chunk.row_factor(q.id, r.code)
        answered = np.array([v is not None for v in row_values], dtype=bool)[row_codes]
        known += answered
        valid &= ~answered | np.array([type(v) is str and v in codes for v in row_values], dtype=bool)[row_codes]
    # Every key a row of the matrix, every answer a code (so nothing for check_answers to drop or refuse).
    fine = (kind == MATRIX_ROWS) & valid & (size == known)
    if q.prefer_not_to_say:
        fine |= kind == MATRIX_DECLINED
    return kind != MATRIX_NONE, fine

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

from anonymize.chunks import DictChunk
from anonymize.derived_columns import Conditions, DerivedColumns
from instruments.checks import check_instrument
from instruments.model import Instrument
from instruments.questions import Consent, Matrix
from instruments.submission import check_value, is_unanswered
from instruments.text import DECLINED


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (True is not 1, 1 is not 1.0, order of a list counts)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    return bool(a == b)


_SOUND: dict[int, tuple[Instrument, bool]] = {}


def _sound(instrument: Instrument) -> bool:
    # Skip logic is evaluated over all of a row's answers at once, which equals reading them in order only
    # if no condition looks ahead; a loaded instrument is checked for that, one built in code may not be.
    found = _SOUND.get(id(instrument))
    if found is None or found[0] is not instrument:
        if len(_SOUND) > 16:
            _SOUND.clear()
        found = _SOUND[id(instrument)] = (
            instrument,
            not any(f.severity == "error" for f in check_instrument(instrument)),
        )
    return found[1]


def accepted_as_given(
    instrument: Instrument, answers: Sequence[Mapping[str, Any]], chunk: DictChunk | None = None
) -> np.ndarray:
    """Per answer set, whether ``check_answers`` accepts it with no problem and nothing changed.

    ``chunk`` may be the answers already read as columns (its factors are then shared with the caller).
    """
    n = len(answers)
    if not n or not _sound(instrument):
        return np.zeros(n, dtype=bool)
    questions = instrument.question_map
    ok = np.fromiter((questions.keys() >= a.keys() for a in answers), dtype=bool, count=n)
    chunk = chunk or DictChunk(answers, list(questions))
    conditions = Conditions(chunk, DerivedColumns(instrument.derived))
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
    complete: np.ndarray = ok & (answered == np.fromiter(map(len, answers), dtype=np.intp, count=n))
    return complete


def _per_value(q: Any, distinct: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """For each distinct answer: given at all; valid and already in normal form; (consent) refused."""
    given = np.array([not is_unanswered(v) for v in distinct], dtype=bool)
    fine = np.zeros(len(distinct), dtype=bool)
    for i, v in enumerate(distinct):
        if given[i]:
            clean, valid = check_value(q, v)
            fine[i] = valid and _same(clean, v)
    refused = np.array([v is False for v in distinct], dtype=bool) if isinstance(q, Consent) else None
    return given, fine, refused


def _matrix(q: Matrix, chunk: DictChunk) -> tuple[np.ndarray, np.ndarray]:
    """Given, and valid as given, per respondent: read row by row (whole matrix answers rarely repeat)."""
    values = chunk.values(q.id)
    given = np.fromiter((not is_unanswered(v) for v in values), dtype=bool, count=chunk.size)
    size = np.fromiter((len(v) if type(v) is dict else -1 for v in values), dtype=np.intp, count=chunk.size)
    codes = {o.code for o in q.options} | ({DECLINED} if q.prefer_not_to_say else set())
    known = np.zeros(chunk.size, dtype=np.intp)
    valid = np.ones(chunk.size, dtype=bool)
    for r in q.rows:
        row_codes, row_values = chunk.row_factor(q.id, r.code)
        answered = np.array([v is not None for v in row_values], dtype=bool)[row_codes]
        known += answered
        valid &= ~answered | np.array([type(v) is str and v in codes for v in row_values], dtype=bool)[row_codes]
    # Every key a row of the matrix, every answer a code (so nothing for check_answers to drop or refuse).
    fine = given & valid & (size == known)
    if q.prefer_not_to_say:
        fine |= np.fromiter((type(v) is str and v == DECLINED for v in values), dtype=bool, count=chunk.size)
    return given, fine

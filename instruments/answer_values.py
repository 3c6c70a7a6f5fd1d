"""One answer on its own: whether it fits its question, and its normal form.

The checks of :func:`instruments.submission.check_answers` that need nothing
but the question and the answer (codes, exclusive options, selection limits,
bounds, types); skip logic and consent are checked there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED
from kernel.errors import Location, Problem

__all__ = ["CheckedAnswers", "check_value", "fit_value", "is_unanswered"]


@dataclass
class CheckedAnswers:
    answers: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _problem(out: CheckedAnswers, where: Location, code: str, problem: str, fix: str) -> None:
    out.problems.append(Problem(code, where, problem, fix))


def _codes(options: list[Any]) -> str:
    return ", ".join(o.code for o in options)


def _check_value(q: Question, value: Any, where: Location, out: CheckedAnswers) -> Any:
    """The normalised value, or None after reporting a problem."""
    declined = q.prefer_not_to_say and (value in (DECLINED, [DECLINED]))
    if declined:
        return [DECLINED] if isinstance(q, MultiChoice) else DECLINED
    if isinstance(q, SingleChoice):
        if isinstance(value, str) and value in {o.code for o in q.options}:
            return value
        _problem(out, where, "unknown-option", f"{value!r} is not an option", f"use one of: {_codes(q.options)}")
    elif isinstance(q, MultiChoice):
        return _check_multi(q, value, where, out)
    elif isinstance(q, Matrix):
        return _check_matrix(q, value, where, out)
    elif isinstance(q, Text):
        if isinstance(value, str) and len(value) <= q.max_length:
            return value
        problem = (
            f"the text is {len(value)} characters long, more than {q.max_length}"
            if isinstance(value, str)
            else "a text answer must be text"
        )
        _problem(out, where, "invalid-answer", problem, "shorten it" if isinstance(value, str) else "give text")
    elif isinstance(q, Scale):
        points = [p.value for p in q.points]
        if isinstance(value, int) and not isinstance(value, bool) and value in points:
            return value
        _problem(
            out,
            where,
            "invalid-answer",
            f"{value!r} is not a point of the scale",
            f"use one of: {', '.join(map(str, points))}",
        )
    elif isinstance(q, Number):
        return _check_number(q, value, where, out)
    elif isinstance(q, Consent):
        if isinstance(value, bool):
            return value
        _problem(out, where, "invalid-answer", f"{value!r} is not yes or no", "give true or false")
    if value in (DECLINED, [DECLINED]):
        out.problems[-1] = Problem(
            "invalid-answer", where, "this question does not offer 'prefer not to say'", "leave it unanswered instead"
        )
    return None


def _check_multi(q: MultiChoice, value: Any, where: Location, out: CheckedAnswers) -> Any:
    known = [o.code for o in q.options]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _problem(
            out,
            where,
            "invalid-answer",
            "a multi-choice answer must be a list of option codes",
            f"give a list of: {', '.join(known)}",
        )
        return None
    unknown = [v for v in value if v not in known]
    if unknown:
        _problem(
            out,
            where,
            "unknown-option",
            f"{', '.join(map(repr, unknown))} not an option",
            f"use only: {', '.join(known)}",
        )
        return None
    chosen = set(value)
    if len(chosen) != len(value):
        _problem(out, where, "invalid-answer", "an option is ticked twice", "tick each option once")
        return None
    if not chosen:
        return None
    exclusive = [o.code for o in q.options if o.exclusive and o.code in chosen]
    if exclusive and len(chosen) > 1:
        _problem(
            out,
            where,
            "exclusive-option",
            f"'{exclusive[0]}' cannot be ticked together with other options",
            f"tick either '{exclusive[0]}' or the others",
        )
        return None
    if not exclusive and len(chosen) > q.selection_limit:
        _problem(
            out,
            where,
            "too-many-selections",
            f"{len(chosen)} options ticked, at most {q.selection_limit} allowed",
            f"tick at most {q.selection_limit}",
        )
        return None
    return [c for c in known if c in chosen]


def _matrix_codes(q: Matrix) -> tuple[frozenset[str], frozenset[str]]:
    declined = {DECLINED} if q.prefer_not_to_say else set()
    return frozenset(r.code for r in q.rows), frozenset({o.code for o in q.options} | declined)


def _check_matrix(
    q: Matrix,
    value: Any,
    where: Location,
    out: CheckedAnswers,
    known: tuple[frozenset[str], frozenset[str]] | None = None,
) -> Any:
    rows, codes = known or _matrix_codes(q)
    if not isinstance(value, Mapping):
        _problem(
            out,
            where,
            "invalid-answer",
            "a matrix answer must map row codes to option codes",
            f"rows: {', '.join(sorted(rows))}",
        )
        return None
    clean: dict[str, str] = {}
    for row, code in value.items():
        if row not in rows:
            _problem(out, where, "unknown-row", f"'{row}' is not a row", f"use rows: {', '.join(sorted(rows))}")
        elif code not in codes:
            _problem(
                out,
                where,
                "unknown-option",
                f"row '{row}': {code!r} is not an option",
                f"use one of: {', '.join(sorted(codes))}",
            )
        else:
            clean[str(row)] = str(code)
    return clean or None


def _check_number(q: Number, value: Any, where: Location, out: CheckedAnswers) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        _problem(out, where, "invalid-answer", f"{value!r} is not a number", "give a number")
        return None
    if q.integer and value != int(value):
        _problem(out, where, "invalid-answer", f"{value} is not a whole number", "give a whole number")
        return None
    if not q.min <= value <= q.max:
        _problem(
            out,
            where,
            "out-of-range",
            f"{value} is outside {q.min:g}–{q.max:g}",
            f"give a number from {q.min:g} to {q.max:g}",
        )
        return None
    return int(value) if q.integer else float(value)


def is_unanswered(value: Any) -> bool:
    """Whether an answer counts as not given (no value, an empty list or mapping)."""
    return value is None or (type(value) in (list, dict) and not value)


def check_value(q: Question, value: Any) -> tuple[Any, bool]:
    """One given answer on its own, without skip logic: its normalised form, and whether it is valid."""
    out = CheckedAnswers()
    if isinstance(q, Matrix) and value not in (DECLINED, [DECLINED]):
        clean = _check_matrix(q, value, Location(), out)
    else:
        clean = _check_value(q, value, Location(), out)
    return clean, not out.problems and clean is not None


def fit_value(q: Question, value: Any) -> tuple[Any, Problem | None]:
    """Like :func:`check_value`, with the first problem found (None when the value fits)."""
    out = CheckedAnswers()
    if isinstance(q, Matrix) and value not in (DECLINED, [DECLINED]):
        clean = _check_matrix(q, value, Location(), out)
    else:
        clean = _check_value(q, value, Location(), out)
    if out.problems:
        return None, out.problems[0]
    if clean is None:
        return None, Problem("invalid-answer", Location(question=q.id), "the answer is empty", "leave it unanswered")
    return clean, None

"""One respondent's answers, checked against the instrument before anything is stored.

Answers are a mapping from question id to:

- single choice: an option code; multi choice: a list of option codes;
- text: a string; scale: an integer point value; number: a number;
- matrix: a mapping from row code to option code; consent: true/false;
- anywhere "prefer not to say" is offered: the code ``prefer_not_to_say``
  (for multi choice, the list ``["prefer_not_to_say"]``).

A missing key is a missing answer. Every problem is reported (question id,
what is wrong, how to fix it), and the answers come back normalised (option
lists in questionnaire order). Skip logic is part of the check: an answer to a
question that was not to be asked is an error, because it means the data did
not come from this questionnaire.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .derived import is_relevant, scope_for
from .errors import Location, Problem
from .model import Instrument
from .questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from .text import DECLINED


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


def _check_matrix(q: Matrix, value: Any, where: Location, out: CheckedAnswers) -> Any:
    rows = {r.code for r in q.rows}
    codes = {o.code for o in q.options} | ({DECLINED} if q.prefer_not_to_say else set())
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


def check_answers(instrument: Instrument, answers: Mapping[str, Any], where: Location | None = None) -> CheckedAnswers:
    """Check one respondent's answers; ``where`` names the source (file and row) for messages."""
    base = where or Location()
    out = CheckedAnswers()
    questions = instrument.question_map
    for qid in answers:
        if qid not in questions:
            _problem(
                out,
                Location(base.file, base.line, row=base.row, question=str(qid)),
                "unknown-question",
                f"'{qid}' is not a question of {instrument.id}",
                "remove it, or check the instrument version",
            )
    for section in instrument.sections:
        for q in section.questions:
            here = Location(base.file, base.line, row=base.row, question=q.id)
            rows = [r.relevant for r in q.rows] if isinstance(q, Matrix) else []
            scope = scope_for(instrument, out.answers, section.relevant, q.relevant, *rows)
            asked = is_relevant(section.relevant, scope) and is_relevant(q.relevant, scope)
            if isinstance(q, Matrix):  # a matrix none of whose rows applies is not asked at all
                asked = asked and any(is_relevant(r.relevant, scope) for r in q.rows)
            value = answers.get(q.id)
            if value is None or value in ([], {}):
                if asked and q.required:
                    _problem(out, here, "required", "this question must be answered", "answer it")
                continue
            if not asked:
                _problem(
                    out,
                    here,
                    "not-asked",
                    "answered although the skip logic does not ask it",
                    "check the answers it depends on",
                )
                continue
            clean = _check_value(q, value, here, out)
            if isinstance(q, Matrix) and isinstance(clean, dict):
                skipped = [r.code for r in q.rows if r.code in clean and not is_relevant(r.relevant, scope)]
                if skipped:
                    _problem(
                        out,
                        here,
                        "not-asked",
                        f"row(s) {', '.join(skipped)} answered although not asked",
                        "check the answers they depend on",
                    )
                    continue
            if clean is not None:
                out.answers[q.id] = clean
    for q in questions.values():
        if isinstance(q, Consent) and out.answers.get(q.id) is False:
            _problem(
                out,
                Location(base.file, base.line, row=base.row, question=q.id),
                "no-consent",
                "consent was not given",
                "a response without consent is not stored",
            )
    return out

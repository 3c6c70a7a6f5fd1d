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
from dataclasses import dataclass, field, replace
from typing import Any

from .derived import uses_derived, with_derived
from .errors import Location, Problem
from .evaluation import Compiled, compiled
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


@dataclass(frozen=True)
class _Step:
    q: Question
    relevant: Compiled | None
    derived: bool
    """Whether the question's conditions use derived variables (which then are evaluated first)."""
    known: dict[object, Any] = field(default_factory=dict, compare=False)
    """Values already found valid, with their normalised form: answers repeat across respondents."""
    matrix: tuple[frozenset[str], frozenset[str]] | None = None
    """A matrix's row codes and answer codes; its answers rarely repeat whole, so they are checked each time."""
    always: bool = True
    """Whether some matrix row is asked whenever the matrix is (no condition of its own)."""
    conditional: tuple[tuple[str, Compiled], ...] = ()
    """The matrix rows with a condition of their own."""


_KNOWN_LIMIT = 4096


def _key(value: Any) -> object:
    # The type is part of the key: True == 1, yet a scale point 1 is valid where True is not.
    if isinstance(value, list):
        return (list, tuple(value))
    if isinstance(value, dict):
        return (dict, tuple(value.items()))
    return (type(value), value)


def _checked(step: _Step, value: Any, base: Location, out: CheckedAnswers) -> Any:
    """Like _check_value, remembering valid values; problems are never remembered, always reported."""
    if isinstance(step.q, Text):
        return _check_value(step.q, value, base, out)
    if step.matrix is not None and isinstance(step.q, Matrix) and value not in (DECLINED, [DECLINED]):
        return _check_matrix(step.q, value, base, out, step.matrix)
    try:
        key = _key(value)
        found = step.known.get(key, _MISSING)
    except TypeError:  # an unhashable part: check it the long way
        return _check_value(step.q, value, base, out)
    if found is _MISSING:
        before = len(out.problems)
        found = _check_value(step.q, value, base, out)
        if len(out.problems) > before or found is None:
            return found
        if len(step.known) < _KNOWN_LIMIT:
            step.known[key] = found
    # Each respondent gets its own list or mapping, never one shared with another respondent.
    return list(found) if isinstance(found, list) else dict(found) if isinstance(found, dict) else found


_MISSING = object()


@dataclass(frozen=True)
class _Plan:
    """What checking needs from an instrument, worked out once: compiled conditions, ids."""

    questions: dict[str, Question]
    sections: tuple[tuple[Compiled | None, bool, tuple[_Step, ...]], ...]
    consents: tuple[str, ...]


def _maybe(source: str | None) -> Compiled | None:
    return compiled(source) if source else None


def _make_plan(instrument: Instrument) -> _Plan:
    sections = []
    for s in instrument.sections:
        steps = []
        for q in s.questions:
            rows = q.rows if isinstance(q, Matrix) else []
            conditions = [q.relevant, *(r.relevant for r in rows)]
            steps.append(
                _Step(
                    q,
                    _maybe(q.relevant),
                    uses_derived(instrument, *conditions),
                    matrix=_matrix_codes(q) if isinstance(q, Matrix) else None,
                    always=not rows or any(r.relevant is None for r in rows),
                    conditional=tuple((r.code, compiled(r.relevant)) for r in rows if r.relevant),
                )
            )
        sections.append((_maybe(s.relevant), uses_derived(instrument, s.relevant), tuple(steps)))
    consents = tuple(q.id for q in instrument.questions() if isinstance(q, Consent))
    return _Plan(instrument.question_map, tuple(sections), consents)


# Checking runs once per response, hundreds of thousands of times per import: plans are kept per instrument.
_PLANS: dict[int, tuple[Instrument, _Plan]] = {}


def _plan(instrument: Instrument) -> _Plan:
    cached = _PLANS.get(id(instrument))
    if cached is not None and cached[0] is instrument:
        return cached[1]
    if len(_PLANS) > 16:
        _PLANS.clear()
    plan = _make_plan(instrument)
    _PLANS[id(instrument)] = (instrument, plan)
    return plan


def _holds(condition: Compiled | None, scope: Mapping[str, object], memo: dict[Compiled, bool]) -> bool:
    """Whether a condition holds, evaluated once per respondent.

    Conditions refer only to questions before them, which are settled by the
    time the condition is asked, so its value cannot change later in the same
    response: a condition shared by several questions or matrix rows (and the
    rows' conditions, looked at twice) is worked out once.
    """
    if condition is None:
        return True
    found = memo.get(condition)
    if found is None:
        found = memo[condition] = condition(scope) is True
    return found


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


def check_answers(instrument: Instrument, answers: Mapping[str, Any], where: Location | None = None) -> CheckedAnswers:
    """Check one respondent's answers; ``where`` names the source (file and row) for messages."""
    base = where or Location()
    out = CheckedAnswers()
    plan = _plan(instrument)
    questions = plan.questions
    memo: dict[Compiled, bool] = {}
    for qid in answers:
        if qid not in questions:
            _problem(
                out,
                Location(base.file, base.line, row=base.row, question=str(qid)),
                "unknown-question",
                f"'{qid}' is not a question of {instrument.id}",
                "remove it, or check the instrument version",
            )
    for section_relevant, section_derived, steps in plan.sections:
        scope = with_derived(instrument, out.answers) if section_derived else out.answers
        section_asked = _holds(section_relevant, scope, memo)
        for step in steps:
            q = step.q
            value = answers.get(q.id)
            scope = with_derived(instrument, out.answers) if step.derived else out.answers
            asked = section_asked
            if asked and step.relevant is not None:
                asked = _holds(step.relevant, scope, memo)
            if asked and not step.always:  # a matrix none of whose rows applies is not asked at all
                asked = any(_holds(row, scope, memo) for _, row in step.conditional)
            if is_unanswered(value):
                if asked and q.required:
                    _problem(out, _here(base, q), "required", "this question must be answered", "answer it")
                continue
            if not asked:
                _problem(
                    out,
                    _here(base, q),
                    "not-asked",
                    "answered although the skip logic does not ask it",
                    "check the answers it depends on",
                )
                continue
            # A code or number seen valid before needs no second look (the common case, inlined).
            clean = step.known.get((str, value), _MISSING) if type(value) is str else _MISSING
            if clean is not _MISSING:
                out.answers[q.id] = clean
                continue
            before = len(out.problems)
            clean = _checked(step, value, base, out)
            if len(out.problems) > before:  # locations are made only for problems: most rows have none
                here = _here(base, q)
                out.problems[before:] = [replace(p, where=here) for p in out.problems[before:]]
            if step.conditional and isinstance(clean, dict):
                skipped = [code for code, row in step.conditional if code in clean and not _holds(row, scope, memo)]
                if skipped:
                    _problem(
                        out,
                        _here(base, q),
                        "not-asked",
                        f"row(s) {', '.join(skipped)} answered although not asked",
                        "check the answers they depend on",
                    )
                    continue
            if clean is not None:
                out.answers[q.id] = clean
    for qid in plan.consents:
        if out.answers.get(qid) is False:
            _problem(
                out,
                Location(base.file, base.line, row=base.row, question=qid),
                "no-consent",
                "consent was not given",
                "a response without consent is not stored",
            )
    return out


def _here(base: Location, q: Question) -> Location:
    return Location(base.file, base.line, row=base.row, question=q.id)

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

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from instruments.answer_values import (
    CheckedAnswers,
    _check_matrix,
    _check_value,
    _matrix_codes,
    _problem,
    is_unanswered,
)
from instruments.derived import uses_derived, with_derived
from instruments.expressions.evaluation import Compiled, compiled
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Question, SingleChoice, Text
from instruments.text import DECLINED
from kernel.errors import Location


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
    offered: dict[str, Compiled] = field(default_factory=dict, compare=False)
    """The options with a condition of their own (a choice offered by an earlier answer), by code."""
    any_option: bool = True
    """Whether some option is offered whenever the question is asked (a question offering none is not asked)."""


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
            options = q.options if isinstance(q, (SingleChoice, MultiChoice)) else []
            conditions = [q.relevant, *(r.relevant for r in rows), *(o.relevant for o in options)]
            steps.append(
                _Step(
                    q,
                    _maybe(q.relevant),
                    uses_derived(instrument, *conditions),
                    matrix=_matrix_codes(q) if isinstance(q, Matrix) else None,
                    always=not rows or any(r.relevant is None for r in rows),
                    conditional=tuple((r.code, compiled(r.relevant)) for r in rows if r.relevant),
                    offered={o.code: compiled(o.relevant) for o in options if o.relevant},
                    any_option=any(o.relevant is None for o in options) or not options,
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
            if asked and not step.any_option and (q.required or not is_unanswered(value)):
                asked = _offers_any(step, value, scope, memo)  # a choice offering no option is not asked
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
            clean = step.known.get((str, value), _MISSING) if type(value) is str and not step.offered else _MISSING
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
            if step.offered and clean is not None and _not_offered(step, clean, scope, memo, out=out, base=base):
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


def _offers_any(step: _Step, value: Any, scope: Mapping[str, object], memo: dict[Compiled, bool]) -> bool:
    """Whether some option is offered: the answer's own options first, since a cascade has hundreds."""
    picked = value if isinstance(value, list) else [value]
    if any(
        isinstance(code, str) and code in step.offered and _holds(step.offered[code], scope, memo) for code in picked
    ):
        return True
    return any(_holds(option, scope, memo) for option in dict.fromkeys(step.offered.values()))


def _not_offered(
    step: _Step,
    clean: Any,
    scope: Mapping[str, object],
    memo: dict[Compiled, bool],
    *,
    out: CheckedAnswers,
    base: Location,
) -> bool:
    """Report options answered that the earlier answers do not offer; True if there are any."""
    picked = clean if isinstance(clean, list) else [clean]
    refused = [code for code in picked if code in step.offered and not _holds(step.offered[code], scope, memo)]
    if refused:
        _problem(
            out,
            _here(base, step.q),
            "not-offered",
            f"option(s) {', '.join(refused)} answered although the earlier answers do not offer them",
            "check the answers they depend on",
        )
    return bool(refused)


def _here(base: Location, q: Question) -> Location:
    return Location(base.file, base.line, row=base.row, question=q.id)

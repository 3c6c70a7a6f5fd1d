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

Whoever checks many submissions (the web form, the importers) makes one
:class:`SubmissionChecker` per instrument and keeps it: it compiles the
instrument's checks once (:mod:`instruments.answers.plan`) and remembers the
answers it found valid, which repeat across respondents. :func:`check_answers`
checks one submission with a checker of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from instruments.answers.plan import CheckPlan, Step
from instruments.answers.values import CheckedAnswers, is_unanswered, normal_matrix, normal_value
from instruments.derived import with_derived
from instruments.expressions.evaluation import Compiled
from instruments.model import Instrument
from instruments.questions import Matrix, Question, Text
from instruments.text import DECLINED
from kernel.errors import Location

#: How many valid values a checker remembers per question (a free-ish answer, such as a number, can have many).
KNOWN_LIMIT = 4096

_MISSING = object()


def check_answers(instrument: Instrument, answers: Mapping[str, Any], where: Location | None = None) -> CheckedAnswers:
    """Check one respondent's answers; ``where`` names the source (file and row) for messages.

    To check many, keep a :class:`SubmissionChecker` instead: this compiles the instrument's checks each time.
    """
    return SubmissionChecker(instrument).check(answers, where)


class SubmissionChecker:
    """Checks submissions against one instrument: its plan compiled once, the values found valid remembered.

    Pickled (for the import's worker processes), it travels as its instrument and is compiled again there.
    """

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.plan = CheckPlan.of(instrument)
        # Per question (by its step's index): values found valid, with their normal form. Problems are never
        # remembered, always reported.
        self._known: tuple[dict[object, Any], ...] = tuple({} for s in self.plan.sections for _ in s.steps)

    def __reduce__(self) -> tuple[type[SubmissionChecker], tuple[Instrument]]:
        return (SubmissionChecker, (self.instrument,))

    def check(self, answers: Mapping[str, Any], where: Location | None = None) -> CheckedAnswers:
        """Check one respondent's answers; ``where`` names the source (file and row) for messages."""
        instrument, plan, known = self.instrument, self.plan, self._known
        base = where or Location()
        out = CheckedAnswers()
        questions = plan.questions
        memo: dict[Compiled, bool] = {}
        for qid in answers:
            if qid not in questions:
                out.add(
                    Location(base.file, base.line, row=base.row, question=str(qid)),
                    "unknown-question",
                    f"'{qid}' is not a question of {instrument.id}",
                    "remove it, or check the instrument version",
                )
        for section in plan.sections:
            scope = with_derived(instrument, out.answers) if section.derived else out.answers
            section_asked = _holds(section.relevant, scope, memo)
            for step in section.steps:
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
                        out.add(_here(base, q), "required", "this question must be answered", "answer it")
                    continue
                if not asked:
                    out.add(
                        _here(base, q),
                        "not-asked",
                        "answered although the skip logic does not ask it",
                        "check the answers it depends on",
                    )
                    continue
                # A code or number seen valid before needs no second look (the common case, inlined).
                seen = known[step.index]
                clean = seen.get((str, value), _MISSING) if type(value) is str and not step.offered else _MISSING
                if clean is not _MISSING:
                    out.answers[q.id] = clean
                    continue
                before = len(out.problems)
                clean = _checked(step, seen, value, base, out)
                if len(out.problems) > before:  # locations are made only for problems: most rows have none
                    here = _here(base, q)
                    out.problems[before:] = [replace(p, where=here) for p in out.problems[before:]]
                if step.conditional and isinstance(clean, dict):
                    skipped = [code for code, row in step.conditional if code in clean and not _holds(row, scope, memo)]
                    if skipped:
                        out.add(
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
                out.add(
                    Location(base.file, base.line, row=base.row, question=qid),
                    "no-consent",
                    "consent was not given",
                    "a response without consent is not stored",
                )
        return out


def _key(value: Any) -> object:
    # The type is part of the key: True == 1, yet a scale point 1 is valid where True is not.
    if isinstance(value, list):
        return (list, tuple(value))
    if isinstance(value, dict):
        return (dict, tuple(value.items()))
    return (type(value), value)


def _checked(step: Step, known: dict[object, Any], value: Any, base: Location, out: CheckedAnswers) -> Any:
    """Like normal_value, remembering valid values in ``known``; problems are never remembered, always reported."""
    if isinstance(step.q, Text):
        return normal_value(step.q, value, base, out)
    if step.matrix is not None and isinstance(step.q, Matrix) and value not in (DECLINED, [DECLINED]):
        return normal_matrix(step.q, value, base, out, step.matrix)
    try:
        key = _key(value)
        found = known.get(key, _MISSING)
    except TypeError:  # an unhashable part: check it the long way
        return normal_value(step.q, value, base, out)
    if found is _MISSING:
        before = len(out.problems)
        found = normal_value(step.q, value, base, out)
        if len(out.problems) > before or found is None:
            return found
        if len(known) < KNOWN_LIMIT:
            known[key] = found
    # Each respondent gets its own list or mapping, never one shared with another respondent.
    return list(found) if isinstance(found, list) else dict(found) if isinstance(found, dict) else found


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


def _offers_any(step: Step, value: Any, scope: Mapping[str, object], memo: dict[Compiled, bool]) -> bool:
    """Whether some option is offered: the answer's own options first, since a cascade has hundreds."""
    picked = value if isinstance(value, list) else [value]
    if any(
        isinstance(code, str) and code in step.offered and _holds(step.offered[code], scope, memo) for code in picked
    ):
        return True
    return any(_holds(option, scope, memo) for option in dict.fromkeys(step.offered.values()))


def _not_offered(
    step: Step,
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
        out.add(
            _here(base, step.q),
            "not-offered",
            f"option(s) {', '.join(refused)} answered although the earlier answers do not offer them",
            "check the answers they depend on",
        )
    return bool(refused)


def _here(base: Location, q: Question) -> Location:
    return Location(base.file, base.line, row=base.row, question=q.id)

"""What checking a submission needs from an instrument, worked out once per instrument.

Each question's conditions compiled into closures, whether they read derived
variables, a matrix's codes, which rows and options have a condition of their
own. A :class:`CheckPlan` holds nothing that changes; the values found valid
while checking are remembered by the :class:`~instruments.answers.submission.SubmissionChecker`
that owns the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from instruments.answers.values import MatrixCodes, matrix_codes
from instruments.derived import uses_derived
from instruments.expressions.evaluation import Compiled, compiled
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Question, SingleChoice


@dataclass(frozen=True)
class Step:
    """One question as the check walks it."""

    index: int
    """Its place among all of the instrument's questions (the checker's memory of valid values is kept by it)."""
    q: Question
    relevant: Compiled | None
    derived: bool
    """Whether the question's conditions use derived variables (which then are evaluated first)."""
    matrix: MatrixCodes | None
    """A matrix's row codes and answer codes; its answers rarely repeat whole, so they are checked each time."""
    always: bool
    """Whether some matrix row is asked whenever the matrix is (no condition of its own)."""
    conditional: tuple[tuple[str, Compiled], ...]
    """The matrix rows with a condition of their own."""
    offered: Mapping[str, Compiled]
    """The options with a condition of their own (a choice offered by an earlier answer), by code."""
    any_option: bool
    """Whether some option is offered whenever the question is asked (a question offering none is not asked)."""


@dataclass(frozen=True)
class Section:
    relevant: Compiled | None
    derived: bool
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class CheckPlan:
    """An instrument's checks, compiled: made by :meth:`of`, shared by every submission checked against it."""

    questions: Mapping[str, Question]
    sections: tuple[Section, ...]
    consents: tuple[str, ...]

    @classmethod
    def of(cls, instrument: Instrument) -> CheckPlan:
        sections = []
        index = 0
        for s in instrument.sections:
            steps = []
            for q in s.questions:
                steps.append(_step(instrument, index, q))
                index += 1
            sections.append(Section(_maybe(s.relevant), uses_derived(instrument, s.relevant), tuple(steps)))
        consents = tuple(q.id for q in instrument.questions() if isinstance(q, Consent))
        return cls(instrument.question_map, tuple(sections), consents)


def _step(instrument: Instrument, index: int, q: Question) -> Step:
    rows = q.rows if isinstance(q, Matrix) else []
    options = q.options if isinstance(q, (SingleChoice, MultiChoice)) else []
    conditions = [q.relevant, *(r.relevant for r in rows), *(o.relevant for o in options)]
    return Step(
        index,
        q,
        _maybe(q.relevant),
        uses_derived(instrument, *conditions),
        matrix=matrix_codes(q) if isinstance(q, Matrix) else None,
        always=not rows or any(r.relevant is None for r in rows),
        conditional=tuple((r.code, compiled(r.relevant)) for r in rows if r.relevant),
        offered={o.code: compiled(o.relevant) for o in options if o.relevant},
        any_option=any(o.relevant is None for o in options) or not options,
    )


def _maybe(source: str | None) -> Compiled | None:
    return compiled(source) if source else None

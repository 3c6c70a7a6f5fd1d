"""Carrying answers from one instrument version to the next, and counting what cannot be carried.

A :class:`VersionStep` says, for one earlier version, where each of its
questions, options, matrix rows and scale points went in the next version:
kept (same id or code; nothing to write), renamed, merged (several codes into
one), or removed. :class:`VersionBridge` chains the steps from any kept
version to the current one.

Carrying never drops anything silently: every answer, option, row or point
that has no place in the next version is returned as a :class:`Loss` with the
reason, and so is a carried answer that does not fit the next version's
question (more options ticked than it allows, an exclusive option now ticked
with others, a number outside narrowed bounds, "prefer not to say" withdrawn).
What is carried therefore always fits the current instrument, whose option
sets and selection limits are the bounds differential privacy relies on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from instruments.answer_values import fit_value, is_unanswered
from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED

Answers = dict[str, Any]
CodeKey = str | int


@dataclass(frozen=True)
class CodeMap:
    """Where the codes of one list (options, rows or scale points) went; codes not named are kept."""

    renamed: Mapping[CodeKey, CodeKey] = field(default_factory=dict)
    """Old code → new code; several old codes to one new code is a merge."""
    removed: frozenset[CodeKey] = frozenset()
    added: frozenset[CodeKey] = frozenset()
    """New codes no old answer can hold: listed for the reviewer, never used to carry."""

    def carry(self, code: CodeKey) -> CodeKey | None:
        if code in self.removed:
            return None
        return self.renamed.get(code, code)


@dataclass(frozen=True)
class QuestionMap:
    """Where one question of the earlier version went; ``target`` None means it was removed."""

    target: str | None
    options: CodeMap = field(default_factory=CodeMap)
    rows: CodeMap = field(default_factory=CodeMap)
    points: CodeMap = field(default_factory=CodeMap)


@dataclass(frozen=True)
class Loss:
    """Answers that could not be carried: which, where, and why."""

    collected_under: str
    """The version the response was collected under."""
    step: str
    """The step where it was lost, ``FROM → TO``."""
    question: str
    """The question's id in the step's earlier version."""
    code: str | None
    """The option, ``ROW`` or ``ROW=OPTION`` of a matrix, or scale point; None for the whole answer."""
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "collected_under": self.collected_under,
            "step": self.step,
            "question": self.question,
            "code": self.code,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class VersionStep:
    """How answers of ``old`` carry to ``new``; questions not listed in ``questions`` keep their id."""

    old: Instrument
    new: Instrument
    questions: Mapping[str, QuestionMap] = field(default_factory=dict)
    source: str = ""
    """The mapping file, for messages."""

    @property
    def name(self) -> str:
        return f"{self.old.version} → {self.new.version}"

    memo: dict[Any, _Carried] = field(default_factory=dict, compare=False, repr=False)
    """Answers already carried, by value: they repeat across respondents (see :mod:`instruments.submission`)."""

    @cached_property
    def _question_maps(self) -> tuple[dict[str, Question], dict[str, Question]]:
        return self.old.question_map, self.new.question_map

    def carry(self, answers: Mapping[str, Any], collected_under: str) -> tuple[Answers, list[Loss]]:
        """The answers as the next version holds them, and what could not be carried."""
        out: Answers = {}
        losses: list[Loss] = []
        olds = self._question_maps[0]
        for qid, value in answers.items():
            if is_unanswered(value):
                continue
            # Free text and matrices rarely repeat whole: remembering them would only fill the memo.
            key = None if isinstance(olds.get(qid), (Text, Matrix)) else _memo_key(collected_under, qid, value)
            found = self.memo.get(key) if key is not None else None
            if found is None:
                found = self._carry_one(qid, value, collected_under)
                if key is not None and len(self.memo) < _MEMO_LIMIT:
                    self.memo[key] = found
            target, clean, lost = found
            losses.extend(lost)
            if target is not None:
                # Each respondent gets its own list or mapping, never one shared with another respondent.
                out[target] = (
                    list(clean) if isinstance(clean, list) else dict(clean) if isinstance(clean, dict) else clean
                )
        return out, losses

    def _carry_one(self, qid: str, value: Any, collected_under: str) -> _Carried:
        lost: list[Loss] = []

        def lose(code: object, reason: str) -> None:
            lost.append(Loss(collected_under, self.name, qid, None if code is None else str(code), reason))

        olds, news = self._question_maps
        qmap = self.questions.get(qid, QuestionMap(qid))
        old_q = olds.get(qid)
        target = news.get(qmap.target) if qmap.target is not None else None
        if old_q is None:
            lose(None, f"not-a-question-of-{self.old.version}")
            return None, None, tuple(lost)
        if target is None:
            lose(None, "question-removed")
            return None, None, tuple(lost)
        moved = _move(old_q, target, qmap, value, lose)
        if is_unanswered(moved):
            return None, None, tuple(lost)
        clean, problem = fit_value(target, moved)
        if problem is not None:
            lose(None, problem.code)
            return None, None, tuple(lost)
        return target.id, clean, tuple(lost)


_MEMO_LIMIT = 4096
#: An answer carried: the question it now belongs to (None if not carried), its value, what was lost.
_Carried = tuple[str | None, Any, tuple[Loss, ...]]


def _memo_key(collected_under: str, qid: str, value: Any) -> object | None:
    # The type is part of the key: True == 1, yet a scale point 1 is valid where True is not.
    try:
        if isinstance(value, list):
            key: object = (list, tuple(value))
        elif isinstance(value, dict):
            key = (dict, tuple(value.items()))
        else:
            key = (type(value), value)
        hash(key)
    except TypeError:
        return None
    return (collected_under, qid, key)


def _declined(value: Any) -> bool:
    return bool(value in (DECLINED, [DECLINED]))


def _move(old: Question, new: Question, qmap: QuestionMap, value: Any, lose: Any) -> Any:
    """One answer moved onto the new question's codes; lost codes are reported through ``lose``."""
    if _declined(value):
        return [DECLINED] if isinstance(new, MultiChoice) else DECLINED
    if isinstance(old, SingleChoice) and isinstance(value, str):
        code = qmap.options.carry(value)
        if code is None:
            lose(value, "option-removed")
            return None
        return [code] if isinstance(new, MultiChoice) else code
    if isinstance(old, MultiChoice) and isinstance(value, list):
        moved: list[CodeKey] = []
        for v in value:
            code = qmap.options.carry(v)
            if code is None:
                lose(v, "option-removed")
            elif code not in moved:  # two merged options ticked are one tick of their merger
                moved.append(code)
        return moved
    if isinstance(old, Matrix) and isinstance(value, dict):
        cells: dict[CodeKey, CodeKey] = {}
        for row, cell in value.items():
            new_row = qmap.rows.carry(row)
            if new_row is None:
                lose(row, "row-removed")
                continue
            new_cell = qmap.options.carry(cell) if not _declined(cell) else cell
            if new_cell is None:
                lose(f"{row}={cell}", "option-removed")
                continue
            if new_row in cells:  # two merged rows answered: only one answer fits the row
                lose(row, "rows-merged-with-two-answers")
                cells.pop(new_row)
                continue
            cells[new_row] = new_cell
        return cells
    if isinstance(old, Scale) and isinstance(value, int) and not isinstance(value, bool):
        point = qmap.points.carry(value)
        if point is None:
            lose(value, "point-removed")
        return point
    return value  # text, number, consent, or a value of the wrong shape that the fit check reports


@dataclass(frozen=True)
class VersionBridge:
    """The steps from every kept version to the current instrument."""

    current: Instrument
    steps: Mapping[str, VersionStep] = field(default_factory=dict)
    """By the version they start from."""

    def carries(self, version: str) -> bool:
        return version == self.current.version or version in self.steps

    def chain(self, version: str) -> list[VersionStep]:
        """The steps from ``version`` to the current one (validation rules out loops and gaps)."""
        out: list[VersionStep] = []
        while version != self.current.version:
            step = self.steps[version]
            out.append(step)
            version = step.new.version
        return out

    def carry(self, version: str, answers: Mapping[str, Any]) -> tuple[Answers, list[Loss]]:
        """Answers collected under ``version`` as the current instrument holds them, and every loss on the way."""
        carried: Answers = dict(answers)
        losses: list[Loss] = []
        for step in self.chain(version):
            carried, lost = step.carry(carried, version)
            losses.extend(lost)
        return carried, losses


@dataclass(frozen=True)
class CarryReport:
    """Responses by the version they were collected under, and every answer that could not be carried."""

    current: str
    responses: Mapping[str, int] = field(default_factory=dict)
    not_carried: Mapping[Loss, int] = field(default_factory=dict)
    """How many responses lost each answer, option, row or point, and why."""

    @property
    def lost(self) -> int:
        return sum(self.not_carried.values())

    def to_json(self) -> dict[str, Any]:
        order = sorted(self.not_carried.items(), key=lambda kv: (kv[0].collected_under, kv[0].step, kv[0].question))
        return {
            "current": self.current,
            "responses_by_version": dict(sorted(self.responses.items())),
            "not_carried": [{**loss.to_json(), "responses": n} for loss, n in order],
        }

    def lines(self) -> list[str]:
        """A plain summary: what was carried from which version, and what was not."""
        earlier = {v: n for v, n in sorted(self.responses.items()) if v != self.current}
        if not earlier:
            return []
        out = [f"{n} response(s) collected under {v} carried to {self.current}" for v, n in earlier.items()]
        if not self.not_carried:
            out.append("every answer of them was carried")
        for loss, n in sorted(self.not_carried.items(), key=lambda kv: (kv[0].collected_under, kv[0].question)):
            what = f"question '{loss.question}'" + (f" {loss.code!r}" if loss.code is not None else "")
            out.append(
                f"not carried: {what} in {n} response(s) collected under {loss.collected_under} "
                f"({loss.reason}, at {loss.step})"
            )
        return out

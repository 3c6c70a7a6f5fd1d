"""Reading one version mapping file and checking it against both instruments.

The file says how answers of an earlier version carry to the next one::

    from: 1.0.0          # the earlier version (the instrument kept beside this file)
    to: 2.0.0            # the next version: the current one, or another kept one
    questions:
      gender:
        options:
          renamed: {f: woman}          # old code: new code
          merged: {other: [x, y]}      # new code: [old codes]
          removed: [z]                 # answers counted and reported, never carried
          added: [non_binary]          # new codes, for the reviewer
      city: {removed: true}
      age_band: {renamed_to: age_group}

Matrix rows go under ``rows:`` and scale points under ``points:`` in the same
shape. Questions, options, rows and points not named keep their id or code;
anything of the earlier version that the next version does not have must be
named, or the file is refused with its line and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Question, Scale, SingleChoice
from instruments.versions.mapping import CodeKey, CodeMap, QuestionMap, VersionStep
from kernel.errors import InstrumentError, Location, Problem
from kernel.yaml_source import MarkedDict, locate

_FIX_KEYS = "see the example in the README (section 'Form versions'), or draft the file with `eqsurvey instrument versions draft`"


class _Changes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    renamed: dict[str, str] = Field(default_factory=dict)
    merged: dict[str, list[str]] = Field(default_factory=dict)
    removed: list[str] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)


class _PointChanges(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    renamed: dict[int, int] = Field(default_factory=dict)
    merged: dict[int, list[int]] = Field(default_factory=dict)
    removed: list[int] = Field(default_factory=list)
    added: list[int] = Field(default_factory=list)


class _QuestionChanges(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    removed: bool = False
    renamed_to: str | None = None
    options: _Changes | None = None
    rows: _Changes | None = None
    points: _PointChanges | None = None


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_version: str = Field(alias="from")
    to: str
    questions: dict[str, _QuestionChanges] = Field(default_factory=dict)


def parse_mapping(raw: Any, file: str) -> MappingFile:
    """The file's shape checked; problems name file:line."""
    if not isinstance(raw, MarkedDict):
        raise InstrumentError.single(
            "mapping-shape",
            "a version mapping must be a mapping of keys (from, to, questions)",
            _FIX_KEYS,
            Location(file=file, line=1),
        )
    try:
        return MappingFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False)[:20]:
            loc = tuple(err["loc"])
            where = locate(raw, loc)
            where = Location(file=where.file or file, line=where.line, question=_question_of(loc))
            key = ".".join(str(p) for p in loc)
            if err["type"] == "extra_forbidden":
                problem, fix = f"unknown key '{loc[-1]}'", "use only the keys shown in the README's example"
            elif err["type"] == "missing":
                problem, fix = f"the required key '{key}' is missing", f"add '{loc[-1]}: …'"
            else:
                problem = f"{key}: {err['msg']}"
                fix = "quote versions ('1.0.0'); codes are text, scale points whole numbers"
            problems.append(Problem("mapping-invalid", where, problem, fix))
        raise InstrumentError(problems) from None


def _question_of(loc: tuple[Any, ...]) -> str | None:
    return str(loc[1]) if len(loc) > 1 and loc[0] == "questions" else None


def _type_fits(old: Question, new: Question) -> bool:
    return type(old) is type(new) or (isinstance(old, SingleChoice) and isinstance(new, MultiChoice))


@dataclass
class _Checker:
    """Collects every problem of one file, each with its line."""

    raw: Any
    file: str
    problems: list[Problem] = field(default_factory=list)

    def fail(self, path: tuple[str | int, ...], question: str | None, problem: str, fix: str) -> None:
        line = locate(self.raw, path).line
        self.problems.append(Problem("mapping", Location(file=self.file, line=line, question=question), problem, fix))


def build_step(raw: Any, file: str, old: Instrument, new: Instrument) -> VersionStep:
    """The mapping file as a step from ``old`` to ``new``; every problem is listed with file:line."""
    spec = parse_mapping(raw, file)
    check = _Checker(raw, file)
    if spec.from_version != old.version:
        check.fail(
            ("from",),
            None,
            f"from: {spec.from_version}, but the instrument kept beside this file is version {old.version}",
            f"write from: '{old.version}', or keep the instrument of {spec.from_version} beside this file",
        )
    if spec.to != new.version:
        check.fail(("to",), None, f"to: {spec.to} is not version {new.version}", f"write to: '{new.version}'")
    old_qs, new_qs = old.question_map, new.question_map
    questions: dict[str, QuestionMap] = {}
    claimed: dict[str, str] = {}
    for qid, change in spec.questions.items():
        at = ("questions", qid)
        if qid not in old_qs:
            check.fail(at, qid, f"version {old.version} has no question '{qid}'", "use an id of the earlier version")
            continue
        if change.removed:
            if change.renamed_to or change.options or change.rows or change.points:
                check.fail(at, qid, "a removed question has nothing else to map", "keep removed: true or the rest")
            questions[qid] = QuestionMap(None)
            continue
        target_id = change.renamed_to or qid
        target = new_qs.get(target_id)
        if target is None:
            check.fail(
                at,
                qid,
                f"version {new.version} has no question '{target_id}'",
                "write renamed_to: NEW_ID with an id of the next version, or removed: true",
            )
            continue
        if target_id in claimed:
            check.fail(
                at,
                qid,
                f"'{claimed[target_id]}' and '{qid}' would both go to '{target_id}'",
                "map one of them elsewhere, or write removed: true for it",
            )
            continue
        claimed[target_id] = qid
        questions[qid] = _question(check, old_qs[qid], target, change, at)
    for qid, q in old_qs.items():
        if qid in spec.questions:
            continue
        target = new_qs.get(qid)
        if target is None:
            check.fail(
                ("questions",) if "questions" in raw else ("to",),
                qid,
                f"question '{qid}' of {old.version} is not in {new.version}",
                f"under questions: write '{qid}: {{removed: true}}' or '{qid}: {{renamed_to: NEW_ID}}'",
            )
        elif qid in claimed:
            check.fail(
                ("questions", claimed[qid]),
                qid,
                f"'{claimed[qid]}' goes to '{qid}', which {old.version} has too",
                f"say what happens to '{qid}' of {old.version} as well (removed: true, or renamed_to)",
            )
        else:
            claimed[qid] = qid
            questions[qid] = _question(check, q, target, _QuestionChanges(), ("questions",))
    if check.problems:
        raise InstrumentError(check.problems)
    return VersionStep(old, new, {k: v for k, v in questions.items() if v != QuestionMap(k)}, file)


def _question(
    check: _Checker, old: Question, new: Question, change: _QuestionChanges, at: tuple[str | int, ...]
) -> QuestionMap:
    if not _type_fits(old, new):
        check.fail(
            at,
            old.id,
            f"the type changed from {old.type} to {new.type}; its answers cannot be carried",
            f"write '{old.id}: {{removed: true}}' (its answers are then counted and reported as not carried)",
        )
        return QuestionMap(None)
    for key, fits in (
        ("rows", isinstance(old, Matrix)),
        ("points", isinstance(old, Scale)),
        ("options", isinstance(old, (SingleChoice, MultiChoice, Matrix))),
    ):
        if getattr(change, key) is not None and not fits:
            check.fail((*at, key), old.id, f"a {old.type} question has no {key}", f"delete {key}:")
    lists = _Lists(check, old.id)
    options = rows = points = CodeMap()
    if isinstance(old, (SingleChoice, MultiChoice, Matrix)) and isinstance(new, (SingleChoice, MultiChoice, Matrix)):
        options = lists.codes(
            "option", [o.code for o in old.options], [o.code for o in new.options], change.options, (*at, "options")
        )
    if isinstance(old, Matrix) and isinstance(new, Matrix):
        rows = lists.codes("row", [r.code for r in old.rows], [r.code for r in new.rows], change.rows, (*at, "rows"))
    if isinstance(old, Scale) and isinstance(new, Scale):
        points = lists.codes(
            "point", [p.value for p in old.points], [p.value for p in new.points], change.points, (*at, "points")
        )
    return QuestionMap(new.id, options, rows, points)


@dataclass
class _Lists:
    """Checks the options, rows or points of one question."""

    check: _Checker
    question: str

    def codes(
        self,
        noun: str,
        old_codes: list[Any],
        new_codes: list[Any],
        change: _Changes | _PointChanges | None,
        at: tuple[str | int, ...],
    ) -> CodeMap:
        spec = change or _Changes()
        old_set, new_set = set(old_codes), set(new_codes)
        fail = partial(self.check.fail, question=self.question)
        renamed: dict[CodeKey, CodeKey] = {}
        named: set[Any] = set()

        def name(code: Any, where: tuple[str | int, ...]) -> bool:
            if code not in old_set:
                fail(where, problem=f"the earlier {noun}s have no '{code}'", fix=f"use one of: {_listed(old_codes)}")
                return False
            if code in named:
                fail(where, problem=f"{noun} '{code}' is mapped twice", fix="name each earlier code once")
                return False
            named.add(code)
            return True

        def known_new(code: Any, where: tuple[str | int, ...]) -> bool:
            if code in new_set:
                return True
            fail(where, problem=f"the next version's {noun}s have no '{code}'", fix=f"use one of: {_listed(new_codes)}")
            return False

        for old, new in spec.renamed.items():
            if name(old, (*at, "renamed", old)) and known_new(new, (*at, "renamed", old)):
                renamed[old] = new
        for new, olds in spec.merged.items():
            if known_new(new, (*at, "merged", new)):
                renamed.update({old: new for old in olds if name(old, (*at, "merged", new))})
        removed = frozenset(code for code in spec.removed if name(code, (*at, "removed")))
        only_new = [c for c in new_codes if c not in old_set]
        for code in spec.added:
            if code not in only_new:
                fail(
                    (*at, "added"),
                    problem=f"'{code}' is not a {noun} that only the next version has",
                    fix=f"list under added only new {noun}s: {_listed(only_new) or 'none'}",
                )
        missing = [c for c in old_codes if c not in new_set and c not in named]
        if missing:
            fail(
                at,
                problem=f"{noun}(s) {_listed(missing)} are not in the next version",
                fix=f"list each under {noun}s: renamed, merged or removed",
            )
        return CodeMap(renamed, removed, frozenset(spec.added))


def _listed(codes: list[Any]) -> str:
    return ", ".join(map(str, codes))

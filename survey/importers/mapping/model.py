"""The column-mapping file: how someone else's spreadsheet fills an instrument's questions.

Exports from other tools and spreadsheets kept by hand name their columns and
write their answers in their own way ("Frau", "x", "k.A."). A mapping file says,
once and reviewably, which column fills which question and what the cell
values mean::

    instrument: musterstadt-2026
    sheet: Antworten            # XLSX only; default: the first sheet
    header_row: 1               # the row with the column names
    access_code: Zugangscode    # optional
    response_id: Laufnummer     # optional: the response's id at its source (recognises it when re-exported)
    declined: ["keine Angabe"]  # default: the instrument's wording of "prefer not to say"
    missing: ["-"]              # an empty cell is always missing
    ignore: [Zeitstempel, IP]   # every column is mapped or ignored, nothing silently
    values:                     # recodes for every column of a question
      discr_5y: {Ja: "yes", Nein: "no"}
    columns:
      Bezirk: ms_district       # short form: just the question id
      Geschlecht: {question: gi_gender, separator: ";", values: {Frau: woman}}
      "Religion: katholisch": {question: rel_religion, option: christian_catholic}
      "Diskriminierung Arbeit": {question: discr_5y, row: work}

The file is read with the instruments' line-marked YAML loader and validated
by a strict pydantic model (unknown keys are errors, so a typo never passes),
then checked against the instrument: unknown question ids, rows and option
codes are reported with ``file:line`` here, before a single data row is read,
because a wrong mapping would otherwise turn into thousands of row errors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, Text
from instruments.text import DECLINED
from kernel.errors import MAX_LISTED, EqSurveyError, Location, Problem, first_listed
from kernel.files import read_text
from kernel.yaml_source import MAX_YAML_BYTES, MarkedDict, load_yaml, locate

__all__ = [
    "DEFAULT_TICKED",
    "DEFAULT_UNTICKED",
    "ColumnMapping",
    "ColumnRule",
    "ColumnSpec",
    "LoadedMapping",
    "MappingError",
    "load_mapping",
    "norm_header",
    "norm_value",
]

#: What a recode may turn a cell into: an option code, a scale point or number,
#: true/false (consent), text, or null for "missing".
Target = str | bool | int | float | None

DEFAULT_TICKED = ("1", "x", "yes", "ja", "y", "true")
DEFAULT_UNTICKED = ("0", "no", "nein", "n", "false")
_FIX_SCHEMA = "see 'Importing other spreadsheets' in docs/responses.md for every key"


class MappingError(EqSurveyError):
    """The mapping file is broken, or does not fit the instrument or the data file."""


def norm_header(text: str) -> str:
    """Column names compare with runs of whitespace (line breaks in Excel headers) as one space."""
    return " ".join(text.split())


def norm_value(text: str) -> str:
    """Cell values compare ignoring case and extra whitespace: "Frau", "frau " and "FRAU" are one value."""
    return " ".join(text.split()).casefold()


class _Strict(BaseModel):
    # A value written as 1 in YAML where text is expected means the text "1".
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class ColumnSpec(_Strict):
    """What one column of the file fills."""

    question: str
    row: str | None = Field(default=None, description="Matrix only: the row this column answers.")
    option: str | None = Field(default=None, description="Multi-choice only: the option this column ticks.")
    separator: str | None = Field(default=None, min_length=1, description="Multi-choice in one column.")
    ticked: list[str] | None = None
    unticked: list[str] | None = None
    values: dict[str, Target] = Field(default_factory=dict)
    declined: list[str] | None = None
    missing: list[str] | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"question": data} if isinstance(data, str) else data


class ColumnMapping(_Strict):
    """The whole mapping file."""

    instrument: str | None = None
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1)
    delimiter: Literal[",", ";", "\t", "tab"] | None = None
    access_code: str | None = None
    response_id: str | None = Field(
        default=None, description="The column holding each response's id at its source, if the file has one."
    )
    declined: list[str] | None = None
    missing: list[str] = Field(default_factory=list)
    values: dict[str, dict[str, Target]] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    columns: dict[str, ColumnSpec] = Field(default_factory=dict)


@dataclass(frozen=True)
class ColumnRule:
    """One mapped column, resolved against the instrument: everything reading a cell needs."""

    column: str
    question: Question
    where: Location
    row: str | None
    option: str | None
    separator: str | None
    ticked: frozenset[str]
    unticked: frozenset[str]
    recodes: dict[str, Any]
    declined: frozenset[str]
    missing: frozenset[str]


@dataclass(frozen=True)
class LoadedMapping:
    path: str
    spec: ColumnMapping
    rules: dict[str, ColumnRule]
    ignore: frozenset[str]
    access_code: str | None
    raw: Any
    response_id: str | None = None

    def locate(self, *path: str | int) -> Location:
        return locate(self.raw, path)


def _validation_problems(exc: ValidationError, raw: Any) -> list[Problem]:
    known = sorted(set(ColumnMapping.model_fields) | set(ColumnSpec.model_fields))
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    for err in errors[:MAX_LISTED]:
        loc = tuple(err["loc"])
        where = locate(raw, loc)
        key = str(loc[-1]) if loc else ""
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(Problem("unknown-key", where, f"unknown key '{key}'{hint}", f"remove it; {_FIX_SCHEMA}"))
        elif err["type"] == "missing":
            problems.append(Problem("missing-key", where, f"the required key '{key}' is missing", f"add '{key}: …'"))
        else:
            problems.append(
                Problem("invalid-value", where, f"{err['msg']} (for '{key}')", f"correct the value; {_FIX_SCHEMA}")
            )
    return first_listed(problems, len(errors), getattr(raw, "file", None))


def load_mapping(path: Path, instrument: Instrument) -> LoadedMapping:
    """Read and check a mapping file; raises :class:`MappingError` listing every problem with file:line."""
    source = str(path)
    raw = load_yaml(read_text(path, MappingError, MAX_YAML_BYTES), source)
    if not isinstance(raw, MarkedDict):
        raise MappingError.single(
            "mapping-shape",
            "a mapping file must be a mapping of keys",
            "start it with 'columns:'; `eqsurvey responses mapping FILE` writes a starter",
            Location(file=source, line=1),
        )
    try:
        spec = ColumnMapping.model_validate(raw)
    except ValidationError as exc:
        raise MappingError(sorted(_validation_problems(exc, raw), key=lambda p: p.where.line or 0)) from None
    return _Resolver(instrument, spec, raw, source).resolve()


class _Resolver:
    """Checks a valid-shaped mapping against the instrument and builds one rule per column."""

    def __init__(self, instrument: Instrument, spec: ColumnMapping, raw: Any, source: str) -> None:
        self.instrument, self.spec, self.raw, self.source = instrument, spec, raw, source
        self.problems: list[Problem] = []
        self.questions = instrument.question_map

    def fail(self, path: tuple[str | int, ...], code: str, problem: str, fix: str, question: str | None = None) -> None:
        where = locate(self.raw, path)
        if question is not None:
            where = Location(where.file, where.line, question=question)
        self.problems.append(Problem(code, where, problem, fix))

    def question(self, qid: str, path: tuple[str | int, ...]) -> Question | None:
        q = self.questions.get(qid)
        if q is None:
            close = difflib.get_close_matches(qid, list(self.questions), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.fail(
                path,
                "unknown-question",
                f"'{qid}' is not a question of {self.instrument.id}{hint}",
                "use a question id; `eqsurvey instrument describe` lists them",
            )
        return q

    def resolve(self) -> LoadedMapping:
        spec = self.spec
        if spec.instrument is not None and spec.instrument != self.instrument.id:
            self.fail(
                ("instrument",),
                "wrong-instrument",
                f"this mapping is for '{spec.instrument}', the project's instrument is '{self.instrument.id}'",
                "use the mapping made for this instrument, or correct 'instrument:'",
            )
        shared: dict[str, dict[str, Any]] = {}
        for qid, recodes in spec.values.items():
            q = self.question(qid, ("values", qid))
            if q is not None:
                shared[qid] = self.recodes(q, recodes, ("values", qid))
        declined = self.declined_default()
        missing = frozenset({""} | {norm_value(v) for v in spec.missing})
        ignore = frozenset(norm_header(c) for c in spec.ignore)
        access = norm_header(spec.access_code) if spec.access_code else None
        response_id = norm_header(spec.response_id) if spec.response_id else None
        rules: dict[str, ColumnRule] = {}
        filled: dict[tuple[str, ...], str] = {}
        for header, col in spec.columns.items():
            name, path = norm_header(header), ("columns", header)
            if name in rules or name in (access, response_id) or name in ignore:
                self.fail(path, "column-twice", f"the column '{name}' is mapped twice", "map or ignore it once")
                continue
            q = self.question(col.question, (*path, "question"))
            if q is None or not self.check_shape(q, col, path):
                continue
            key = (q.id, col.row or col.option or "")
            if key in filled or (q.id, "") in filled or (key[1] == "" and any(k[0] == q.id for k in filled)):
                other = filled.get(key) or next(v for k, v in filled.items() if k[0] == q.id)
                self.fail(
                    path,
                    "filled-twice",
                    f"'{name}' fills what '{other}' already fills",
                    "map each question (matrix row, option) from one column",
                    q.id,
                )
                continue
            filled[key] = name
            own = self.recodes(q, col.values, (*path, "values"))
            rules[name] = ColumnRule(
                column=name,
                question=q,
                where=locate(self.raw, path),
                row=col.row,
                option=col.option,
                separator=col.separator,
                ticked=frozenset(norm_value(v) for v in (col.ticked or DEFAULT_TICKED)),
                unticked=frozenset(norm_value(v) for v in (col.unticked or DEFAULT_UNTICKED)),
                recodes={**shared.get(q.id, {}), **own},
                declined=declined if col.declined is None else frozenset({DECLINED, *map(norm_value, col.declined)}),
                missing=missing if col.missing is None else frozenset({"", *map(norm_value, col.missing)}),
            )
        if access is not None and access in ignore:
            self.fail(("access_code",), "column-twice", f"'{access}' is both the access code and ignored", "pick one")
        if response_id is not None and (response_id in ignore or response_id == access):
            self.fail(
                ("response_id",),
                "column-twice",
                f"'{response_id}' is both the response id and {'ignored' if response_id in ignore else 'the access code'}",
                "pick one",
            )
        if self.problems:
            raise MappingError(sorted(self.problems, key=lambda p: p.where.line or 0))
        return LoadedMapping(self.source, spec, rules, ignore, access, self.raw, response_id)

    def declined_default(self) -> frozenset[str]:
        if self.spec.declined is not None:
            words = set(self.spec.declined)
        else:
            # The instrument's own wording; one that reads as a number would swallow that number.
            words = {self.instrument.declined_label(lang) for lang in self.instrument.languages}
            words = {w for w in words if not _is_number(w)}
        return frozenset({norm_value(w) for w in words} | {DECLINED})

    def check_shape(self, q: Question, col: ColumnSpec, path: tuple[str | int, ...]) -> bool:
        """Whether row / option / separator fit the question type; each misfit reported at its key."""
        rows = [r.code for r in q.rows] if isinstance(q, Matrix) else []
        codes = [o.code for o in q.options] if isinstance(q, MultiChoice) else []
        multi, per_option = isinstance(q, MultiChoice), col.option is not None
        declined_option = col.option == DECLINED and q.prefer_not_to_say
        checks = [
            (bool(rows) and col.row is None, (), "row-missing", "is a matrix: say which row", f"add row: one of {', '.join(rows)}"),
            (bool(rows) and col.row is not None and col.row not in rows, ("row",), "unknown-row",
             f"has no row '{col.row}'", f"use one of: {', '.join(rows)}"),
            (not rows and col.row is not None, ("row",), "not-a-matrix", "is not a matrix", "remove 'row'"),
            (not multi and (per_option or col.ticked or col.unticked), (), "not-multi-choice",
             "is not a multi-choice question", "remove option/ticked/unticked"),
            (multi and not per_option and (col.ticked or col.unticked), (), "option-missing",
             ": 'ticked'/'unticked' need 'option'", "add option: CODE (one column per option)"),
            (multi and per_option and col.option not in codes and not declined_option, ("option",), "unknown-option",
             f"has no option '{col.option}'", f"use one of: {', '.join(codes)}"),
            (col.separator is not None and (not multi or per_option), ("separator",), "no-separator",
             ": 'separator' is only for a multi-choice question in one column", "remove it"),
        ]  # fmt: skip
        found = [c for c in checks if c[0]]
        for _, key, code, problem, fix in found:
            self.fail((*path, *key), code, f"'{q.id}' {problem}".replace("' :", "':"), fix, q.id)
        return not found

    def recodes(self, q: Question, values: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        """The recodes with normalised keys and targets typed for the question; bad targets reported."""
        out: dict[str, Any] = {}
        for text, target in values.items():
            value, problem = _target(q, target)
            key = norm_value(text)
            if problem is None and key in out and out[key] != value:
                problem = f"'{text}' is recoded twice (values differing only in case or spaces count as one)"
            if problem is not None:
                self.fail(
                    (*path, text), "invalid-recode", problem, "recode to one of the values the question allows", q.id
                )
            else:
                out[key] = value
        return out


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _target(q: Question, target: Any) -> tuple[Any, str | None]:
    """A recode target typed for the question, or the reason it does not fit."""
    if target is None:
        return None, None
    if target == DECLINED:
        return (DECLINED, None) if q.prefer_not_to_say else (None, f"'{q.id}' does not offer '{DECLINED}'")
    if isinstance(q, Consent):
        return (target, None) if isinstance(target, bool) else (None, f"'{q.id}' is a consent: recode to true or false")
    if isinstance(q, Text):
        return (str(target), None) if not isinstance(target, bool) else (None, "recode a text answer to text")
    if isinstance(target, bool):
        return None, f"true/false is not an answer to '{q.id}'"
    if isinstance(q, Scale):
        points = [p.value for p in q.points]
        if isinstance(target, (int, float)) and target in points:
            return int(target), None
        return None, f"{target!r} is not a point of the scale '{q.id}' ({', '.join(map(str, points))})"
    if isinstance(q, Number):
        if isinstance(target, (int, float)):
            return (int(target) if q.integer and target == int(target) else float(target)), None
        return None, f"'{q.id}' is a number question: recode to a number"
    codes = [o.code for o in q.options]
    code = str(target)
    if code in codes:
        return code, None
    return None, f"'{code}' is not an option of '{q.id}' (options: {', '.join(codes)})"

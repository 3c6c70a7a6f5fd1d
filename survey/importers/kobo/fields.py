"""What the fields of a KoboToolbox export stand for, and one submission read as typed answers.

Shared by the JSON reader (:mod:`.kobo_responses`) and the CSV/XLSX reader
(:mod:`.kobo_tables`); the rules are described in :mod:`.kobo_responses`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from instruments.identifiers import matrix_row_code, to_identifier
from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Question, Text
from instruments.text import COLUMN_SEP, DECLINED
from kernel.errors import Location, Problem
from survey.importers.cells import collapse_declined, find_question, match_code, parse_cell, shown
from survey.importers.csv_format import CsvRow
from survey.importers.kobo.versions import VersionRouting

__all__ = ["IDENTITY_FIELDS", "Fields", "Target", "Versions", "as_text", "read_row"]

_META_NAMES = frozenset(
    {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber", "audit"}
    | {"start-geopoint", "background-audio", "instanceID", "instanceName"}
)
_META_GROUPS = ("meta/", "formhub/")
_ACCESS = frozenset({"access_code", "token"})
Kind = Literal["meta", "access", "question", "row", "option"]

#: The metadata that names a submission, by the last segment of its field name.
IDENTITY_FIELDS = frozenset({"rootUuid", "_uuid", "instanceID", "deprecatedID", "_id"})


def _uuid(value: Any) -> str | None:
    text = as_text(value)
    text = text.strip().lower().removeprefix("uuid:").strip() if text else None
    return text or None


def _identity(ids: dict[str, Any]) -> tuple[str | None, str | None]:
    """(source identity, identity it replaces) from a submission's identity metadata."""
    root = _uuid(ids.get("rootUuid"))
    own = _uuid(ids.get("_uuid")) or _uuid(ids.get("instanceID"))
    deprecated = _uuid(ids.get("deprecatedID"))
    replaces = f"kobo:{deprecated}" if deprecated and not root else None
    if root or own:
        return f"kobo:{root or own}", replaces
    number = as_text(ids.get("_id"))
    return (f"kobo-id:{number.strip()}" if number and number.strip() else None), replaces


@dataclass(frozen=True)
class Target:
    kind: Kind
    qid: str = ""
    code: str = ""


class Fields:
    """Which question, matrix row or option a field name stands for."""

    def __init__(self, instrument: Instrument, ignore: frozenset[str] = frozenset()) -> None:
        self.instrument = instrument
        self.questions = instrument.question_map
        self.ignore = ignore
        self.flat_rows: dict[str, tuple[str, str]] = {}
        for q in self.questions.values():
            if isinstance(q, Matrix):
                for r in q.rows:
                    self.flat_rows[f"{q.id}{COLUMN_SEP}{r.code}"] = (q.id, r.code)
                    self.flat_rows.setdefault(to_identifier(f"{q.id}_{r.code}"), (q.id, r.code))

    def resolve(self, key: str, columns: frozenset[str] = frozenset()) -> Target | None:
        segments = key.strip().split("/")
        last = segments[-1]
        if key.startswith(("_", *_META_GROUPS)) or last in _META_NAMES or key.strip() in self.ignore:
            return Target("meta")  # dropped like metadata: never read, never stored
        if last in _ACCESS:
            return Target("access")
        parent = find_question(self.questions, segments[-2]) if len(segments) > 1 else None
        option = self._option(parent, last)
        if option is not None and "/".join(segments[:-1]) in columns:
            return option  # a per-choice column beside its combined one
        if isinstance(parent, Matrix):
            row = self.read_row(parent, segments[-2], last)
            if row is not None:
                return Target("row", parent.id, row)
        q = find_question(self.questions, last)
        if q is not None and not isinstance(q, Matrix):
            return Target("question", q.id)
        flat = self.flat_rows.get(last) or self.flat_rows.get(to_identifier(last))
        if flat is not None:
            return Target("row", *flat)
        return option if columns else None

    @staticmethod
    def _option(parent: Question | None, name: str) -> Target | None:
        if not isinstance(parent, MultiChoice):
            return None
        code = match_code(name, [o.code for o in parent.options] + [DECLINED])
        return Target("option", parent.id, code) if code else None

    @staticmethod
    def read_row(q: Matrix, group: str, child: str) -> str | None:
        codes = [r.code for r in q.rows]
        for candidate in (matrix_row_code(group, child), child, child.partition(COLUMN_SEP)[2]):
            found = match_code(candidate, codes) if candidate else None
            if found is not None:
                return found
        return None


class Versions:
    """The fields of each form version, made once per version a row is read against."""

    def __init__(self, routing: VersionRouting, ignore: frozenset[str]) -> None:
        self.routing, self.ignore = routing, ignore
        self._fields: dict[str, Fields] = {}

    def of(self, instrument: Instrument) -> Fields:
        found = self._fields.get(instrument.version)
        if found is None:
            found = self._fields[instrument.version] = Fields(instrument, self.ignore)
        return found

    def every(self) -> list[Fields]:
        """Each version a row may be read against: the current one only, unless rows are routed."""
        routing = self.routing
        return [self.of(i) for i in routing.known.values()] if routing.mode == "route" else [self.of(routing.current)]


def as_text(value: Any) -> str | None:
    """A JSON value as the text of a cell; None for a list or object, which no question answers with."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return value if isinstance(value, str) else "" if value is None else None


def read_row(
    fields: Fields, cells: list[tuple[Target, str, Any]], number: int, path: str, ids: dict[str, Any]
) -> CsvRow:
    problems: list[Problem] = []
    answers: dict[str, Any] = {}
    code = None
    for target, name, value in cells:
        if target.kind == "meta":
            continue
        where = Location(file=path, row=number, question=target.qid or None, field=name)
        raw = as_text(value)
        if raw is None:
            problems.append(
                Problem(
                    "invalid-answer",
                    where,
                    "a list or object where an answer was expected",
                    "eqsurvey asks no repeat groups",
                )
            )
            continue
        text = raw.strip()
        if not text:
            continue
        if target.kind == "access":
            code = text
            continue
        q = fields.questions[target.qid]
        if target.kind == "option":
            if text.lower() in ("1", "true"):
                answers.setdefault(q.id, []).append(target.code)
            elif text.lower() not in ("0", "false"):
                problems.append(Problem("invalid-answer", where, f"{shown(text)} is not 1 or 0", "write 1 or 0"))
            continue
        parsed = parse_cell(q, raw if isinstance(q, Text) else text, where, problems, foreign=True)
        if parsed is None:
            continue
        if target.kind == "row":
            answers.setdefault(q.id, {})[target.code] = parsed
        else:
            answers[q.id] = parsed
    collapse_declined(fields.questions, answers)
    return CsvRow(number, code, answers, problems, *_identity(ids))

"""KoboToolbox / ODK submissions (JSON or CSV): reading them as rows of typed answers (written by :mod:`.kobo_write`).

Two shapes of export are read, told apart by their first character:

- JSON: the KoboToolbox API's ``{"count": …, "results": [{…}, …]}``, a bare list
  of submission objects, or formpack's ``{"content": …, "submissions": […]}``.
  Keys are XLSForm field names with their group path (``group/sub/question``);
  a select_multiple answer is its choice names separated by spaces; numbers
  come as strings or numbers.
- CSV: KoboToolbox's export with "XML values and headers" (``;`` by default,
  ``,`` also read). A select_multiple has its combined column ``group/q`` and one
  column per choice (``group/q/choice``: 1 or 0); the combined column is used,
  the per-choice ones only where it is missing. An export with label headers
  names no field, and the reader says to export again with XML values and headers.

A field is the question ``to_identifier(last path segment)`` (our own ids
verbatim), a choice name is the option ``to_code(name)``: the rules
:mod:`instruments.xlsform_import` names them by. A matrix (a table-list
group, or our own field-list group of ``QID__ROW`` fields) is recognised
by its group: ``freq/freq_work`` is row ``work`` of matrix ``freq``
(:func:`~instruments.xlsform_questions.matrix_row_code`). An ``access_code``
or ``token`` field is the access code.

Submission metadata (``_id``, ``_uuid``, ``_submission_time``, ``_submitted_by``,
``_geolocation``, ``_attachments``, ``formhub/uuid``, ``meta/instanceID``, and
the ``start``, ``end``, ``today``, ``deviceid``, ``username``, ``phonenumber`` …
fields ODK fills in by itself) is dropped as each submission is read and
never stored: device ids, account names, locations and exact times identify
respondents or link them to other records. Only the submission's identity is
kept, and only as a keyed hash (see :mod:`anonymize.source_identity`), so a
later export of it is recognised: ``meta/rootUuid`` (which KoboToolbox keeps
when a submission is edited), else ``_uuid`` / ``meta/instanceID`` (the same
uuid; an edit gives a new one and names the old in ``meta/deprecatedID``,
which is then the response it replaces), else ``_id``. Fields the instrument does not
know stop the import (nothing is dropped silently that might be an answer).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from instruments.errors import EqSurveyError, Location, Problem
from instruments.identifiers import to_identifier
from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, Question, Text
from instruments.text import COLUMN_SEP, DECLINED
from instruments.xlsform_questions import matrix_row_code

from .csv_format import CsvRow
from .kobo_versions import VERSION_FIELD, VersionRouting
from .response_cells import (
    collapse_declined,
    csv_records,
    find_question,
    heading_cells,
    match_code,
    parse_cell,
    short_row,
    shown,
    unknown_columns,
    unreadable,
)

__all__ = ["read_kobo", "sniff_kobo"]

_META_NAMES = frozenset(
    {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber", "audit"}
    | {"start-geopoint", "background-audio", "instanceID", "instanceName"}
)
_META_GROUPS = ("meta/", "formhub/")
_ACCESS = frozenset({"access_code", "token"})
_SIGNS = ("_uuid", "_submission_time", "_xform_id_string", "formhub/uuid", "meta/instanceID", "_index", "__version__")

Kind = Literal["meta", "access", "question", "row", "option"]

#: The metadata that names a submission, by the last segment of its field name.
_IDENTITY_FIELDS = frozenset({"rootUuid", "_uuid", "instanceID", "deprecatedID", "_id"})


def _uuid(value: Any) -> str | None:
    text = _text(value)
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
    number = _text(ids.get("_id"))
    return (f"kobo-id:{number.strip()}" if number and number.strip() else None), replaces


@dataclass(frozen=True)
class _Target:
    kind: Kind
    qid: str = ""
    code: str = ""


def sniff_kobo(path: Path) -> bool:
    """Whether the file starts like KoboToolbox submissions: JSON of that shape, or a CSV with Kobo's meta columns."""
    try:
        with path.open("rb") as handle:
            body = handle.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()
    except OSError:
        return False
    if body.startswith(b"["):
        return bool(re.match(rb"\[\s*(\{|\])", body))
    if body.startswith(b"{"):
        return any(f'"{k}"'.encode() in body for k in ("results", "submissions", *_SIGNS))
    return bool(heading_cells(path) & set(_SIGNS))  # Kobo puts its meta columns last: the whole heading row


class _Fields:
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

    def resolve(self, key: str, columns: frozenset[str] = frozenset()) -> _Target | None:
        segments = key.strip().split("/")
        last = segments[-1]
        if key.startswith(("_", *_META_GROUPS)) or last in _META_NAMES or key.strip() in self.ignore:
            return _Target("meta")  # dropped like metadata: never read, never stored
        if last in _ACCESS:
            return _Target("access")
        parent = find_question(self.questions, segments[-2]) if len(segments) > 1 else None
        option = self._option(parent, last)
        if option is not None and "/".join(segments[:-1]) in columns:
            return option  # a per-choice column beside its combined one
        if isinstance(parent, Matrix):
            row = self._row(parent, segments[-2], last)
            if row is not None:
                return _Target("row", parent.id, row)
        q = find_question(self.questions, last)
        if q is not None and not isinstance(q, Matrix):
            return _Target("question", q.id)
        flat = self.flat_rows.get(last) or self.flat_rows.get(to_identifier(last))
        if flat is not None:
            return _Target("row", *flat)
        return option if columns else None

    @staticmethod
    def _option(parent: Question | None, name: str) -> _Target | None:
        if not isinstance(parent, MultiChoice):
            return None
        code = match_code(name, [o.code for o in parent.options] + [DECLINED])
        return _Target("option", parent.id, code) if code else None

    @staticmethod
    def _row(q: Matrix, group: str, child: str) -> str | None:
        codes = [r.code for r in q.rows]
        for candidate in (matrix_row_code(group, child), child, child.partition(COLUMN_SEP)[2]):
            found = match_code(candidate, codes) if candidate else None
            if found is not None:
                return found
        return None


def read_kobo(
    instrument: Instrument, path: Path, ignore: frozenset[str] = frozenset(), routing: VersionRouting | None = None
) -> Iterator[CsvRow]:
    """Rows with typed answers from a JSON or CSV export (JSON: row n is submission n; CSV: the heading row is 1).

    Fields named in ``ignore`` (e.g. a date question the instrument has no type for) are dropped unread.
    With ``routing``, each row is read against the form version its ``__version__`` names
    (see :mod:`survey.kobo_versions`); without, every row against ``instrument``.
    """
    try:
        with path.open("rb") as handle:
            start = handle.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
    except OSError as exc:
        raise unreadable(path, exc) from None
    routing = routing or VersionRouting(instrument, [], read_versions=False)
    versions = _Versions(routing, ignore)
    rows = _read_json(versions, path) if start[:1] in (b"{", b"[") else _read_csv(versions, path)
    first = next(rows, None)  # by the first row, the reader has seen every __version__ and chosen the mode
    if first is None:
        return
    if routing.mode == "fallback":
        yield from routing.checked_fallback(itertools.chain([first], rows))
    else:
        yield first
        yield from rows


class _Versions:
    """The fields of each form version, made once per version a row is read against."""

    def __init__(self, routing: VersionRouting, ignore: frozenset[str]) -> None:
        self.routing, self.ignore = routing, ignore
        self._fields: dict[str, _Fields] = {}

    def of(self, instrument: Instrument) -> _Fields:
        found = self._fields.get(instrument.version)
        if found is None:
            found = self._fields[instrument.version] = _Fields(instrument, self.ignore)
        return found

    def every(self) -> list[_Fields]:
        """Each version a row may be read against: the current one only, unless rows are routed."""
        routing = self.routing
        return [self.of(i) for i in routing.known.values()] if routing.mode == "route" else [self.of(routing.current)]


# --- JSON -----------------------------------------------------------------------------------------


def _submissions(path: Path) -> list[Any]:
    where = Location(file=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise EqSurveyError.single(
            "json-syntax",
            f"the file is not valid JSON: {exc.msg}",
            "download the submissions again (the file may be cut off)",
            Location(file=str(path), line=exc.lineno, column=exc.colno),
        ) from None
    except UnicodeDecodeError:
        raise EqSurveyError.single(
            "json-syntax", "the file is not UTF-8 JSON", "download the submissions again as JSON", where
        ) from None
    except RecursionError:
        raise EqSurveyError.single(
            "json-shape", "the JSON is nested too deeply to be submissions", "download the submissions again", where
        ) from None
    if isinstance(data, dict):
        data = data.get("results", data.get("submissions"))
    if not isinstance(data, list):
        raise EqSurveyError.single(
            "json-shape",
            "the JSON holds no list of submissions",
            'give the KoboToolbox API\'s {"results": […]}, a list of submissions, or formpack\'s {"submissions": […]}',
            where,
        )
    return data


def _read_json(versions: _Versions, path: Path) -> Iterator[CsvRow]:
    submissions = _submissions(path)
    routing = versions.routing
    routing.decide(str(path), (_text(s.get(VERSION_FIELD)) if isinstance(s, dict) else None for s in submissions))
    unknown: dict[str, None] = {}
    identities: list[dict[str, Any]] = []
    read_as: list[_Fields | None] = []
    for number, sub in enumerate(submissions, start=1):
        ids: dict[str, Any] = {}
        fields = None
        if isinstance(sub, dict):
            picked = routing.pick(_text(sub.get(VERSION_FIELD)), number)
            fields = None if picked is None else versions.of(picked)
            if fields is None:
                sub.clear()  # a refused submission is not read at all
            else:
                unknown.update((k, None) for k in sub if fields.resolve(str(k)) is None)
                for key in [k for k in sub if (t := fields.resolve(str(k))) and t.kind == "meta"]:
                    if str(key).split("/")[-1] in _IDENTITY_FIELDS:
                        ids[str(key).split("/")[-1]] = sub[key]
                    del sub[key]  # metadata leaves memory before any answer is read
        identities.append(ids)
        read_as.append(fields)
    if unknown:
        names = list(unknown)
        raise EqSurveyError.single(
            "unknown-field",
            f"field(s) the instrument does not know: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}",
            "import the form again (eqsurvey instrument import) so that the instrument matches the submissions, "
            "or leave them out with --ignore NAME",
            Location(file=str(path)),
        )
    for number, (sub, ids, fields) in enumerate(zip(submissions, identities, read_as, strict=True), start=1):
        if not isinstance(sub, dict):
            where = Location(file=str(path), row=number)
            problem = Problem("json-shape", where, "this submission is not an object", "give each submission as {…}")
            yield CsvRow(number, None, {}, [problem])
            continue
        if fields is None:
            continue  # refused by its form version: counted by the routing
        cells: list[tuple[_Target, str, Any]] = [
            (t, str(k), v) for k, v in sub.items() if (t := fields.resolve(str(k)))
        ]
        row = _row(fields, cells, number, str(path), ids)
        yield replace(row, collected_under=routing.collected_under(fields.instrument))


# --- CSV ------------------------------------------------------------------------------------------

_CSV_FIX = "download the export again as CSV with XML values and headers"


def _read_csv(versions: _Versions, path: Path) -> Iterator[CsvRow]:
    records = csv_records(path, _CSV_FIX, default=";")
    headings = [h.strip() for h in next(records, [])]
    at = headings.index(VERSION_FIELD) if VERSION_FIELD in headings else None
    routing = versions.routing
    routing.decide(str(path), _csv_versions(path, at))
    plans = _plans(versions, headings, Location(file=str(path), line=1))
    # Per-choice columns (beside their combined one) of an option another version has: "0" there ticks nothing.
    named = set(headings)
    ticks = {i for i, h in enumerate(headings) if "/" in h and h.rpartition("/")[0] in named}
    for number, cells in enumerate(records, start=2):
        if len(cells) != len(headings):
            yield CsvRow(number, None, {}, [short_row(str(path), number, len(cells), len(headings))])
            continue
        picked = routing.pick(None if at is None else cells[at], number)
        if picked is None:
            continue  # refused by its form version: counted by the routing
        fields = versions.of(picked)
        targets, others = plans[picked.version]
        row = [(t, h, c) for t, h, c in zip(targets, headings, cells, strict=True) if t is not None]
        ids = {h.split("/")[-1]: c for t, h, c in row if t.kind == "meta" and h.split("/")[-1] in _IDENTITY_FIELDS}
        read = _row(fields, row, number, str(path), ids)
        stray = [
            Problem(
                "field-not-in-version",
                Location(file=str(path), row=number, field=headings[i]),
                f"an answer to a field that form version {picked.source_version or picked.version} does not have",
                f"check the row: its {VERSION_FIELD} names the version it was collected under",
            )
            for i in others
            if cells[i].strip() and not (i in ticks and cells[i].strip() == "0")
        ]
        yield replace(read, problems=read.problems + stray, collected_under=routing.collected_under(picked))


def _csv_versions(path: Path, at: int | None) -> Iterator[str]:
    """Every ``__version__`` cell, read before any row is checked (the mode depends on all of them)."""
    if at is None:
        return
    scan = csv_records(path, _CSV_FIX, default=";")
    next(scan, None)
    for cells in scan:
        if at < len(cells):
            yield cells[at]


def _plans(
    versions: _Versions, headings: list[str], where: Location
) -> dict[str, tuple[list[_Target | None], list[int]]]:
    """Per form version: what each column is, and the columns only other versions have."""
    columns = frozenset(headings)
    plans = {f.instrument.version: _plan(f, headings, columns) for f in versions.every()}
    if not any(t is not None and t.kind in ("question", "row", "option") for p, _ in plans.values() for t in p):
        raise EqSurveyError.single(
            "csv-header",
            "no column names a field of the form: the headings look like labels",
            "in KoboToolbox, export the data as CSV with 'XML values and headers', "
            "and check that the instrument was imported from this form",
            where,
        )
    nowhere = set.intersection(*(set(others) for _, others in plans.values()))
    if nowhere:
        raise unknown_columns(
            [headings[i] for i in sorted(nowhere)],
            "import the form again so that the instrument has them, or leave them out with --ignore NAME",
            where,
        )
    return plans


def _plan(fields: _Fields, headings: list[str], columns: frozenset[str]) -> tuple[list[_Target | None], list[int]]:
    targets = [fields.resolve(h, columns) for h in headings]
    unknown = [i for i, t in enumerate(targets) if t is None]
    combined = {t.qid for t in targets if t is not None and t.kind == "question"}
    return [None if t is not None and t.kind == "option" and t.qid in combined else t for t in targets], unknown


# --- one submission -------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A JSON value as the text of a cell; None for a list or object, which no question answers with."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return value if isinstance(value, str) else "" if value is None else None


def _row(fields: _Fields, cells: list[tuple[_Target, str, Any]], number: int, path: str, ids: dict[str, Any]) -> CsvRow:
    problems: list[Problem] = []
    answers: dict[str, Any] = {}
    code = None
    for target, name, value in cells:
        if target.kind == "meta":
            continue
        where = Location(file=path, row=number, question=target.qid or None, field=name)
        raw = _text(value)
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

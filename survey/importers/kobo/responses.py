"""KoboToolbox / ODK submissions (JSON, CSV or XLSX): reading them as rows of typed answers.

(Written for simulations by :mod:`.kobo_write`.) Three shapes of export are read:

- JSON: the KoboToolbox API's ``{"count": …, "results": [{…}, …]}``, a bare list
  of submission objects, or formpack's ``{"content": …, "submissions": […]}``.
  Keys are XLSForm field names with their group path (``group/sub/question``);
  a select_multiple answer is its choice names separated by spaces; numbers
  come as strings or numbers.
- CSV (``;`` by default, ``,`` also read) or XLSX (its first sheet): KoboToolbox's
  export with "XML values and headers", read by :mod:`.kobo_tables`.

Each row is read against the form version its ``__version__`` names, where the
import asks for that (see :mod:`.kobo_versions`).

A field is the question ``to_identifier(last path segment)`` (our own ids
verbatim), a choice name is the option ``to_code(name)``: the rules
:mod:`instruments.xlsform.importer` names them by. A matrix (a table-list
group, or our own field-list group of ``QID__ROW`` fields) is recognised
by its group: ``freq/freq_work`` is row ``work`` of matrix ``freq``
(:func:`~instruments.identifiers.matrix_row_code`). An ``access_code``
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
from dataclasses import replace
from pathlib import Path
from typing import Any

from instruments.model import Instrument
from kernel.errors import EqSurveyError, Location, Problem
from survey.importers.cells import heading_cells, unreadable
from survey.importers.csv_format import CsvRow
from survey.importers.kobo.fields import IDENTITY_FIELDS, Fields, Target, Versions, as_text, read_row
from survey.importers.kobo.tables import read_table, table_headings
from survey.importers.kobo.versions import VERSION_FIELD, VersionRouting

__all__ = ["read_kobo", "sniff_kobo"]

_SIGNS = ("_uuid", "_submission_time", "_xform_id_string", "formhub/uuid", "meta/instanceID", "_index", "__version__")


def sniff_kobo(path: Path) -> bool:
    """Whether the file starts like KoboToolbox submissions: JSON of that shape, or a table with Kobo's meta columns."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return bool(table_headings(path) & set(_SIGNS))
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


def read_kobo(
    instrument: Instrument, path: Path, ignore: frozenset[str] = frozenset(), routing: VersionRouting | None = None
) -> Iterator[CsvRow]:
    """Rows with typed answers from a JSON, CSV or XLSX export (JSON: row n is submission n; else the heading row is 1).

    Fields named in ``ignore`` (e.g. a date question the instrument has no type for) are dropped unread.
    With ``routing``, each row is read against the form version its ``__version__`` names
    (see :mod:`survey.importers.kobo.versions`); without, every row against ``instrument``.
    """
    try:
        with path.open("rb") as handle:
            start = handle.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
    except OSError as exc:
        raise unreadable(path, exc) from None
    routing = routing or VersionRouting(instrument, [], read_versions=False)
    versions = Versions(routing, ignore)
    rows = _read_json(versions, path) if start[:1] in (b"{", b"[") else read_table(versions, path)
    first = next(rows, None)  # by the first row, the reader has seen every __version__ and chosen the mode
    if first is None:
        return
    if routing.mode == "fallback":
        yield from routing.checked_fallback(itertools.chain([first], rows))
    else:
        yield first
        yield from rows


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


def _read_json(versions: Versions, path: Path) -> Iterator[CsvRow]:
    submissions = _submissions(path)
    routing = versions.routing
    routing.decide(str(path), (as_text(s.get(VERSION_FIELD)) if isinstance(s, dict) else None for s in submissions))
    unknown: dict[str, None] = {}
    identities: list[dict[str, Any]] = []
    read_as: list[Fields | None] = []
    for number, sub in enumerate(submissions, start=1):
        ids: dict[str, Any] = {}
        fields = None
        if isinstance(sub, dict):
            picked = routing.pick(as_text(sub.get(VERSION_FIELD)), number)
            fields = None if picked is None else versions.of(picked)
            if fields is None:
                sub.clear()  # a refused submission is not read at all
            else:
                unknown.update((k, None) for k in sub if fields.resolve(str(k)) is None)
                for key in [k for k in sub if (t := fields.resolve(str(k))) and t.kind == "meta"]:
                    if str(key).split("/")[-1] in IDENTITY_FIELDS:
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
        cells: list[tuple[Target, str, Any]] = [(t, str(k), v) for k, v in sub.items() if (t := fields.resolve(str(k)))]
        row = read_row(fields, cells, number, str(path), ids)
        yield replace(row, collected_under=routing.collected_under(fields.instrument))

"""KoboToolbox's CSV and XLSX exports ("XML values and headers"), read row by row.

A select_multiple has its combined column ``group/q`` and one column per
choice (``group/q/choice``: 1 or 0); the combined column is used, the
per-choice ones only where it is missing. An export of a form with several
versions has the columns of all of them: a row answering a field its own
version (``__version__``, see :mod:`.kobo_versions`) lacks is refused with the
field named. An export with label headers names no field, and the reader says
to export again with XML values and headers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from kernel.errors import EqSurveyError, Location, Problem
from survey.importers.cells import csv_records, short_row, unknown_columns
from survey.importers.csv_format import CsvRow
from survey.importers.kobo.fields import IDENTITY_FIELDS, Fields, Target, Versions, read_row
from survey.importers.kobo.versions import VERSION_FIELD
from survey.importers.tables import cell_text, cell_value, open_table

__all__ = ["read_table", "table_headings"]

Records = Callable[[], Iterator[tuple[int, list[str]]]]

_FIX = "download the export again as CSV or XLSX with XML values and headers"
_XLSX = (".xlsx", ".xlsm")


def table_headings(path: Path) -> set[str]:
    """The headings of a workbook's first sheet, for sniffing; empty if it cannot be read."""
    try:
        return {h.strip() for h in open_table(path).headers}
    except EqSurveyError:
        return set()


def _csv(path: Path) -> Records:
    return lambda: enumerate(csv_records(path, _FIX, default=";"), start=1)


def _xlsx(path: Path) -> Records:
    table = open_table(path)  # the first sheet, KoboToolbox's submissions (repeat groups come on later sheets)
    return lambda: ((number, [_xlsx_text(c) for c in cells]) for number, cells in table.rows())


def _xlsx_text(value: object) -> str:
    """A workbook cell as the text the CSV export has in its place."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    found = cell_value(value)
    return "" if found is None else str(found) if isinstance(value, datetime.timedelta) else cell_text(found)


def read_table(versions: Versions, path: Path) -> Iterator[CsvRow]:
    """Rows with typed answers from a CSV or XLSX export (row numbers as in the file: the heading row is 1)."""
    workbook = path.suffix.lower() in _XLSX
    records = _xlsx(path) if workbook else _csv(path)
    rows = records()
    number, heading = next(rows, (1, []))
    headings = [h.strip() for h in heading]
    at = headings.index(VERSION_FIELD) if VERSION_FIELD in headings else None
    routing = versions.routing
    routing.decide(str(path), _versions_in(records, at))
    plans = _plans(versions, headings, Location(file=str(path), line=number))
    # Per-choice columns (beside their combined one) of an option another version has: "0" there ticks nothing.
    named = set(headings)
    ticks = {i for i, h in enumerate(headings) if "/" in h and h.rpartition("/")[0] in named}
    width = len(headings)
    for number, given in rows:
        cells = given
        if workbook and len(cells) != width and not any(c.strip() for c in cells[width:]):
            cells = (cells + [""] * width)[:width]  # a sheet row ends at its last filled cell
        if len(cells) != width:
            yield CsvRow(number, None, {}, [short_row(str(path), number, len(cells), width)])
            continue
        picked = routing.pick(None if at is None else cells[at], number)
        if picked is None:
            continue  # refused by its form version: counted by the routing
        targets, others = plans[picked.version]
        row = [(t, h, c) for t, h, c in zip(targets, headings, cells, strict=True) if t is not None]
        ids = {h.split("/")[-1]: c for t, h, c in row if t.kind == "meta" and h.split("/")[-1] in IDENTITY_FIELDS}
        read = read_row(versions.of(picked), row, number, str(path), ids)
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


def _versions_in(records: Records, at: int | None) -> Iterator[str]:
    """Every ``__version__`` cell, read before any row is checked (the mode depends on all of them)."""
    if at is None:
        return
    scan = records()
    next(scan, None)
    for _, cells in scan:
        if at < len(cells):
            yield cells[at]


def _plans(
    versions: Versions, headings: list[str], where: Location
) -> dict[str, tuple[list[Target | None], list[int]]]:
    """Per form version: what each column is, and the columns only other versions have."""
    columns = frozenset(headings)
    plans = {f.instrument.version: _plan(f, headings, columns) for f in versions.every()}
    if not any(t is not None and t.kind in ("question", "row", "option") for p, _ in plans.values() for t in p):
        raise EqSurveyError.single(
            "csv-header",
            "no column names a field of the form: the headings look like labels",
            "in KoboToolbox, export the data as CSV or XLSX with 'XML values and headers', "
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


def _plan(fields: Fields, headings: list[str], columns: frozenset[str]) -> tuple[list[Target | None], list[int]]:
    targets = [fields.resolve(h, columns) for h in headings]
    unknown = [i for i, t in enumerate(targets) if t is None]
    combined = {t.qid for t in targets if t is not None and t.kind == "question"}
    return [None if t is not None and t.kind == "option" and t.qid in combined else t for t in targets], unknown

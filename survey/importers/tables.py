"""Any CSV or XLSX file as a table: a header row, then numbered rows of cells.

Files come from other tools and from spreadsheets kept by hand, so the reader
takes what people actually have: XLSX (any sheet, the header in any row, rows
numbered as the spreadsheet shows them) and CSV with comma, semicolon (German
Excel) or tab, UTF-8 with or without a byte-order mark. Anything else is a
clear error that says how to save the file instead. The header is read when
the table is opened, so problems with the file come before any row; the
first iteration of the rows goes on from there (opening a workbook parses all
its shared strings, the slowest part of reading it), later ones read again.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from kernel.errors import EqSurveyError, Location
from kernel.workbooks import CellBudget, open_workbook, sheet_rows
from survey.importers.mapping.model import norm_header

__all__ = ["DATE", "Table", "cell_text", "cell_value", "open_table"]

#: A date or time cell: no question takes one, so every reader refuses it.
DATE = object()
_DELIMITERS = (",", ";", "\t")
_XLSX_FIX = "save the sheet again as .xlsx, or as CSV UTF-8 (large files read faster as CSV)"
#: Cells of one read, as openpyxl pads them: 10 000 rows of 500 columns, more than a workbook within
#: XLSX_LIMITS' 8 MiB holds; 20 million took 3.5 s of padding for a 100 kB file.
_MAX_CELLS = 5_000_000


@dataclass(frozen=True)
class Table:
    """A file's header (names with whitespace normalised, '' where blank) and a way to read its rows."""

    source: str
    header_row: int
    headers: list[str]
    rows: Callable[[], Iterator[tuple[int, list[object]]]]


def _fail(path: Path, code: str, problem: str, fix: str, row: int | None = None) -> EqSurveyError:
    return EqSurveyError.single(code, problem, fix, Location(file=str(path), row=row))


def _csv_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, "unreadable", f"cannot read the file: {exc.strerror}", "check the path") from None
    fix = "save it as UTF-8 (Excel: Save as → 'CSV UTF-8'; LibreOffice: character set 'Unicode (UTF-8)')"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, "encoding", "the file is UTF-16 text, not UTF-8", fix)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(path, "encoding", f"the file is not UTF-8 text (line {line} cannot be read)", fix) from None


def _guess_delimiter(text: str) -> str:
    """The most frequent of comma, semicolon and tab in the first lines (German Excel writes ';')."""
    head = text.splitlines()[:20]
    counts = {d: sum(line.count(d) for line in head) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: counts[d])


def _csv_rows(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list[object]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, list(cells)
    except csv.Error as exc:
        raise _fail(path, "csv-syntax", f"the file cannot be read as CSV ({exc})", "check quotes", number + 1) from None


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[object]]]:
    with open_workbook(path, EqSurveyError, _XLSX_FIX) as book:
        if sheet is not None and sheet not in book.sheetnames:
            raise _fail(
                path,
                "unknown-sheet",
                f"there is no sheet '{sheet}'",
                f"set sheet: to one of: {', '.join(book.sheetnames)}",
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        yield from sheet_rows(ws, path, EqSurveyError, _XLSX_FIX, CellBudget(_MAX_CELLS))


def open_table(path: Path, sheet: str | None = None, header_row: int = 1, delimiter: str | None = None) -> Table:
    """Read the header now (so file errors come before any row); rows are read when iterated."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise _fail(
            path, "unsupported-format", f"{suffix} files cannot be read", "save the sheet as .xlsx or as CSV UTF-8"
        )
    rows: Callable[[], Iterator[tuple[int, list[object]]]]
    if suffix in (".xlsx", ".xlsm"):
        rows = lambda: _xlsx_rows(path, sheet)  # noqa: E731
    else:
        text = _csv_text(path)
        sep = {"tab": "\t", None: _guess_delimiter(text)}.get(delimiter, delimiter or ",")
        rows = lambda: _csv_rows(path, text, sep)  # noqa: E731
    first = rows()
    before: list[tuple[int, list[object]]] = []
    header: list[object] | None = None
    for number, cells in first:
        before.append((number, cells))
        if number >= header_row:  # empty rows are left out, so the header row may not come
            header = cells if number == header_row else None
            break
    if header is None or not any(cell_value(c) is not None for c in header):
        raise _fail(
            path,
            "no-header",
            f"row {header_row} is empty or missing",
            "set header_row: to the row with the column names",
            header_row,
        )
    names = [norm_header(cell_text(v)) if (v := cell_value(c)) is not None and v is not DATE else "" for c in header]
    return Table(str(path), header_row, names, _resumed(before, first, rows))


def _resumed(
    before: list[tuple[int, list[object]]],
    first: Iterator[tuple[int, list[object]]],
    again: Callable[[], Iterator[tuple[int, list[object]]]],
) -> Callable[[], Iterator[tuple[int, list[object]]]]:
    """Rows: the first time the read that found the header, going on after it; then new reads.

    An unfinished read closes its file when dropped (CPython frees it at once).
    """
    unused = [first]

    def rows() -> Iterator[tuple[int, list[object]]]:
        return chain(before, unused.pop()) if unused else again()

    return rows


def cell_value(value: object) -> Any:
    """A cell as stripped text, int, float, bool, None (empty) or the date marker."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return DATE
    text = str(value).strip()
    return text or None


def cell_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)

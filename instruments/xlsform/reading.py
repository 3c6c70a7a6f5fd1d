"""Reading XLSForm sheets from the file layouts people and tools actually use.

- ``.xlsx``: one worksheet per sheet, header in the first row, sparse cells
  and blank rows allowed (the "flat" layout included);
- ``.csv``: pyxform's single-file layout, where a row whose first cell is a
  sheet name starts that sheet, the next row is its header, and data rows
  leave the first cell empty;
- ``.md``: pyxform's markdown tables, laid out the same way;
- ``.json``: a KoboToolbox/formpack asset (``content`` with ``survey``,
  ``choices``, ``settings``; translated columns as arrays, one entry per
  name in ``translations``).

Every layout becomes the same thing: per sheet, the column names and the
rows as ``{column: text}`` with empty cells left out, each row knowing its
number in the file so problems can point at it. Text is kept as written
here (the importer strips the surrounding spaces of a foreign form's texts,
as pyxform does); a cell that is only whitespace is empty.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from instruments.xlsform.kobo_json import read_json
from instruments.xlsform.sheets import SHEETS, FormSheets, Sheet, SheetRow, cell_text
from instruments.xlsform.sheets import form_error as _fail
from kernel.errors import InstrumentError
from kernel.workbooks import CellBudget, open_workbook, sheet_rows

__all__ = ["SHEETS", "FormSheets", "Sheet", "SheetRow", "cell_text", "read_sheets"]

_XLSX_FIX = "save it again from Excel or LibreOffice as .xlsx (Excel 2007+), or as a .csv or .md form"
#: Cells of all sheets together, as openpyxl pads them: a form of 20 000 rows and 100 columns.
_MAX_CELLS = 2_000_000


def _header(source: str, sheet: str, raw: list[object], number: int, line: bool = False) -> list[str]:
    columns = [re.sub(r"\s+", " ", cell_text(c).strip()) for c in raw]
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            where = {"line": number} if line else {"row": number}
            raise _fail(
                source,
                "duplicate-column",
                f"sheet '{sheet}' has the column '{name}' twice",
                "delete or rename one of them",
                **where,
            )
        seen.add(name)
    return columns


def _make_rows(columns: list[str], data: list[tuple[int, list[object]]]) -> list[SheetRow]:
    rows: list[SheetRow] = []
    for number, values in data:
        cells = {}
        for column, value in zip(columns, values, strict=False):
            text = cell_text(value)
            if column and text:
                cells[column] = text
        if cells:
            rows.append(SheetRow(number, cells))
    return rows


def _table(source: str, name: str, table: list[tuple[int, list[object]]], line: bool) -> Sheet:
    """A sheet from numbered rows: the first non-empty row is the header."""
    filled = [(n, v) for n, v in table if any(cell_text(x) for x in v)]
    if not filled:
        return Sheet(name)
    number, first = filled[0]
    columns = _header(source, name, first, number, line)
    return Sheet(name, [c for c in columns if c], _make_rows(columns, filled[1:]))


def _read_xlsx(path: Path) -> FormSheets:
    source = str(path)
    with open_workbook(path, InstrumentError, _XLSX_FIX) as book:
        names = list(book.sheetnames)
        sheets: dict[str, Sheet] = {}
        budget = CellBudget(_MAX_CELLS)
        for ws in book.worksheets:
            table = list(sheet_rows(ws, path, InstrumentError, _XLSX_FIX, budget))
            sheets[ws.title.strip().lower()] = _table(source, ws.title, table, line=False)
    return FormSheets(source, sheets, names)


def _split_layout(source: str, records: list[tuple[int, list[str]]], line: bool) -> FormSheets:
    """pyxform's single-table layout: a first cell names a sheet, the rest of the row is data."""
    tables: dict[str, list[tuple[int, list[object]]]] = {}
    titles: dict[str, str] = {}
    current: str | None = None
    for number, cells in records:
        if not cells:
            continue
        first, rest = cells[0].strip(), cells[1:]
        if first:
            current = first.lower()
            titles.setdefault(current, first)
            tables.setdefault(current, [])
        if not any(c.strip() for c in rest):
            continue
        if current is None:
            where = {"line": number} if line else {"row": number}
            raise _fail(
                source,
                "no-sheet-name",
                "this row comes before any sheet name",
                "put the sheet name (survey, choices, settings) in the first column of the row above the header",
                **where,
            )
        tables[current].append((number, list(rest)))
    sheets = {key: _table(source, titles[key], rows, line) for key, rows in tables.items()}
    return FormSheets(source, sheets, list(titles.values()))


def _read_csv(path: Path, text: str) -> FormSheets:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((reader.line_num, cells))
    except csv.Error as exc:
        raise _fail(
            str(path), "csv-syntax", f"this is not valid CSV ({exc})", "check the quotes", line=reader.line_num
        ) from None
    return _split_layout(str(path), records, line=True)


_MD_ROW = re.compile(r"\s*\|(.*)\|\s*")
_MD_SEPARATOR = re.compile(r"[\s|:-]+")
_MD_PIPE = re.compile(r"(?<!\\)\|")


def _read_md(path: Path, text: str) -> FormSheets:
    records: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.lstrip().startswith("#"):
            continue
        m = _MD_ROW.fullmatch(raw)
        if m is None:
            if raw.strip():
                raise _fail(
                    str(path),
                    "md-syntax",
                    "this line is not a table row",
                    "start and end every line with '|', or start a comment with '#'",
                    line=number,
                )
            continue
        body = m.group(1)
        if _MD_SEPARATOR.fullmatch(body) and "-" in body:
            continue
        records.append((number, [c.strip().replace(r"\|", "|") for c in _MD_PIPE.split(body)]))
    return _split_layout(str(path), records, line=True)


def read_sheets(path: Path) -> FormSheets:
    """Read an XLSForm in any supported layout; a broken file raises :class:`InstrumentError`."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".md", ".json"):
        raise _fail(
            source,
            "unknown-format",
            f"eqsurvey cannot read '{suffix or path.name}' files as XLSForm",
            "give an .xlsx, .csv, .md or KoboToolbox .json file (convert .xls to .xlsx first)",
        )
    if not path.is_file():
        raise _fail(source, "file-not-found", f"there is no file {path}", "check the path")
    if suffix in (".xlsx", ".xlsm"):
        form = _read_xlsx(path)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(
                source, "encoding", f"the file is not UTF-8 text (byte {exc.start})", "save it as UTF-8"
            ) from None
        readers = {".csv": _read_csv, ".md": _read_md, ".json": read_json}
        form = readers[suffix](path, text)
    if "survey" not in form.sheets and len(form.sheets) == 1:
        # pyxform reads a lone sheet, whatever its name, as the survey.
        only = next(iter(form.sheets.values()))
        form.sheets = {"survey": only}
    if "survey" not in form.sheets or not form.sheets["survey"].rows:
        found = ", ".join(form.names) or "none"
        raise _fail(
            source,
            "no-survey-sheet",
            f"there is no survey sheet with questions (sheets found: {found})",
            "add a sheet named 'survey' with a header row (type, name, label) and one row per question",
        )
    return form

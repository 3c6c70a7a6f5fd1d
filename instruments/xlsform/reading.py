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
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.errors import InstrumentError, Location, Problem
from kernel.workbooks import CellBudget, open_workbook, sheet_rows

__all__ = ["SHEETS", "FormSheets", "Sheet", "SheetRow", "cell_text", "read_sheets"]

SHEETS = ("survey", "choices", "settings")
_XLSX_FIX = "save it again from Excel or LibreOffice as .xlsx (Excel 2007+), or as a .csv or .md form"
#: Cells of all sheets together, as openpyxl pads them: a form of 20 000 rows and 100 columns.
_MAX_CELLS = 2_000_000


@dataclass(frozen=True)
class SheetRow:
    """One row: its number in the file (spreadsheet row, CSV/markdown line, JSON item) and its cells."""

    number: int
    cells: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)


@dataclass
class Sheet:
    name: str
    columns: list[str] = field(default_factory=list)
    rows: list[SheetRow] = field(default_factory=list)


@dataclass
class FormSheets:
    """The sheets of one form file, by lower-cased sheet name."""

    source: str
    sheets: dict[str, Sheet]
    #: The sheet names as written, for messages.
    names: list[str] = field(default_factory=list)

    def rows(self, sheet: str) -> list[dict[str, str]]:
        """The rows of a sheet as plain dicts (empty when the sheet is absent)."""
        found = self.sheets.get(sheet)
        return [dict(r.cells) for r in found.rows] if found else []

    def sheet(self, name: str) -> Sheet:
        return self.sheets.get(name) or Sheet(name)


def _fail(
    source: str, code: str, problem: str, fix: str, *, row: int | None = None, line: int | None = None
) -> InstrumentError:
    return InstrumentError([Problem(code, Location(file=source, row=row, line=line), problem, fix)])


def cell_text(value: object) -> str:
    """A cell as text the way spreadsheets show it: TRUE, 12 (not 12.0), ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "" if text.isspace() else text


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


def _kobo_cells(
    item: dict[str, Any], translated: set[str], translations: list[str | None], *, where: str, source: str, number: int
) -> dict[str, object]:
    cells: dict[str, object] = {}
    for key, value in item.items():
        if key.startswith("$"):
            continue  # KoboToolbox's own bookkeeping ($kuid, $xpath, ...); $autoname is used below
        if key in translated and isinstance(value, list):
            if len(value) != len(translations) or any(isinstance(v, (list, dict)) for v in value):
                raise _fail(
                    source,
                    "json-shape",
                    f"'{key}' of item {number} of {where} is not one text per translation "
                    f"({len(translations)}: {', '.join(t or '(default)' for t in translations)})",
                    f"give '{key}' as a list of {len(translations)} texts, null where a translation is missing",
                    row=number,
                )
            for lang, text in zip(translations, value, strict=True):
                cells[f"{key}::{lang}" if lang else key] = text
        else:
            cells[key] = value
    if "name" not in cells and isinstance(item.get("$autoname"), str):
        cells["name"] = item["$autoname"]
    listed = cells.pop("select_from_list_name", None)
    if listed and isinstance(cells.get("type"), str):
        cells["type"] = f"{cells['type']} {cell_text(listed)}"
    # KoboToolbox's form builder writes "or specify other" as a flag beside the type; XLSForm as a word in it.
    other = cells.pop("_or_other", None)
    if (other is True or cell_text(other).strip().lower() in ("true", "yes", "1")) and isinstance(
        cells.get("type"), str
    ):
        cells["type"] = f"{cells['type']} or_other"
    return cells


def _json_sheet(name: str, items: object, translated: set[str], translations: list[str | None], source: str) -> Sheet:
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise _fail(source, "json-shape", f"content.{name} is not a list of rows", f"give {name} as a list of objects")
    columns: list[str] = []
    rows: list[SheetRow] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise _fail(
                source,
                "json-shape",
                f"item {number} of content.{name} is not an object",
                "write each row as {…}",
                row=number,
            )
        found = _kobo_cells(item, translated, translations, where=f"content.{name}", source=source, number=number)
        cells = {k: text for k, v in found.items() if (text := cell_text(v))}
        columns += [k for k in cells if k not in columns]
        if cells:
            rows.append(SheetRow(number, cells))
    return Sheet(name, columns, rows)


def _kobo_languages(content: dict[str, Any], source: str) -> tuple[list[str | None], set[str]]:
    """The language of each entry of a translated column, and which columns are translated."""
    raw = content.get("translations") or [None]
    if not isinstance(raw, list) or not all(t is None or isinstance(t, str) for t in raw):
        raise _fail(
            source,
            "json-shape",
            "content.translations is not a list of language names",
            'write it as ["English (en)", "Deutsch (de)"], with null for a column without a language',
        )
    translations = [(t.strip() or None) if t else None for t in raw]
    twice = sorted({t or "(default)" for t in translations if translations.count(t) > 1})
    if twice:
        raise _fail(
            source,
            "json-shape",
            f"content.translations names {', '.join(twice)} more than once",
            "list each language once",
        )
    translated = content.get("translated") or ["label", "hint"]
    if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
        raise _fail(
            source,
            "json-shape",
            "content.translated is not a list of column names",
            'write it as ["label", "hint"]: the columns that hold one text per translation',
        )
    return translations, set(translated)


def _read_json(path: Path, text: str) -> FormSheets:
    source = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            source,
            "json-syntax",
            f"this is not valid JSON: {exc.msg}",
            "check brackets, commas and quotes",
            line=exc.lineno,
        ) from None
    except RecursionError:
        raise _fail(
            source, "json-shape", "this JSON nests too deeply to be a form", "export the form from KoboToolbox again"
        ) from None
    content = data.get("content", data) if isinstance(data, dict) else None
    if not isinstance(content, dict):
        raise _fail(
            source,
            "json-shape",
            "this JSON has no form content",
            "export the form from KoboToolbox as JSON, with content.survey and content.choices",
        )
    translations, translated = _kobo_languages(content, source)
    sheets = {
        name: _json_sheet(name, content[name], translated, translations, source) for name in SHEETS if name in content
    }
    if isinstance(data, dict):
        # A KoboToolbox asset keeps its id, title and version beside the content. Its deployed version's id
        # is what every submission carries in __version__ (formpack's fixtures call it `version`); KoboToolbox
        # writes it over the settings' version when deploying, so it wins over that too.
        deployed = data.get("deployed_version_id") or data.get("version_id")
        outside = {
            "form_id": data.get("id_string") or data.get("uid"),
            "form_title": data.get("name"),
            "version": deployed or data.get("version"),
        }
        # KoboToolbox shows a form in its first translation unless told otherwise.
        outside["default_language"] = translations[0]
        settings = sheets.get("settings") or Sheet("settings", [], [SheetRow(0, {})])
        cells = settings.rows[0].cells if settings.rows else {}
        for key, value in outside.items():
            given = key in cells and not (key == "version" and isinstance(deployed, str) and deployed.strip())
            if not given and isinstance(value, str) and value.strip():
                if key not in cells:
                    settings.columns.append(key)
                cells[key] = value
        if cells:
            sheets["settings"] = Sheet(
                "settings", settings.columns, [SheetRow(settings.rows[0].number if settings.rows else 0, cells)]
            )
    return FormSheets(source, sheets, list(sheets))


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
        readers = {".csv": _read_csv, ".md": _read_md, ".json": _read_json}
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

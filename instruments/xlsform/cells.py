"""Writing rows into workbook cells, for :mod:`.xlsform_export`, without losing a character.

openpyxl silently cuts text after 32,767 characters (Excel's limit for one
cell) and refuses control characters with an error that names neither the
question nor the fix. :func:`write_book` checks every cell first and raises
one :class:`~kernel.errors.InstrumentError` that lists each text that
cannot be written, by question and column, so nothing reaches a spreadsheet
cut short and nothing crashes.

A text that starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, see
:mod:`.formula_safe`) is written as a text cell marked "quote prefix", as
Excel marks a cell typed with a leading ``'``: no spreadsheet runs it, and
its value, which pyxform reads, is the instrument's text unchanged.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import openpyxl

from instruments.xlsform.columns import (
    CASES_SHEET,
    EQ_TYPE,
    META_TEXTS,
    MODULES_SHEET,
    OPTIONAL_META_TEXTS,
    TEXTS_SHEET,
    VERBATIM_COLUMNS,
    escape_text,
    language_header,
)
from kernel.errors import InstrumentError, Location, Problem
from kernel.formula_safe import starts_formula

__all__ = ["EXCEL_CELL_LIMIT", "Row", "SheetData", "columns_of", "write_book"]

Row = dict[str, Any]
#: The most characters (UTF-16 code units, as Excel counts) one cell holds.
EXCEL_CELL_LIMIT = 32_767
# What the XML inside an .xlsx cannot hold: C0 controls but tab and line feed (a carriage return
# would come back as a line feed), lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class SheetData:
    """One sheet to write: its title, its rows, and its columns in order."""

    title: str
    rows: list[Row]
    columns: list[str]


def columns_of(rows: list[Row], order: Iterable[str], langs: list[str], translated: Iterable[str]) -> list[str]:
    """The columns of ``order`` that some row fills; a translated column once per language."""
    wanted: list[str] = []
    many = set(translated)
    for name in order:
        wanted += [language_header(name, lang) for lang in langs] if name in many else [name]
    present = {k for r in rows for k, v in r.items() if v not in (None, "")}
    return [c for c in wanted if c in present]


def _owner(sheet: str, row: Row) -> tuple[str, str | None]:
    """How a message names the row's item, and the question (or other id) it belongs to."""
    name, listed = str(row.get("name") or row.get("id") or ""), str(row.get("list_name") or "")
    if sheet == "choices":
        return f"option '{name}' of '{listed}'", listed
    if sheet == CASES_SHEET:
        return f"case '{name}' of derived variable '{listed}'", listed
    if sheet == MODULES_SHEET:
        return f"module '{name}'", name
    kind = row.get(EQ_TYPE)
    if sheet == "settings" or kind == "about":
        return "the instrument's title", None
    if sheet == TEXTS_SHEET or kind in META_TEXTS or kind in OPTIONAL_META_TEXTS:
        return f"the instrument's {name.removeprefix('eqsurvey-').replace('-', '_')}", None
    if kind == "intro":
        return f"the introduction of section '{name.removesuffix('-intro')}'", name.removesuffix("-intro")
    return f"'{name}'", name or None


def _problem(sheet: str, row: Row, column: str, value: str) -> Problem | None:
    what, question = _owner(sheet, row)
    where = Location(question=question, field=column)
    bad = _REFUSED.search(value)
    if bad:
        return Problem(
            "unwritable-text",
            where,
            f"the {column} text of {what} contains the control character U+{ord(bad.group()):04X} "
            f"at position {bad.start() + 1}, which an .xlsx file cannot hold",
            "delete it from the instrument (it is invisible), then export again",
        )
    size = len(value.encode("utf-16-le")) // 2
    if size > EXCEL_CELL_LIMIT:
        return Problem(
            "unwritable-text",
            where,
            f"the {column} text of {what} has {size:,} characters; an Excel cell holds at most {EXCEL_CELL_LIMIT:,}",
            "shorten it (link to a longer document instead), then export again",
        )
    return None


def _cell_value(column: str, value: Any) -> Any:
    if isinstance(value, str) and column not in VERBATIM_COLUMNS:
        return escape_text(value)
    return value


def write_book(sheets: list[SheetData]) -> bytes:
    """The workbook of these sheets as .xlsx bytes; every text is checked before anything is written."""
    problems: list[Problem] = []
    for sheet in sheets:
        for row in sheet.rows:
            for column in sheet.columns:
                value = _cell_value(column, row.get(column))
                found = _problem(sheet.title, row, column, value) if isinstance(value, str) else None
                if found is not None:
                    problems.append(found)
    if problems:
        raise InstrumentError(problems)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        ws.append(sheet.columns)
        for r, row in enumerate(sheet.rows, start=2):
            for c, column in enumerate(sheet.columns, start=1):
                value = _cell_value(column, row.get(column))
                if value in (None, ""):
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and starts_formula(value):
                    # The text stays as it is (pyxform and KoboToolbox read it), stored as text: openpyxl
                    # would store '=…' as a formula, and Excel re-reads an edited cell as one unless it is
                    # marked the way typing a leading ' marks it.
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

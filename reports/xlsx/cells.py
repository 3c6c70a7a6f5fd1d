"""Cells that hold exactly what the report says: text as text, never a formula, and numbers as numbers.

openpyxl stores a text that starts with ``=`` as a formula and ``#N/A`` as an
error value. Labels come from instruments that may have been imported and
write-ins from respondents, so every text is forced to a text cell, and one
that starts like a formula (:mod:`kernel.formula_safe`) is marked "quote
prefix" as Excel marks a cell typed with a leading ``'``: Excel would otherwise
run it as a formula once someone edits the cell.

The XML inside an .xlsx cannot hold some characters; a report cannot refuse a
respondent's write-in for them, so each becomes U+FFFD (�), visibly. A line
break is kept as a line feed (a carriage return would come back as one anyway),
and a literal ``_x0041_``, which Excel would read as an escaped character, is
escaped itself (``_x005F_`` stands for the underscore). Excel holds at most
32,767 characters in a cell; a longer text ends with "…".
"""

from __future__ import annotations

import re
import textwrap

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kernel.formula_safe import starts_formula

CELL_LIMIT = 32_767
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WARNING = Font(bold=True, size=13, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

COUNT = "#,##0"
SHARE = "0.0%"
DECIMAL = "0.00"


def _units(text: str) -> int:
    """The length Excel counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _escaped(text: str) -> str:
    return _ESCAPE_LIKE.sub(r"_x005F_\1", text)


def cell_text(text: str) -> str:
    """``text`` as it is stored in a cell so that Excel shows ``text`` (see the module docstring)."""
    text = UNWRITABLE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    stored = _escaped(text)
    if _units(stored) <= CELL_LIMIT:
        return stored
    low, high = 0, len(text)  # the longest start of the text that fits with "…": found by halving
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if _units(_escaped(text[:middle])) < CELL_LIMIT else (low, middle - 1)
    return _escaped(text[:low]) + "…"


def put_text(ws: Worksheet, row: int, column: int, text: str, *, font: Font | None = None, wrap: bool = False) -> Cell:
    """A text cell that no spreadsheet runs as a formula or reads as an error value."""
    cell = ws.cell(row=row, column=column, value=cell_text(text))
    cell.data_type = "s"  # openpyxl would have made '=…' a formula and '#N/A' an error value
    if starts_formula(cell.value):
        cell.quotePrefix = True
    cell.alignment = WRAP if wrap else TOP
    if font is not None:
        cell.font = font
    return cell


def put_number(ws: Worksheet, row: int, column: int, value: int | float, number_format: str) -> Cell:
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format
    cell.alignment = TOP
    return cell


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``, no quote at either end,
    unique in the workbook regardless of case (a number is added where needed), not Excel's reserved
    "History"; recorded in ``taken``."""
    name = re.sub(r"[\[\]:*?/\\]", " ", UNWRITABLE.sub(" ", re.sub(r"\s+", " ", text)))
    name = name.strip(" '")[:31].rstrip(" '") or "_"
    found, number = name, 2
    while found.lower() in taken or found.lower() == "history":
        suffix = f" ({number})"
        found, number = name[: 31 - len(suffix)].rstrip(" '") + suffix, number + 1
    taken.add(found.lower())
    return found


def fit_columns(ws: Worksheet, widths: dict[int, int], most: int = 60) -> None:
    """Column widths from the longest entry (in characters) of each column, at most ``most``; longer texts wrap."""
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width, 6), most) + 2


def text_width(text: str) -> int:
    """The characters of the longest line of ``text``."""
    return max((len(line) for line in text.split("\n")), default=0)


def lines_needed(text: str, width: float) -> int:
    """About how many lines ``text`` takes, wrapped at spaces in a cell ``width`` characters wide: Excel does
    not size rows of merged cells by itself, nor reliably rows of wrapped text written by another program."""
    columns = max(int(width), 1)
    return sum(max(1, len(textwrap.wrap(line, columns))) for line in text.split("\n"))


def fit_rows(ws: Worksheet, first: int, last: int, line: float = 15.0) -> None:
    """Heights of rows ``first``…``last`` from their wrapped text cells (merged cells are sized where made)."""
    for row in ws.iter_rows(min_row=first, max_row=last):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = ws.column_dimensions[get_column_letter(cell.column)].width
                lines = max(lines, lines_needed(cell.value, width))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * line

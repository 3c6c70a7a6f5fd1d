"""Reading users' .xlsx workbooks with openpyxl, within bounds and without tracebacks.

Every workbook passes :func:`.archives.check_zip` before openpyxl opens it.
openpyxl pads each row with empty cells up to the row's last cell, so a sheet
of a few kilobytes with a cell in column XFD on every row stands for billions
of cells; :func:`sheet_rows` counts the cells it hands out and stops at the
caller's budget. Whatever openpyxl raises on damaged or made-up content (XML
that does not parse, a shared string that is not there) becomes the caller's
user error.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kernel.errors import EqSurveyError, Location
from kernel.zip_archives import XLSX_LIMITS, check_zip

__all__ = ["CellBudget", "open_workbook", "sheet_rows"]

#: What openpyxl raises for a workbook whose content is damaged or made up:
#: XML that does not parse (ElementTree's ParseError is a SyntaxError), a part
#: that is missing (KeyError), a shared string out of range (IndexError),
#: attribute values it cannot convert (ValueError, TypeError), and zipfile's
#: and zlib's errors for a damaged entry.
#: Excel's and LibreOffice's last row; a sheet that claims rows past it was not made by either.
_LAST_ROW = 1_048_576
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError, SyntaxError)


@contextmanager
def open_workbook(path: Path, error: type[EqSurveyError], fix: str) -> Iterator[Any]:
    """openpyxl's read-only workbook of ``path``, once its archive passed :data:`.archives.XLSX_LIMITS`.

    Every problem is ``error`` with ``fix``. The file is opened here, not by
    openpyxl, because openpyxl leaves it open when the workbook fails to load.
    """
    try:
        check_zip(path, XLSX_LIMITS, error, fix)
        handle = path.open("rb")
    except _DAMAGED as exc:
        raise _unreadable(path, exc, error, fix) from None
    import openpyxl  # here, not at the top: importing it took a quarter of a CSV import's start

    with handle:
        try:
            with warnings.catch_warnings():
                # openpyxl warns about features it drops (data validation, styles): irrelevant for reading values.
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except _DAMAGED as exc:
            raise _unreadable(path, exc, error, fix) from None
        try:
            yield book
        finally:
            book.close()


@dataclass
class CellBudget:
    """The cells a reader takes from one workbook, over all the sheets it reads, and how many it may."""

    limit: int
    used: int = 0


def sheet_rows(
    sheet: Any, path: Path, error: type[EqSurveyError], fix: str, budget: CellBudget
) -> Iterator[tuple[int, list[object]]]:
    """The rows of a read-only sheet, numbered from 1 as the spreadsheet shows them.

    Rows come as openpyxl pads them, empty rows left out; their cells, the
    empty ones included, are counted against ``budget``.
    """
    try:
        sheet.reset_dimensions()  # some writers store a wrong size; read what is really there
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            # openpyxl yields every row up to the last one written, however far down: count each.
            budget.used += max(len(values), 1)
            if number > _LAST_ROW:
                raise error.single(
                    "sheet-size",
                    f"sheet '{sheet.title}' has rows past {_LAST_ROW:,}, the last row a spreadsheet has",
                    fix,
                    Location(file=str(path)),
                )
            if budget.used > budget.limit:
                raise error.single(
                    "sheet-size",
                    f"the workbook has more than {budget.limit:,} cells up to this row of sheet '{sheet.title}',"
                    " counting the empty ones left of each row's last cell",
                    fix,
                    Location(file=str(path), row=number),
                )
            if values.count(None) < len(values):  # empty rows are skipped (in C, not cell by cell)
                yield number, list(values)
    except _DAMAGED as exc:
        raise _unreadable(path, exc, error, fix) from None


def _unreadable(path: Path, exc: Exception, error: type[EqSurveyError], fix: str) -> EqSurveyError:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return error.single(
        "unreadable-xlsx", f"this is not a readable .xlsx workbook ({detail})", fix, Location(file=str(path))
    )

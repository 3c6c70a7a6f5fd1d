"""The sheets of an XLSForm as every layout reads them: rows of texts by column, each knowing its number."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from kernel.errors import InstrumentError, Location, Problem

__all__ = ["SHEETS", "FormSheets", "Sheet", "SheetRow", "cell_text", "form_error"]

SHEETS = ("survey", "choices", "settings")


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


def form_error(
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

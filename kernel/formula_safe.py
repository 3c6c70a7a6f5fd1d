"""Text cells that a spreadsheet shows as text, never runs as a formula ("CSV injection").

Excel, LibreOffice Calc and Google Sheets read a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, and a
formula can fetch web pages or, in older Excel, start programs. Labels come
from instruments that may have been imported, table titles from plans, and
write-ins from respondents: any of them can start that way, by accident
(``-- keine Angabe``) or by design (``=HYPERLINK(…)``).

As OWASP's "CSV Injection" page recommends, every text cell that starts with
one of these characters is written with a single quote in front. A text
that itself starts with a single quote gets one more, so the rule can be
undone exactly: :func:`restore` drops one leading quote and gives the text
back. Numbers are not text and stay as they are (-0.5 is written -0.5).

It lives in the lowest layer so that every writer of CSV (analysis,
reports, survey) and the XLSForm workbook use the one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's list)."""
QUOTE = "'"

K = TypeVar("K")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text``, typed into a cell, as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text; :func:`restore` undoes it."""
    return QUOTE + text if text.startswith((*FORMULA_TRIGGERS, QUOTE)) else text


def restore(cell: str) -> str:
    """The text a cell written by :func:`neutralise` holds."""
    return cell.removeprefix(QUOTE)


def safe_row(row: Mapping[K, object]) -> dict[K, object]:
    """A row for ``csv.DictWriter`` with every text neutralised and numbers left as numbers."""
    return {key: neutralise(value) if isinstance(value, str) else value for key, value in row.items()}


def safe_cells(row: Iterable[object]) -> list[object]:
    """A row for ``csv.writer`` with every text neutralised and numbers left as numbers."""
    return [neutralise(value) if isinstance(value, str) else value for value in row]

"""A sheet of two columns that reads as a page: paragraphs across both, headings, key–value rows, links.

The first sheets of the workbooks (a release's, :mod:`reports.xlsx.about`; a pool's,
:mod:`reports.xlsx.pool`) are written with it, top to bottom.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from reports.xlsx.cells import BOLD, lines_needed, put_text

LINK = Font(color="0563C1", underline="single")


class TextSheet:
    """Writes ``ws`` from its first row down; column A ``key`` wide, B ``text`` wide (in characters)."""

    def __init__(self, ws: Worksheet, key: int, text: int) -> None:
        self.ws, self.key, self.text, self.row = ws, key, text, 1
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = key, text

    def paragraph(self, text: str, font: Font | None = None) -> None:
        """Across both columns, as high as its wrapped lines need."""
        put_text(self.ws, self.row, 1, text, font=font, wrap=True)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=2)
        self.ws.row_dimensions[self.row].height = lines_needed(text, self.key + self.text) * (
            15 if font is None else 18
        )
        self.row += 1

    def heading(self, text: str) -> None:
        """Bold, after an empty row."""
        self.row += 1
        put_text(self.ws, self.row, 1, text, font=BOLD)
        self.row += 1

    def fact(self, key: str, value: str) -> None:
        """A bold key and its value, which wraps."""
        put_text(self.ws, self.row, 1, key, font=BOLD)
        put_text(self.ws, self.row, 2, value, wrap=True)
        self.ws.row_dimensions[self.row].height = lines_needed(value, self.text) * 15
        self.row += 1

    def link(self, sheet: str, caption: str) -> None:
        """The name of another sheet, linked to its first cell, and what it holds."""
        cell = put_text(self.ws, self.row, 1, sheet)
        quoted = sheet.replace("'", "''")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1", display=sheet)
        cell.font = LINK
        put_text(self.ws, self.row, 2, caption, wrap=True)
        self.row += 1

    def skip(self) -> None:
        self.row += 1

    def fit_to_a4(self) -> None:
        """Printed on A4, one page wide."""
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0

"""A regional pool as an Excel workbook: what it is, the contributing releases, then a sheet per pooled table.

The first sheet says what the workbook holds in the pooled report's own words
(the budgets listed, not added; how counts, shares and means were pooled; the
rules and the joint audit) and links to each table. The contributors have a
sheet of their own, one row per release. The tables are written as a town's
workbook writes its own (:func:`reports.xlsx.sheets.write_table`).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from instruments.text import is_rtl
from kernel.i18n import Msg
from reports.pool.content import PoolReport
from reports.xlsx.cells import BOLD, TITLE, cell_text, fit_columns, lines_needed, put_text, sheet_title, text_width
from reports.xlsx.sheets import write_table
from reports.xlsx.text_sheet import TextSheet

_WIDTH = 110


def render_pool_xlsx(report: PoolReport) -> bytes:
    """The workbook of a pooled report (see the module's docstring), as .xlsx bytes."""
    t = report.t
    book = Workbook()
    about = book.active
    taken: set[str] = set()
    about.title = sheet_title(t(Msg("workbook.about_sheet", "About")), taken)
    contributors = book.create_sheet(sheet_title(report.words["contributors"], taken))
    names = [sheet_title(t(Msg("workbook.sheet", "Table {number}"), number=v.number), taken) for v in report.tables]
    caption = Msg("table.caption", "Table {number}: {title}")
    contents = [
        (contributors.title, report.words["contributors_caption"]),
        *((name, t(caption, number=v.number, title=v.title)) for name, v in zip(names, report.tables, strict=True)),
    ]
    _about(about, report, contents)
    _contributors(contributors, report)
    footer = cell_text(str(report.title))[:120]  # Excel's header and footer hold 255 characters in all
    for name, view in zip(names, report.tables, strict=True):
        write_table(book.create_sheet(name), view, t, footer)
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = is_rtl(t.lang)
    book.properties.title = cell_text(str(report.title))
    book.properties.creator = "eqsurvey"
    book.properties.language = t.lang
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _about(ws: Worksheet, report: PoolReport, contents: list[tuple[str, str]]) -> None:
    """The first sheet; ``contents``: each other sheet's name and what it holds."""
    t, words = report.t, report.words
    page = TextSheet(ws, 20, _WIDTH - 20)
    page.paragraph(str(report.title), TITLE)
    page.paragraph(words["subtitle"])
    page.paragraph(report.budgets)
    page.heading(words["method"])
    for text in report.method:
        page.paragraph(text)
    for key in ("workbook.noisy", "workbook.numbers", "workbook.empty"):
        page.paragraph(t(key))
    page.heading(t(Msg("page.contents", "Contents")))
    for name, caption in contents:
        page.link(name, caption)
    page.fit_to_a4()


def _contributors(ws: Worksheet, report: PoolReport) -> None:
    words = report.words
    put_text(ws, 1, 1, words["contributors_caption"], font=TITLE)
    headers = [words[k] for k in ("release", "publisher", "created", "budget", "hidden_given")]
    widths = {i: text_width(h) for i, h in enumerate(headers, start=1)}
    for i, header in enumerate(headers, start=1):
        put_text(ws, 2, i, header, font=BOLD, wrap=True)
    for r, c in enumerate(report.contributors, start=3):
        for i, value in enumerate((c.release, c.publisher, c.created, c.budget, c.hidden_given), start=1):
            put_text(ws, r, i, value)
            widths[i] = max(widths[i], text_width(value))
    fit_columns(ws, widths)
    below = len(report.contributors) + 4
    put_text(ws, below, 1, report.budgets, wrap=True)
    ws.merge_cells(start_row=below, start_column=1, end_row=below, end_column=len(headers))
    ws.row_dimensions[below].height = lines_needed(report.budgets, sum(widths.values())) * 15
    ws.freeze_panes = ws.cell(row=3, column=1)

"""The workbook's first sheet: what it holds, from which release, what its numbers and notes mean.

Someone who opens the file without the report must be able to read it: that
every figure is an estimate protected by noise, why cells are empty, what each
status and note means, and where the method is described. The explanations of
the notes are the report's own, with this release's publication rules.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from analysis.releases.model import Release
from instruments.model import Instrument
from reports.catalogue import Catalogue
from reports.labels import Labels
from reports.tables import TableView, secondary
from reports.xlsx.cells import BOLD, TITLE, WARNING, lines_needed, put_text

_KEY_WIDTH, _TEXT_WIDTH = 30, 100
LINK = Font(color="0563C1", underline="single")


def _notes(release: Release, t: Catalogue) -> list[str]:
    rules = release.publication
    suppressed = "note.suppressed_secondary" if secondary(release) else "note.suppressed"
    return [
        t("workbook.shown_meaning", shown=t("workbook.shown")),
        t(suppressed, below=rules.suppress_below),
        t("note.uncertain", low=rules.suppress_below, high=rules.flag_below),
        t("note.imprecise", error=t.numbers.whole_percent(100 * rules.max_relative_error)),
        t("note.partial"),
        t("workbook.conservative"),
        t("note.no_value"),
    ]


def _facts(release: Release, instrument: Instrument, t: Catalogue, fieldwork: str | None) -> list[tuple[str, str]]:
    title = Labels(instrument, t).text(instrument.title)
    facts = [
        (t("workbook.release"), release.id),
        (t("workbook.published"), t.date(release.created_at)),
        (t("workbook.questionnaire"), t("workbook.questionnaire_value", title=title, id=instrument.id,
                                        version=instrument.version)),
    ]  # fmt: skip
    if fieldwork:
        facts.append((t("workbook.fieldwork"), fieldwork))
    return facts


def write_about(
    ws: Worksheet,
    release: Release,
    instrument: Instrument,
    t: Catalogue,
    sheets: list[tuple[str, TableView]],
    *,
    fieldwork: str | None = None,
    notice: str | None = None,
) -> None:
    """The first sheet (see the module docstring); ``sheets``: each table's worksheet name and view; ``notice``:
    that the data are simulated, said first."""
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = _KEY_WIDTH, _TEXT_WIDTH
    row = 1

    def paragraph(text: str, font: Any = None) -> None:
        nonlocal row
        put_text(ws, row, 1, text, font=font, wrap=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.row_dimensions[row].height = lines_needed(text, _KEY_WIDTH + _TEXT_WIDTH) * (15 if font is None else 18)
        row += 1

    def heading(text: str) -> None:
        nonlocal row
        row += 1
        put_text(ws, row, 1, text, font=BOLD)
        row += 1

    if notice is not None:
        paragraph(notice, WARNING)
        paragraph(t("workbook.simulated_text"))
        row += 1
        ws.oddHeader.center.text = notice
    paragraph(str(Labels(instrument, t).text(instrument.title)), TITLE)
    paragraph(t("workbook.subtitle", release=release.id))
    row += 1
    for key, value in _facts(release, instrument, t, fieldwork):
        put_text(ws, row, 1, key, font=BOLD)
        put_text(ws, row, 2, value, wrap=True)
        row += 1
    heading(t("workbook.what_heading"))
    for key in ("workbook.what", "workbook.noisy", "workbook.numbers", "workbook.empty"):
        paragraph(t(key))
    if release.non_probability:
        paragraph(t("workbook.sample"))
    heading(t("workbook.notes_heading"))
    for text in _notes(release, t):
        paragraph(text)
    heading(t("workbook.method_heading"))
    paragraph(t("workbook.method", section=t("page.methodology"), release=release.id))
    heading(t("page.contents"))
    for name, view in sheets:
        link = put_text(ws, row, 1, name)
        quoted = name.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1", display=name)
        link.font = LINK
        put_text(ws, row, 2, t("table.caption", number=view.number, title=view.title), wrap=True)
        row += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0

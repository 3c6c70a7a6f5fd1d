"""reports.xlsx: a release's tables as an Excel workbook, for the people who work on in Excel.

- ``about``: the first sheet, what the workbook holds and what its numbers and notes mean;
- ``sheets``: one worksheet per table (a calibrated release's weighted tables after the plain ones), with the
  report's labels, statuses and notes;
- ``cells``: text cells that are never formulas, numbers with number formats, names and widths.

openpyxl is imported only when a workbook is written (``eqsurvey --help`` stays instant).
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from analysis.releases.model import Release
from instruments.model import Instrument
from instruments.text import is_rtl
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.content import check_instrument
from reports.labels import Labels
from reports.tables import release_views
from reports.weighting import weighting_content
from reports.xlsx.about import write_about
from reports.xlsx.cells import cell_text, sheet_title
from reports.xlsx.sheets import write_table

__all__ = ["render_xlsx"]


def render_xlsx(release: Release, instrument: Instrument, lang: str, fieldwork: str | None = None) -> bytes:
    """The workbook of one stored release in ``lang``, as .xlsx bytes."""
    check_instrument(release, instrument)
    release = release.public()
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    views = release_views(release, labels)
    # A calibrated release's weighted tables follow the plain ones, numbered on, as in the report.
    weighted = weighting_content(release, labels, first=len(views) + 1)
    views = [*views, *(weighted.views if weighted is not None else [])]
    book = Workbook()
    about = book.active
    taken: set[str] = set()
    about.title = sheet_title(t(Msg("workbook.about_sheet", "About")), taken)
    # "Tabelle 5", as the report names it: titles of one survey often share their first 31 characters.
    names = [sheet_title(t(Msg("workbook.sheet", "Table {number}"), number=view.number), taken) for view in views]
    # Simulated data say so at the top of every sheet and of every printed page: a table may be copied alone.
    notice = t(Msg("workbook.simulated", "Simulated data, not a survey of real people")) if release.simulated else None
    sheets = list(zip(names, views, strict=True))
    write_about(about, release, instrument, t, sheets, fieldwork=fieldwork, notice=notice, weighting=weighted)
    for name, view in sheets:
        write_table(book.create_sheet(name), view, t, release.id, notice=notice)
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = is_rtl(lang)
    book.properties.title = cell_text(str(labels.text(instrument.title)))
    book.properties.creator = "eqsurvey"
    book.properties.language = lang
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""One table of the release as one worksheet: title, a header row, a row per cell, then the table's notes.

The rows, labels, flags and notes are the report's own (:func:`reports.tables.table_view`),
so the workbook and the HTML/PDF report say the same. Numbers are real numbers: counts
rounded to whole respondents as the report shows them, shares as fractions with a percent
format, averages and ratios with two decimals; each interval is two columns (from, to). A
suppressed cell keeps its row with its labels, the status "not shown" and empty number
cells; a number that does not apply (the share of "no answer") is "–", as in the report.
"""

from __future__ import annotations

from openpyxl.styles import Border, Side
from openpyxl.worksheet.worksheet import Worksheet

from analysis.releases.cells import PublishedCell
from kernel.errors import InternalError
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.tables import NO_VALUE, Row, TableView
from reports.xlsx.cells import (  # fmt: skip
    BOLD,
    COUNT,
    DECIMAL,
    SHARE,
    TITLE,
    fit_columns,
    fit_rows,
    lines_needed,
    put_number,
    put_text,
    text_width,
)

Field = tuple[str, str] | tuple[str, str, str]
"""(number format, key) of a single value, or (number format, low key, high key) of an interval."""

_COUNTS: tuple[Field, ...] = ((COUNT, "estimate"), (COUNT, "low", "high"))
_SHARES: tuple[Field, ...] = ((SHARE, "share"), (SHARE, "share_low", "share_high"))
LAYOUT: dict[str, tuple[Field, ...]] = {
    "counts": (*_COUNTS, *_SHARES),
    "matrix": (*_COUNTS, *_SHARES),
    "mean": ((DECIMAL, "estimate"), (DECIMAL, "low", "high"), (COUNT, "n")),
    "write_ins": _COUNTS,
    "representation": (
        *_SHARES, (SHARE, "reference"), (DECIMAL, "ratio"), (DECIMAL, "ratio_low", "ratio_high"), *_COUNTS
    ),
}  # fmt: skip
"""The numbers of each kind of table, in the order of :func:`reports.tables._columns`' headers."""
HEADER_ROW = 2
_LINE = 15.0  # points per line of 11-point text
_UNDER = Border(bottom=Side(style="thin"))


def status_word(status: str, t: Catalogue) -> str:
    """A cell's status as the report's notes name it: "not shown", "uncertain", or shown."""
    return {
        "suppressed": t(Msg("table.suppressed", "not shown")),
        "uncertain": t(Msg("flag.uncertain", "uncertain")),
    }.get(status, t(Msg("workbook.shown", "shown")))


def _headers(view: TableView, t: Catalogue) -> list[tuple[str, str | None]]:
    """(header, number format) of every column; None for text columns."""
    layout = LAYOUT[view.kind]
    if len(layout) != len(view.value_columns):
        raise InternalError(
            f"the workbook has no column layout for the {len(view.value_columns)} columns of {view.kind}"
        )
    columns: list[tuple[str, str | None]] = [(str(h), None) for h in view.header_columns]
    for header, field in zip(view.value_columns, layout, strict=True):
        if len(field) == 3:
            columns += [
                (t(Msg("workbook.from", "{interval}: from"), interval=header), field[0]),
                (t(Msg("workbook.to", "{interval}: to"), interval=header), field[0]),
            ]
        else:
            columns.append((header, field[0]))
    return [*columns, (t(Msg("workbook.status", "Status")), None), (t(Msg("column.notes", "Note")), None)]


def _numbers(kind: str, cell: PublishedCell) -> list[int | float | None]:
    """A shown cell's numbers in column order; None where a number does not apply."""
    out: list[int | float | None] = []
    for field in LAYOUT[kind]:
        for key in field[1:]:
            value: float | None = getattr(cell, key)
            out.append(round(value) if value is not None and field[0] == COUNT else value)
    return out


def _flags(row: Row, t: Catalogue) -> str:
    """The row's flags but "uncertain", which the status column already says."""
    return "; ".join(f for f in row.flags.split("; ") if f and f != t(Msg("flag.uncertain", "uncertain")))


def write_table(ws: Worksheet, view: TableView, t: Catalogue, release_id: str, *, notice: str | None = None) -> None:
    """The worksheet of one table (see the module docstring); ``notice``: that the data are simulated, said
    under the title and atop every printed page."""
    columns = _headers(view, t)
    status_column, labels = len(columns) - 1, len(view.header_columns)
    # Headers wrap at spaces, so their longest word counts; a number column needs room for 12,345.
    widths = {i: max([len(w) for w in h.split()] + [0 if f is None else 9]) for i, (h, f) in enumerate(columns, 1)}

    def text(row: int, column: int, value: str) -> None:
        put_text(ws, row, column, value, wrap=True)
        widths[column] = max(widths[column], text_width(value))

    for i, (header, _) in enumerate(columns, start=1):
        put_text(ws, HEADER_ROW, i, header, font=BOLD, wrap=True).border = _UNDER
    for r, row in enumerate(view.rows, start=HEADER_ROW + 1):
        for c, header in enumerate(row.headers, start=1):
            text(r, c, str(header))
        if row.status != "suppressed":  # the release holds no number for it, and none is made up here
            numbers = zip(_numbers(view.kind, row.cell), columns[labels:-2], strict=True)
            for c, (value, (_, fmt)) in enumerate(numbers, start=labels + 1):
                if value is None or fmt is None:
                    put_text(ws, r, c, NO_VALUE)
                else:
                    put_number(ws, r, c, value, fmt)
        text(r, status_column, status_word(row.status, t))
        text(r, status_column + 1, _flags(row, t))
    fit_columns(ws, widths)
    fit_rows(ws, HEADER_ROW, HEADER_ROW + len(view.rows))
    total = sum(d.width for d in ws.column_dimensions.values())
    _title_and_notes(ws, view, t, len(columns), total, notice=notice)
    _page(ws, total, release_id)
    if notice is not None:
        ws.oddHeader.center.text = notice


def _merged(ws: Worksheet, row: int, columns: int, text: str, total: float, *, bold: bool = False) -> None:
    put_text(ws, row, 1, text, font=TITLE if bold else None, wrap=True)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    ws.row_dimensions[row].height = lines_needed(text, total) * (_LINE + (2 if bold else 0))


def _title_and_notes(
    ws: Worksheet, view: TableView, t: Catalogue, columns: int, total: float, *, notice: str | None
) -> None:
    title = t(Msg("table.caption", "Table {number}: {title}"), number=view.number, title=view.title)
    _merged(ws, 1, columns, title if notice is None else f"{title}\n{notice}", total, bold=True)
    row = HEADER_ROW + len(view.rows) + 2
    put_text(ws, row, 1, t(Msg("table.notes", "Notes on the table")), font=BOLD)
    for offset, text in enumerate([*view.intro, *view.notes], start=1):
        _merged(ws, row + offset, columns, text, total)


def _page(ws: Worksheet, total: float, release_id: str) -> None:
    """Frozen header, A4 one page wide (landscape for wide tables), title and header on every printed page."""
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if total > 100 else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.oddFooter.left.text = release_id
    ws.oddFooter.right.text = "&[Page] / &[Pages]"

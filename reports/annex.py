"""The table annex's layout: a long or wide table split into short parts, each with its own caption.

A matrix (one question asked of several items, e.g. discrimination in 13 areas of
life) becomes one part per item; a table broken down by two or more variables
becomes one part per group of the first. Each part drops the column its caption
now names, so no part is wider or much longer than a page. Every row stays, in
the release's order within its part, and keeps its cell's index in the stored
table. Other tables are one part. The split is layout only: the numbers, flags
and notes are the table's (see :mod:`.tables`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.labels import Label
from reports.tables import Row, TableView


@dataclass(frozen=True)
class Part:
    id: str
    """Unique in the page: the table's id, with the part's number when the table is split."""
    caption: str
    heading: Label | None
    """What the part's rows share (an item, a group); None when the table is not split."""
    header_columns: tuple[Label, ...]
    rows: tuple[Row, ...]


def _splits(view: TableView) -> bool:
    return view.kind == "matrix" or (view.kind == "counts" and len(view.by) >= 2)


def parts(view: TableView, caption: str, part_caption: str) -> list[Part]:
    """The parts of one table. ``caption`` is the whole table's caption; ``part_caption`` a format with
    ``{caption}`` and ``{part}`` for a part's."""
    if not _splits(view) or not view.rows:
        return [Part(view.id, caption, None, view.header_columns, tuple(view.rows))]
    grouped: dict[str, tuple[Label, list[Row]]] = {}
    for row in view.rows:
        first = row.headers[0]
        key = str(first)
        if key not in grouped:
            grouped[key] = (first, [])
        grouped[key][1].append(_rest(row))
    if len(grouped) == 1:
        return [Part(view.id, caption, None, view.header_columns, tuple(view.rows))]
    # A group named after a variable reads "Geschlechtergruppe: TIN*"; an item is its own name.
    named = view.kind != "matrix"
    variable = view.header_columns[0]
    out = []
    for number, (label, rows) in enumerate(grouped.values(), start=1):
        heading = Label(f"{variable}: {label}", label.lang) if named else label
        out.append(
            Part(f"{view.id}-{number}", part_caption.format(caption=caption, part=heading), heading,
                 view.header_columns[1:], tuple(rows))
        )  # fmt: skip
    return out


def _rest(row: Row) -> Row:
    return Row(row.headers[1:], row.values, row.flags, row.status, row.cell, row.index)

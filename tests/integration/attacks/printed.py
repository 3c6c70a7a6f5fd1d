"""What a reader of a rendered HTML report can write down: its tables' printed numbers, as a release body.

The parser reads only the HTML: each data table (``data-table="<table>"``; a
table split into parts has several), its rows' status and printed numbers. The
table's structure (which row is which cell) is taken from the public release by
the row's place (``data-cell``; the report labels each row, and a reader matching
labels would get the same). Counts are read from the count column, shares from the
share column (``–`` where none is printed); nothing else of a row carries a
figure about the cell that the count and share do not (an interval is the
figure plus or minus a half-width the reader cannot tell apart from it).
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

from analysis import public_body

COUNTED = ("counts", "matrix", "representation")


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[int, str, list[str]]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "data" in (found.get("class") or "").split():
            self._table = str(found.get("data-table"))
            self.tables.setdefault(self._table, [])
        elif tag == "tr" and self._table is not None and found.get("data-status"):
            self._row = []
            self.tables[self._table].append((int(found.get("data-cell") or 0), str(found["data-status"]), self._row))
        elif tag == "td" and self._row is not None and "num" in (found.get("class") or "").split():
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None


def number(text: str) -> float | None:
    """A printed English number ("1,234", "12.3 %") as a float; None for "–"."""
    cleaned = text.replace(",", "").replace("%", "").replace("\u202f", "").replace("\xa0", "").strip()
    if cleaned in ("–", ""):
        return None
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(f"not a printed number: {text!r}")
    return float(cleaned)


def printed_body(html: str, release: dict[str, Any]) -> dict[str, Any]:
    """The public release with every count table's numbers replaced by what the English HTML prints."""
    parsed = _Tables()
    parsed.feed(html)
    body: dict[str, Any] = copy.deepcopy(public_body(release))
    for table in body["tables"]:
        if table["kind"] not in COUNTED:
            continue
        rows = [(status, values) for _, status, values in sorted(parsed.tables[table["id"]], key=lambda r: r[0])]
        if len(rows) != len(table["cells"]):
            raise AssertionError(f"table {table['id']}: {len(rows)} rows printed for {len(table['cells'])} cells")
        table["cells"] = [
            _cell(table["kind"], c, status, values) for c, (status, values) in zip(table["cells"], rows, strict=True)
        ]
    return body


def _cell(kind: str, cell: dict[str, Any], status: str, values: list[str]) -> dict[str, Any]:
    if status == "suppressed":
        return {k: cell[k] for k in ("row", "measure", "by", "status")}
    # counts and matrix: count, count interval, share, share interval; representation: the count comes last but one
    count = number(values[-2] if kind == "representation" else values[0])
    share = number(values[0] if kind == "representation" else values[2])
    if count is None:
        raise AssertionError(f"a shown cell without a printed count: {values}")
    out = {k: cell[k] for k in ("row", "measure", "by")} | {"status": status}
    out |= {"estimate": count, "low": count, "high": count, "n": count}
    if share is not None:
        fraction = share / 100
        out |= {"share": fraction, "share_low": fraction, "share_high": fraction, "share_status": "shown"}
    return out

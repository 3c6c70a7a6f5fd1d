"""Each cell's numbers as the report writes them (the report's own formatting, so tests follow it)."""

from __future__ import annotations

from typing import Any

from reports.catalogue import Numbers


def shown_values(kind: str, cell: dict[str, Any], n: Numbers) -> list[str]:
    """The estimate and interval(s) a shown cell's table row must contain."""
    if kind == "mean":
        return [n.decimal_number(cell["estimate"]), n.decimal_range(cell["low"], cell["high"])]
    values = [n.count(cell["estimate"]), n.count_range(cell["low"], cell["high"])]
    if cell.get("share") is not None:
        values += [n.share(cell["share"]), n.share_range(cell["share_low"], cell["share_high"])]
    return values

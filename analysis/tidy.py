"""A stored release as tidy data: one row per published cell, for reports and analysts.

CSV cannot nest, so breakdowns become up to three ``by_N`` / ``by_N_value``
column pairs (a plan has at most three breakdowns); JSON keeps them as an
object. Suppressed cells are rows with their labels and status and nothing
else (not even a share's status): a reader sees that the cell exists and why
it is empty. The dataset's MAC stays out (:func:`.release_body.public_body`).

In CSV every text that a spreadsheet would run as a formula (a write-in
such as ``=1+1``) is written with a leading single quote
(:mod:`kernel.formula_safe`); the number columns stay plain numbers.
JSON is not opened by spreadsheets and keeps every text as it is.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from analysis.release_body import PRIVATE, SIMULATED_NOTICE, public_body, simulated
from kernel.formula_safe import safe_row

MAX_BY = 3
NUMBERS = (
    "estimate", "low", "high", "n", "base", "share", "share_low", "share_high",
    "reference", "ratio", "ratio_low", "ratio_high",
)  # fmt: skip
#: The first column of a release's CSV when its data were simulated (value ``simulated`` in every row).
SIMULATED_COLUMN = "data_source"
COLUMNS = (
    "table", "kind", "measure", "row", "category",
    *(f"by_{i}{s}" for i in range(1, MAX_BY + 1) for s in ("", "_value")),
    *NUMBERS, "status", "share_status",
)  # fmt: skip


def rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every published cell of the release, table by table, in the plan's order."""
    out: list[dict[str, Any]] = []
    for table in public_body(body)["tables"]:
        for cell in table["cells"]:
            row: dict[str, Any] = {
                "table": table["id"],
                "kind": table["kind"],
                "measure": table["measure"],
                "row": cell.get("row"),
                "category": cell.get("measure"),
                "by": dict(cell.get("by") or {}),
            }
            row |= {k: cell.get(k) for k in NUMBERS}
            row |= {"status": cell.get("status"), "share_status": cell.get("share_status")}
            out.append(row)
    return out


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in row.items() if k != "by"}
    for i, (name, value) in enumerate(row["by"].items(), start=1):
        flat[f"by_{i}"], flat[f"by_{i}_value"] = name, value
    return flat


def to_csv(body: dict[str, Any]) -> str:
    buffer = io.StringIO()
    # Texts quoted, numbers not: a line break inside a text (even a lone CR, which the csv module
    # of Python 3.11 leaves unquoted under a "\n" terminator) cannot split a row.
    marked = simulated(body)  # a first column says so on every row: no reader of a single row can miss it
    columns = (SIMULATED_COLUMN, *COLUMNS) if marked else COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for row in rows(body):
        mark = {SIMULATED_COLUMN: "simulated"} if marked else {}
        writer.writerow(safe_row(mark | {k: ("" if v is None else v) for k, v in _flat(row).items()}))
    return buffer.getvalue()


def metadata(release_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """What a reader of the cells needs to know: everything but the tables' cells."""
    tables = [{k: v for k, v in t.items() if k != "cells"} for t in body["tables"]]
    return {"id": release_id, **{k: v for k, v in body.items() if k != "tables" and k not in PRIVATE}, "tables": tables}


def to_json(release_id: str, body: dict[str, Any]) -> str:
    notice = {"notice": SIMULATED_NOTICE} if simulated(body) else {}
    document = {**notice, "release": metadata(release_id, body), "cells": rows(body)}
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"

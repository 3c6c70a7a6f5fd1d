"""A stored release as tidy data: one row per published cell, for reports and analysts.

CSV cannot nest, so breakdowns become up to three ``by_N`` / ``by_N_value``
column pairs (a plan has at most three breakdowns); JSON keeps them as an
object. Suppressed cells are rows with their labels and status and nothing
else (not even a share's status): a reader sees that the cell exists and why
it is empty. The dataset's MAC stays out (:func:`.release_body.public_body`).

A calibrated release's weighted tables (:mod:`analysis.calibration`) follow
the plain ones, one row per weighted cell with ``weighted`` true (``"true"``
in CSV), under the same table ids: their estimates are weighted population
counts and their shares weighted shares. The metadata's ``weighting`` holds
what a reader needs to judge them (variables, method, the margins' source,
trimming, Kish's design effect, the effective number of respondents) and the
weighted tables' noise, without their cells.

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

from analysis.releases.body import SIMULATED_NOTICE
from analysis.releases.model import Release
from analysis.releases.tables import PublishedTable
from kernel.formula_safe import safe_row

MAX_BY = 3
NUMBERS = (
    "estimate", "low", "high", "n", "base", "share", "share_low", "share_high",
    "reference", "ratio", "ratio_low", "ratio_high",
)  # fmt: skip
#: The first column of a release's CSV when its data were simulated (value ``simulated`` in every row).
SIMULATED_COLUMN = "data_source"
COLUMNS = (
    "table", "weighted", "kind", "measure", "row", "category",
    *(f"by_{i}{s}" for i in range(1, MAX_BY + 1) for s in ("", "_value")),
    *NUMBERS, "status", "share_status",
)  # fmt: skip


def rows(release: Release) -> list[dict[str, Any]]:
    """Every published cell of the release, table by table, in the plan's order; then the weighted ones."""
    public = release.public()
    out = [row for table in public.tables for row in table_rows(table)]
    weighted = public.weighting.tables if public.weighting is not None else ()
    return out + [row for table in weighted for row in table_rows(table, weighted=True)]


def table_rows(table: PublishedTable, weighted: bool = False) -> list[dict[str, Any]]:
    """One row per cell of a (public) table; ``weighted``: a calibrated release's weighted table."""
    out: list[dict[str, Any]] = []
    for cell in table.cells:
        row: dict[str, Any] = {
            "table": table.id,
            "weighted": weighted,
            "kind": str(table.kind),
            "measure": table.measure,
            "row": cell.row,
            "category": cell.measure,
            "by": dict(cell.by),
        }
        row |= {k: getattr(cell, k) for k in NUMBERS}
        share_status = None if cell.share_status is None else str(cell.share_status)
        row |= {"status": str(cell.status), "share_status": share_status}
        out.append(row)
    return out


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in row.items() if k != "by"}
    flat["weighted"] = "true" if row["weighted"] else "false"  # a text: csv would write a bool as a number
    for i, (name, value) in enumerate(row.get("by", {}).items(), start=1):
        flat[f"by_{i}"], flat[f"by_{i}_value"] = name, value
    return flat


def to_csv(release: Release) -> str:
    buffer = io.StringIO()
    # Texts quoted, numbers not: a line break inside a text (even a lone CR, which the csv module
    # of Python 3.11 leaves unquoted under a "\n" terminator) cannot split a row.
    marked = release.simulated  # a first column says so on every row: no reader of a single row can miss it
    columns = (SIMULATED_COLUMN, *COLUMNS) if marked else COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for row in rows(release):
        mark = {SIMULATED_COLUMN: "simulated"} if marked else {}
        writer.writerow(safe_row(mark | {k: ("" if v is None else v) for k, v in _flat(row).items()}))
    return buffer.getvalue()


def metadata(release: Release) -> dict[str, Any]:
    """What a reader of the cells needs to know: everything but the tables' cells (and the dataset's MAC)."""
    public = release.public()
    body = public.to_body()
    tables = [{k: v for k, v in t.stored().items() if k != "cells"} for t in public.tables]
    out = {"id": release.id, **{k: v for k, v in body.items() if k != "tables"}, "tables": tables}
    if "weighting" in body:  # the weighted cells are rows of their own; here the weighting's record
        weighting = body["weighting"]
        out["weighting"] = {k: v for k, v in weighting.items() if k != "tables"} | {
            "tables": [{k: v for k, v in t.items() if k != "cells"} for t in weighting["tables"]]
        }
    return out


def to_json(release: Release) -> str:
    notice = {"notice": SIMULATED_NOTICE} if release.simulated else {}
    document = {**notice, "release": metadata(release), "cells": rows(release)}
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"

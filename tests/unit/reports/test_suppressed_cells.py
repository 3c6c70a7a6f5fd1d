"""A suppressed cell says where it sits and that it is suppressed, nothing else, in every form it leaves in.

Its other fields (a share's status, numbers set to null, even whether it has a
share at all) follow from its hidden noisy values: the cell that shows "not
shown" must not tell whether its hidden share was precise. A real release of
the synthetic survey with many suppressed cells is checked as stored, as the
release export writes it (CSV, JSON) and as the report holds and writes it;
and a body stored before this rule (share statuses and null numbers in its
suppressed cells) is published without them.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest

from analysis import tidy
from analysis.suppression import SUPPRESSED_KEYS
from reports.content import build_report
from reports.render import LABEL_COLUMNS, render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import cells, release, typed

#: Tidy columns a suppressed row may fill: its table, labels and status.
PUBLIC_COLUMNS = {"table", "weighted", "kind", "measure", "row", "category", "by", "status"} | {
    f"by_{i}{s}" for i in range(1, tidy.MAX_BY + 1) for s in ("", "_value")
}


def _body() -> dict[str, Any]:
    body = release()
    suppressed = cells(body, "suppressed")
    # The point is shares: suppressed cells of a single choice in the small group, which had one before hiding.
    assert len(suppressed) > 20 and any(t["kind"] == "counts" and c["measure"] == "yes" for t, c in suppressed)
    return body


def _old_style(body: dict[str, Any]) -> dict[str, Any]:
    """A body as stored before the rule: the hidden cell's share status kept, its numbers as nulls."""
    old = copy.deepcopy(body)
    for _, cell in cells(old, "suppressed"):
        cell.update(dict.fromkeys(tidy.NUMBERS), share_status="imprecise")
    return old


def _filled(row: dict[str, Any]) -> set[str]:
    return {k for k, v in row.items() if v not in (None, "", {})}


def test_the_stored_body_keeps_only_place_and_status_of_a_suppressed_cell() -> None:
    for _, cell in cells(_body(), "suppressed"):
        assert set(cell) == set(SUPPRESSED_KEYS)
        assert cell["status"] == "suppressed"


@pytest.mark.parametrize("old", [False, True], ids=["new", "stored-before"])
def test_the_release_export_fills_only_public_columns_of_a_suppressed_cell(old: bool) -> None:
    body = _body()
    source = _old_style(body) if old else body
    document = json.loads(tidy.to_json(typed(source)))
    table = list(csv.DictReader(io.StringIO(tidy.to_csv(typed(source)))))
    statuses = [c["status"] for _, c in cells(body)]
    assert len(document["cells"]) == len(table) == len(statuses)
    for json_row, csv_row, status in zip(document["cells"], table, statuses, strict=True):
        assert json_row["status"] == csv_row["status"] == status
        if status == "suppressed":
            assert _filled(json_row) <= PUBLIC_COLUMNS and "status" in _filled(json_row)
            assert _filled(csv_row) <= PUBLIC_COLUMNS and "status" in _filled(csv_row)


@pytest.mark.parametrize("old", [False, True], ids=["new", "stored-before"])
def test_the_report_holds_and_writes_nothing_else_of_a_suppressed_cell(old: bool) -> None:
    body = _body()
    source = _old_style(body) if old else body
    report = build_report(typed(source), INSTRUMENT, "en")
    rows = [row for section in report.sections for row in section.table.rows]
    hidden = [row for row in rows if row.status == "suppressed"]
    assert len(hidden) == len(cells(body, "suppressed"))
    assert all(set(row.cell.stored()) == set(SUPPRESSED_KEYS) for row in hidden)
    labelled = json.loads(str(render_release(typed(source), INSTRUMENT, "de", "json")))["cells"]
    written = list(csv.DictReader(io.StringIO(str(render_release(typed(source), INSTRUMENT, "de", "csv")))))
    for json_row, csv_row in zip(labelled, written, strict=True):
        if json_row["status"] == "suppressed":
            assert _filled(json_row) <= PUBLIC_COLUMNS | {"labels"}
            assert _filled(csv_row) <= PUBLIC_COLUMNS | set(LABEL_COLUMNS)

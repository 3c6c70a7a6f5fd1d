"""Main findings: the largest gaps between groups, only from shown cells, worded by their uncertainty."""

from __future__ import annotations

from typing import Any

from reports.catalogue import Catalogue
from reports.findings import findings
from reports.labels import Labels
from reports.tables import table_view
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release

RULES = {"suppress_below": 20, "flag_below": 50, "max_relative_error": 0.5}


def _cell(
    group: str, code: str, share: float | None, low: float = 0.0, high: float = 0.0, **extra: Any
) -> dict[str, Any]:
    if share is None:  # suppressed: labels and status, no numbers (as analysis.estimates.hide leaves it)
        return {"by": {"group": group}, "measure": code, "row": None, "status": "suppressed", "share": None,
                "estimate": None, "low": None, "high": None, "n": None, "base": None}  # fmt: skip
    cell = {"by": {"group": group}, "measure": code, "row": None, "estimate": 100.0, "low": 90.0, "high": 110.0,
            "n": 100.0, "base": 300.0, "share": share, "share_low": low, "share_high": high, "status": "shown",
            "share_status": "shown"}  # fmt: skip
    return cell | extra


def _findings(cells: list[dict[str, Any]], lang: str = "en") -> list[Any]:
    table = {"id": "d", "kind": "counts", "measure": "discr", "by": ["group"], "cells": cells, "noise": {}}
    labels = Labels(INSTRUMENT, Catalogue(lang))
    return findings([table_view(table, {}, 3, labels, RULES)], labels, RULES)


def test_a_gap_larger_than_its_uncertainty_is_said_to_be_so() -> None:
    found = _findings([_cell("big", "yes", 0.30, 0.28, 0.32), _cell("small", "yes", 0.45, 0.40, 0.50)])
    assert len(found) == 1 and found[0].separated and found[0].number == 3
    assert "45.0% in the group “small” (95% interval 40.0–50.0%)" in found[0].sentence
    assert "compared with 30.0% in the group “big” (28.0–32.0%)" in found[0].sentence
    assert "15.0 percentage points is larger than the uncertainty" in found[0].qualifier
    german = _findings([_cell("big", "yes", 0.30, 0.28, 0.32), _cell("small", "yes", 0.45, 0.40, 0.50)], "de")
    assert (
        "„Diskriminierung“ – Antwort „Ja“: 45,0\u00a0% in der Gruppe „klein“" in german[0].sentence
        and "15,0 Prozentpunkten" in german[0].qualifier
    )


def test_overlapping_intervals_are_not_called_a_difference() -> None:
    found = _findings([_cell("big", "yes", 0.30, 0.25, 0.36), _cell("small", "yes", 0.45, 0.28, 0.62)])
    assert not found[0].separated
    assert "may be due to chance and to the protective noise" in found[0].qualifier
    uncertain = _findings(
        [_cell("big", "yes", 0.30, 0.25, 0.36), _cell("small", "yes", 0.45, 0.28, 0.62, status="uncertain")]
    )
    assert "fewer than 50 respondents" in uncertain[0].qualifier


def test_suppressed_imprecise_and_status_cells_are_never_compared() -> None:
    assert _findings([_cell("big", "yes", 0.30, 0.28, 0.32), _cell("small", "yes", None)]) == []
    imprecise = _cell("small", "yes", 0.9, 0.1, 1.0, share_status="imprecise")
    assert _findings([_cell("big", "yes", 0.30, 0.28, 0.32), imprecise]) == []
    no_answer = _cell("_no_answer", "yes", 0.9, 0.85, 0.95)
    assert _findings([_cell("big", "yes", 0.30, 0.28, 0.32), no_answer]) == []


def test_findings_of_a_real_release_quote_its_shown_cells() -> None:
    body = release(n=3000)
    labels = Labels(INSTRUMENT, Catalogue("en"))
    views = [table_view(t, {}, i, labels, body["publication"]) for i, t in enumerate(body["tables"], start=1)]
    found = findings(views, labels, body["publication"])
    assert 1 <= len(found) <= 5
    assert [f.separated for f in found] == sorted((f.separated for f in found), reverse=True)
    n = labels.t.numbers
    shown = {
        n.share(c["share"]) if c.get("share") is not None else n.decimal_number(c["estimate"])
        for t in body["tables"]
        for c in t["cells"]
        if c["status"] != "suppressed" and (c.get("share") is not None or t["kind"] == "mean")
    }
    for finding in found:
        quoted = [v for v in shown if v in finding.sentence]
        assert len(quoted) >= 2, finding.sentence

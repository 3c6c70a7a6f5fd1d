"""The tidy CSV of a release: texts that no spreadsheet runs as formulas, numbers that stay numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import given

from analysis.releases.model import Release
from analysis.tidy import COLUMNS, NUMBERS, to_csv
from kernel.formula_safe import FORMULA_TRIGGERS, restore
from tests.unit.analysis.release_strategies import BODIES, bodies
from tests.unit.analysis.test_release_body import BODY


@BODIES
@given(bodies())
def test_every_text_cell_is_formula_safe_and_every_number_column_parses_back(body: dict[str, Any]) -> None:
    release = Release.from_body("r-1", body | {"simulated_responses": 0})  # the simulated column: test_simulated_notice
    read = list(csv.reader(io.StringIO(to_csv(release), newline="")))
    assert read[0] == list(COLUMNS)
    expected = [(t, c) for t in release.public().tables for c in t.cells]
    assert len(read) - 1 == len(expected), "no text splits a row"
    for row, (table, cell) in zip(read[1:], expected, strict=True):
        got = dict(zip(COLUMNS, row, strict=True))
        assert not any(v.startswith(FORMULA_TRIGGERS) for k, v in got.items() if k not in NUMBERS)
        for name in NUMBERS:
            value = getattr(cell, name)
            assert (got[name] == "") if value is None else (float(got[name]) == value), name
        texts_written = {"table": table.id, "kind": str(table.kind), "category": cell.measure or ""}
        texts_written |= {"row": cell.row or "", "status": str(cell.status)}
        for i, (name, value) in enumerate(cell.by.items(), start=1):
            texts_written |= {f"by_{i}": name, f"by_{i}_value": value}
        assert {k: restore(got[k]) for k in texts_written} == texts_written


def test_a_negative_number_stays_a_number_and_a_negative_looking_text_does_not() -> None:
    cell = {"measure": "-0.5", "by": {}, "status": "shown", "estimate": -0.2, "low": -0.5, "high": 0.1, "n": 30}
    table = {"id": "t", "kind": "mean", "measure": "m", "by": [], "rho": 0.1, "noise": {}, "cells": [cell]}
    body = {**BODY, "tables": [table]}
    row = next(csv.DictReader(io.StringIO(to_csv(Release.from_body("r-1", body)))))
    assert row["low"] == "-0.5" and row["category"] == "'-0.5"

"""The tidy CSV of a release: texts that no spreadsheet runs as formulas, numbers that stay numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from analysis.tidy import COLUMNS, NUMBERS, to_csv
from kernel.formula_safe import FORMULA_TRIGGERS, restore

texts = st.text(max_size=20) | st.sampled_from(("=1+1", "=cmd|' /c calc'!a0", "@sum(1+1)", "+1", "-0.5", "'"))
numbers = st.none() | st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-1000, 1000)


@st.composite
def cells(draw: st.DrawFn) -> dict[str, Any]:
    cell: dict[str, Any] = {k: draw(numbers) for k in NUMBERS}
    by = draw(st.dictionaries(st.sampled_from(("group", "=g", "-h")), texts, max_size=3))
    return cell | {"row": draw(st.none() | texts), "measure": draw(texts), "by": by, "status": draw(texts)}


@st.composite
def bodies(draw: st.DrawFn) -> dict[str, Any]:
    tables = draw(
        st.lists(
            st.fixed_dictionaries(
                {"id": texts, "kind": texts, "measure": texts, "cells": st.lists(cells(), max_size=4)}
            ),
            min_size=1,
            max_size=3,
        )
    )
    return {"tables": tables}


@given(bodies())
def test_every_text_cell_is_formula_safe_and_every_number_column_parses_back(body: dict[str, Any]) -> None:
    read = list(csv.reader(io.StringIO(to_csv(body), newline="")))
    assert read[0] == list(COLUMNS)
    expected = [(t, c) for t in body["tables"] for c in t["cells"]]
    assert len(read) - 1 == len(expected), "no text splits a row"
    for row, (table, cell) in zip(read[1:], expected, strict=True):
        got = dict(zip(COLUMNS, row, strict=True))
        assert not any(v.startswith(FORMULA_TRIGGERS) for k, v in got.items() if k not in NUMBERS)
        for name in NUMBERS:
            value = cell[name]
            assert (got[name] == "") if value is None else (float(got[name]) == value), name
        texts_written = {"table": table["id"], "kind": table["kind"], "category": cell["measure"]}
        texts_written |= {"row": cell["row"] or "", "status": cell["status"]}
        for i, (name, value) in enumerate(cell["by"].items(), start=1):
            texts_written |= {f"by_{i}": name, f"by_{i}_value": value}
        assert {k: restore(got[k]) for k in texts_written} == texts_written


def test_a_negative_number_stays_a_number_and_a_negative_looking_text_does_not() -> None:
    body = {"tables": [{"id": "t", "kind": "mean", "measure": "m", "cells": [{"measure": "-0.5", "low": -0.5}]}]}
    row = next(csv.DictReader(io.StringIO(to_csv(body))))
    assert row["low"] == "-0.5" and row["category"] == "'-0.5"

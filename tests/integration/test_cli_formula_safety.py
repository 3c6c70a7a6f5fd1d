"""Hostile write-ins and a hostile table title through the real commands: import, release, export, report.

Respondents of the Musterstadt example describe their gender as ``=1+1``, a
DDE payload or ``@sum(1+1)``, a quarter of them each, so OpenDP's threshold
publishes the texts; the plan's title of the write-in table is a HYPERLINK
formula. ``release export --format csv`` and ``report build --format csv``
must write every such text with a leading quote and keep numbers plain;
``report build --format xlsx`` must store each as a text cell marked "quote
prefix", never as a formula.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kernel.formula_safe import FORMULA_TRIGGERS, restore
from tests.integration.conftest import Eqsurvey

PASS = "formula tests passphrase"
HOSTILE = ("=1+1", "=cmd|' /c calc'!a0", "@sum(1+1)")
TITLE = '=HYPERLINK("http://example.org/x", "Details")'
NUMBERS = ("estimate", "low", "high", "n", "base", "share", "share_low", "share_high")


def _with_hostile_write_ins(path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        if i % 4 < len(HOSTILE):
            row["gi_self_description"] = HOSTILE[i % 4]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _formula_safe(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for column, value in row.items():
            if column in NUMBERS or column.startswith("ratio") or column == "reference":
                if value:
                    float(value)  # a number, never quoted
            else:
                assert not value.startswith(FORMULA_TRIGGERS), (column, value)


@pytest.fixture
def released(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    plan = project / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    old = 'de: "Geschlecht in eigenen Worten: häufige Antworten"'
    assert old in text
    plan.write_text(text.replace(old, "de: '" + TITLE + "'"), encoding="utf-8")
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "600", "--seed", "3", "-o", "r.csv")
    _with_hostile_write_ins(project / "r.csv")
    assert "stored 600, rejected 0" in eqsurvey("responses", "import", "r.csv").stdout
    return eqsurvey("release", "--yes").stdout.strip()


def test_release_export_and_report_csv_neutralise_hostile_texts(
    released: str, project: Path, eqsurvey: Eqsurvey
) -> None:
    eqsurvey("release", "export", released, "--format", "csv", "-o", "cells.csv")
    cells = _read(project / "cells.csv")
    _formula_safe(cells)
    write_ins = {restore(r["category"]) for r in cells if r["table"] == "gender_write_ins"}
    assert {"=1+1", "=cmd|' /c calc'!a0"} <= write_ins, write_ins  # published: they passed the threshold
    assert "@sum(1+1" in write_ins  # as counted: closing brackets are stripped like other punctuation
    assert any(r["category"] == "'=1+1" for r in cells)

    eqsurvey("report", "build", released, "--lang", "de", "--format", "csv", "-o", "out/report.csv")
    report = _read(project / "out" / "report.csv")
    _formula_safe(report)
    titles = {restore(r["table_title"]) for r in report if r["table"] == "gender_write_ins"}
    assert titles == {TITLE}
    assert {restore(r["category"]) for r in report if r["table"] == "gender_write_ins"} == write_ins
    shown = [r for r in report if r["status"] == "shown" and r["estimate"]]
    assert shown and all(float(r["low"]) <= float(r["estimate"]) <= float(r["high"]) for r in shown)

    eqsurvey("release", "export", released, "--format", "json", "-o", "cells.json")
    document = json.loads((project / "cells.json").read_text(encoding="utf-8"))
    assert "=1+1" in {c["category"] for c in document["cells"]}, "JSON is no spreadsheet: its texts stay as they are"


def test_report_workbook_stores_hostile_texts_as_text(released: str, project: Path, eqsurvey: Eqsurvey) -> None:
    import openpyxl

    eqsurvey("report", "build", released, "--lang", "de", "-o", "out/tabellen.xlsx")
    book = openpyxl.load_workbook(project / "out" / "tabellen.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type not in ("f", "e") for c in cells)
    hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS)]
    assert {"=1+1", "=cmd|' /c calc'!a0", "@sum(1+1"} <= {c.value for c in hostile}  # the published write-ins
    assert any(isinstance(c.value, str) and c.value.endswith(f": {TITLE}") for c in cells)  # the title row
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)

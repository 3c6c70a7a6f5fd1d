"""A real release whose write-ins, labels and table titles start like spreadsheet formulas, as CSV.

The synthetic survey's respondents describe themselves with ``=1+1``, a DDE
payload and ``@sum(1+1)``, often enough that OpenDP's threshold publishes
them; the instrument's labels and the plan's titles start with ``=``, ``-``,
``+`` and ``@``. Every such cell of the release export and the report CSV
comes out with a leading quote, and the numbers stay plain numbers.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from typing import Any

import numpy as np
import pytest

from analysis import tidy
from analysis.releases.making import make_release
from instruments.loader import parse_instrument
from instruments.model import Instrument
from kernel.formula_safe import FORMULA_TRIGGERS, restore
from reports.render import render_release
from tests.support.builders import instrument_yaml
from tests.unit.analysis.synthetic import QUESTIONS, draw, frame, plan
from tests.unit.reports.releases import typed

WRITE_INS = {"Nonbinary": "=1+1", "genderfluid": "=cmd|' /c calc'!a0", "Agender.": "@sum(1+1)"}
LABELS = {
    "label: {de: Gruppe, en: Group}": "label: {de: '=Gruppe', en: '-Group'}",
    "label: {de: groß, en: big}": "label: {de: '+groß', en: '@big'}",
}
TITLE = '=HYPERLINK("http://example.org", "Klick")'
TABLES = f"""\
  - {{id: discrimination, kind: counts, measure: discr, by: [group]}}
  - {{id: trust, kind: mean, measure: trust, by: [group]}}
  - {{id: notes, kind: write_ins, measure: note, label: {{de: '{TITLE}', en: '-Write-ins'}}}}
"""


def hostile_instrument() -> Instrument:
    questions = QUESTIONS
    for old, new in LABELS.items():
        assert old in questions
        questions = questions.replace(old, new)
    return parse_instrument(instrument_yaml(questions), "hostile.yaml").instrument


@cache
def _release() -> dict[str, Any]:
    data = frame(draw(np.random.default_rng(7), 600))
    data["note"] = data["note"].replace(WRITE_INS)
    made = make_release(plan(TABLES), TABLES, hostile_instrument(), data, "sha256:test", 1.0)
    return {"id": made.release_id, **made.body}


def published_write_ins() -> set[str]:
    notes = next(t for t in _release()["tables"] if t["id"] == "notes")
    return {c["measure"] for c in notes["cells"]}


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def assert_formula_safe(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for column, value in row.items():
            if column in tidy.NUMBERS:
                assert value == "" or isinstance(float(value), float), (column, value)
            else:
                assert not value.startswith(FORMULA_TRIGGERS), (column, value)


def test_the_hostile_write_ins_pass_the_threshold() -> None:
    assert published_write_ins() >= {"=1+1", "=cmd|' /c calc'!a0", "@sum(1+1"}  # normalised: no closing ")"


def test_the_release_export_quotes_them_and_keeps_numbers_numbers() -> None:
    rows = read(tidy.to_csv(typed(_release())))
    assert_formula_safe(rows)
    notes = [r for r in rows if r["table"] == "notes"]
    assert {restore(r["category"]) for r in notes} == published_write_ins()
    assert "'=1+1" in {r["category"] for r in notes}
    trust = [r for r in rows if r["table"] == "trust"]
    assert trust and all(float(r["low"]) <= float(r["estimate"]) <= float(r["high"]) for r in trust)


@pytest.mark.parametrize(
    ("lang", "title", "group", "big"), [("de", TITLE, "=Gruppe", "+groß"), ("en", "-Write-ins", "-Group", "@big")]
)
def test_the_report_csv_quotes_write_ins_labels_and_titles(lang: str, title: str, group: str, big: str) -> None:
    text = render_release(typed(_release()), hostile_instrument(), lang, "csv")
    assert isinstance(text, str)
    rows = read(text)
    assert_formula_safe(rows)
    notes = [r for r in rows if r["table"] == "notes"]
    assert {restore(r["table_title"]) for r in notes} == {title}
    assert {restore(r["category"]) for r in notes} == published_write_ins()
    trust = [r for r in rows if r["table"] == "trust"]
    assert {restore(r["by_1_label"]) for r in trust} == {group}
    assert big in {restore(r["by_1_value_label"]) for r in trust}

"""The changes page: every report language, "not shown" where a wave hid a cell, readings only where clear."""

from __future__ import annotations

import csv
import io
import re

import pytest

from analysis.changes import Renames
from kernel.errors import EqSurveyError
from reports.catalogue import LANGUAGES, Catalogue
from reports.changes import build_changes, changes_csv, render_changes
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed

WAVES = ("1", "2 (2027)")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_page_is_worded_in_every_report_language(lang: str) -> None:
    page = build_changes(typed(release(1)), typed(release(2)), WAVES, INSTRUMENT, lang)
    html = render_changes(page)
    assert "{" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S), "a placeholder left unfilled"
    t = Catalogue(lang)
    assert page.title in html and t("table.suppressed") in html  # the small group's suppressed cells
    assert [tb.title for tb in page.tables]  # counts, means, a matrix and the representation table are compared
    assert {tb.kind for tb in page.tables} == {"counts", "mean", "matrix", "representation"}


def test_a_cell_hidden_in_either_wave_has_no_change_and_no_reading() -> None:
    page = build_changes(typed(release(1)), typed(release(2, n=2000)), WAVES, INSTRUMENT, "en")
    rows = [r for tb in page.tables for r in tb.rows]
    hidden = [r for r in rows if r.first is None or r.second is None]
    assert hidden and all(r.change is None and r.reading == "" for r in hidden)
    shown = [r for r in rows if r.change is not None]
    assert shown and all(r.reading in {"higher", "lower", "no clear change"} for r in shown)
    for r in shown:
        d = r.cell.change
        assert d is not None
        assert (r.reading == "higher") == (d.low > 0) and (r.reading == "lower") == (d.high < 0)


def test_the_csv_holds_numbers_that_add_up_and_no_formula() -> None:
    page = build_changes(typed(release(1)), typed(release(2)), WAVES, INSTRUMENT, "en")
    rows = list(csv.DictReader(io.StringIO(changes_csv(page))))
    assert len(rows) == sum(len(tb.rows) for tb in page.tables)
    for row in rows:
        assert not row["cell"].startswith(("=", "+", "-", "@"))
        if row["change"]:
            assert float(row["change"]) == pytest.approx(float(row["wave_b"]) - float(row["wave_a"]))


def test_tables_whose_meaning_changed_are_named_not_compared() -> None:
    changed = Renames(changed=frozenset({"trust"}))
    page = build_changes(typed(release(1)), typed(release(2)), WAVES, INSTRUMENT, "de", renames=changed)
    assert "mean" not in {tb.kind for tb in page.tables}, "the only mean is of trust"
    assert any("trust" in note for note in page.notes)


def test_the_same_release_twice_is_refused() -> None:
    with pytest.raises(EqSurveyError, match="the same one"):
        build_changes(typed(release(1)), typed(release(1)), WAVES, INSTRUMENT, "en")


@pytest.mark.slow  # WeasyPrint lays out the page
def test_the_page_prints_as_a_pdf_right_to_left_too() -> None:
    from reports.render import render_pdf

    page = build_changes(typed(release(1)), typed(release(2)), WAVES, INSTRUMENT, "ar")
    html = render_changes(page)
    assert 'dir="rtl"' in html
    assert render_pdf(html).startswith(b"%PDF")

"""A calibrated release's report: its weighted tables shown as such, and what weighting does in plain words."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from analysis.releases.making import make_release
from analysis.releases.model import Release
from reports.catalogue import LANGUAGES
from reports.content import build_report
from reports.render import render_csv, render_html, render_json
from tests.unit.analysis import calibration_city as city


@pytest.fixture(scope="module")
def release() -> Release:
    frame = city.frame(np.random.default_rng(11))
    return make_release(city.PLAN, city.plan_text(), city.INSTRUMENT, frame, "hmac-sha256:x", 0.5).release


def test_the_report_shows_the_weighted_tables_and_says_what_weighting_corrects(release: Release) -> None:
    report = build_report(release, city.INSTRUMENT, "en")
    assert report.weighting is not None
    words = " ".join(report.weighting.paragraphs)
    assert "corrects only for Age group and Gender and District" in words
    assert "does not correct for people taking part for other reasons" in words
    assert release.weighting is not None and release.weighting.source in words
    assert "design effect of" in words
    assert [v.id for v in report.weighting.views] == ["weighted-discrimination", "weighted-by_origin"]
    assert [v.number for v in report.weighting.views] == [3, 4]  # after the two plain tables
    assert report.weighting.views[0].title.endswith("(weighted)")
    assert report.weighting.views[0].value_columns[0] == "People in the population (weighted estimate)"
    html = render_html(report)
    assert 'id="weighted"' in html and 'href="#weighted"' in html
    assert 'id="t-weighted-by_origin-table"' in html
    assert report.weighted is not None and report.weighted in html


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - {"en"}))
def test_every_report_language_has_its_own_words_for_weighting(release: Release, lang: str) -> None:
    english = build_report(release, city.INSTRUMENT, "en")
    report = build_report(release, city.INSTRUMENT, lang)
    assert report.weighting is not None and english.weighting is not None
    assert report.weighting.heading != english.weighting.heading
    for ours, theirs in zip(report.weighting.paragraphs, english.weighting.paragraphs, strict=True):
        assert ours != theirs
    render_html(report)


def test_a_release_without_weighting_has_no_weighted_section(release: Release) -> None:
    body = release.to_body()
    body.pop("weighting")
    report = build_report(Release.from_body(release.id, body), city.INSTRUMENT, "en")
    assert report.weighting is None and report.weighted is None
    assert 'id="weighted"' not in render_html(report)


def test_the_summary_and_the_methodology_say_which_tables_are_weighted(release: Release) -> None:
    from reports.summary.content import build_summary

    report = build_report(release, city.INSTRUMENT, "de")
    assert report.weighted is not None and report.weighted in report.method.sample
    assert "gewichtet" in report.weighted
    assert report.weighted in build_summary(release, city.INSTRUMENT, "de").who


def test_the_labelled_csv_and_json_hold_the_weighted_cells_marked(release: Release) -> None:
    """``report build --format csv|json``: the weighted rows after the plain ones, titled as their table."""
    rows = list(csv.DictReader(io.StringIO(render_csv(release, city.INSTRUMENT, "de"))))
    assert release.weighting is not None
    count = sum(len(t.cells) for t in release.weighting.tables)
    marks = [r["weighted"] for r in rows]
    assert marks == ["false"] * (len(rows) - count) + ["true"] * count
    assert {r["table_title"] for r in rows if r["weighted"] == "true"} <= {r["table_title"] for r in rows}
    document = json.loads(render_json(release, city.INSTRUMENT, "de"))
    assert sum(c["weighted"] for c in document["cells"]) == count
    assert document["release"]["weighting"]["effective_respondents"] == release.weighting.effective_respondents


def test_the_workbook_has_a_sheet_per_weighted_table_and_says_what_weighting_corrects(release: Release) -> None:
    """``report build --format xlsx``: the weighted tables after the plain ones, and the about sheet's words."""
    import openpyxl

    from reports.xlsx import render_xlsx

    assert release.weighting is not None
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(release, city.INSTRUMENT, "en")))
    plain, weighted = len(release.public().tables), len(release.weighting.tables)
    assert len(book.worksheets) == 1 + plain + weighted
    titles = [str(ws["A1"].value) for ws in book.worksheets[1:]]
    assert not any(title.endswith("(weighted)") for title in titles[:plain])
    assert all(title.endswith("(weighted)") for title in titles[plain:]), titles
    about = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value is not None)
    assert "Weighted tables" in about and "corrects only for Age group and Gender and District" in about
    header = [c.value for c in book.worksheets[1 + plain][2]]
    assert "People in the population (weighted estimate)" in header
    # Without the weighting record, no weighted sheet and no weighting words.
    body = release.to_body()
    body.pop("weighting")
    unweighted = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(Release.from_body(release.id, body), city.INSTRUMENT, "en"))
    )
    assert len(unweighted.worksheets) == 1 + plain
    about = " ".join(str(c.value) for row in unweighted.worksheets[0].iter_rows() for c in row if c.value is not None)
    assert "Weighted tables" not in about

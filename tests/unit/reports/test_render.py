"""The rendered report: accessible structure, every shown number in its row, no suppressed number anywhere."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from functools import cache
from typing import Any

import pytest

from instruments.loader import parse_instrument
from instruments.model import Instrument
from reports.catalogue import Catalogue
from reports.render import render_release
from tests.support.builders import instrument_yaml
from tests.unit.analysis.synthetic import INSTRUMENT, QUESTIONS
from tests.unit.reports.formats import shown_values
from tests.unit.reports.html import Node, parse
from tests.unit.reports.releases import cells, release, typed

NUMBER = re.compile(r"\d")
MARK = {"de": "nicht ausgewiesen", "en": "not shown"}


@cache
def _html(lang: str) -> str:
    out = render_release(typed(release()), INSTRUMENT, lang, "html", fieldwork="Mai 2026")
    assert isinstance(out, str)
    return out


def _rows(page: Node, table_id: str) -> list[Node]:
    """The table's rows in the release's order of cells, from all its parts (a split table has several)."""
    section = next(n for n in page.iter("section") if n.attrs.get("id") == f"t-{table_id}")
    rows = [tr for tbody in section.iter("tbody") for tr in tbody.iter("tr")]
    assert all(table.attrs["data-table"] == table_id for table in section.iter("table"))
    return sorted(rows, key=lambda tr: int(tr.attrs["data-cell"]))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_page_has_one_h1_ordered_headings_landmarks_and_a_skip_link(lang: str) -> None:
    page = parse(_html(lang))
    html = page.find("html")
    assert (html.attrs["lang"], html.attrs["dir"]) == (lang, "ltr")
    headings = [int(n.tag[1]) for n in page.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings))  # never skips a level down
    body = page.find("body")
    top = [c.tag for c in body.children if isinstance(c, Node)]
    assert top == ["a", "header", "nav", "main", "footer"]
    skip = next(body.iter("a"))
    assert skip.attrs["href"] == "#main" and page.find("main").attrs["id"] == "main"
    ids = [n.attrs["id"] for n in page.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    for link in page.iter("a"):
        assert link.attrs["href"].startswith("#") and link.attrs["href"][1:] in ids
    assert not list(page.iter("script")) and not list(page.iter("img")) and not list(page.iter("link"))
    assert not re.search(r'(?:src|href)="(?:https?:)?//', _html(lang))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_tables_have_captions_and_scoped_headers_and_figures_have_captions(lang: str) -> None:
    page = parse(_html(lang))
    tables = list(page.iter("table"))
    parted = {t.attrs.get("data-table") for t in tables} - {None}
    assert parted == {t["id"] for t in release()["tables"]}  # every table of the release, split or whole
    assert len(tables) - len([t for t in tables if "data-table" in t.attrs]) == 1  # and the budget table
    for table in tables:
        assert table.find("caption").text.strip()
        assert all(th.attrs.get("scope") == "col" for th in table.find("thead").iter("th"))
        for tr in table.find("tbody").iter("tr"):
            assert [th.attrs.get("scope") for th in tr.iter("th")][:1] == ["row"]
    ids = {n.attrs["id"]: n for n in page.iter() if "id" in n.attrs}
    for figure in page.iter("figure"):
        chart = figure.find("div")  # the chart: one image named by its title and described by its sentence
        assert chart.attrs["role"] == "img"
        assert ids[chart.attrs["aria-labelledby"]].text.strip() and ids[chart.attrs["aria-describedby"]].text.strip()
        assert figure.find("figcaption").text.strip()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_shown_cell_appears_in_its_row_with_its_interval(lang: str) -> None:
    body, page = release(), parse(_html(lang))
    n = Catalogue(lang).numbers
    for table in body["tables"]:
        rows = _rows(page, table["id"])
        assert len(rows) == len(table["cells"])
        for tr, cell in zip(rows, table["cells"], strict=True):
            assert tr.attrs["data-status"] == cell["status"]
            if cell["status"] != "suppressed":
                data = [td.text for td in tr.iter("td")]
                assert set(shown_values(table["kind"], cell, n)) <= set(data), (table["id"], cell)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_suppressed_cells_show_the_mark_and_no_number_at_all(lang: str) -> None:
    body, page = release(), parse(_html(lang))
    suppressed = 0
    for table in body["tables"]:
        for tr, cell in zip(_rows(page, table["id"]), table["cells"], strict=True):
            if cell["status"] != "suppressed":
                continue
            suppressed += 1
            data = list(tr.iter("td"))
            assert [td.text for td in data] == [MARK[lang]]
            assert "suppressed" in data[0].attrs["class"] and not NUMBER.search(data[0].text)
    assert suppressed == len(cells(body, "suppressed")) > 50


def _csv_rows(lang: str) -> list[dict[str, str]]:
    text = render_release(typed(release()), INSTRUMENT, lang, "csv")
    assert isinstance(text, str)
    return list(csv.DictReader(io.StringIO(text)))


NUMBERS = ("estimate", "low", "high", "n", "base", "share", "share_low", "share_high", "reference", "ratio")


def test_csv_and_json_hold_every_cell_with_labels_and_no_number_of_a_suppressed_one() -> None:
    body = release()
    rows = _csv_rows("de")
    document: dict[str, Any] = json.loads(str(render_release(typed(body), INSTRUMENT, "en", "json")))
    assert len(rows) == len(document["cells"]) == len(cells(body))
    for row, json_row, (_, cell) in zip(rows, document["cells"], cells(body), strict=True):
        assert row["status"] == json_row["status"] == cell["status"]
        assert row["table_title"] and (row["category_label"] or row["kind"] in ("mean", "write_ins"))
        if cell["status"] == "suppressed":
            assert all(row[k] == "" for k in NUMBERS) and all(json_row[k] is None for k in NUMBERS)
            assert not NUMBER.search(",".join(v for k, v in row.items() if k in NUMBERS))
        else:
            assert float(row["estimate"]) == pytest.approx(cell["estimate"])
    assert rows[0]["by_1_label"] == "Gruppe" and rows[0]["by_1_value_label"] == "groß"
    assert document["report"] == {"lang": "en", "title": "Test survey"}
    assert document["release"]["id"] == body["id"] and "cells" not in document["release"]["tables"][0]


@pytest.mark.slow
def test_the_pdf_has_the_same_numbers_and_marks() -> None:
    from pypdf import PdfReader

    body = release()
    pdf = render_release(typed(body), INSTRUMENT, "en", "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    squeezed = re.sub(r"\s+", "", text)
    n = Catalogue("en").numbers
    for table, cell in cells(body):
        if cell["status"] != "suppressed":
            for value in shown_values(table["kind"], cell, n):
                assert re.sub(r"\s+", "", value) in squeezed, (table["id"], value)
    assert squeezed.count("notshown") >= len(cells(body, "suppressed"))
    for line in text.splitlines():  # a table row with the mark carries no number (labels here have none)
        if "not shown" in line and "“" not in line and "fewer" not in line:
            assert not NUMBER.search(line), line


def _arabic(lang: str = "ar") -> Instrument:
    """The test instrument with a title and a label in Arabic (Arabic script also stands in for Hebrew here:
    the report's wording is what the test is about)."""
    yaml = instrument_yaml(QUESTIONS).replace("languages: [de, en]", f"languages: [de, en, {lang}]")
    yaml = yaml.replace(
        "title: {de: Testbefragung, en: Test survey}", f"title: {{de: Testbefragung, en: Test survey, {lang}: استطلاع}}"
    )
    yaml = yaml.replace("label: {de: Gruppe, en: Group}", f"label: {{de: Gruppe, en: Group, {lang}: المجموعة}}")
    return parse_instrument(yaml, f"{lang}.yaml").instrument


def test_a_right_to_left_language_of_the_instrument_renders_right_to_left() -> None:
    page = parse(str(render_release(typed(release()), _arabic(), "ar", "html")))
    html = page.find("html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    assert page.find("h1").text == "استطلاع" and "lang" not in page.find("h1").attrs
    nav = page.find("nav")
    assert "lang" not in nav.attrs and nav.find("h2").text == "المحتويات"  # eqsurvey's own Arabic wording
    headers = [th for th in page.iter("th") if th.text == "المجموعة"]
    assert headers and all("lang" not in th.attrs for th in headers)
    fallback = [th for th in page.iter("th") if th.text == "groß"]  # no Arabic label: the default language's
    assert fallback and all(th.attrs.get("lang") == "de" for th in fallback)


def test_a_right_to_left_language_without_report_wording_marks_the_english_wording() -> None:
    page = parse(str(render_release(typed(release()), _arabic("he"), "he", "html")))
    html = page.find("html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("he", "rtl")
    nav = page.find("nav")
    assert (nav.attrs["lang"], nav.attrs["dir"]) == ("en", "ltr")  # eqsurvey's wording falls back to English
    assert nav.find("h2").text == "Contents"


def test_labels_are_escaped() -> None:
    yaml = instrument_yaml(QUESTIONS).replace("{de: groß, en: big}", "{de: '<script>x</script>', en: '<b>big</b>'}")
    hostile = parse_instrument(yaml, "hostile.yaml").instrument
    html = str(render_release(typed(release()), hostile, "en", "html"))
    assert "<b>big</b>" not in html and "&lt;b&gt;big&lt;/b&gt;" in html and "<script" not in html

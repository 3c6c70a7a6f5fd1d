"""The report of the Musterstadt example as a council would get it: its language, its words and its A4 pages.

One release of the example (600 simulated, sealed responses), built through the real command;
each report is rendered by `eqsurvey report build` in German and English. The language check
(tests/unit/reports/language.py) reads every sentence; the PDF checks read WeasyPrint's layout
of the same page (the layout write_pdf prints) and the PDF's text.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from instruments.loader import load_instrument
from instruments.model import Instrument
from tests.support.cli import Eqsurvey
from tests.support.released_example import released_example
from tests.unit.reports.html import parse
from tests.unit.reports.language import check, codes_of
from tests.unit.reports.pdf_layout import Page, layout

PASS = "report annex tests passphrase"
LANGUAGES = ("de", "en")
PARTS: dict[str, tuple[str, ...]] = {"full": (), "summary": ("--part", "summary")}
"""Each report of a release the language check reads, with the `report build` options that make it (a new
part, e.g. the summary, is one more entry)."""
SLACK = 0.5
"""Layout rounding, in CSS px."""


pytestmark = pytest.mark.slow  # the module fixtures make a release and its reports once, for every test here


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Eqsurvey, str, Instrument]:
    eqsurvey, release = released_example(tmp_path_factory.mktemp("annex"), PASS)
    return eqsurvey, release, load_instrument(eqsurvey.cwd / "instrument.yaml").instrument


def _build(example: tuple[Eqsurvey, str, Instrument], lang: str, fmt: str, *options: str) -> Path:
    eqsurvey, release, _ = example
    out = eqsurvey.cwd / f"report-{'-'.join(options) or 'full'}-{lang}.{fmt}"
    if not out.exists():
        eqsurvey("report", "build", release, "--lang", lang, "--format", fmt, *options, "-o", out.name)
    return out


@pytest.fixture(scope="module")
def pages(example: tuple[Eqsurvey, str, Instrument]) -> dict[str, list[Page]]:
    return {lang: layout(_build(example, lang, "html").read_text(encoding="utf-8")) for lang in LANGUAGES}


@pytest.mark.parametrize("part", sorted(PARTS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sentence_is_in_the_reports_language_and_no_key_or_code_shows(
    example: tuple[Eqsurvey, str, Instrument], part: str, lang: str
) -> None:
    html = _build(example, lang, "html", *PARTS[part]).read_text(encoding="utf-8")
    findings = check(html, lang, codes_of(example[2]))
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_module_design_notes_and_ids_are_not_in_the_report(
    example: tuple[Eqsurvey, str, Instrument], lang: str
) -> None:
    instrument = example[2]
    text = " ".join(parse(_build(example, lang, "html").read_text(encoding="utf-8")).find("body").text.split())
    noted = [m for m in instrument.modules if m.source.notes]
    assert noted, "the example's modules carry design notes"
    for module in noted:
        assert module.source.notes is not None
        first = " ".join(module.source.notes.split())[:50]
        assert first not in text, module.id
    codes = [m.id for m in instrument.modules if "_" in m.id]  # ("religion" is also a word)
    assert codes and not [c for c in codes if c in text]
    assert all(m.source.citation.split()[0] in text for m in instrument.modules)  # the sources are still named


@pytest.mark.parametrize("lang", LANGUAGES)
def test_privacy_parameters_are_only_in_the_methodology(example: tuple[Eqsurvey, str, Instrument], lang: str) -> None:
    page = parse(_build(example, lang, "html").read_text(encoding="utf-8"))
    sections = {n.attrs["id"]: n.text for n in page.iter("section") if n.attrs.get("id")}
    opening = page.find("header").text + page.find("nav").text + sections["summary"]
    assert not [symbol for symbol in ("ρ", "ε", "δ") if symbol in opening]
    method = sections["methodology"]
    assert all(symbol in method for symbol in ("ρ = ", "ε = ", "δ = ", "e^ε"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_of_a_scale_say_what_its_ends_mean(example: tuple[Eqsurvey, str, Instrument], lang: str) -> None:
    instrument = example[2]
    page = parse(_build(example, lang, "html").read_text(encoding="utf-8"))
    scales = {q.id: q for q in instrument.questions() if q.type == "scale"}
    release = json.loads(example[0]("release", "show", example[1], "--json").stdout)
    means = [t for t in release["tables"] if t["kind"] == "mean"]
    assert means
    for table in means:
        points = sorted(scales[table["measure"]].points, key=lambda p: p.value)
        section = next(n for n in page.iter("section") if n.attrs.get("id") == f"t-{table['id']}")
        intro = " ".join(p.text for p in section.iter("p") if "intro" in p.attrs.get("class", ""))
        for point in (points[0], points[-1]):
            label = re.sub(rf"^{point.value}\s*[–-]\s*", "", point.label[lang])
            assert f"{point.value} = {label}" in intro, (table["id"], intro)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_tables_are_split_into_parts_with_their_own_captions(
    example: tuple[Eqsurvey, str, Instrument], lang: str
) -> None:
    page = parse(_build(example, lang, "html").read_text(encoding="utf-8"))
    tables = [t for t in page.iter("table") if "data-table" in t.attrs]
    rows = {t.attrs["id"]: len(list(t.find("tbody").iter("tr"))) for t in tables}
    matrix = [t for t in tables if t.attrs["data-table"] == "domains_by_racialisation"]
    assert len(matrix) == 13  # one part per area of life
    captions = [t.find("caption").text for t in matrix]
    assert len(set(captions)) == 13
    assert max(rows.values()) <= 60, rows  # Table 5 had 156 rows in one table


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_table_is_wider_than_the_text_block_of_an_a4_page(pages: dict[str, list[Page]], lang: str) -> None:
    pieces = [(p, x) for p in pages[lang] for x in p.pieces]
    assert len({x.table for _, x in pieces}) > 20
    wide = [(x.page, x.table, round(x.right - p.right)) for p, x in pieces if x.right > p.right + SLACK]
    wide += [(x.page, x.table, round(p.left - x.left)) for p, x in pieces if x.left < p.left - SLACK]
    assert not wide, f"tables past the text block (page, table, px): {wide}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_captions_stay_with_their_first_rows_and_headers_repeat_on_each_page(
    pages: dict[str, list[Page]], lang: str
) -> None:
    pieces = [x for p in pages[lang] for x in p.pieces]
    firsts: dict[str, bool] = {}
    for x in pieces:
        firsts.setdefault(x.table, x.caption)
        if x.caption:
            assert x.rows >= 1, f"caption of {x.table} alone at the foot of page {x.page}"
        assert x.header, f"{x.table} continues on page {x.page} without its column headers"
        assert x.header_lines <= 3, f"a column header of {x.table} takes {x.header_lines} lines"
    assert all(firsts.values()), [t for t, first in firsts.items() if not first]
    continued = [x for x in pieces if not x.caption]
    assert continued, "the example has a table that runs over a page (so the repetition is tested)"


def test_the_printed_pdf_repeats_the_column_headers_on_a_continued_tables_page(
    example: tuple[Eqsurvey, str, Instrument], pages: dict[str, list[Page]]
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_build(example, "en", "pdf").read_bytes()))
    assert len(reader.pages) == len(pages["en"])
    continued = [x for p in pages["en"] for x in p.pieces if not x.caption]
    assert continued
    for piece in continued:
        # Word by word: the text of a header cell on two lines may come out between its neighbours' lines.
        text = reader.pages[piece.page - 1].extract_text()
        words = piece.header_text.split()
        assert words and [w for w in words if w not in text] == [], (piece.page, piece.table, piece.header_text)

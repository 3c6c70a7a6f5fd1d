"""Reports in Turkish, Arabic, Russian, Ukrainian and Persian, through the real command.

A project with the instrument of tests/fixtures/report_languages (its own texts in seven languages),
600 simulated, sealed responses and one release; ``eqsurvey report build`` writes the report in each
of the five languages as HTML and PDF. Each must declare its language and direction, carry no English
sentence of eqsurvey's own wording, say that its wording is a draft translation, and as a PDF be tagged
(PDF/UA-1, with its language) with the text in reading order.
"""

from __future__ import annotations

import html as markup
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdf
import pytest

from reports.catalogue import Catalogue, messages
from tests.support.cli import Eqsurvey
from tests.support.released_example import released_languages

PASS = "report languages passphrase"
LANGUAGES = ("tr", "ar", "ru", "uk", "fa")
DIRECTION = {"tr": "ltr", "ar": "rtl", "ru": "ltr", "uk": "ltr", "fa": "rtl"}
#: The instrument's title and a question in each language (tests/fixtures/report_languages/instrument.yaml).
TITLE = {
    "tr": "Musterstadt'ta yaşam – 2026 anketi",
    "ar": "الحياة في موسترشتات – استطلاع 2026",
    "ru": "Жизнь в Мюстерштадте – опрос 2026 года",
    "uk": "Життя в Мюстерштадті – опитування 2026 року",
    "fa": "زندگی در موسترشتات – پیمایش ۲۰۲۶",
}
QUESTION = {
    "tr": "Şehrin hangi bölgesinde yaşıyorsunuz?",
    "ar": "في أي جزء من المدينة تسكن؟",
    "ru": "В какой части города вы живёте?",
    "uk": "У якій частині міста ви живете?",
    "fa": "در کدام بخش شهر زندگی می‌کنید؟",
}
ZWNJ = "\u200c"

pytestmark = pytest.mark.slow  # the module fixture runs the whole pipeline once


@dataclass
class Built:
    eqsurvey: Eqsurvey
    release: str
    html: dict[str, str]
    pdf: dict[str, bytes]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    eqsurvey, release = released_languages(tmp_path_factory.mktemp("languages"), PASS)
    html, pdf = {}, {}
    for lang in (*LANGUAGES, "de", "en"):
        eqsurvey("report", "build", release, "--lang", lang, "--format", "html", "-o", f"r-{lang}.html")
        html[lang] = (eqsurvey.cwd / f"r-{lang}.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        eqsurvey("report", "build", release, "--lang", lang, "--format", "pdf", "-o", f"r-{lang}.pdf")
        pdf[lang] = (eqsurvey.cwd / f"r-{lang}.pdf").read_bytes()
    yield Built(eqsurvey, release, html, pdf)


def _text(html: str) -> str:
    """The page's visible text, tags taken out (styles and the release record's codes too)."""
    body = re.sub(r"<(style|code)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return markup.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _english_fragments() -> set[str]:
    """The parts of eqsurvey's English wording between placeholders that are sentences (three words or more)."""
    found = set()
    for text in messages("en").values():
        for part in re.split(r"\{[^{}]*\}", text):
            words = part.strip(" .,:;()“”")
            if len(re.findall(r"[A-Za-z]{2,}", words)) >= 3:
                found.add(words)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_declares_its_language_and_direction(built: Built, lang: str) -> None:
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in built.html[lang]
    assert ' lang="en"' not in built.html[lang]  # no part of the page falls back to English
    text = _text(built.html[lang])
    assert TITLE[lang] in text and QUESTION[lang] in text
    assert Catalogue(lang)("page.methodology") in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_frame_text_is_left(built: Built, lang: str) -> None:
    text = _text(built.html[lang])
    fragments = _english_fragments()
    assert len(fragments) > 200
    left = sorted(f for f in fragments if f in text)
    assert left == []
    assert len([f for f in fragments if f in _text(built.html["en"])]) > 50  # the check finds English where it is


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_says_its_wording_is_a_draft_translation(built: Built, lang: str) -> None:
    notice = Catalogue(lang)("page.draft_translation")
    footer = built.html[lang].split("<footer", 1)[1]
    assert f'<p class="draft-translation">{notice}</p>' in footer
    assert 'class="draft-translation"' not in built.html["de"]  # German is not a draft


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_tables_isolate_their_numbers_and_charts_put_labels_right(built: Built, lang: str) -> None:
    page = built.html[lang]
    cells = re.findall(r'<td role="cell" class="num"[^>]*>(.*?)</td>', page)
    assert cells and all(c.startswith('<bdi dir="ltr">') and c.endswith("</bdi>") for c in cells)
    assert re.search(r'class="chart[^"]* chart-rtl"', page)
    turkish = built.html["tr"]
    assert not re.search(r'class="chart[^"]* chart-rtl"', turkish)
    assert not re.search(r'class="num"[^>]*><bdi', turkish)


def test_persian_writes_its_figures_with_persian_digits(built: Built) -> None:
    persian = _text(built.html["fa"])
    figures = re.findall(r'<td role="cell" class="num"[^>]*><bdi dir="ltr">([^<]*)</bdi>', built.html["fa"])
    digits = "".join(c for f in figures for c in f if c.isdigit())
    assert digits and set(digits) <= set("۰۱۲۳۴۵۶۷۸۹")
    assert "جدول ۱:" in persian  # the table's number in the caption too
    arabic = re.findall(r'<td role="cell" class="num"[^>]*><bdi dir="ltr">([^<]*)</bdi>', built.html["ar"])
    assert set("".join(c for f in arabic for c in f if c.isdigit())) <= set("0123456789")  # CLDR: Arabic uses 0–9


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_is_tagged_in_its_language_with_the_text_in_reading_order(built: Built, lang: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(built.pdf[lang]))
    root = reader.root_object  # the document catalogue
    mark_info = root["/MarkInfo"].get_object()
    assert isinstance(mark_info, pypdf.generic.DictionaryObject)
    assert "/StructTreeRoot" in root and mark_info["/Marked"]
    assert str(root["/Lang"]) == lang
    text = "\n".join(page.extract_text() for page in reader.pages).replace(ZWNJ, "")
    # Word by word in reading order (the zero-width non-joiner is not drawn, so a PDF's text has none).
    assert TITLE[lang].split(" – ")[0].replace(ZWNJ, "") in text
    assert QUESTION[lang].replace(ZWNJ, "") in text
    assert Catalogue(lang)("page.methodology").replace(ZWNJ, "") in text
    assert not re.search(r"Methodology|Results|Summary|not shown", text)


def test_the_workbook_says_its_wording_is_a_draft_and_runs_right_to_left(built: Built) -> None:
    import openpyxl

    texts = {}
    for lang in ("fa", "de"):
        built.eqsurvey("report", "build", built.release, "--lang", lang, "-o", f"t-{lang}.xlsx")
        book = openpyxl.load_workbook(built.eqsurvey.cwd / f"t-{lang}.xlsx")
        about = book.worksheets[0]
        texts[lang] = [str(c.value) for row in about.iter_rows() for c in row if c.value is not None]
        assert all(sheet.sheet_view.rightToLeft == (lang == "fa") for sheet in book.worksheets)
    assert Catalogue("fa")("page.draft_translation") in texts["fa"]
    assert not any("draft" in t or "Entwurf" in t for t in texts["de"])


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_the_summary_is_in_the_language_too(built: Built, lang: str) -> None:
    built.eqsurvey("report", "build", built.release, "--part", "summary", "--lang", lang, "-o", f"s-{lang}.html")
    page = (built.eqsurvey.cwd / f"s-{lang}.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in page and ' lang="en"' not in page
    text = _text(page)
    assert Catalogue(lang)("digest.kicker") in text and TITLE[lang] in text
    assert f'<p class="draft-translation">{Catalogue(lang)("page.draft_translation")}</p>' in page
    assert sorted(f for f in _english_fragments() if f in text) == []

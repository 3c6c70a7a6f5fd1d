"""`eqsurvey instrument render` in Arabic, Persian, Turkish, Russian and Ukrainian: HTML and tagged PDF.

The questionnaire is tests/fixtures/multilingual/instrument.yaml. The HTML page states its language and
direction; the PDF (WeasyPrint) carries the language in its catalogue, embeds a font that has the
Arabic and Persian letters, and its text, extracted with pypdf, holds the questionnaire's and the
frame's words in the language (Arabic shaped from the letters, so extraction gives the letters back).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tests.support.cli import Eqsurvey

INSTRUMENT = Path(__file__).parents[1] / "fixtures" / "multilingual" / "instrument.yaml"
# Words each page must show: the title, a question, and the frame's own wording (from the draft catalogues).
WORDS = {
    "ar": ["استبيان الحي", "ما اللغات التي تتحدثها في المنزل", "اختر كل ما ينطبق", "المشاركة طوعية"],
    "fa": ["نظرسنجی محله", "در خانه به چه زبان", "ترجیح میدهم پاسخ ندهم", "مشارکت داوطلبانه است"],
    "tr": ["Mahalle anketi", "Evde hangi dilleri konuşuyorsunuz?", "Geçerli olanların hepsini işaretleyin."],
    "ru": ["Опрос жителей района", "На каких языках Вы говорите дома?", "Отметьте все подходящие ответы."],
    "uk": ["Опитування мешканців району", "Якими мовами Ви розмовляєте вдома?", "Участь добровільна"],
}


def _flat(text: str) -> str:
    """Extracted text compared by its letters: no line breaks, no zero-width joiners, NFKC (no presentation forms)."""
    text = unicodedata.normalize("NFKC", text).replace("\u200c", "")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", list(WORDS))
def test_the_questionnaire_prints_in_the_language_and_its_direction(tmp_path: Path, lang: str) -> None:
    eqsurvey = Eqsurvey(tmp_path)
    eqsurvey("instrument", "render", INSTRUMENT, "--lang", lang, "-o", "q.html")
    eqsurvey("instrument", "render", INSTRUMENT, "--lang", lang, "-o", "q.pdf")
    rtl = lang in ("ar", "fa")
    html = (tmp_path / "q.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{"rtl" if rtl else "ltr"}">' in html
    assert 'dir="auto"' in html  # the lines for a written answer take the direction of what is written

    reader = PdfReader(tmp_path / "q.pdf")
    catalog = reader.root_object
    assert str(catalog["/Lang"]) == lang
    assert "/StructTreeRoot" in catalog  # tagged
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in cast("DictionaryObject", cast("DictionaryObject", page["/Resources"])["/Font"]).values()
    }
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    missing = [word for word in WORDS[lang] if _flat(word) not in text]
    assert missing == [], f"not in the PDF's text: {missing}\n{text[:1500]}"
    if rtl:
        # A face with the Arabic and Persian letters: DejaVu Sans, or an Arabic Noto face where installed.
        names = {name.lower().replace("-", "") for name in fonts}
        assert any(name.startswith("dejavusans") or "arabic" in name for name in names), fonts
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)  # letters, not unshaped presentation forms


def test_a_language_the_instrument_does_not_have_is_a_user_error(tmp_path: Path) -> None:
    run = Eqsurvey(tmp_path)("instrument", "render", INSTRUMENT, "--lang", "he", "-o", "q.pdf", expect=1)
    assert "has no language 'he'" in run.stderr and "en, tr, ar, ru, uk, fa" in run.stderr
    assert not (tmp_path / "q.pdf").exists()

"""The reports' wording in Turkish, Arabic, Russian, Ukrainian and Persian: drafts, complete, in the right script.

Completeness and placeholders are checked for every catalogue by tests/unit/test_catalogues.py; here what
a machine can check of the translations themselves: each is marked a draft awaiting review, has the plural
forms of its language, is written in its language's script and letters (Persian with Persian letters, not
Arabic ones; Ukrainian with і, ї, є, not Russian's ы, э, ъ), and has no English sentence left.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from kernel.i18n.catalogues import TranslationStatus
from reports.catalogue import CATALOGUES, Catalogue, messages

NEW = ("tr", "ar", "ru", "uk", "fa")
PLURALS = {"tr": 2, "ar": 6, "ru": 3, "uk": 3, "fa": 2}
SCRIPT = {"tr": "LATIN", "ar": "ARABIC", "ru": "CYRILLIC", "uk": "CYRILLIC", "fa": "ARABIC"}
#: Letters a language writes and its neighbour in the same script does not.
OWN = {"tr": "çğış", "ar": "ةيك", "ru": "ыэъё", "uk": "іїєґ", "fa": "پچژگیک"}
#: Letters of the neighbour that must not stand in (Arabic yeh and kaf in Persian; Persian letters in Arabic).
FOREIGN = {"tr": "", "ar": "پچژگیک", "ru": "іїєґ", "uk": "ыэъё", "fa": "يكة"}
#: Names and symbols that stay as they are in every language.
KEPT = re.compile(r"eqsurvey|OpenDP|HPKE|RFC|IP|pdf|report build|--format|--all|[ρεδσe]|\{[a-z_0-9]*\}")
#: Messages that are only placeholders, punctuation or names: the same in every language.
SAME = {"annex.part_caption", "digest.entries_and", "digest.subject_measure", "finding.subject",
        "workbook.questionnaire_value"}  # fmt: skip


def _letters(text: str) -> list[str]:
    return [c for c in KEPT.sub("", text) if c.isalpha()]


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ")[0]


@pytest.mark.parametrize("lang", NEW)
def test_each_new_catalogue_is_a_draft_awaiting_review(lang: str) -> None:
    assert CATALOGUES.status(lang) is TranslationStatus.DRAFT and Catalogue(lang).draft
    assert Catalogue(f"{lang}-XX").draft  # a regional variant gets the draft wording, and is told so


def test_german_and_english_are_not_drafts() -> None:
    assert CATALOGUES.status("de") is None and not Catalogue("de").draft
    assert CATALOGUES.status("en") is None and not Catalogue("en").draft


@pytest.mark.parametrize("lang", NEW)
def test_each_new_catalogue_has_its_language_s_plural_forms(lang: str) -> None:
    assert CATALOGUES.read(lang).num_plurals == PLURALS[lang]


@pytest.mark.parametrize("lang", NEW)
def test_each_message_is_written_in_the_language_s_script(lang: str) -> None:
    english, words = messages("en"), messages(lang)
    assert words.keys() == english.keys()
    wrong, untranslated = [], []
    for key, text in words.items():
        letters = _letters(text)
        if letters and any(_script(c) != SCRIPT[lang] for c in letters):
            wrong.append((key, "".join(c for c in letters if _script(c) != SCRIPT[lang])))
        if key not in SAME and _letters(english[key]) and text == english[key]:
            untranslated.append(key)
    assert wrong == [] and untranslated == []
    everything = "".join(words.values())
    assert all(c in everything for c in OWN[lang]), lang
    assert not [c for c in FOREIGN[lang] if c in everything], lang


def test_english_words_are_not_left_in_a_translation() -> None:
    english = messages("en")
    common = re.compile(r"\b(?:the|and|of|with|are|shown|figures|respondents|share)\b")
    for lang in NEW:
        left = {k: t for k, t in messages(lang).items() if common.search(KEPT.sub("", t))}
        assert left == {}, (lang, left)
    assert common.search(english["note.suppressed"])  # the check finds such words where they are


def test_the_draft_notice_says_so_in_the_language() -> None:
    notices = {lang: Catalogue(lang)("page.draft_translation") for lang in (*NEW, "de")}
    assert len(set(notices.values())) == len(notices)
    assert "Übersetzungsentwurf" in notices["de"] and "taslağı" in notices["tr"] and "پیش‌نویس" in notices["fa"]
    assert "مسودة" in notices["ar"] and "черновым переводом" in notices["ru"] and "чорновим перекладом" in notices["uk"]


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        # CLDR's default numbering system for Arabic is 0–9 ("latn"), with a left-to-right mark around the % sign.
        ("ar", ("12.3\u200e%\u200e", "6.5–13.3\u200e%\u200e", "1,234", "−3.1", "1.0 × 10⁻⁶")),
        # For Persian it is Persian's own digits, decimal sign ٫, group sign ٬ and percent sign ٪ ("arabext").
        ("fa", ("۱۲٫۳٪", "۶٫۵–۱۳٫۳٪", "۱٬۲۳۴", "−۳٫۱", "۱٫۰×۱۰^−۶")),
        ("tr", ("%12,3", "%6,5–13,3", "1.234", "−3,1", "1,0 × 10⁻⁶")),
        ("ru", ("12,3\u00a0%", "6,5–13,3\u00a0%", "1\u00a0234", "−3,1", "1,0 × 10⁻⁶")),
        ("uk", ("12,3%", "6,5–13,3%", "1\u00a0234", "−3,1", "1,0 × 10⁻⁶")),
    ],
)
def test_numbers_are_written_as_cldr_has_the_language_write_them(lang: str, written: tuple[str, ...]) -> None:
    share, interval, count, points, tiny = written
    n = Catalogue(lang).numbers
    assert n.share(0.1234) == share
    assert n.share_range(0.0649, 0.1331) == interval
    assert n.count(1234.4) == count
    assert n.points(-0.031) == points  # the true minus sign, also where CLDR's is a mark and a hyphen
    assert n.significant(1e-6) == tiny


def test_persian_wording_writes_whole_numbers_with_persian_digits() -> None:
    persian = Catalogue("fa")
    assert persian("table.caption", number=12, title="T") == "جدول ۱۲: T"
    assert persian.whole(3) == "۳" and Catalogue("ar").whole(3) == "3" and Catalogue("de").whole(3) == "3"
    assert Catalogue("ar")("table.caption", number=12, title="T") == "الجدول 12: T"
    assert persian.date("2026-12-06") == "۶ دسامبر ۲۰۲۶"  # CLDR's Persian month name (Gregorian), Persian digits
    assert Catalogue("ar").date("2026-12-06") == "6 ديسمبر 2026"


def test_the_form_s_numbers_keep_western_digits() -> None:
    """A number field takes 0–9: what a form or a printed questionnaire writes stays in Latin digits."""
    from kernel.i18n import NumberFormat

    assert NumberFormat("fa").plain(1500) == "1500" and NumberFormat("fa").integer(1234) == "1,234"
    assert NumberFormat("fa", numbering="default").integer(1234) == "۱٬۲۳۴"


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_formulas_in_right_to_left_wording_are_isolated_left_to_right(lang: str) -> None:
    """ "ρ = 0.15" in an Arabic sentence would show as "0.15 = ρ"; an isolate (LRI … PDI) keeps it one formula."""
    text = Catalogue(lang)("method.budget_numbers", rho="0.150", epsilon="2.67", delta="1.0 × 10⁻⁶")
    for formula in ("ρ = 0.150", "ε = 2.67", "δ = 1.0 × 10⁻⁶"):
        assert f"\u2066{formula}\u2069" in text
    assert "\u2066" not in Catalogue("ru")("method.budget_numbers", rho="0.150", epsilon="2.67", delta="1")

"""The reports' gettext domain: complete in every language; numbers and dates as CLDR writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.i18n import Msg, placeholders
from kernel.i18n.check import catalogue_problems
from reports.catalogue import CATALOGUES, LANGUAGES, Catalogue, catalogue_language, messages
from reports.numbers import Numbers
from reports.page_words import PAGE_WORDS

REPORTS = Path(__file__).resolve().parents[3] / "reports"
TEMPLATE_KEY = r'\bt\("([a-z_]+\.[a-z_.]+)"'


def test_the_reports_catalogues_are_complete_and_match_the_code() -> None:
    """Every message in reports/ has a translation in every catalogue, with the same placeholders."""
    assert catalogue_problems(CATALOGUES, REPORTS) == []
    assert set(LANGUAGES) == {"en", "de", "tr", "ar", "ru", "uk", "fa"}


def test_every_language_has_every_message_with_the_english_placeholders() -> None:
    english = messages("en")
    assert len(english) > 300
    for lang in LANGUAGES:
        words = messages(lang)
        assert words.keys() == english.keys()
        for key, text in words.items():
            assert text.strip(), (lang, key)
            assert placeholders(text) == placeholders(english[key]), (lang, key)
    german = messages("de")
    assert sum(german[k] == english[k] for k in english) < 5  # translated, not copied (a few words are the same)


def test_no_message_is_marked_as_a_percent_format() -> None:
    """The texts use str.format only; a %-format flag on "95% interval" ("% i") makes msgfmt -c, Poedit and
    Weblate refuse its correct translation "95-%-Intervall"."""
    files = [REPORTS / "locales" / "reports.pot", *sorted((REPORTS / "locales").glob("*/LC_MESSAGES/reports.po"))]
    assert len(files) == 7  # the template, German, Turkish, Arabic, Russian, Ukrainian, Persian
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "95% interval" in text
        flags = [{f.strip() for f in line[2:].split(",")} for line in text.splitlines() if line.startswith("#,")]
        assert not [f for f in flags if "python-format" in f], path
        assert sum("python-brace-format" in f for f in flags) > 100  # the placeholders' own flag stays


def test_templates_name_only_declared_messages_and_use_every_one() -> None:
    import re

    used = {m for path in (REPORTS / "templates").glob("*.j2") for m in re.findall(TEMPLATE_KEY, path.read_text())}
    assert used == set(PAGE_WORDS)


def test_a_template_key_that_is_not_declared_is_an_internal_error() -> None:
    from kernel.errors import InternalError

    with pytest.raises(InternalError, match=r"'page\.nonexistent' is not in reports/locales/reports.pot"):
        Catalogue("de")("page.nonexistent")


@pytest.mark.parametrize(
    ("lang", "skip", "subtitle"),
    [
        ("de", "Zum Bericht springen", "Ergebnisbericht: Veröffentlichung r-1"),
        ("en", "Skip to the report", "Results report: release r-1"),
    ],
)
def test_messages_come_from_the_language_s_catalogue(lang: str, skip: str, subtitle: str) -> None:
    t = Catalogue(lang)
    assert t("page.skip") == skip
    assert t("page.subtitle", release="r-1") == subtitle
    assert t(Msg("table.quoted", "“{}”")).format("x") == ("„x“" if lang == "de" else "“x”")


@pytest.mark.parametrize(
    ("lang", "share", "interval", "count", "small"),
    [
        ("de", "12,3\u00a0%", "6,5–13,3\u00a0%", "1.234", "1,0 × 10⁻⁶"),
        ("en", "12.3%", "6.5–13.3%", "1,234", "1.0 × 10⁻⁶"),
    ],
)
def test_numbers_follow_the_language(lang: str, share: str, interval: str, count: str, small: str) -> None:
    n = Catalogue(lang).numbers
    assert n.share(0.1234) == share
    assert n.share_range(0.0649, 0.1331) == interval
    assert n.count(1234.4) == count
    assert n.significant(1.0009e-6, 2) == small
    assert n.count_range(0.2, 59.5) == "0–60"
    assert n.decimal_number(-0.004) == n.decimal_number(0.0)  # no "−0,00"
    assert n.decimal_number(-1.5, 1) == ("−1,5" if lang == "de" else "−1.5")
    assert n.share(-0.05) == ("−5,0\u00a0%" if lang == "de" else "−5.0%")


@pytest.mark.parametrize(
    ("tag", "share", "interval", "count", "whole"),
    [
        # CLDR: French groups with a narrow no-break space and puts a no-break space before %.
        ("fr", "12,3\u00a0%", "6,5–13,3\u00a0%", "1\u202f234", "13\u00a0%"),
        # CLDR: Turkish writes the percent sign first.
        ("tr", "%12,3", "%6,5–13,3", "1.234", "%13"),
        # CLDR: Swiss German groups with an apostrophe and writes 12.3% as English does.
        ("de-CH", "12.3%", "6.5–13.3%", "1'234", "13%"),
    ],
)
def test_numbers_of_any_language_come_from_cldr(tag: str, share: str, interval: str, count: str, whole: str) -> None:
    n = Numbers(tag)
    assert n.share(0.1234) == share
    assert n.share_range(0.0649, 0.1331) == interval
    assert n.count(1234.4) == count
    assert n.whole_percent(12.6) == whole


def test_a_language_s_own_grouping_is_kept() -> None:
    """CLDR: Hindi groups lakhs as well as thousands (1,23,456), German by thousands."""
    assert Numbers("hi").count(123456) == "1,23,456"
    assert Numbers("de").count(123456) == "123.456"


def test_rounding_is_of_the_exact_value_as_before() -> None:
    """2.675 is really 2.67499…: it rounds down, as Python's own formatting rounds it."""
    n = Numbers("en")
    assert n.decimal_number(2.675) == f"{2.675:.2f}" == "2.67"
    assert n.decimal_number(0.125) == "0.12"  # exactly half: to even
    assert n.exp(800) == "2.7 × 10³⁴⁷"  # e⁸⁰⁰ overflows a float: still a power of ten
    assert n.significant(1234567.0) == "1.2 × 10⁶"
    assert n.significant(0.0) == "0"


def test_dates_and_fallback_languages() -> None:
    assert Catalogue("de").date("2026-11-22T04:41:55+00:00") == "22. November 2026"
    assert Catalogue("en").date("2026-11-22") == "22 November 2026"
    assert catalogue_language("de-x-ls") == "de" and catalogue_language("he") == "en"
    hebrew = Catalogue("he")  # right to left, and no report wording of its own: English, marked as such
    assert hebrew.dir == "rtl" and hebrew.part == {"lang": "en", "dir": "ltr"}
    assert hebrew("page.skip") == "Skip to the report" and hebrew.numbers.share(0.5) == "50.0%"
    syrian = Catalogue("ar-SY")  # Arabic's wording, whose direction is Arabic's too
    assert syrian.source == "ar" and syrian.part == {"lang": "ar", "dir": "rtl"}
    assert Catalogue("de").part == {} and Catalogue("de").dir == "ltr"
    assert Catalogue("de-AT")("page.skip") == "Zum Bericht springen"

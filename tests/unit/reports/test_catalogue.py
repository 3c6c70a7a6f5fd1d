"""Message catalogues: complete in both languages; numbers and dates as each language writes them."""

from __future__ import annotations

import re

import pytest

from reports.catalogue import LANGUAGES, Catalogue, catalogue_language, load_messages

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def test_every_catalogue_has_the_same_keys_and_placeholders() -> None:
    catalogues = {lang: load_messages(lang) for lang in LANGUAGES}
    keys = {lang: set(messages) for lang, messages in catalogues.items()}
    assert keys["de"] == keys["en"], keys["de"] ^ keys["en"]
    for key in keys["en"]:
        de, en = catalogues["de"][key], catalogues["en"][key]
        assert type(de) is type(en), key
        if isinstance(en, str):
            assert set(PLACEHOLDER.findall(de)) == set(PLACEHOLDER.findall(en)), key
            assert de.strip() and en.strip(), key
    assert len(catalogues["de"]["dates.months"]) == len(catalogues["en"]["dates.months"]) == 12


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


def test_dates_and_fallback_languages() -> None:
    assert Catalogue("de").date("2026-11-22T04:41:55+00:00") == "22. November 2026"
    assert Catalogue("en").date("2026-11-22") == "22 November 2026"
    assert catalogue_language("de-x-ls") == "de" and catalogue_language("ar") == "en"
    arabic = Catalogue("ar")
    assert arabic.dir == "rtl" and arabic.part == {"lang": "en", "dir": "ltr"}
    assert Catalogue("de").part == {} and Catalogue("de").dir == "ltr"

"""The form's and the printable questionnaire's wording in Turkish, Arabic, Russian, Ukrainian and Persian.

Each of these catalogues is complete (every message translated, placeholders as in the English; the
generic check of tests/unit/test_catalogues.py), states that it is a draft awaiting review, has its
language's plural rule, and is written in its language's script: Arabic letters for Arabic and Persian,
with the Persian letters پ چ ژ گ and Persian ی ک in Persian and none of them in Arabic; Cyrillic for
Russian and Ukrainian, with і ї є in Ukrainian only; Latin with ç ğ ı ş for Turkish.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from kernel.i18n import Catalogues, TranslationStatus
from kernel.i18n.check import catalogue_problems

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("survey", "instruments", "instruments.option_defaults")
LANGUAGES = ("tr", "ar", "ru", "uk", "fa")
PLURALS = {"tr": 2, "ar": 6, "ru": 3, "uk": 3, "fa": 2}
SCRIPT = {"tr": "LATIN", "ar": "ARABIC", "fa": "ARABIC", "ru": "CYRILLIC", "uk": "CYRILLIC"}
# Letters each language's wording must use somewhere (over the three catalogues), and letters it must never use.
MUST = {
    "tr": set("çğışü"),
    "ar": set("ةي"),
    "fa": set("پچژگیک"),
    "ru": set("ыэ"),
    "uk": set("іїє"),
}
NEVER = {
    "tr": set("qwx"),
    "ar": set("پچژگیک"),
    "fa": set("يكة"),  # Arabic yeh, kaf and teh marbuta: Persian writes ی and ک
    "ru": set("іїєґ"),
    "uk": set("ыэъё"),
}
# Latin words that stay Latin in every language: names, a sample code, technical abbreviations.
_KEPT = re.compile(r"\{[a-z_]+\}|eqsurvey|K7QX-M9DR-4HTP-W3FJ|\bIP\b|cookie|\(a\)", re.IGNORECASE)


def _catalogue(package: str, lang: str) -> Catalog:
    return Catalogues(package).read(lang)


def _texts(package: str, lang: str) -> list[tuple[str, str]]:
    found = []
    for message in _catalogue(package, lang):
        if not message.id:
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string or ())
        found += [(str(message.context), form) for form in forms]
    return found


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split()[0]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("package", PACKAGES)
def test_each_catalogue_is_a_complete_draft_with_its_languages_plural_rule(package: str, lang: str) -> None:
    catalogues = Catalogues(package)
    assert lang in catalogues.languages()
    assert catalogues.status(lang) is TranslationStatus.DRAFT
    assert _catalogue(package, lang).num_plurals == PLURALS[lang]
    folder = ROOT.joinpath(*package.split("."))
    mine = f"/{lang}/LC_MESSAGES/"
    assert [p for p in catalogue_problems(catalogues, folder) if mine in p] == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("package", PACKAGES)
def test_every_message_is_written_in_the_languages_script(package: str, lang: str) -> None:
    wrong = []
    for key, text in _texts(package, lang):
        own = _KEPT.sub("", text)
        foreign = sorted({c for c in own if c.isalpha() and _script(c) != SCRIPT[lang]})
        if foreign:
            wrong.append(f"{key}: {text!r} has letters of another script: {foreign}")
        if NEVER[lang] & set(own):
            wrong.append(f"{key}: {text!r} has {sorted(NEVER[lang] & set(own))}, not letters of {lang}")
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_uses_its_own_letters(lang: str) -> None:
    used = {c for package in PACKAGES for _, text in _texts(package, lang) for c in text}
    assert MUST[lang] <= used, sorted(MUST[lang] - used)


def test_persian_joins_its_compounds_with_the_zero_width_non_joiner() -> None:
    # می‌کنید, پاسخ‌ها: without U+200C the parts would join into one misspelt word.
    texts = [text for package in PACKAGES for _, text in _texts(package, "fa")]
    assert sum("\u200c" in text for text in texts) > 50
    assert not any("می کن" in text or "می دان" in text or "می توان" in text for text in texts)

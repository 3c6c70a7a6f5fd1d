"""The library's translations into Turkish, Arabic, Russian, Ukrainian and Persian: complete, in the right script.

Every unlocked module offers the five languages, with a text in each for every
text it has in English, written in the language's own script and letter forms
(Persian ی and ک, not the Arabic ي and ك; Arabic the other way round; Ukrainian
і ї є, not Russian ы э ъ ё), not left in English, and marked as a draft until a
qualified translator or community partner has checked it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from instruments.modules import Module, available, load_module

NEW = ("tr", "ar", "ru", "uk", "fa")
UNLOCKED = [ref for ref in available() if not load_module(ref).module.locked]
SCRIPT = {"tr": "LATIN", "ar": "ARABIC", "fa": "ARABIC", "ru": "CYRILLIC", "uk": "CYRILLIC"}
#: Left as they are in every language: module and variable ids, acronyms (AGG, DGS, GDPR, TIN*), and terms
#: communities use in their English or German form (Person of Colour, divers, Jobcenter), quoted beside a translation.
KEPT = re.compile(
    r"\S*[_@*]\S*|\b[A-Z]{2,5}\b|\bPoC\b|Person of Colour|\bdivers\b|Jobcenter|\bBlack\b|Afro-German|Indigenous"
)
#: Texts that read the same as in English because they are the word the community itself uses in Turkish.
SAME_AS_ENGLISH = {("tr", "Trans"), ("tr", "Alevi"), ("tr", "Hindu")}
#: Letters a language's texts must never contain: another language's forms of the same sound.
FOREIGN = {
    "fa": "\u064a\u0643\u0649",  # Arabic ي ك ى: Persian writes ی and ک
    "ar": "\u06cc\u06a9\u067e\u0686\u0698\u06af",  # Persian ی ک پ چ ژ گ
    "uk": "ыэъёЫЭЪЁ",
    "ru": "іїєґІЇЄҐ",
    "tr": "",
}
#: Letters that must occur in the language's texts of the library (each of them, somewhere).
OWN = {
    "fa": "پچژگیک",
    "ar": "يك",
    "uk": "іїє",
    "ru": "ыэъё",
    "tr": "çğıöşü",
}


def texts(node: Any) -> Iterator[dict[str, str]]:
    """Every translatable text (a mapping with an English text) in the module's data."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and all(isinstance(v, str) for v in node.values()):
            yield node
            return
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)


def module_texts(m: Module) -> list[dict[str, str]]:
    # The source (citation, notes) is for questionnaire authors and stays in English.
    return list(texts(m.model_dump(mode="json", exclude={"source", "translations"})))


def test_every_unlocked_module_is_translated() -> None:
    assert len(UNLOCKED) == 11
    for ref in UNLOCKED:
        assert set(NEW) <= set(load_module(ref).module.languages), ref


@pytest.mark.parametrize("ref", UNLOCKED)
@pytest.mark.parametrize("lang", NEW)
def test_every_english_text_has_a_translation(ref: str, lang: str) -> None:
    found = module_texts(load_module(ref).module)
    assert len(found) >= 10
    missing = [t["en"] for t in found if not (t.get(lang) or "").strip()]
    assert missing == []


def script_problems(lang: str, text: str) -> list[str]:
    """Letters of ``text`` not in ``lang``'s script or in another language's forms; ``['no letters']`` if none."""
    letters = [c for c in KEPT.sub(" ", text) if c.isalpha()]
    if not letters:
        return ["no letters"]
    strays = {c for c in letters if SCRIPT[lang] not in unicodedata.name(c, "")}
    return sorted(strays | (set(text) & set(FOREIGN[lang])))


@pytest.mark.parametrize("ref", UNLOCKED)
@pytest.mark.parametrize("lang", NEW)
def test_translations_are_in_the_languages_script(ref: str, lang: str) -> None:
    wrong = [(t[lang], script_problems(lang, t[lang])) for t in module_texts(load_module(ref).module)]
    assert [w for w in wrong if w[1]] == []


@pytest.mark.parametrize("lang", NEW)
def test_the_languages_own_letters_occur(lang: str) -> None:
    written = "".join(t[lang] for ref in UNLOCKED for t in module_texts(load_module(ref).module))
    assert set(OWN[lang]) <= set(written)


@pytest.mark.parametrize("ref", UNLOCKED)
@pytest.mark.parametrize("lang", NEW)
def test_no_text_is_left_in_english(ref: str, lang: str) -> None:
    same = [t["en"] for t in module_texts(load_module(ref).module) if t[lang] == t["en"]]
    assert [s for s in same if (lang, s) not in SAME_AS_ENGLISH] == []


@pytest.mark.parametrize("ref", UNLOCKED)
def test_the_translations_are_marked_drafts(ref: str) -> None:
    m = load_module(ref).module
    assert sorted(m.translations) == sorted(NEW)
    for status in m.translations.values():
        assert status.status == "draft" and status.by is None
        assert status.note is not None and "review" in status.note


def test_the_washington_group_set_stays_in_its_published_languages() -> None:
    m = load_module("wg_short_set@1").module
    assert m.languages == ["de", "en"] and m.translations == {}


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        ("fa", "بلي", ["ي"]),  # Arabic yeh in Persian
        ("ar", "نعم، یک", ["ک", "ی"]),  # Persian forms in Arabic
        ("uk", "Да, объём", ["ъ", "ё"]),  # Russian letters in Ukrainian
        ("ru", "Так, їх", ["ї"]),
        ("tr", "Evet, да", ["а", "д"]),
        ("ru", "Yes", ["Y", "e", "s"]),
        ("fa", "16", ["no letters"]),
    ],
)
def test_the_script_check_finds_wrong_letters(lang: str, text: str, found: list[str]) -> None:
    assert script_problems(lang, text) == sorted(found)


@pytest.mark.parametrize("ref", UNLOCKED)
def test_numbers_are_written_as_each_language_writes_them(ref: str) -> None:
    """Persian texts use Persian digits (۱۶ تا ۲۴); Arabic ones the digits of the Arabic web, never Persian ones."""
    found = module_texts(load_module(ref).module)
    persian_with_ascii = [t["fa"] for t in found if re.search(r"[0-9]", KEPT.sub(" ", t["fa"]))]
    arabic_with_persian = [t["ar"] for t in found if re.search("[\u06f0-\u06f9]", t["ar"])]
    assert persian_with_ascii == [] and arabic_with_persian == []

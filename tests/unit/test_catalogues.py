"""Every package's gettext catalogues against its code: each message translated in every language.

Finds every ``locales`` folder of the packages (a new package's catalogues are checked without a
change here) and runs :func:`kernel.i18n.check.catalogue_problems` on it: a message without a
translation, a fuzzy or empty one, placeholders that differ from the English, a stale template or
a catalogue entry the code no longer has all fail, each named with its file and the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.i18n import Catalogues
from kernel.i18n.check import catalogue_problems

ROOT = Path(__file__).resolve().parents[2]
_SKIP = {"tests", "benchmarks", "scripts", "docs", "examples"}
PACKAGE_DIRS = sorted(
    path.parent
    for path in ROOT.glob("*/**/locales")
    if path.is_dir() and path.relative_to(ROOT).parts[0] not in _SKIP | {".git"}
)

#: The languages each package's wording must have, at least.
REQUIRED = {
    "instruments": ("en", "de", "de-x-ls", "tr", "ar", "ru", "uk", "fa"),
    "instruments.xlsform": ("en", "de", "de-x-ls", "fr", "es", "it", "nl", "pl", "pt", "tr", "ar", "uk", "ru"),
    "instruments.option_defaults": (
        *("en", "de", "de-x-ls", "fr", "es", "it", "nl", "pl", "pt", "tr", "ar", "uk", "ru", "fa"),
    ),
    "instruments.limesurvey": ("en", "de", "es", "fr", "it", "nl", "pt", "tr"),
    "survey": ("en", "de", "de-x-ls", "tr", "ar", "ru", "uk", "fa"),
    "reports": ("en", "de", "tr", "ar", "ru", "uk", "fa"),
}


def _package(folder: Path) -> str:
    return ".".join(folder.relative_to(ROOT).parts)


def test_the_packages_with_wording_have_catalogues() -> None:
    found = {_package(folder) for folder in PACKAGE_DIRS}
    assert set(REQUIRED) <= found
    for package, languages in REQUIRED.items():
        assert set(languages) <= set(Catalogues(package).languages()), package


@pytest.mark.parametrize("folder", PACKAGE_DIRS, ids=_package)
def test_every_message_has_a_translation_in_every_language(folder: Path) -> None:
    assert catalogue_problems(Catalogues(_package(folder)), folder) == []


#: The packages whose wording respondents read in German Easy Language: the web form's frame, and the
#: printable questionnaire's with the information for respondents.
EASY_GERMAN = ("survey", "instruments")
#: An Easy German text may be the standard German one only where that is already a short, plain phrase
#: ("Weiter", "Frage {n}"); a longer copy means the German was pasted in untranslated.
MOST_WORDS_COPIED = 6


@pytest.mark.parametrize("package", EASY_GERMAN)
def test_the_easy_german_catalogue_is_complete_and_its_own(package: str) -> None:
    catalogues = Catalogues(package)
    assert "de-x-ls" in catalogues.languages()
    german, easy = catalogues.read("de"), catalogues.read("de-x-ls")
    messages = [m for m in german if m.id]
    missing = [m.context for m in messages if not (entry := easy.get(m.id, m.context)) or not entry.string]
    assert missing == []
    copied = {
        m.context: m.string
        for m in messages
        if (entry := easy.get(m.id, m.context))
        and entry.string == m.string
        and len(str(m.string).split()) > MOST_WORDS_COPIED
    }
    assert copied == {}
    assert len(messages) > 50

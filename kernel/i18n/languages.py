"""eqsurvey's language tags, the catalogue folder of each, and the Babel locale that formats for it.

eqsurvey names languages by BCP 47 tags (``en``, ``de``, ``de-AT``). German Easy Language
(Leichte Sprache) has no registered subtag; eqsurvey writes it ``de-x-ls`` (a private-use
subtag). gettext folders and Babel locales cannot carry a private-use subtag, so its catalogues
live in ``de@easy``: German with a POSIX modifier, as ``sr@latin`` or ``ca@valencia`` are. Other
tags map by rule: ``de-AT`` ↔ ``de_AT``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError

#: The language of the ``msgid`` texts in the code; it needs no catalogue.
SOURCE_LANGUAGE = "en"

# Tags whose folder does not follow from the rule (private-use subtags).
_FOLDERS = {"de-x-ls": "de@easy"}
_TAGS = {folder: tag for tag, folder in _FOLDERS.items()}


def locale_folder(tag: str) -> str:
    """The catalogue folder of a language tag: ``de-x-ls`` → ``de@easy``, ``de-AT`` → ``de_AT``."""
    return _FOLDERS.get(tag, tag.replace("-", "_"))


def tag_of_folder(folder: str) -> str:
    """The language tag of a catalogue folder: ``de@easy`` → ``de-x-ls``, ``de_AT`` → ``de-AT``."""
    return _TAGS.get(folder, folder.replace("_", "-"))


def base_language(tag: str) -> str:
    """The primary language subtag: ``de`` for ``de-AT`` and for ``de-x-ls``."""
    return tag.split("-", 1)[0].lower()


def babel_locale(tag: str) -> Locale:
    """The CLDR locale that formats numbers and dates for a tag.

    Private-use subtags are dropped (Easy German formats as German); a region CLDR does not know
    falls back to its language, and a language CLDR does not know to English, so any tag formats.
    """
    public = tag.split("-x-", 1)[0]
    for candidate in (public, base_language(public)):
        try:
            return Locale.parse(candidate, sep="-")
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse(SOURCE_LANGUAGE)


@lru_cache(maxsize=256)
def text_direction(tag: str) -> Literal["ltr", "rtl"]:
    """The direction text in a language runs: ``rtl`` for Arabic, Persian, Hebrew, Urdu, ``ku-Arab`` …

    From CLDR's layout data for the tag's locale (:func:`babel_locale`), so a script subtag counts
    (``ku`` runs left to right, ``ku-Arab`` right to left) and a tag CLDR does not know runs left to right.
    """
    return "rtl" if babel_locale(tag).text_direction == "rtl" else "ltr"

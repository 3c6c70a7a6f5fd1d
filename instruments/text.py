"""Translatable text, language tags, identifiers and the reserved "prefer not to say" code.

Every piece of text a respondent sees is a :data:`LocalText`: a mapping from a
BCP 47 language tag to the text in that language. German Easy Language
(Leichte Sprache) uses the private-use tag ``de-x-ls``. eqsurvey's own wording of
"prefer not to say" is in :mod:`instruments.option_defaults`.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from kernel.i18n import text_direction

#: The code stored for an explicit "prefer not to say": distinct from a missing answer.
DECLINED = "prefer_not_to_say"

#: Separator between a question id and an option/row code in dataset column names.
#: Ids and codes may not contain it, so a column name always splits one way.
COLUMN_SEP = "__"


def column_name(question_id: str, code: str) -> str:
    """The dataset's (and the response CSV's) column of one option or matrix row of a question."""
    return f"{question_id}{COLUMN_SEP}{code}"


_LANG_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CODE_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9])?")
_SLUG_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")

#: Display names of common languages, in the language itself. Used for XLSForm
#: column headers (``label::Deutsch (de)``) and language switchers.
LANGUAGE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "de-x-ls": "Deutsch (Leichte Sprache)",
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ro": "Română",
    "bg": "Български",
    "ru": "Русский",
    "uk": "Українська",
    "tr": "Türkçe",
    "ku": "Kurdî",
    "ar": "العربية",
    "fa": "فارسی",
    "he": "עברית",
    "ur": "اردو",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "sq": "Shqip",
    "sr": "Srpski",
    "hr": "Hrvatski",
    "bs": "Bosanski",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "sw": "Kiswahili",
}


def is_language_tag(value: str) -> bool:
    return bool(_LANG_RE.fullmatch(value))


def is_rtl(lang: str) -> bool:
    """Whether text in this language runs right to left (CLDR's layout data: ar, fa, he, ur, ku-Arab …)."""
    return text_direction(lang) == "rtl"


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def _check_lang(value: str) -> str:
    if not _LANG_RE.fullmatch(value):
        raise PydanticCustomError(
            "eqsurvey",
            "'{value}' is not a language tag",
            {"value": value, "fix": "use a BCP 47 tag such as de, en, tr or de-x-ls"},
        )
    return value


#: Words of the condition language; a question with such an id could never be referred to.
#: The dataset's column for the month a response arrived; no question or derived variable may take the name.
RECEIVED_MONTH = "received_month"
RESERVED_IDS = frozenset({"and", "or", "not", "in", "true", "false"})


def _check_id(value: str) -> str:
    if value in RESERVED_IDS:
        raise PydanticCustomError(
            "eqsurvey",
            "'{value}' is a word of the condition language and cannot be an id",
            {"value": value, "fix": f"choose another id (not one of: {', '.join(sorted(RESERVED_IDS))})"},
        )
    if not _ID_RE.fullmatch(value) or COLUMN_SEP in value:
        raise PydanticCustomError(
            "eqsurvey",
            "'{value}' is not a valid id",
            {
                "value": value,
                "fix": "start with a lower-case letter, then use lower-case letters, digits and "
                "single underscores (no '__'), at most 64 characters, e.g. 'gender_identity'",
            },
        )
    return value


def _check_code(value: str) -> str:
    if not _CODE_RE.fullmatch(value) or COLUMN_SEP in value:
        raise PydanticCustomError(
            "eqsurvey",
            "'{value}' is not a valid option code",
            {
                "value": value,
                "fix": "use letters, digits, '_', '-' or '.', starting and ending with a letter "
                "or digit, no '__', at most 64 characters, e.g. 'not_applicable' or 'A1'",
            },
        )
    return value


def _check_slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise PydanticCustomError(
            "eqsurvey",
            "'{value}' is not a valid instrument id",
            {"value": value, "fix": "use lower-case letters, digits, '-' and '_', e.g. 'musterstadt-2026'"},
        )
    return value


#: Longest text per language: a question, an intro or a privacy notice, not a document.
MAX_TEXT = 10_000
# C0 control characters other than tab and newline: invisible, and refused by spreadsheets.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _check_text(value: dict[str, str]) -> dict[str, str]:
    for lang, text in value.items():
        _check_lang(lang)
        if len(text) > MAX_TEXT:
            raise PydanticCustomError(
                "eqsurvey",
                "the '{lang}' text has {n} characters, more than {limit}",
                {
                    "lang": lang,
                    "n": len(text),
                    "limit": MAX_TEXT,
                    "fix": "shorten it; link to a longer document instead",
                },
            )
        bad = _CONTROL_RE.search(text)
        if bad:
            raise PydanticCustomError(
                "eqsurvey",
                "the '{lang}' text contains the invisible control character {char} at position {pos}",
                {"lang": lang, "char": f"U+{ord(bad.group()):04X}", "pos": bad.start() + 1, "fix": "delete it"},
            )
    return value


LangTag = Annotated[str, AfterValidator(_check_lang)]
Identifier = Annotated[str, AfterValidator(_check_id)]
Code = Annotated[str, AfterValidator(_check_code)]
Slug = Annotated[str, AfterValidator(_check_slug)]
#: Text in several languages: ``{de: "…", en: "…"}``.
LocalText = Annotated[dict[str, str], AfterValidator(_check_text)]


def pick(text: dict[str, str] | None, lang: str, fallback: str | None = None) -> str:
    """The text in ``lang``, else in ``fallback``, else any, else ''."""
    if not text:
        return ""
    if text.get(lang):
        return text[lang]
    if fallback and text.get(fallback):
        return text[fallback]
    return next((t for t in text.values() if t), "")

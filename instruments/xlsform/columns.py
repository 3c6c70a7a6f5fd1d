"""What an XLSForm's column headers mean: the column, and the language it carries.

``label::English (en)`` (pyxform's recommended form), ``label:English``
(legacy single colon), ``label::english`` and ``label::Español`` (names),
``bind:relevant`` and ``list name`` (old spellings) all come down to a column
name and, for translatable columns, a BCP 47 language tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from instruments.text import LANGUAGE_NAMES, language_name
from instruments.xlsform.reading import FormSheets

#: Columns that may carry a language: ``label::English (en)``, ``label:English`` (legacy), ``hint::de``.
TRANSLATABLE = frozenset(
    {
        "label",
        "hint",
        "guidance_hint",
        "constraint_message",
        "required_message",
        "image",
        "audio",
        "video",
        "big-image",
        "eqsurvey_unit",
        "eqsurvey_description",
        "title",
    }
)

# Older and alternative spellings that pyxform also reads, mapped to the modern column name.
_ALIASES = {
    "list name": "list_name",
    "bind:constraint": "constraint",
    "bind:relevant": "relevant",
    "bind:required": "required",
    "bind:readonly": "read_only",
    "readonly": "read_only",
    "bind:calculate": "calculation",
    "control:appearance": "appearance",
    "relevance": "relevant",
    "bind:jr:constraintmsg": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "constraint message": "constraint_message",
    "bind:jr:requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
    "requiredmsg": "required_message",
    "caption": "label",
    "media:image": "image",
    "media:audio": "audio",
    "media:video": "video",
}


def split_header(header: str) -> tuple[str, str | None]:
    """``label::English (en)`` → ``('label', 'English (en)')``; ``bind:relevant`` → ``('relevant', None)``."""
    text = header.strip()
    if text.lower().startswith("media::"):
        text = text[len("media::") :]
    for sep in ("::", ":"):
        if sep in text:
            base, lang = text.split(sep, 1)
            name = _ALIASES.get(base.strip().lower(), base.strip().lower())
            if name in TRANSLATABLE and lang.strip():
                return name, lang.strip()
    # pyxform reads headers in any case and with spaces for underscores: FORM_TITLE, Form Title, CHOICE_FILTER.
    snake = "_".join(text.split()).lower()
    known = text.lower() if text.lower() in _KNOWN else snake if snake in _KNOWN else text
    return _ALIASES.get(text.lower(), known), None


#: The standard survey-sheet columns eqsurvey writes, in the order it writes them.
STANDARD_SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "calculation",
)

_KNOWN = frozenset(
    {
        *STANDARD_SURVEY_COLUMNS,
        "list_name",
        "default",
        "choice_filter",
        "parameters",
        "read_only",
        "required_message",
        "repeat_count",
        "form_title",
        "form_id",
        "version",
        "default_language",
        "allow_choice_duplicates",
        "style",
        "trigger",
        # eqsurvey's own columns (see below), so that EQSURVEY_PRIVACY reads as eqsurvey_privacy
        "eqsurvey_type",
        "eqsurvey_privacy",
        "eqsurvey_role",
        "eqsurvey_prefer_not_to_say",
        "eqsurvey_self_description",
        "eqsurvey_relevant",
        "eqsurvey_when",
    }
)

#: Language names forms use instead of tags, in English and in the language itself.
_LANGUAGE_CODES = {
    "english": "en",
    "german": "de",
    "french": "fr",
    "francais": "fr",
    "spanish": "es",
    "espanol": "es",
    "chinese": "zh",
    "arabic": "ar",
    "turkish": "tr",
    "russian": "ru",
    "ukrainian": "uk",
    "polish": "pl",
    "portuguese": "pt",
    "portugues": "pt",
    "italian": "it",
    "dutch": "nl",
    "romanian": "ro",
    "bulgarian": "bg",
    "persian": "fa",
    "farsi": "fa",
    "hebrew": "he",
    "urdu": "ur",
    "vietnamese": "vi",
    "albanian": "sq",
    "serbian": "sr",
    "croatian": "hr",
    "bosnian": "bs",
    "tigrinya": "ti",
    "somali": "so",
    "swahili": "sw",
    "kurdish": "ku",
    "hindi": "hi",
    "bengali": "bn",
    "pashto": "ps",
    "dari": "prs",
    "amharic": "am",
    "kiswahili": "sw",
    **{name.casefold(): code for code, name in LANGUAGE_NAMES.items()},
}
_TAG_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _tag_case(tag: str) -> str:
    """A tag in BCP 47's usual case, as headers written in capitals (``LABEL::EN``) mean it: ``en``, ``de-AT``."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    private = False
    for part in parts[1:]:
        private = private or len(part) == 1  # after a singleton (x-…) every subtag is lower case
        if not private and len(part) == 2 and part.isalpha():
            out.append(part.upper())  # a region: AT
        elif not private and len(part) == 4 and part.isalpha():
            out.append(part.title())  # a script: Latn
        else:
            out.append(part.lower())
    return "-".join(out)


def language_code(name: str) -> tuple[str, bool]:
    """The language tag a column's language name stands for, and whether it is only a stand-in.

    ``English (en)`` → en (pyxform's recommended form), ``english`` or
    ``Español`` → by name, ``de`` → itself; anything else becomes a
    private-use tag such as ``und-x-klingon`` (a stand-in).
    """
    m = re.search(r"\(([^()]+)\)\s*\Z", name)
    if m and _TAG_RE.fullmatch(_tag_case(m.group(1).strip())):
        return _tag_case(m.group(1).strip()), False
    key = name.strip().casefold()
    if key in _LANGUAGE_CODES:
        return _LANGUAGE_CODES[key], False
    if _TAG_RE.fullmatch(_tag_case(name.strip())):
        return _tag_case(name.strip()), False
    slug = re.sub(r"[^a-z0-9]", "", key.encode("ascii", "ignore").decode())[:8] or "lang"
    return f"und-x-{slug}", True


#: Columns that carry what XLSForm cannot say; pyxform ignores them.
EQ_TYPE = "eqsurvey_type"
EQ_PRIVACY = "eqsurvey_privacy"
EQ_ROLE = "eqsurvey_role"
EQ_DECLINED = "eqsurvey_prefer_not_to_say"
EQ_SELF = "eqsurvey_self_description"
EQ_RELEVANT = "eqsurvey_relevant"
EQ_WHEN = "eqsurvey_when"
EQ_UNIT = "eqsurvey_unit"
EQ_DESCRIPTION = "eqsurvey_description"
MODULES_SHEET = "eqsurvey_modules"
#: The cases of categorical derived variables: in the choices sheet pyxform would put them into the form.
CASES_SHEET = "eqsurvey_cases"
#: Wording eqsurvey otherwise supplies itself: one row per text (``name``), a ``label`` per language.
TEXTS_SHEET = "eqsurvey_texts"
#: The row of the texts sheet with the instrument's own wording of "prefer not to say".
DECLINED_TEXT = "prefer_not_to_say_label"
ABOUT_GROUP = "eqsurvey-about"
META_TEXTS = ("purpose", "controller", "legal_basis", "retention", "contact")
#: Texts of the about group an instrument may leave out.
OPTIONAL_META_TEXTS = ("rights",)
#: The settings column with the instrument's own time estimate (pyxform ignores it).
EQ_MINUTES = "eqsurvey_estimated_minutes"
#: What an acknowledge field holds once acknowledged, and a boolean calculate when true.
ACKNOWLEDGED = "OK"
TRUE_TEXT = "true"


def language_header(column: str, lang: str) -> str:
    """``label::Deutsch (de)``: pyxform and KoboToolbox show the name, eqsurvey reads the tag."""
    return f"{column}::{language_name(lang)} ({lang})"


#: Columns that hold XPath. pyxform turns typographic quotes into straight ones before it reads a cell
#: (spreadsheets put ‘…’ and “…” in by themselves), so ``${q} = ‘other’`` means ``${q} = 'other'``.
EXPRESSION_COLUMNS = frozenset({"relevant", "constraint", "calculation", "choice_filter", "required", "repeat_count"})
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def straight_quotes(text: str) -> str:
    """``‘other’`` → ``'other'`` and ``“a”`` → ``"a"``, as pyxform reads expressions."""
    return text.translate(_TYPOGRAPHIC)


#: Columns written and read as they are: names, and the XPath eqsurvey writes (its references are real).
VERBATIM_COLUMNS = frozenset({"type", "name", "list_name", "relevant", "constraint", "calculation", "choice_filter"})
# pyxform reads every "${" in a survey cell as a reference to a field and refuses the form when
# none fits, so text that merely contains "${" gets an invisible WORD JOINER after the "$".
# Escaping "$" + WORD JOINER too keeps the mapping reversible.
_JOINER = "\u2060"


def escape_text(text: str) -> str:
    return re.sub(f"\\$(?=[{_JOINER}{{])", f"${_JOINER}", text)


def unescape_text(text: str) -> str:
    return re.sub(f"\\${_JOINER}(?=[{_JOINER}{{])", "$", text)


#: Translatable columns whose languages are the instrument's languages (media and messages are not).
TEXT_COLUMNS = ("label", "hint", "eqsurvey_unit", "eqsurvey_description", "title")


@dataclass
class Languages:
    """The languages of a form and the column/language every translatable header stands for."""

    columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    default: str = "en"
    #: (header, language name, stand-in tag) for names no tag is known for.
    stand_ins: list[tuple[str, str, str]] = field(default_factory=list)


def form_languages(form: FormSheets, sheets: Iterable[str], settings: dict[str, str], fallback: str) -> Languages:
    """Map every translatable header to a tag; columns without a language get the form's default.

    The default is the settings' ``default_language``, else the only language
    the labels name, else ``fallback``.
    """
    headers = [h for s in sheets for h in form.sheet(s).columns]
    used = {h for s in sheets for r in form.sheet(s).rows for h in r.cells}
    named = [split_header(h) for h in headers]
    setting = settings.get("default_language", "").strip()
    labelled = {lang for base, lang in named if base == "label" and lang}
    only = language_code(next(iter(labelled)))[0] if len(labelled) == 1 else fallback
    plain = language_code(setting)[0] if setting else only
    found = Languages()
    for header, (base, lang) in zip(headers, named, strict=True):
        if base not in TRANSLATABLE:
            continue
        tag, stand_in = language_code(lang) if lang else (plain, False)
        if stand_in and tag not in found.tags and lang:
            found.stand_ins.append((header, lang, tag))
        found.columns[header] = (base, tag)
        if base in TEXT_COLUMNS and header in used and tag not in found.tags:
            found.tags.append(tag)
    found.tags = found.tags or [plain]
    wanted = language_code(setting)[0] if setting else fallback
    found.default = wanted if wanted in found.tags else found.tags[0]
    return found

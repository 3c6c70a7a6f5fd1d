"""A posted form's fields as edits of the instrument.

Every text field of the questionnaire's forms is named by its field key (see
:mod:`instruments.editing.fields`): ``title.de``, ``section.trust.intro.en``,
``question.ms_district.label.de``, ``question.ms_district.option.nordstadt.label.en``,
``question.ms_district.relevant``; a matrix's ``question.q.row.work.label.de``, a scale's
``question.q.point.3.label.de`` (by value), a number question's ``question.q.unit.de``
(its ``min`` and ``max`` are posted together, see :func:`bounds_of`). The validator's problems come back under the
same keys, so each is shown at its field. A field this parser does not know, or
a language the instrument does not have, means the post did not come from the
console's page: it is refused and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from eqsurvey.console.forms import Form, RefusedError
from instruments.editing import (
    OWN_TEXTS,
    Edit,
    SetBounds,
    SetCondition,
    SetOptionLabel,
    SetPointLabel,
    SetQuestionText,
    SetRowLabel,
    SetSectionText,
    SetText,
)

# The shape of ids and codes in a field's name; whether the question or option exists is the edit's to say.
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_VALUE_RE = re.compile(r"-?[0-9]{1,6}")
# A bound as typed: whole or decimal, with a point or the German comma; no exponents, infinities or NaN.
_NUMBER_RE = re.compile(r"-?[0-9]{1,9}(?:[.,][0-9]{1,6})?")

#: Hidden fields every questionnaire form carries, not edits.
CONTROL_FIELDS = frozenset({"digest"})


def _malformed() -> RefusedError:
    return RefusedError("malformed", 400)


def _id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise _malformed()
    return value


def edit_of(key: str, value: str, languages: Iterable[str]) -> Edit:
    """The edit a field posts; :class:`RefusedError` for a key no page of the console has."""
    langs = set(languages)
    parts = key.split(".")

    def lang(part: str) -> str:
        if part not in langs:
            raise _malformed()
        return part

    if len(parts) == 2 and parts[0] in OWN_TEXTS:
        return SetText(parts[0], lang(parts[1]), value)
    if len(parts) == 3 and parts[0] in ("section", "question") and parts[2] == "relevant":
        return SetCondition(_id(parts[1]), value or None, section=parts[0] == "section")
    if len(parts) == 4 and parts[0] == "section" and parts[2] in ("title", "intro"):
        return SetSectionText(_id(parts[1]), "title" if parts[2] == "title" else "intro", lang(parts[3]), value)
    if len(parts) == 4 and parts[0] == "question" and parts[2] in ("label", "hint", "unit"):
        field: Literal["label", "hint", "unit"] = (
            "label" if parts[2] == "label" else "hint" if parts[2] == "hint" else "unit"
        )
        return SetQuestionText(_id(parts[1]), field, lang(parts[3]), value)
    if len(parts) == 6 and parts[0] == "question" and parts[2] == "point" and parts[4] == "label":
        return SetPointLabel(_id(parts[1]), point_value(parts[3]), lang(parts[5]), value)
    if len(parts) >= 6 and parts[0] == "question" and parts[2] == "option" and parts[-2] == "label":
        code = ".".join(parts[3:-2])
        if not _CODE_RE.fullmatch(code):
            raise _malformed()
        return SetOptionLabel(_id(parts[1]), code, lang(parts[-1]), value)
    if len(parts) >= 6 and parts[0] == "question" and parts[2] == "row" and parts[-2] == "label":
        code = ".".join(parts[3:-2])
        if not _CODE_RE.fullmatch(code):
            raise _malformed()
        return SetRowLabel(_id(parts[1]), code, lang(parts[-1]), value)
    raise _malformed()


def point_value(text: str) -> int:
    """A scale point's value as a page posts it (a field name or a hidden field)."""
    if not _VALUE_RE.fullmatch(text):
        raise _malformed()
    return int(text)


def number(text: str) -> float | None:
    """A number as a person types it (``18``, ``2.5``, ``2,5``), or None if it is not one."""
    text = text.strip()
    return float(text.replace(",", ".")) if _NUMBER_RE.fullmatch(text) else None


def bounds_of(question: str, low: str, high: str) -> SetBounds | list[str]:
    """The bounds a number question's form posts, or the fields (``question.q.min``/``.max``) that hold no number."""
    lo, hi = number(low), number(high)
    if lo is None or hi is None:
        return [f"question.{question}.{k}" for k, v in (("min", lo), ("max", hi)) if v is None]
    return SetBounds(question, lo, hi)


def edits_of(
    form: Form, languages: Iterable[str], *, skip: Iterable[str] = (), only_skipped: bool = False
) -> list[Edit]:
    """Every field of ``form`` as an edit (the hidden control fields and ``skip`` aside); a form with no edit
    is refused unless ``only_skipped`` (the skipped fields are the caller's edit)."""
    langs = list(languages)
    ignored = CONTROL_FIELDS | set(skip)
    edits = []
    for key in form.fields:
        if key in ignored:
            continue
        edits.append(edit_of(key, form.text(key), langs))
    if not edits and not (only_skipped and set(skip) & set(form.fields)):
        raise _malformed()
    return edits


def digest_of(form: Form) -> str:
    """The digest of the file the page showed (a page without one was not the console's)."""
    digest = form.text("digest")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise _malformed()
    return digest

"""Which catalogues hold a draft translation: the ``X-Translation-Status`` field of a ``.po`` header.

A translation eqsurvey writes itself (not a qualified translator, not a community partner) starts as
``X-Translation-Status: draft``; whoever has reviewed it changes the field to ``reviewed`` (or removes
it). Pages in a draft language say so, in that language. Babel keeps only the header fields it knows,
so the field is read here from the file's header entry, and ``scripts/messages.sh`` puts it back
after ``pybabel update``.
"""

from __future__ import annotations

import re

from kernel.i18n.catalogues import Catalogues
from kernel.i18n.languages import SOURCE_LANGUAGE

#: The header field, and its value for a translation awaiting review.
FIELD = "X-Translation-Status"
DRAFT = "draft"
_LINE = re.compile(r'^"' + FIELD + r':\s*([^\\"]*)', re.IGNORECASE)
_HEADER_LINES = 40  # the header entry comes first: its fields end well before this


def translation_status(catalogues: Catalogues, language: str) -> str | None:
    """The status the catalogue of ``language`` states (``draft``, ``reviewed``), or None: none stated."""
    if language == SOURCE_LANGUAGE:
        return None
    path = catalogues.po_file(language)
    if not path.is_file():
        return None
    with path.open("r", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            found = _LINE.match(line)
            if found:
                return found.group(1).strip().lower() or None
            if number > _HEADER_LINES or line.startswith("#:"):
                return None
    return None


def is_draft(catalogues: Catalogues, language: str) -> bool:
    """Whether the wording ``language`` gets from these catalogues is a draft awaiting review."""
    return translation_status(catalogues, catalogues.resolve(language)) == DRAFT

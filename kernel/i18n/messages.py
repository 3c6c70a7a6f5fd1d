"""Marked messages: the English text and its key, as the code states them and extraction finds them.

A module that shows words declares them as ``Msg("key", "English text with {named} places")``;
Babel's extractor finds these calls by the keywords in :data:`KEYWORDS` (the key becomes the
``msgctxt``, the text the ``msgid``). The English text is the source; translations come from the
catalogues (:mod:`kernel.i18n.catalogues`).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

#: Babel keyword specifications of the markers: argument 1 is the context, 2 (and 3) the texts.
KEYWORDS: dict[str, tuple[tuple[int, str], int] | tuple[tuple[int, str], int, int]] = {
    "Msg": ((1, "c"), 2),
    "PluralMsg": ((1, "c"), 2, 3),
}


@dataclass(frozen=True, slots=True)
class Msg:
    """One message: a stable key (the ``msgctxt``) and its English text (the ``msgid``)."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class PluralMsg:
    """A message whose words depend on a count: English singular and plural texts."""

    key: str
    singular: str
    plural: str


def placeholders(text: str) -> frozenset[str]:
    """The named placeholders of a text: ``{"n", "total"}`` for ``"Part {n} of {total}"``.

    Raises ``ValueError`` for a text that ``str.format`` could not fill (an unpaired brace).
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)

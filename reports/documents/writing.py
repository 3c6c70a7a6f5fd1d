"""Writing a document in one language: the catalogue's wording, numbers by CLDR, texts from the project.

:class:`Writer` collects blocks; a content module asks it for a heading, a paragraph, a list
or a table, in marked messages (:class:`kernel.i18n.Msg`) filled with the project's figures.
Texts the project states (the instrument's purpose, the config's statements) come in the
document's language where they have it, else in another, and the block says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.numbers import format_decimal as babel_decimal

from kernel.i18n import Catalogues, Msg, babel_locale, format_decimal, format_integer
from reports.documents.facts import ProjectFacts, Text
from reports.documents.model import Block, Bullets, Document, Heading, Paragraph, Table
from reports.documents.stamp import Stamp

CATALOGUES = Catalogues("reports.documents")
"""The ``documents`` domain: ``reports/documents/locales/<lang>/LC_MESSAGES/documents.po``."""

LANGUAGES = ("de", "en")
"""The languages the documents are written in."""


def local(text: Text | None, lang: str, fallback: str) -> tuple[str, str | None]:
    """A stated text in ``lang``, else in ``fallback``, else any; and its language where it is not ``lang``."""
    if text is None:
        return "", None
    if isinstance(text, str):
        return text, None
    for choice in (lang, fallback, *text):
        if text.get(choice):
            return text[choice], (None if choice == lang else choice)
    return "", None


class Writer:
    """One document being written: its language, its blocks, and the project it is about."""

    def __init__(self, facts: ProjectFacts, lang: str) -> None:
        self.facts = facts
        self.lang = lang
        self.t = CATALOGUES.translator(lang)
        self.blocks: list[Block] = []

    def say(self, msg: Msg, **values: object) -> str:
        return self.t.gettext(msg, **values)

    def number(self, value: float, digits: int = 2) -> str:
        return format_decimal(value, self.lang, digits)

    def budget(self, rho: str) -> str:
        """A budget as exact as it is written, at most six decimals (0.15, not 0.150000000000000002)."""
        return babel_decimal(round(Decimal(rho), 6), format="#,##0.######", locale=babel_locale(self.lang))

    def count(self, value: int) -> str:
        return format_integer(value, self.lang)

    def text(self, text: Text | None) -> tuple[str, str | None]:
        return local(text, self.lang, self.facts.instrument.default_language)

    def heading(self, msg: Msg, level: int = 2, **values: object) -> None:
        self.blocks.append(Heading(self.say(msg, **values), level))

    def para(self, msg: Msg, **values: object) -> None:
        self.blocks.append(Paragraph(self.say(msg, **values)))

    def line(self, text: str) -> None:
        """A paragraph already worded (by :mod:`.measures`)."""
        self.blocks.append(Paragraph(text))

    def stated(self, text: Text | None, label: Msg | None = None) -> None:
        """A paragraph of the project's own words, after ``label`` (a lead-in in the document's language)."""
        words, lang = self.text(text)
        if label is None:
            self.blocks.append(Paragraph(words, lang))
        else:  # the lead-in is in the document's language, so the whole cannot be marked as another
            self.blocks.append(Paragraph(f"{self.say(label)} {words}", None))

    def bullets(self, items: list[str], lang: str | None = None) -> None:
        self.blocks.append(Bullets(tuple(items), lang))

    def table(self, caption: Msg, header: tuple[Msg, ...], rows: Sequence[tuple[str, ...]], **values: object) -> None:
        """A table; ``values`` fill the caption's placeholders."""
        self.blocks.append(Table(self.say(caption, **values), tuple(self.say(h) for h in header), tuple(rows)))

    def document(self, kind: str, title: Msg) -> Document:
        instrument = self.facts.instrument
        stamp = Stamp(
            kind, self.lang, instrument.id, instrument.version, instrument.content_hash(), self.facts.state_hash
        )
        return Document(kind, self.lang, self.say(title), tuple(self.blocks), stamp)

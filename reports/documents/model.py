"""A document as plain content: headings, paragraphs, lists and tables, each in a language.

The content modules (:mod:`.record`, :mod:`.annex`, :mod:`.dpia`, :mod:`.methods`) build a
:class:`Document`; the renderers (:mod:`.to_html`, :mod:`.to_docx`, :mod:`.to_pdf`) only lay it
out, so the three formats say the same. A block's ``lang`` is set only where its text is in
another language than the document (text from the instrument or the config that has no
wording in the document's language), so that screen readers and Word read it right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reports.documents.stamp import Stamp

# Characters XML 1.0 cannot hold (controls other than tab and line breaks, lone surrogates): a config's text
# could hold them, and Word would refuse the file; HTML parsers would turn them into replacement characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters no XML or HTML document may hold."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    """1 is the title; sections are 2, their parts 3."""
    lang: str | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    lang: str | None = None


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lang: str | None = None


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Document:
    kind: str
    """The document's name in files: ``record``, ``annex``, ``dpia``, ``methods``."""
    lang: str
    title: str
    blocks: tuple[Block, ...]
    stamp: Stamp

    def texts(self) -> list[str]:
        """Every piece of text, in order (for checks and for the PDF's and DOCX's metadata)."""
        found = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                found.append(block.text)
            elif isinstance(block, Bullets):
                found.extend(block.items)
            else:
                found += [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
        return found

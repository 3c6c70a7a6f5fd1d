"""Where WeasyPrint puts each table of a report on the A4 pages: the layout the PDF is printed from.

For each page and each piece of a data table on it: the table's id, its left and right edges
against the page's text block, whether the piece starts with the caption, whether it holds the
column headers (<thead>), and how many body rows it holds. A table that runs over two pages
is two pieces. Read from WeasyPrint's own layout boxes (the same layout ``write_pdf`` prints).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Piece:
    page: int
    table: str
    left: float
    right: float
    caption: bool
    header: bool
    rows: int
    header_lines: int
    """The most lines of text any column header takes (a header hyphenated into 4–5 lines shows here)."""
    header_text: str
    """The column headers' text as laid out on this page ("" without headers)."""


@dataclass(frozen=True)
class Page:
    number: int
    left: float
    right: float
    """The text block's edges (the page's content box)."""
    pieces: list[Piece]


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _text(box: Any) -> str:
    return " ".join(str(b.text) for b in _walk(box) if getattr(b, "text", None))


def _lines(cell: Any) -> int:
    from weasyprint.formatting_structure import boxes

    return sum(1 for b in _walk(cell) if isinstance(b, boxes.LineBox))


def layout(html: str) -> list[Page]:
    import weasyprint
    from weasyprint.formatting_structure import boxes

    document = weasyprint.HTML(string=html).render()
    pages = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        left = root.content_box_x()
        right = left + root.width
        pieces = []
        for wrapper in _walk(root):
            if not getattr(wrapper, "is_table_wrapper", False):
                continue
            box = next((c for c in wrapper.children if isinstance(c, boxes.TableBox)), None)
            if box is None or box.element is None:
                continue
            element = box.element
            captions = [c for c in wrapper.children if isinstance(c, boxes.TableCaptionBox)]
            groups = [g for g in box.children if isinstance(g, boxes.TableRowGroupBox)]
            heads = [g for g in groups if g.is_header]
            rows = sum(len(g.children) for g in groups if not g.is_header)
            header_lines = max((_lines(c) for g in heads for r in g.children for c in r.children), default=0)
            edges = [(b.border_box_x(), b.border_box_x() + b.border_width()) for b in (wrapper, box, *captions)]
            pieces.append(
                Piece(number, element.get("id") or element.get("class") or "", min(a for a, _ in edges),
                      max(b for _, b in edges), bool(captions), bool(heads), rows, header_lines,
                      " ".join(_text(g) for g in heads))
            )  # fmt: skip
        pages.append(Page(number, left, right, pieces))
    return pages

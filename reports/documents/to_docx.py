"""A document as an editable Word file (python-docx): real heading styles, lists, tables with header rows.

Data protection officers edit these documents in Word, so structure is kept as Word knows it:
``Heading 1``–``3`` (the navigation pane and screen readers use them), ``List Bullet``, tables
whose first row repeats as a header; the document's language is set on its default style and on
runs in another language. The stamp is the core property ``identifier`` (File › Properties),
and ``keywords`` holds it too.
"""

from __future__ import annotations

import io
from typing import Any

from kernel.i18n import text_direction
from reports.documents.model import Bullets, Document, Heading, Paragraph, Table, xml_safe
from reports.documents.stamp import Stamp


def _child(parent: Any, tag: str) -> Any:
    """``parent``'s child element ``tag``, added if missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _language(element: Any, lang: str) -> None:
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    found = _child(rpr, "w:lang")
    found.set(qn("w:val"), lang)
    if text_direction(lang) == "rtl":
        # Word reads Arabic script as "complex script" text: its language goes in w:bidi, and the run is
        # marked right to left so that Word orders and shapes it as such.
        found.set(qn("w:bidi"), lang)
        _child(rpr, "w:rtl")


def _right_to_left(paragraph: Any) -> None:
    """Mark a paragraph as running right to left (Word then aligns it right and orders its parts)."""
    _child(paragraph._p.get_or_add_pPr(), "w:bidi")


def _header_row(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _text(paragraph: Any, text: str, lang: str | None, doc_lang: str) -> None:
    run = paragraph.add_run(xml_safe(text))
    if lang:
        _language(run._r, lang)
    elif text_direction(doc_lang) == "rtl":
        _language(run._r, doc_lang)
    if text_direction(lang or doc_lang) == "rtl":
        _right_to_left(paragraph)


def render_docx(doc: Document) -> bytes:
    import docx

    out = docx.Document()
    _language(out.styles["Normal"].element, doc.lang)
    props = out.core_properties
    props.title = xml_safe(doc.title)
    props.language = doc.lang
    props.identifier = doc.stamp.text()
    props.keywords = doc.stamp.text()
    props.subject = f"{doc.stamp.instrument} {doc.stamp.version}"
    props.author = "eqsurvey"
    props.comments = ""
    _text(out.add_heading("", level=1), doc.title, None, doc.lang)
    for block in doc.blocks:
        if isinstance(block, Heading):
            _text(out.add_heading("", level=block.level), block.text, block.lang, doc.lang)
        elif isinstance(block, Paragraph):
            _text(out.add_paragraph(), block.text, block.lang, doc.lang)
        elif isinstance(block, Bullets):
            for item in block.items:
                _text(out.add_paragraph(style="List Bullet"), item, block.lang, doc.lang)
        elif isinstance(block, Table):
            _table(out, block, doc.lang)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _table(out: Any, block: Table, doc_lang: str) -> None:
    caption = out.add_paragraph(style="Caption")
    _text(caption, block.caption, block.lang, doc_lang)
    table = out.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        _text(cell.paragraphs[0], text, block.lang, doc_lang)
        cell.paragraphs[0].runs[-1].bold = True
    _header_row(table.rows[0])
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _text(cell.paragraphs[0], text, block.lang, doc_lang)


def read_stamp(data: bytes) -> Stamp | None:
    """The stamp in a DOCX's core properties, or None (not a Word file, or no stamp)."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        props = docx.Document(io.BytesIO(data)).core_properties
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    return Stamp.parse(props.identifier or "") or Stamp.parse(props.keywords or "")

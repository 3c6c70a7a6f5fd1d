"""A document as a tagged PDF (PDF/UA-1), printed by WeasyPrint from its HTML page.

The page's ``keywords`` meta (the stamp) becomes the PDF's ``/Keywords`` and its title the
PDF's ``/Title``; :func:`read_stamp` reads the stamp back with pypdf.
"""

from __future__ import annotations

import io

from reports.documents.model import Document
from reports.documents.stamp import Stamp
from reports.documents.to_html import render_html


def render_pdf(doc: Document, html: str | None = None) -> bytes:
    import weasyprint

    page = html if html is not None else render_html(doc)
    pdf: bytes = weasyprint.HTML(string=page).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def read_stamp(pdf: bytes) -> Stamp | None:
    """The stamp in a PDF's metadata, or None (no metadata, or not a PDF pypdf can read)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        info = PdfReader(io.BytesIO(pdf)).metadata
    except (PyPdfError, ValueError, OSError):
        return None
    keywords = info.get("/Keywords") if info else None
    return Stamp.parse(str(keywords)) if keywords else None

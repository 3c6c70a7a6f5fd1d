"""The documents as DOCX, PDF and HTML: read back with python-docx and pypdf, tagged, stamped, escaped."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import build, gather
from reports.documents import KINDS
from reports.documents.model import Bullets, Document, Heading, Paragraph, Table, xml_safe
from reports.documents.stamp import Stamp
from reports.documents.to_docx import read_stamp as docx_stamp
from reports.documents.to_docx import render_docx
from reports.documents.to_html import read_stamp as html_stamp
from reports.documents.to_html import render_html
from reports.documents.to_pdf import read_stamp as pdf_stamp
from reports.documents.to_pdf import render_pdf
from tests.support.documents import docx_text, edit, example_project, holds, html_text, pdf_text


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    root = tmp_path_factory.mktemp("formats") / "proj"
    example_project(root)
    return build(gather(load_project(root)), list(KINDS), ["de", "en"])


@pytest.fixture(scope="module")
def pdfs(documents: list[Document]) -> dict[tuple[str, str], bytes]:
    return {(d.kind, d.lang): render_pdf(d) for d in documents}


def facts_in(doc: Document) -> list[str]:
    """Texts a reader must find in every format: every heading, paragraph and list item, each table's caption,
    header and first row (the PDF's text of a table's later rows interleaves cells that wrap)."""
    found = [doc.title]
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            found.append(block.text)
        elif isinstance(block, Table):
            found += [block.caption, *block.header, *block.rows[0]]
        else:
            found += block.items
    return found


def test_docx_reads_back_with_headings_lists_tables_and_stamp(documents: list[Document]) -> None:
    import docx

    for doc in documents:
        data = render_docx(doc)
        text = docx_text(data)
        for phrase in facts_in(doc):
            assert phrase in text, f"{doc.kind}.{doc.lang}: {phrase!r} not in the DOCX"
        word = docx.Document(io.BytesIO(data))
        styles = [p.style.name for p in word.paragraphs if p.style is not None]
        assert styles.count("Heading 1") == 1 and "Heading 2" in styles and "List Bullet" in styles
        # A repeating header row on every table; the respondents' information is the one without tables.
        assert bool(word.tables) != (doc.kind == "information")
        assert all(t.rows[0]._tr.trPr is not None for t in word.tables)
        assert word.core_properties.language == doc.lang and word.core_properties.title == doc.title
        assert docx_stamp(data) == doc.stamp


def test_pdf_is_tagged_its_text_extracts_and_carries_the_stamp(
    documents: list[Document], pdfs: dict[tuple[str, str], bytes]
) -> None:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    for doc in documents:
        data = pdfs[doc.kind, doc.lang]
        root = PdfReader(io.BytesIO(data)).trailer["/Root"].get_object()
        assert isinstance(root, DictionaryObject)
        mark = root["/MarkInfo"].get_object()
        assert "/StructTreeRoot" in root and isinstance(mark, DictionaryObject) and mark["/Marked"], "a tagged PDF"
        assert str(root["/Lang"]) == doc.lang
        text = pdf_text(data)
        for phrase in facts_in(doc):
            assert holds(text, phrase), f"{doc.kind}.{doc.lang}: {phrase!r} not in the PDF's text"
        assert pdf_stamp(data) == doc.stamp


def test_html_is_structured_and_stamped(documents: list[Document]) -> None:
    for doc in documents:
        page = render_html(doc)
        assert f'<html lang="{doc.lang}" dir="ltr">' in page and page.count("<h1>") == 1
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", page)]
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), "no heading level skipped"
        assert page.count("<table") == page.count("<caption>") == page.count("<thead>")
        assert ('scope="col"' in page) != (doc.kind == "information")  # the one document without tables
        text = html_text(page)
        for phrase in facts_in(doc):
            assert phrase in text
        assert html_stamp(page) == doc.stamp


def test_a_file_without_a_stamp_reads_as_none() -> None:
    assert html_stamp("<html><head><title>x</title></head><body></body></html>") is None
    assert docx_stamp(b"not a word file") is None
    assert pdf_stamp(b"%PDF-1.7 broken") is None
    assert Stamp.parse("eqsurvey-document/1;kind=record") is None


def spaced(text: str) -> str:
    return " ".join(text.split())


STAMP = Stamp("record", "en", "x", "1.0.0", "a" * 64, "b" * 64)
_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60).filter(lambda t: spaced(xml_safe(t)) != "")


@settings(max_examples=40, deadline=None)
@given(heading=_text, para=_text, items=st.lists(_text, min_size=1, max_size=3), cell=_text)
def test_any_text_survives_docx_and_html_escaped(heading: str, para: str, items: list[str], cell: str) -> None:
    doc = Document(
        "record",
        "en",
        "Title",
        (
            Heading(heading),
            Paragraph(para),
            Bullets(tuple(items)),
            Table("caption", ("A", "B"), ((cell, para),)),
        ),
        STAMP,
    )
    words = docx_text(render_docx(doc))
    page = render_html(doc)
    from html.parser import HTMLParser

    seen: list[str] = []

    class Collect(HTMLParser):
        def handle_data(self, data: str) -> None:
            seen.append(data)

    Collect(convert_charrefs=True).feed(page.split("<body>", 1)[1])
    body = "".join(seen)
    for piece in (heading, para, *items, cell):
        # Word keeps line breaks and tabs as their own elements: the characters, not the kind of space, must survive.
        clean = spaced(xml_safe(piece))
        assert clean in spaced(words)
        assert clean in spaced(body)
    assert "<script" not in page.lower() or "&lt;script" in page.lower()
    assert html_stamp(page) == STAMP and docx_stamp(render_docx(doc)) == STAMP


def test_hostile_config_text_is_printed_as_text(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    example_project(root)
    hostile = "<script>alert('x')</script> & {name} \\u0007"
    edit(root / "eqsurvey.toml", "dpo = { de = ", f'dpo = "{hostile}"\nx_dpo = {{ de = ')
    edit(root / "eqsurvey.toml", "x_dpo = ", "# x_dpo = ")
    (doc,) = build(gather(load_project(root)), ["record"], ["en"])
    page = render_html(doc)
    assert "<script>" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; {name}" in page
    assert "\x07" not in page
    assert "<script>alert('x')</script> & {name}" in docx_text(render_docx(doc))

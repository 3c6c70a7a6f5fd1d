"""The information for respondents (Art. 13) as a document: in every language of the questionnaire, right to left
where the language runs so, and saying exactly what the web form's welcome page says."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.config import Project, load_project
from eqsurvey.workflows.documents import check_documents, languages_for, write_documents
from eqsurvey.workflows.form_app import create_app
from instruments.respondent_info import respondent_info
from instruments.text import pick
from reports.documents import KINDS, information
from reports.documents.model import Bullets, Document, Heading, Paragraph
from tests.support.cli import Eqsurvey
from tests.support.documents import edit, example_project, holds, pdf_text
from tests.support.info_page import shown_items

LANGS = ["de", "en", "ar", "tr"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example, asked in Arabic and Turkish too (the library modules have drafts in both; the municipality's
    own texts are not translated, so they fall back to German, marked as such)."""
    root = tmp_path_factory.mktemp("info") / "proj"
    example_project(root)
    edit(root / "instrument.yaml", "languages: [de, en]", f"languages: [{', '.join(LANGS)}]")
    return load_project(root)


@pytest.fixture(scope="module")
def written(project: Project) -> Path:
    out = project.root / "documents"
    write_documents(project, out, None, ["docx", "pdf", "html"], [information.KIND])
    return out


def _sections(doc: Document) -> dict[str, str]:
    """Each level-2 section's text (paragraphs and list items, whitespace collapsed), by its heading."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for block in doc.blocks:
        if isinstance(block, Heading):
            current = found.setdefault(block.text, [])
        elif isinstance(block, Paragraph) and current is not None:
            current.append(block.text)
        elif isinstance(block, Bullets) and current is not None:
            current.extend(block.items)
    return {heading: " ".join(" ".join(parts).split()) for heading, parts in found.items()}


def test_made_in_every_language_of_the_questionnaire_the_officers_documents_in_german_and_english(
    project: Project, written: Path
) -> None:
    instrument = load_project(project.root).instrument_path
    assert sorted(p.name for p in written.iterdir()) == sorted(
        f"information.{lang}.{fmt}" for lang in LANGS for fmt in ("docx", "pdf", "html")
    )
    from instruments.loader import load_instrument

    loaded = load_instrument(instrument).instrument
    assert languages_for(information.KIND, loaded) == LANGS
    assert all(languages_for(kind, loaded) == ["de", "en"] for kind in KINDS if kind != information.KIND)
    assert languages_for(information.KIND, loaded, ["ar", "fa", "de"]) == ["ar", "de"]


@pytest.mark.parametrize("lang", LANGS)
def test_each_part_says_exactly_what_the_welcome_page_says(project: Project, lang: str) -> None:
    from eqsurvey.workflows.documents import build, gather

    (doc,) = build(gather(project), [information.KIND], [lang])
    sections = _sections(doc)
    facts = gather(project)
    info = respondent_info(facts.instrument, lang, facts.statements.dpo)
    with TestClient(create_app(project.root)) as client:
        page = client.get(f"/?lang={lang}")
    assert page.status_code == 200
    shown = shown_items(page.text)
    assert set(shown) == {item.key for item in info.items} and "dpo" in shown  # the example names its DPO
    for item in info.items:
        assert sections[item.heading.text] == shown[item.key], f"{item.key} in {lang}"
    # The consent statement is the questionnaire's consent question, word for word, with both answers.
    (consent,) = info.consent
    question = gather(project).instrument.question_map[consent.question_id]
    statement = pick(question.label, lang, "de")
    assert " ".join(statement.split()) in sections[info.consent_heading.text]
    assert (
        consent.yes.text in sections[info.consent_heading.text]
        and consent.no.text in sections[info.consent_heading.text]
    )
    assert doc.title == info.title.text and doc.stamp.lang == lang


def test_text_that_fell_back_to_german_is_marked_german(project: Project) -> None:
    from eqsurvey.workflows.documents import build, gather

    (doc,) = build(gather(project), [information.KIND], ["ar"])
    marked = {b.lang for b in doc.blocks if b.lang}
    assert marked == {"de"}  # the municipality's own texts (purpose, controller …) are in German only
    purpose = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.lang == "de")
    assert purpose.text and not re.search("[\u0600-\u06ff]", purpose.text)


def test_arabic_runs_right_to_left_in_html_docx_and_pdf(written: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    page = (written / "information.ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert re.search(r'<p lang="de" dir="ltr">', page), "German fallbacks keep their own direction"
    word = docx.Document(io.BytesIO((written / "information.ar.docx").read_bytes()))
    # A point such as "السؤال 21: Haben Sie …" (a question the module has in German only) is German text in an
    # Arabic frame, marked German as on the welcome page; the paragraphs wholly in one script are compared.
    arabic = [p for p in word.paragraphs if re.search("[\u0600-\u06ff]", p.text) and not re.search("[A-Za-z]", p.text)]
    german = [p for p in word.paragraphs if p.text and not re.search("[\u0600-\u06ff]", p.text)]
    assert arabic and german
    for paragraph in arabic:
        assert paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:rtl")) is not None for r in paragraph.runs)
    assert all(
        p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None
        for p in german
        if p.style is not None and p.style.name == "Normal"
    )
    turkish = docx.Document(io.BytesIO((written / "information.tr.docx").read_bytes()))
    assert not any(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in turkish.paragraphs)


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_the_pdf_holds_the_headings_in_its_language(project: Project, written: Path, lang: str) -> None:
    from eqsurvey.workflows.documents import gather

    text = pdf_text((written / f"information.{lang}.pdf").read_bytes())
    info = respondent_info(gather(project).instrument, lang)
    for item in info.items:
        assert holds(text, item.heading.text), f"{item.key}: {item.heading.text}"


def test_the_check_counts_the_information_in_every_language(project: Project, written: Path) -> None:
    verdicts = [v for v in check_documents(project, written) if v.path.name.startswith("information.")]
    assert {v.path.name for v in verdicts} == {
        f"information.{lang}.{f}" for lang in LANGS for f in ("docx", "pdf", "html")
    }
    assert all(v.ok for v in verdicts)
    for fmt in ("docx", "pdf", "html"):
        (written / f"information.tr.{fmt}").unlink()
    missing = [v for v in check_documents(project, written) if v.status == "missing"]
    assert any(v.path.name == "information.tr.*" for v in missing)


def test_a_language_no_document_is_made_in_is_refused(tmp_path: Path, eqsurvey: Eqsurvey) -> None:
    example_project(tmp_path / "p")
    eqsurvey.cwd = tmp_path / "p"
    run = eqsurvey("documents", "--lang", "de,xx", expect=1)
    assert "xx is not one of de, en" in run.stderr and "every language of the questionnaire" in run.stderr
    assert not (tmp_path / "p" / "documents").exists()
    eqsurvey("documents", "--lang", "en", "--format", "html")
    assert sorted(p.name for p in (tmp_path / "p" / "documents").iterdir()) == sorted(
        f"{kind}.en.html" for kind in KINDS
    )

"""Every document in both languages: complete, nothing left unfilled, structured alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import build, gather
from reports.documents import KINDS
from reports.documents.model import Bullets, Document, Heading, Paragraph, Table
from tests.support.documents import example_project


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Document]:
    root = tmp_path_factory.mktemp("all") / "proj"
    example_project(root)
    return {(d.kind, d.lang): d for d in build(gather(load_project(root)), list(KINDS), ["de", "en"])}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_no_placeholder_or_empty_section_is_left(
    documents: dict[tuple[str, str], Document], kind: str, lang: str
) -> None:
    doc = documents[kind, lang]
    for piece in doc.texts():
        assert piece.strip(), f"an empty text in {kind}.{lang}"
        assert not re.search(r"[{}]|TODO|\bNone\b|\bnan\b|\bNaN\b|\binf\b", piece), piece
    blocks = doc.blocks
    for here, after in zip(blocks, (*blocks[1:], None), strict=True):
        if isinstance(here, Heading):  # every section has content before the next section of its level
            assert after is not None and not (isinstance(after, Heading) and after.level <= here.level), here.text
    tables = [b for b in blocks if isinstance(b, Table)]
    assert all(t.rows and all(len(r) == len(t.header) and all(r) for r in t.rows) for t in tables)
    assert any(isinstance(b, Bullets | Table) for b in blocks) and any(isinstance(b, Paragraph) for b in blocks)
    assert doc.stamp.kind == kind and doc.stamp.lang == lang


@pytest.mark.parametrize("kind", list(KINDS))
def test_both_languages_have_the_same_structure_and_state(
    documents: dict[tuple[str, str], Document], kind: str
) -> None:
    de, en = documents[kind, "de"], documents[kind, "en"]
    assert [type(b) for b in de.blocks] == [type(b) for b in en.blocks]
    assert de.title != en.title and de.stamp.state == en.stamp.state


def test_the_example_folder_is_the_one_the_tests_expect(tmp_path: Path) -> None:
    project = example_project(tmp_path / "p")
    assert project.config.documents.missing() == []

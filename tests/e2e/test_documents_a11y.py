"""The data-protection documents' HTML (`eqsurvey documents --format html`) in real Chromium, offline: axe clean,
its language declared, one h1 and no skipped heading level, nothing requested from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import write_documents
from reports.documents import KINDS
from tests.support.accessibility import axe_violations, describe_violations, heading_levels, skipped_heading_levels
from tests.support.browser import OfflinePage
from tests.support.documents import example_project

LANGUAGES = ["de", "en"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    root = tmp_path_factory.mktemp("documents") / "proj"
    example_project(root)
    written = write_documents(load_project(root), root / "documents", LANGUAGES, ["html"])
    return {(path.name.split(".")[0], path.name.split(".")[1]): path for path in written}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_document_is_accessible_and_self_contained(
    pages: dict[tuple[str, str], Path], offline_page: OfflinePage, kind: str, lang: str
) -> None:
    url = offline_page.open(pages[kind, lang])
    page = offline_page.page
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert page.evaluate("document.documentElement.lang") == lang
    levels = heading_levels(page)
    assert levels.count(1) == 1 and len(levels) > 3 and skipped_heading_levels(levels) == []
    assert offline_page.requests_besides(url) == [] and offline_page.blocked == []

"""How the web form looks in real Chromium: headings that do not pose as links, a start page that fits a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.conftest import OfflinePage
from tests.e2e.form_driver import FormDriver, new_project, serving

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project: Path = new_project(tmp_path_factory.mktemp("layout"))
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


# Underlines and bottom borders of every question heading and of its inline boxes.
_HEADING_STYLES = """() => Array.from(document.querySelectorAll('fieldset.question h2')).map(h => {
  const s = getComputedStyle(h);
  return {text: h.textContent.trim().slice(0, 30), display: s.display, line: s.textDecorationLine,
          border: s.borderBottomStyle === 'none' ? 0 : parseFloat(s.borderBottomWidth),
          lines: h.getClientRects().length};
})"""


@pytest.mark.parametrize("lang", ["de", "en"])
def test_question_headings_are_not_underlined_like_links(offline_page: OfflinePage, url: str, lang: str) -> None:
    form = FormDriver(offline_page.page, url, lang)
    form.open()
    form.press("start")
    headings = form.page.evaluate(_HEADING_STYLES)
    assert headings, "the first page has question headings"
    for h in headings:
        assert "underline" not in h["line"], h
        assert h["border"] == 0, h
        # An inline heading breaks into one box per line, each with its own border: none are inline.
        assert h["display"] != "inline", h

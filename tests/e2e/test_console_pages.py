"""Every page of the console, found by following its links from the overview, in German and English:
axe-core clean, headings in order, every control reached by Tab in reading order, nothing beyond
the console requested, and no page wider than a 390 px phone screen.

Pages are found, not listed, so a page a section adds later is checked without being named here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urlsplit

import pytest

from eqsurvey.console.sections import SECTIONS
from reports.catalogue import LANGUAGES as REPORT_LANGUAGES
from tests.e2e.console_driver import check_page, console_server
from tests.support.browser import offline_context
from tests.support.console_project import copy_of, surveyed_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Links that change something or leave the page kind this test checks.
SKIPPED_PREFIXES = ("/open", "/language/", "/static/")
MAX_PAGES = 80
_WIDE_ELEMENTS = """() => {
  const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
    if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
  return Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !clipped(e))
    .slice(0, 3).map(e => Math.round(e.getBoundingClientRect().right) + ' px: ' + e.outerHTML.slice(0, 120)); }"""


@pytest.fixture(scope="module")
def surveyed_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return surveyed_project(tmp_path_factory.mktemp("surveyed"))


def _links(page: Page, base: str) -> Iterator[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        url = urldefrag(href).url
        path = urlsplit(url).path
        if url.startswith(base + "/") and not path.startswith(SKIPPED_PREFIXES):
            yield url


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_is_usable_by_everyone(browser: Browser, surveyed_once: Path, tmp_path: Path, lang: str) -> None:
    project = copy_of(surveyed_once, tmp_path / "musterstadt")
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/{lang}?back=/")
        seen: set[str] = set()
        queue = [served.base + "/"]
        problems: dict[str, list[str]] = {}
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            head = page.request.get(url)
            kind, disposition = head.headers.get("content-type", ""), head.headers.get("content-disposition", "")
            if "text/html" not in kind or disposition.startswith("attachment"):
                assert head.status == 200, f"{url} answered {head.status}"
                continue  # a download: the report as PDF or HTML file, a table as CSV
            answer = page.goto(url)
            assert answer is not None
            assert answer.status < 500, f"{url} answered {answer.status}"
            if page.locator("nav.steps").count():  # a page of the console's frame speaks the chosen language
                assert page.locator("html").get_attribute("lang") == lang, url
            else:  # a report or the printable questionnaire, in the language its link names (reports: any of theirs)
                shown, named = page.locator("html").get_attribute("lang"), urlsplit(url).path.rsplit("/", 1)[-1]
                assert shown in REPORT_LANGUAGES and (named not in REPORT_LANGUAGES or shown == named), url
            found = check_page(page)
            page.set_viewport_size({"width": 390, "height": 844})
            wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if wide > 1:
                culprits = page.evaluate(_WIDE_ELEMENTS)
                found.append(f"scrolls sideways by {wide} px at 390 px wide: {culprits}")
            page.set_viewport_size({"width": 1280, "height": 900})
            if found:
                problems[urlsplit(url).path] = found
            queue += [link for link in _links(page, served.base) if link not in seen]
        assert offline.blocked == []
    assert problems == {}
    assert len(seen) >= 1 + len(SECTIONS)  # the overview and each section's first page at least

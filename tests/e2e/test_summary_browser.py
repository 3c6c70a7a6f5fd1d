"""The summary report (`eqsurvey report build … --part summary`) in real Chromium, offline, at 1,280 and 390 px.

Built from a real release of the Musterstadt example with 600 simulated, sealed responses, then opened
from a file:// URL with every network request blocked.

Set EQSURVEY_SCREENSHOT=1 to also save the first screen of the German summary as
docs/summary-screenshot.png for the README (off by default: test runs never write into the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.accessibility import (
    axe_violations,
    describe_violations,
    heading_levels,
    skipped_heading_levels,
    walk_tab_order,
)
from tests.support.browser import OfflinePage
from tests.support.released_example import html_reports, released_example

PASS = "summary browser tests passphrase"
LANGUAGES = ["de", "en"]
WIDTHS = [1280, 390]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "summary-screenshot.png"


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The summary in each language, from one release of the Musterstadt example."""
    eqsurvey, release = released_example(tmp_path_factory.mktemp("summary"), PASS, simulated=True)
    built = html_reports(eqsurvey, release, LANGUAGES, "--part", "summary", stem="summary")
    for page in built.values():  # imported as what they are: the banner is laid out and checked here too
        assert '<aside class="simulated-banner"' in page.read_text(encoding="utf-8")
    return built


def _open(offline: OfflinePage, path: Path, width: int) -> str:
    offline.page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    return offline.open(path)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_summary_has_no_serious_accessibility_violations_and_requests_nothing(
    summaries: dict[str, Path], offline_page: OfflinePage, lang: str, width: int
) -> None:
    url = _open(offline_page, summaries[lang], width)
    violations = axe_violations(offline_page.page)
    assert not violations, describe_violations(violations)
    assert offline_page.requests_besides(url) == [] and offline_page.blocked == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_summary_declares_its_language_and_has_an_outline(
    summaries: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    _open(offline_page, summaries[lang], 1280)
    page = offline_page.page
    assert page.evaluate("document.documentElement.lang") == lang
    levels = heading_levels(page)
    assert levels.count(1) == 1 and levels.count(2) >= 3 and skipped_heading_levels(levels) == []
    assert page.get_by_role("heading", level=1).count() == 1


# Elements whose box reaches past the viewport's right edge (or the left one), beside the page's own width.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + Math.round(box.left) + '–' +
               Math.round(box.right) + ': ' + (el.textContent || '').trim().slice(0, 50));
    }
  }
  return {scroll: document.scrollingElement.scrollWidth, width: innerWidth, out: out.slice(0, 10)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_wider_than_the_screen(
    summaries: dict[str, Path], offline_page: OfflinePage, lang: str, width: int
) -> None:
    _open(offline_page, summaries[lang], width)
    found = offline_page.page.evaluate(_OVERFLOW)
    assert found["scroll"] <= found["width"] == width, found
    assert found["out"] == [], found["out"]


# Text a reader sees: each visible text node's computed font size, smallest first, of the text outside
# the charts (``outside``) or inside them (their labels, ticks and legends).
_TEXT_SIZES = """(charts) => {
  const sizes = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || el.getClientRects().length === 0 || el.closest('.skip-link')) continue;
    if (el.closest('.chart-sr')) continue;  // the chart's name and description, for screen readers only
    if (!!el.closest('.chart') !== charts) continue;
    sizes.push(parseFloat(getComputedStyle(el).fontSize));
  }
  return sizes.sort((a, b) => a - b);
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_on_a_phone_is_at_least_13_px_in_charts_11_and_the_body_16(
    summaries: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    _open(offline_page, summaries[lang], 390)
    sizes = offline_page.page.evaluate(_TEXT_SIZES, False)
    assert sizes and sizes[0] >= 13, sizes[:5]
    in_charts = offline_page.page.evaluate(_TEXT_SIZES, True)
    assert in_charts and in_charts[0] >= 11, in_charts[:5]
    assert offline_page.page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)") >= 16


@pytest.mark.parametrize("lang", LANGUAGES)
def test_charts_are_named_images_with_captions_and_tables_have_captions(
    summaries: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    _open(offline_page, summaries[lang], 390)
    page = offline_page.page
    images = page.get_by_role("img")
    assert 1 <= images.count() <= 3
    for i in range(images.count()):
        image = images.nth(i)
        assert image.evaluate("el => el.closest('figure').querySelector('figcaption').textContent.trim().length") > 20
        name = image.evaluate("el => document.getElementById(el.getAttribute('aria-labelledby')).textContent")
        assert name.strip() and page.get_by_role("img", name=name.strip()).count() >= 1
    tables = page.get_by_role("table")
    assert tables.count() >= 1
    for i in range(tables.count()):
        assert tables.nth(i).evaluate("t => t.caption && t.caption.textContent.trim().length > 0")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tab_reaches_the_skip_link_first_and_then_everything_in_order(
    summaries: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    _open(offline_page, summaries[lang], 1280)
    page = offline_page.page
    walk = walk_tab_order(page)
    assert walk.reached, "Tab reaches nothing: the summary needs at least a skip link"
    first = page.evaluate(f"() => document.getElementsByTagName('*')[{walk.reached[0]}].getAttribute('href')")
    assert first == "#main"
    problems = walk.problems(page)
    assert not problems, "\n".join(problems)


def test_screenshot_of_the_first_screen_of_the_german_summary(
    summaries: dict[str, Path], offline_page: OfflinePage, tmp_path: Path
) -> None:
    target = SCREENSHOT if os.environ.get("EQSURVEY_SCREENSHOT") == "1" else tmp_path / SCREENSHOT.name
    _open(offline_page, summaries["de"], 1280)
    offline_page.page.set_viewport_size({"width": 1000, "height": 1100})
    target.parent.mkdir(exist_ok=True)
    offline_page.page.screenshot(path=target, full_page=False)
    assert target.read_bytes().startswith(b"\x89PNG") and target.stat().st_size > 10_000

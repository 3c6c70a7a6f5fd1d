"""The equality report (`eqsurvey report build … --format html`) in real Chromium, offline.

Built from a real release of the Musterstadt example with 600 simulated, sealed responses,
then opened from a file:// URL with every network request blocked and counted.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

if importlib.util.find_spec("eqsurvey.commands.report") is None:
    pytest.skip("`eqsurvey report` does not exist yet (no module eqsurvey.commands.report)", allow_module_level=True)

from tests.e2e.conftest import (
    OfflinePage,
    axe_violations,
    describe_violations,
    heading_levels,
    skipped_heading_levels,
    walk_tab_order,
)
from tests.released_example import html_reports, released_example

PASS = "report accessibility tests passphrase"
LANGUAGES = ["de", "en"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML report in each language, from one release of the Musterstadt example."""
    eqsurvey, release = released_example(tmp_path_factory.mktemp("report"), PASS, simulated=True)
    built = html_reports(eqsurvey, release, LANGUAGES)
    for page in built.values():  # imported as what they are: the simulated-data banner is checked here too
        assert '<aside class="simulated-banner"' in page.read_text(encoding="utf-8")
    return built


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_has_no_serious_accessibility_violations_and_requests_nothing(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    url = offline_page.open(reports[lang])
    violations = axe_violations(offline_page.page)
    assert not violations, describe_violations(violations)
    # The report is one self-contained file: no styles, fonts, images or scripts from anywhere else.
    others = offline_page.requests_besides(url)
    assert others == [], f"{len(others)} requests besides the report itself: {others}"
    assert offline_page.requests == [url] and offline_page.blocked == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_declares_its_language_and_has_an_outline(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    offline_page.open(reports[lang])
    page = offline_page.page
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").count() == 1
    levels = heading_levels(page)
    assert levels.count(1) == 1 and len(levels) > 1
    assert skipped_heading_levels(levels) == []


# Charts are the elements with role img and every outermost <svg> that is not a decorative mark
# (aria-hidden) inside one; for each: its figure, caption, accessible name (as Chromium's
# accessibility tree would compute it: aria-labelledby, aria-label or an SVG <title>) and a data
# table inside the figure or right after it.
CHART = '[role="img"], svg:not(svg svg):not([role="img"] svg):not([aria-hidden="true"])'
_CHARTS = """(selector) => Array.from(document.querySelectorAll(selector)).map(svg => {
  const figure = svg.closest('figure');
  const caption = figure && figure.querySelector(':scope > figcaption');
  const next = figure && figure.nextElementSibling;
  const tables = figure ? [...figure.querySelectorAll('table'),
                           ...(next ? (next.matches('table') ? [next] : next.querySelectorAll('table')) : [])] : [];
  return {
    html: svg.outerHTML.slice(0, 200),
    figure: !!figure,
    caption: caption ? caption.textContent.trim() : '',
    hidden: !!svg.closest('[aria-hidden="true"]'),
    tables: tables.length,
    headed_tables: tables.filter(t => t.querySelector('th')).length,
  };
})"""


def _role_and_name(snapshot: str) -> tuple[str, str]:
    """Role and accessible name of an element from Playwright's ARIA snapshot (YAML: `- img "name": text`)."""
    items = yaml.safe_load(snapshot) or [""]
    node = items[0]
    head = next(iter(node)) if isinstance(node, dict) else str(node)
    match = re.fullmatch(r'(\S+)(?: "(.*)")?(?: \[.*\])?', head, re.DOTALL)
    return (match.group(1), match.group(2) or "") if match else (head, "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_is_a_captioned_named_figure_with_its_data_as_a_table(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    offline_page.open(reports[lang])
    page = offline_page.page
    charts = page.evaluate(_CHARTS, CHART)
    assert charts, "the report shows its tables as charts"
    problems = []
    for index, chart in enumerate(charts):
        lacks = [
            what
            for what, ok in (
                ("a <figure> around it", chart["figure"]),
                ("a non-empty <figcaption>", chart["caption"]),
                ("to be visible to assistive technology (it is aria-hidden)", not chart["hidden"]),
                ("a data table (with <th> headers) in or right after its figure", chart["headed_tables"]),
            )
            if not ok
        ]
        role, name = _role_and_name(page.locator(CHART).nth(index).aria_snapshot())
        if role != "img" or not name.strip():
            lacks.append(
                f"role img and an accessible name (<title>, aria-label or aria-labelledby), not {role} {name!r}"
            )
        if lacks:
            problems.append(f"chart {index} needs {', '.join(lacks)}: {chart['html']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tab_reaches_the_skip_link_first_and_then_every_link_and_control(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    offline_page.open(reports[lang])
    page = offline_page.page
    walk = walk_tab_order(page)
    assert walk.reached, "Tab reaches nothing: the report needs at least a skip link"
    # Measured on a fresh load after one real Tab, so :focus and :focus-visible styles apply as they would for a reader.
    page.reload()
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => { const el = document.activeElement;
                   const href = el.getAttribute('href') || '';
                   const target = href.startsWith('#') && href.length > 1 ? document.getElementById(href.slice(1)) : null;
                   const box = el.getBoundingClientRect();
                   return {tag: el.tagName.toLowerCase(), href, target: !!target,
                           in_main: !!target && (target.matches('main') || !!target.closest('main')),
                           visible: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 &&
                                    box.bottom <= innerHeight && box.right <= innerWidth};
                 }"""
    )
    assert first["tag"] == "a" and first["target"], f"the first Tab stop is not a skip link to the content: {first}"
    assert first["in_main"], f"the skip link should lead to the main content: {first}"
    assert first["visible"], f"the skip link must show when it has focus (WCAG 2.4.7): {first}"
    problems = walk.problems(page)
    assert not problems, "\n".join(problems)

"""The report's tables in real Chromium at a desktop width (1,280 px) and a phone's (390 px), offline.

Built from a real release of the Musterstadt example (600 simulated, sealed responses). No table
may be wider than its place on the page: none needs a sideways scroll that hides columns. On a
phone the rows stack, each number under its column's name, and the table stays a table for
assistive technology (its roles), with every number still in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.accessibility import axe_violations, describe_violations
from tests.support.browser import OfflinePage
from tests.support.released_example import html_reports, released_example

PASS = "report table layout tests passphrase"
LANGUAGES = ["de", "en"]
WIDTHS = [1280, 390]

_OVERFLOW = """() => [...document.querySelectorAll('table')].map(table => {
  const wrap = table.closest('.table-wrap') || table.parentElement;
  return {id: table.id || table.className, table: Math.ceil(table.getBoundingClientRect().width),
          room: Math.floor(wrap.clientWidth), scroll: wrap.scrollWidth - wrap.clientWidth};
}).filter(t => t.table > t.room + 1 || t.scroll > 1)"""

_PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Each table's cells as the accessibility tree sees them: a table, its rows, and cells with their column's name.
_ROLES = """() => [...document.querySelectorAll('table.data')].slice(0, 3).map(t => ({
  id: t.id, rows: t.querySelectorAll('tbody tr').length,
  cells: [...t.querySelectorAll('tbody td.num')].length,
  labelled: [...t.querySelectorAll('tbody td.num')].every(td => td.dataset.label),
  display: getComputedStyle(t).display}))"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    eqsurvey, release = released_example(tmp_path_factory.mktemp("tables"), PASS)
    return html_reports(eqsurvey, release, LANGUAGES)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_table_is_wider_than_its_place_on_the_page(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str, width: int
) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": 900})
    offline_page.open(reports[lang])
    assert page.locator("table.data").count() > 20
    wide = page.evaluate(_OVERFLOW)
    assert wide == [], f"tables wider than the page at {width} px: {wide}"
    assert page.evaluate(_PAGE_OVERFLOW) <= 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_rows_stack_under_column_names_and_stay_accessible(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 390, "height": 900})
    offline_page.open(reports[lang])
    tables = page.evaluate(_ROLES)
    assert tables and all(t["display"] == "block" and t["labelled"] and t["cells"] for t in tables), tables
    first = page.locator("table.data").first
    snapshot = first.aria_snapshot()
    assert re.match(r"- '?table ", snapshot) and "- row " in snapshot and "- cell " in snapshot, snapshot
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)

"""Reports in Arabic, Persian and Turkish in real Chromium, offline: axe clean, right to left where they should be.

Built by ``eqsurvey report build`` from a release of the instrument in tests/fixtures/report_languages
(its own texts in seven languages). Right to left, the page is laid out as a mirror image: row labels of
a chart to the right of its plot (the axis runs left to right, as the numbers do), numbers in a table lined
up on the right and read left to right.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.accessibility import axe_violations, describe_violations
from tests.support.browser import OfflinePage
from tests.support.released_example import html_reports, released_languages

PASS = "report rtl browser passphrase"
LANGUAGES = ["ar", "fa", "tr"]

_GEOMETRY = """() => {
  const box = e => e.getBoundingClientRect();
  const label = document.querySelector('.chart-label'), track = document.querySelector('.chart-track');
  const ticks = [...document.querySelectorAll('.chart-ticks')[0].querySelectorAll('.chart-tick')];
  const td = document.querySelector('td.num');
  const text = document.createRange();
  text.selectNodeContents(td);
  return {
    dir: getComputedStyle(document.documentElement).direction,
    label: [box(label).left, box(label).right], track: [box(track).left, box(track).right],
    first_tick: box(ticks[0]).left, last_tick: box(ticks[ticks.length - 1]).left,
    cell: [box(text).left, box(text).right], td: [box(td).left, box(td).right],
    number_direction: getComputedStyle(td.firstElementChild || td).direction,
  };
}"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    eqsurvey, release = released_languages(tmp_path_factory.mktemp("rtl"), PASS)
    return html_reports(eqsurvey, release, LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_has_no_accessibility_violations_and_requests_nothing(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str
) -> None:
    url = offline_page.open(reports[lang])
    violations = axe_violations(offline_page.page)
    assert not violations, describe_violations(violations)
    assert offline_page.requests_besides(url) == []
    assert offline_page.page.evaluate("document.documentElement.lang") == lang


@pytest.mark.parametrize(("lang", "rtl"), [("ar", True), ("fa", True), ("tr", False)])
def test_right_to_left_pages_mirror_charts_and_line_numbers_up_on_the_right(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str, rtl: bool
) -> None:
    offline_page.page.set_viewport_size({"width": 1280, "height": 900})
    offline_page.open(reports[lang])
    g = offline_page.page.evaluate(_GEOMETRY)
    assert g["dir"] == ("rtl" if rtl else "ltr")
    assert g["number_direction"] == "ltr"  # a figure reads left to right on every page
    if rtl:
        assert g["label"][0] >= g["track"][1]  # the row label stands right of its plot, where the reader starts
    else:
        assert g["label"][1] <= g["track"][0]
    assert g["first_tick"] < g["last_tick"]  # the axis runs left to right on every page, as the tables' numbers
    # Numbers are lined up on the right in every language (units under units), inside their cell's padding.
    assert g["td"][1] - g["cell"][1] < 12 and g["cell"][0] - g["td"][0] > 12

"""The report's charts in real Chromium at a desktop width, a phone width and A4 print: nothing collides or clips.

The report is built by the real commands from a release of the Musterstadt example (600 simulated,
sealed responses): its long German row labels ("Bei der Wohnungssuche oder beim Wohnen (z. B. durch
Vermieter*innen oder Nachbar*innen)") and three-panel small multiples are what broke the earlier
charts. For every chart, the boxes of its text (one per line of each text, from the layout
Chromium made) must not overlap each other, must stay inside their panel (or the chart, for the
legend) and the viewport, and must be at least 11 px high on screens (7.5 pt, 10 px, on paper).
The PDF is checked the same way on the layout WeasyPrint made for its pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from tests.support.accessibility import axe_violations, describe_violations
from tests.support.browser import OfflinePage
from tests.support.released_example import html_reports, released_example

PASS = "report chart tests passphrase"
A4_TEXT_WIDTH = 673  # 210 mm less the report's 16 mm margins, at 96 px per inch: what WeasyPrint lays out
Media = Literal["screen", "print"]
WIDTHS: list[tuple[int, Media, float]] = [(1280, "screen", 11.0), (390, "screen", 11.0), (A4_TEXT_WIDTH, "print", 10.0)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    eqsurvey, release = released_example(tmp_path_factory.mktemp("charts"), PASS, seed=5)
    return html_reports(eqsurvey, release, ("de", "en"))


@pytest.fixture(scope="module")
def right_to_left(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report for an Arabic reader (a right-to-left page; the wording falls back to English, left to right)."""
    from reports.content import build_report
    from reports.render import render_html
    from tests.unit.analysis.synthetic import INSTRUMENT
    from tests.unit.reports.releases import release, typed

    path = tmp_path_factory.mktemp("rtl") / "report-ar.html"
    path.write_text(render_html(build_report(typed(release()), INSTRUMENT, "ar")), encoding="utf-8")
    return path


# Per chart: every line box of its visible text, with the box it must stay in (its panel, or the chart for the
# legend), the text's computed font size, and the marks' boxes with their tracks'.
_LAYOUT = """() => Array.from(document.querySelectorAll('.chart[role="img"]')).map(chart => {
  const texts = [];
  const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('.chart-sr')) continue;
    const within = (el.closest('.chart-panel') || chart).getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 0.5 || r.height < 0.5) continue;
      texts.push({text: node.textContent.trim().slice(0, 60), cls: el.className,
                  left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                  within: {left: within.left, right: within.right, top: within.top, bottom: within.bottom},
                  size: parseFloat(getComputedStyle(el).fontSize)});
    }
  }
  const marks = Array.from(chart.querySelectorAll('.chart-mark')).map(m => {
    const r = m.getBoundingClientRect(), t = m.closest('.chart-track').getBoundingClientRect();
    return {left: r.left, right: r.right, track_left: t.left, track_right: t.right};
  });
  return {id: chart.id, texts, marks, overflow: chart.scrollWidth - chart.clientWidth,
          panels: chart.querySelectorAll('.chart-panel').length};
})"""

SLACK = 0.75  # px: glyph boxes of neighbouring lines may touch


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    across: float = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down: float = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return across > SLACK and down > SLACK


def _problems(charts: list[dict[str, Any]], viewport: int, least: float) -> list[str]:
    found = []
    for chart in charts:
        name, texts = chart["id"], chart["texts"]
        if chart["overflow"] > 0:
            found.append(f"{name}: content {chart['overflow']} px wider than the chart")
        for i, a in enumerate(texts):
            box = a["within"]
            if (
                a["left"] < box["left"] - SLACK
                or a["right"] > box["right"] + SLACK
                or a["top"] < box["top"] - SLACK
                or a["bottom"] > box["bottom"] + SLACK
            ):
                found.append(f"{name}: {a['text']!r} ({a['cls']}) sticks out of its panel")
            if a["left"] < -SLACK or a["right"] > viewport + SLACK:
                found.append(f"{name}: {a['text']!r} ({a['cls']}) runs off the page")
            if a["size"] < least:
                found.append(f"{name}: {a['text']!r} ({a['cls']}) is {a['size']:.1f} px, less than {least} px")
            found += [f"{name}: {a['text']!r} overlaps {b['text']!r}" for b in texts[i + 1 :] if _overlap(a, b)]
        for mark in chart["marks"]:
            half = (mark["right"] - mark["left"]) / 2
            if mark["left"] < mark["track_left"] - half - SLACK or mark["right"] > mark["track_right"] + half + SLACK:
                found.append(f"{name}: a mark lies beyond its axis")
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("where", WIDTHS, ids=["1280px", "390px", "A4-print"])
def test_chart_text_never_overlaps_or_clips_and_stays_readable(
    reports: dict[str, Path], offline_page: OfflinePage, lang: str, where: tuple[int, Media, float]
) -> None:
    width, media, least = where
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(media=media)
    offline_page.open(reports[lang])
    charts = page.evaluate(_LAYOUT)
    assert len(charts) >= 8, "the example's report has a chart for each table but the write-ins"
    assert any(c["panels"] >= 3 for c in charts), "the small multiples (three panels) are among them"
    assert sum(len(c["texts"]) for c in charts) > 200
    problems = _problems(charts, width, least)
    assert not problems, f"{len(problems)} problems at {width} px ({media}):\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("width", [1280, 390])
def test_a_right_to_left_page_mirrors_labels_and_keeps_the_axes_left_to_right(
    right_to_left: Path, offline_page: OfflinePage, width: int
) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": 900})
    offline_page.open(right_to_left)
    charts = page.evaluate(_LAYOUT)
    assert len(charts) == 6
    problems = _problems(charts, width, 11.0)
    assert not problems, "\n".join(problems[:40])
    ticks = page.evaluate(
        """() => Array.from(document.querySelector('.chart-ticks').children).map(t => t.getBoundingClientRect().left)"""
    )
    assert ticks == sorted(ticks) and len(ticks) >= 3  # 0 % on the left, like the numbers in the tables
    if width == 1280:
        label, track = page.evaluate(
            """() => [document.querySelector('.chart-label'), document.querySelector('.chart-track')]
                     .map(e => e.getBoundingClientRect().left)"""
        )
        assert label > track  # the row labels stand on the right, where a right-to-left reader starts


def test_small_multiples_sit_side_by_side_on_a_desktop_and_stack_on_a_phone(
    reports: dict[str, Path], offline_page: OfflinePage
) -> None:
    page = offline_page.page
    lefts = """() => Array.from(document.querySelectorAll('.chart-multiple')).map(chart =>
        Array.from(chart.querySelectorAll('.chart-panel')).map(p => Math.round(p.getBoundingClientRect().left)))"""
    offline_page.open(reports["de"])
    wide = page.evaluate(lefts)
    assert wide and all(len(set(panels)) == 2 for panels in wide)  # two columns at 1,280 px
    page.set_viewport_size({"width": 390, "height": 900})
    narrow = page.evaluate(lefts)
    assert all(len(set(panels)) == 1 for panels in narrow)  # one panel per row on a phone
    # On a phone a row label stands above its plot, so the plot keeps the width of the screen.
    label, track = page.evaluate(
        """() => [document.querySelector('.chart-label'), document.querySelector('.chart-track')]
                 .map(e => e.getBoundingClientRect()).map(r => ({top: r.top, bottom: r.bottom, width: r.width}))"""
    )
    assert label["bottom"] <= track["top"] + SLACK and track["width"] > 300


@pytest.mark.parametrize("width", [1280, 390])
def test_the_charts_have_no_accessibility_violations_and_each_is_a_named_described_image(
    reports: dict[str, Path], offline_page: OfflinePage, width: int
) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": 900})
    offline_page.open(reports["en"])
    violations = axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))
    in_charts = [v for v in violations if any(".chart" in " ".join(n["target"]) or "chart-" in n["html"]
                                              for n in v["nodes"])]  # fmt: skip
    assert not in_charts, describe_violations(in_charts)
    named = page.evaluate(
        """() => Array.from(document.querySelectorAll('figure.chart > div.chart')).map(chart => {
             const text = id => (document.getElementById(id) || {}).textContent || '';
             const caption = chart.closest('figure').querySelector('figcaption').textContent;
             return {title: text(chart.getAttribute('aria-labelledby')), desc: text(chart.getAttribute('aria-describedby')),
                     role: chart.getAttribute('role'), caption,
                     hidden_marks: Array.from(chart.querySelectorAll('svg')).every(s => s.getAttribute('aria-hidden') === 'true')};
           })"""
    )
    assert len(named) >= 8
    for chart in named:
        assert chart["role"] == "img" and chart["title"].strip() and chart["title"] in chart["caption"], chart
        assert "All figures are in table" in chart["desc"] and chart["hidden_marks"], chart


def _pdf_text_boxes(box: Any, chart: str | None = None) -> Iterator[tuple[str, Any]]:
    """(chart id, text box) for every piece of text inside a chart, from WeasyPrint's layout of a page."""
    from weasyprint.formatting_structure import boxes

    element = box.element if box.element_tag else None
    if element is not None and element.get("role") == "img" and "chart" in (element.get("class") or "").split():
        chart = element.get("id")
    if isinstance(box, boxes.TextBox) and chart and box.text.strip():
        yield chart, box
    for child in getattr(box, "children", ()):
        yield from _pdf_text_boxes(child, chart)


def test_in_the_pdf_chart_text_never_overlaps_and_stays_inside_the_text_block(reports: dict[str, Path]) -> None:
    import weasyprint

    document = weasyprint.HTML(filename=reports["de"]).render()
    problems: list[str] = []
    drawn: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box  # WeasyPrint's layout of the page: where each line of text is drawn
        left, right = page_box.content_box_x(), page_box.content_box_x() + page_box.width
        found = [
            {"text": b.text.strip()[:60], "left": b.position_x, "right": b.position_x + b.width,
             "top": b.position_y, "bottom": b.position_y + b.height, "chart": chart}
            for chart, b in _pdf_text_boxes(page_box)
        ]  # fmt: skip
        for box in found:
            drawn[box["chart"]] = drawn.get(box["chart"], 0) + 1
        for i, a in enumerate(found):
            if a["left"] < left - SLACK or a["right"] > right + SLACK:
                problems.append(f"page {number}: {a['text']!r} ({a['chart']}) leaves the text block")
            problems += [
                f"page {number}: {a['text']!r} overlaps {b['text']!r}" for b in found[i + 1 :] if _overlap(a, b)
            ]
    # Every chart of the page is laid out with its words (title-less marks alone would pass the checks below).
    tags = re.findall(r'<[^>]*\brole="img"[^>]*>', reports["de"].read_text(encoding="utf-8"))
    charts = {
        m.group(1) for tag in tags if re.search(r'\bclass="chart"', tag) and (m := re.search(r'\bid="([^"]+)"', tag))
    }
    assert charts, "the report has charts"
    assert all(drawn.get(c, 0) >= 5 for c in charts), (
        f"charts without their text in the PDF: {sorted(c for c in charts if drawn.get(c, 0) < 5)}"
    )
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])

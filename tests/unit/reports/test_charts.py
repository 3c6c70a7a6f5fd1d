"""Charts: HTML at its final size, one named image each, a legend that explains each symbol once.

Layout in a real browser (overlap, overflow, text size) is tested in tests/e2e/test_report_charts.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from defusedxml import ElementTree  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from kernel.errors import InternalError
from reports.catalogue import Catalogue
from reports.charts.choice import chart_spec, chart_words
from reports.charts.spec import (
    ESTIMATE_SHAPE,
    GROUP_COLOURS,
    REFERENCE_SHAPE,
    TEXT,
    ChartSpec,
    Panel,
    Point,
    Series,
    accessible,
    legend,
    render_html,
    render_svg,
    round_limit,
    series_symbol,
    ticks,
)
from reports.content import build_report
from reports.labels import Label, Labels
from reports.render import render_release
from reports.tables import table_view
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed, typed_all

SVG = "{http://www.w3.org/2000/svg}"
WORDS = chart_words(Catalogue("de"))


def _spec(prefix: str = "chart-x", series: tuple[Series, ...] = (Series("2026"), Series("2027"))) -> ChartSpec:
    return ChartSpec(
        id=prefix,
        title="Discrimination <by> group",
        description="Dot chart & intervals.",
        rows=("big", "small"),
        panels=(Panel("Yes", (Point(0, 0, 0.3, 0.25, 0.35), Point(1, 0, None), Point(0, 1, 0.4, 0.3, 0.5, True))),),
        series=series,
        axis_label="Share",
        limits=(0.0, 1.0),
        numbers=Catalogue("de").numbers,
        words=dict(WORDS),
        lang="de",
    )


def _tree(markup: str) -> Any:
    return ElementTree.fromstring(markup)  # the markup is well-formed: it parses as XML


def _classed(root: Any, name: str) -> list[Any]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def _text(element: Any) -> str:
    return "".join(element.itertext())


def test_a_chart_is_one_image_named_by_its_title_and_described_by_its_sentence() -> None:
    markup = render_html(_spec())
    root = _tree(markup)
    assert root.tag == "div" and root.get("role") == "img"
    named = {e.get("id"): _text(e) for e in root.iter() if e.get("id")}
    assert named[root.get("aria-labelledby")] == "Discrimination <by> group"  # escaped in the markup, text again here
    assert named[root.get("aria-describedby")] == "Dot chart & intervals."
    marks = list(root.iter("svg"))  # inline SVG in HTML: no namespace declaration needed
    # Two groups and the hollow mark in the legend, two points: all for the eye; the name and sentence speak.
    assert len(marks) == 3 + 2 and all(m.get("aria-hidden") == "true" for m in marks)
    labels = [_text(e) for e in _classed(root, "chart-label")]
    assert labels == ["big", "small"]
    assert [_text(e) for e in _classed(root, "chart-tick")] == ["0\u00a0%", "20\u00a0%", "40\u00a0%", "60\u00a0%",
                                                                "80\u00a0%", "100\u00a0%"]  # fmt: skip
    assert [_text(e) for e in _classed(root, "chart-missing")] == ["nicht ausgewiesen"]
    assert [_text(e) for e in _classed(root, "chart-axis-title")] == ["Share"]
    assert "<script" not in markup and not re.search(r'(?:href|src)="(?:https?:)?//', markup)
    assert "url(" not in markup  # nothing fetched, not even from CSS


def test_marks_sit_where_their_values_are_each_series_in_its_own_lane() -> None:
    root = _tree(render_html(_spec()))
    (track_big, track_small) = _classed(root, "chart-track")
    lanes_big = _classed(track_big, "chart-lane")
    assert len(lanes_big) == 2  # one lane per group, so groups never draw over each other
    first, second = (_classed(lane, "chart-mark") for lane in lanes_big)
    assert [m.get("style") for m in first] == ["left:30.0%"] and [m.get("style") for m in second] == ["left:40.0%"]
    (interval,) = _classed(lanes_big[0], "chart-interval")
    assert interval.get("style", "").startswith("left:25.0%;width:10.0%")
    (hollow,) = second[0].iter("path")
    assert hollow.get("fill") == "#ffffff" and hollow.get("stroke") != "#ffffff"  # uncertain: drawn hollow
    assert [len(_classed(lane, "chart-missing")) for lane in _classed(track_small, "chart-lane")] == [1, 0]


def test_with_groups_the_legend_has_one_entry_per_group_and_reading_aids_that_no_group_uses() -> None:
    spec = _spec()
    key = legend(spec)
    assert [e.text for e in key.groups] == ["2026", "2027"]
    group_symbols = [(e.symbol.shape, e.symbol.colour) for e in key.groups if e.symbol]
    assert len(set(group_symbols)) == 2
    assert not {shape for shape, _ in group_symbols} & {ESTIMATE_SHAPE, REFERENCE_SHAPE}
    texts = [e.text for e in key.key]
    assert texts == [WORDS["estimate_groups"], WORDS["interval"], WORDS["uncertain"]]
    assert key.key[0].symbol is None  # a sample dot beside groups' squares would look like one more group
    assert key.key[1].line and key.key[1].symbol is None
    reading = [e.symbol for e in key.key if e.symbol]
    assert all(s.colour not in GROUP_COLOURS for s in reading)
    root = _tree(render_html(spec))
    (groups, aids) = _classed(root, "chart-key")
    assert _text(_classed(groups, "chart-key-head")[0]) == "Gruppen:"
    assert [_text(e) for e in _classed(groups, "chart-text")] == ["2026", "2027"]
    assert [_text(e) for e in _classed(aids, "chart-text")] == texts


def test_one_series_is_drawn_with_the_estimate_dot_and_a_reference_with_the_diamond_each_explained_once() -> None:
    spec = _spec(series=(Series("Befragte"), Series("Vergleichsanteil", interval=False)))
    spec = ChartSpec(**{**spec.__dict__, "panels": (Panel("x", (Point(0, 0, 0.3, 0.2, 0.4), Point(0, 1, 0.35))),)})
    key = legend(spec)
    assert key.groups == ()
    assert [(e.text, e.symbol and e.symbol.shape, e.line) for e in key.key] == [
        (WORDS["estimate"], ESTIMATE_SHAPE, False),
        (WORDS["interval"], None, True),
        ("Vergleichsanteil", REFERENCE_SHAPE, False),
    ]  # no hollow point drawn, so no entry for it
    assert series_symbol(spec, 0).shape == ESTIMATE_SHAPE and series_symbol(spec, 1).shape == REFERENCE_SHAPE
    root = _tree(render_html(spec))
    (lane,) = _classed(_classed(root, "chart-track")[0], "chart-lane")  # the reference beside its estimate
    assert len(_classed(lane, "chart-mark")) == 2 and len(_classed(lane, "chart-interval")) == 1


@given(st.lists(st.booleans(), min_size=1, max_size=30), st.booleans())
def test_groups_never_use_the_estimate_or_reference_symbol_and_never_share_one(
    intervals: list[bool], uncertain: bool
) -> None:
    series = tuple(Series(f"s{i}", interval) for i, interval in enumerate(intervals))
    points = tuple(Point(0, i, 0.5, 0.4 if s.interval else None, 0.6 if s.interval else None, uncertain)
                   for i, s in enumerate(series))  # fmt: skip
    spec = ChartSpec(**{**_spec(series=series).__dict__, "panels": (Panel("p", points),)})
    key = legend(spec)
    symbols = [series_symbol(spec, i) for i, s in enumerate(series) if s.interval]
    if len(symbols) > 1:
        assert len({(s.shape, s.colour) for s in symbols}) == len(symbols)
        assert not {s.shape for s in symbols} & {ESTIMATE_SHAPE, REFERENCE_SHAPE}
        assert len(key.groups) == len(symbols)
    else:
        assert key.groups == ()
    texts = [e.text for e in key.key]
    assert len(texts) == len(set(texts))  # each reading aid once
    assert texts.count(WORDS["uncertain"]) == (uncertain and any(intervals))


def test_ticks_are_round_few_and_inside_the_axis() -> None:
    de = Catalogue("de").numbers
    for limits, percent, expected in (
        ((0.0, 0.7), True, ["0\u00a0%", "20\u00a0%", "40\u00a0%", "60\u00a0%"]),
        ((0.0, 0.3), True, ["0\u00a0%", "10\u00a0%", "20\u00a0%", "30\u00a0%"]),
        ((1.0, 5.0), False, ["1", "2", "3", "4", "5"]),
        ((0.0, 10.0), False, ["0", "2", "4", "6", "8", "10"]),
        ((1.0, 7.0), False, ["1", "3", "5", "7"]),
    ):
        spec = ChartSpec(**{**_spec().__dict__, "limits": limits, "percent": percent, "numbers": de})
        found = ticks(spec)
        assert [label for _, label in found] == expected, limits
        assert all(0.0 <= at <= 1.0 for at, _ in found) and len(found) <= 6


def test_a_share_axis_ends_on_a_labelled_tick() -> None:
    for top, end in ((0.72, 0.8), (0.35, 0.4), (0.52, 0.6), (0.95, 1.0), (0.07, 0.08), (0.999, 1.0)):
        assert round_limit(top) == end
        spec = ChartSpec(**{**_spec().__dict__, "limits": (0.0, end)})
        assert ticks(spec)[-1][0] == 1.0, top


def test_ids_are_per_chart_output_is_deterministic_and_the_old_name_still_renders() -> None:
    one, two = render_html(_spec("chart-a")), render_html(_spec("chart-b"))
    ids_one, ids_two = set(re.findall(r'\bid="([^"]+)"', one)), set(re.findall(r'\bid="([^"]+)"', two))
    assert ids_one and all(i.startswith("chart-a") for i in ids_one) and not ids_one & ids_two
    assert render_html(_spec("chart-a")) == one and render_svg(_spec("chart-a")) == one


def test_words_in_another_language_than_the_page_are_marked() -> None:
    spec = ChartSpec(**{**_spec().__dict__, "rows": (Label("groß", "de"), Label("كبير", "ar")), "lang": "en"})
    root = _tree(render_html(spec))
    labels = _classed(root, "chart-label")
    assert (labels[0].get("lang"), labels[1].get("lang"), labels[1].get("dir")) == ("de", "ar", "rtl")
    assert all(t.get("dir") == "ltr" for t in _classed(root, "chart-track"))  # axes run left to right everywhere


def test_a_chart_without_its_wording_is_a_bug_named_as_such() -> None:
    with pytest.raises(InternalError, match="estimate_groups, interval"):
        ChartSpec(**{**_spec().__dict__, "words": {"estimate": "Dot"}})


def test_accessible_still_labels_an_svg_drawn_elsewhere() -> None:
    svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><defs><g id="a"/></defs><use href="#a"/></svg>'
    root = _tree(accessible(svg, "fig-1", "Title & more", "What it shows."))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "fig-1-title"
    assert root.find(f"{SVG}title").text == "Title & more" and root.find(f"{SVG}desc").text == "What it shows."
    assert root.find(f"{SVG}use").get("href") == "#fig-1-a"


def test_each_kind_of_table_gets_its_chart() -> None:
    made = typed(release(n=3000))
    labels = Labels(INSTRUMENT, Catalogue("en"))
    specs = {
        t.id: chart_spec(table_view(t, made.plan.table(t.id), i, labels, made.publication), labels)
        for i, t in enumerate(made.tables, start=1)
    }
    assert specs["notes"] is None  # write-ins: the list is the table
    discrimination = specs["discrimination"]
    assert discrimination is not None and [p.title for p in discrimination.panels] == ["Yes", "No"]
    assert discrimination.rows == ("big", "small")  # "no answer" groups stay in the table
    domains = specs["domains"]
    assert domains is not None and domains.rows == ("Work", "Housing") and len(domains.series) == 2
    trust = specs["trust"]
    assert trust is not None and trust.limits == (1.0, 5.0) and not trust.percent
    representation = specs["representation"]
    assert representation is not None and [s.interval for s in representation.series] == [True, False]
    grounds_x = specs["grounds_x"]
    assert grounds_x is not None and len(grounds_x.series) == 2  # the intersection's second breakdown
    # Small multiples: each panel's extremes, since shares of different answers are not compared with each other.
    assert (
        "Answer “Yes”: highest" in discrimination.description and "Answer “No”: highest" in discrimination.description
    )
    assert discrimination.description.endswith("All figures are in table 1.")
    assert "Each row compares the groups" in domains.description
    assert representation.description.count("Respondents") == 0  # one series of estimates: no group to name
    assert "Highest: " in trust.description
    assert all(spec is None or set(spec.words) >= set(WORDS) for spec in specs.values())


def test_every_chart_of_a_report_is_a_named_image_in_a_captioned_figure() -> None:
    report = build_report(typed(release()), INSTRUMENT, "de")
    figures = [s.figure for s in report.sections if s.figure is not None]
    assert len(figures) == 6
    for figure in figures:
        root = _tree(figure.svg)
        assert root.get("role") == "img" and root.get("aria-labelledby") and root.get("aria-describedby")
        assert figure.caption.startswith("Abbildung ")
    html = render_release(typed(release()), INSTRUMENT, "de", "html")
    assert isinstance(html, str) and html.count('<figure class="chart">') == 6 and ".chart-plot {" in html


def _charted(body: dict[str, object]) -> int:
    """How many points the discrimination table's chart draws."""
    view = build_report(typed(body), INSTRUMENT, "en").sections[0].table
    assert view.id == "discrimination"
    spec = chart_spec(view, Labels(INSTRUMENT, Catalogue("en")))
    assert spec is not None
    return sum(p.value is not None for panel in spec.panels for p in panel.points)


def test_a_shown_count_without_a_share_is_left_out_of_the_chart_and_the_report_still_renders() -> None:
    # Counts are unclamped: a small group's base (its answers' noisy sum) can be at or below zero while one
    # answer's count is shown, and then the cell has no share (found in the demo at 400 respondents).
    body = release(n=3000)
    before = _charted(body)
    (table,) = [t for t in body["tables"] if t["id"] == "discrimination"]
    cell = next(c for c in table["cells"] if c["status"] != "suppressed" and c.get("measure") == "yes")
    for key in ("base", "share", "share_low", "share_high", "share_status"):
        cell.pop(key, None)

    assert _charted(body) == before - 1
    assert 'role="img"' in str(render_release(typed(body), INSTRUMENT, "en", "html"))


def test_a_comparison_names_its_series_releases_and_ends_its_axis_on_a_tick() -> None:
    from reports.compare import build_comparison

    releases = [{**release(), "id": "r-a"}, {**release(n=3000), "id": "r-b"}]
    comparison = build_comparison(typed_all(releases), INSTRUMENT, "en")
    figures = [i.figure for i in comparison.indicators if i.figure is not None]
    assert figures
    for figure in figures:
        root = _tree(figure.svg)
        heads = [_text(e) for e in _classed(root, "chart-key-head")]
        assert heads == ["Releases:", "How to read:"]
        assert [_text(e) for e in _classed(_classed(root, "chart-key")[0], "chart-text")] == ["1: r-a", "2: r-b"]
        assert _classed(root, "chart-tick")[-1].get("style") == "left:100.0%"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_mark_colour_keeps_three_to_one_against_white() -> None:
    # WCAG 1.4.11: marks that carry meaning need 3:1 against their background (the page is white).
    for colour in (*GROUP_COLOURS, TEXT):
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0, colour

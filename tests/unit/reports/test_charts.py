"""Charts: real matplotlib SVG, labelled for assistive technology, self-contained and deterministic."""

from __future__ import annotations

import re

from defusedxml import ElementTree  # type: ignore[import-untyped]

from reports.catalogue import Catalogue
from reports.charts import OKABE_ITO, ChartSpec, Panel, Point, Series, render_svg
from reports.content import build_report
from reports.figures import chart_spec
from reports.labels import Labels
from reports.render import render
from reports.tables import table_view
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release

SVG = "{http://www.w3.org/2000/svg}"


def _spec(prefix: str = "chart-x") -> ChartSpec:
    return ChartSpec(
        id=prefix,
        title="Discrimination <by> group",
        description="Dot chart & intervals.",
        rows=("big", "small"),
        panels=(Panel("Yes", (Point(0, 0, 0.3, 0.25, 0.35), Point(1, 0, None), Point(0, 1, 0.4, 0.3, 0.5, True))),),
        series=(Series("2026"), Series("2027")),
        axis_label="Share",
        limits=(0.0, 1.0),
        numbers=Catalogue("de").numbers,
        words={"interval": "Punkt: Schätzung", "uncertain": "hohl: unsicher", "not_shown": "nicht ausgewiesen"},
    )


def test_an_svg_with_title_and_description_and_text_as_text() -> None:
    svg = render_svg(_spec())
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = list(root)[:2]
    assert (title.tag, title.text) == (f"{SVG}title", "Discrimination <by> group")
    assert (desc.tag, desc.text) == (f"{SVG}desc", "Dot chart & intervals.")
    assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for word in ("big", "small", "nicht ausgewiesen", "40\u00a0%", "Punkt: Schätzung", "hohl: unsicher"):
        assert word in texts  # svg.fonttype none: labels stay searchable, selectable text
    assert "<metadata" not in svg and "<?xml" not in svg
    assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)  # nothing fetched from elsewhere
    assert {c.lower() for c in re.findall(r"#[0-9A-Fa-f]{6}", svg)} >= {OKABE_ITO[0].lower(), OKABE_ITO[1].lower()}


def test_ids_are_prefixed_per_chart_and_output_is_deterministic() -> None:
    one, two = render_svg(_spec("chart-a")), render_svg(_spec("chart-b"))
    ids_one, ids_two = set(re.findall(r'\bid="([^"]+)"', one)), set(re.findall(r'\bid="([^"]+)"', two))
    assert ids_one and all(i.startswith("chart-a-") for i in ids_one) and not ids_one & ids_two
    for ref in re.findall(r'(?:url\(#|href="#)([^")]+)', one):
        assert ref in ids_one  # every internal reference still points at an id of its own chart
    assert render_svg(_spec("chart-a")) == one


def test_each_kind_of_table_gets_its_chart() -> None:
    body = release(n=3000)
    labels = Labels(INSTRUMENT, Catalogue("en"))
    plans = {p["id"]: p for p in body["plan"]["tables"]}
    specs = {
        t["id"]: chart_spec(table_view(t, plans[t["id"]], i, labels, body["publication"]), labels)
        for i, t in enumerate(body["tables"], start=1)
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
    assert "Highest" in discrimination.description and "table 1" in discrimination.description


def test_every_chart_of_a_report_is_a_labelled_image() -> None:
    report = build_report(release(), INSTRUMENT, "de")
    figures = [s.figure for s in report.sections if s.figure is not None]
    assert len(figures) == 6
    for figure in figures:
        root = ElementTree.fromstring(figure.svg)
        assert root.get("role") == "img" and root.find(f"{SVG}title") is not None
        assert figure.caption.startswith("Abbildung ")


def _charted(body: dict[str, object]) -> int:
    """How many points the discrimination table's chart draws."""
    view = build_report(body, INSTRUMENT, "en").sections[0].table
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
    assert "<svg" in render(body, INSTRUMENT, "en", "html")

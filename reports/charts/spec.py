"""Dot charts with confidence intervals: what a chart shows (:class:`ChartSpec`) and how it is read.

A chart is described by a :class:`ChartSpec` (rows, panels for small
multiples, series, points with their 95 % intervals). This module decides the
reading aids that do not depend on the page: each series' symbol, the legend
and the axis ticks. :mod:`.chart_markup` lays the chart out as HTML at its
final size, so that labels wrap and panels reflow instead of a wide picture
being scaled down (the text stays at its size on a phone and in the PDF).

Symbols carry meaning once each:

- one series (no groups): its estimates are the *estimate* symbol, a dark dot;
- several series (groups): each group has a colour *and* a shape, never the
  estimate's dot and never the reference diamond, so no group can be taken
  for a reading aid and groups stay apart in greyscale;
- the *interval* is a line, the *uncertain* mark is the symbol left hollow,
  the *reference* share is an open diamond; the legend's "how to read" line
  shows each of these once, drawn in the neutral text colour, apart from the
  groups' line.

Colours are Okabe & Ito's (2008) palette, without its pale yellow, sky blue and
orange (below 3:1 against white), with a darker orange and two darker hues
added; every one keeps 3:1 against white (WCAG 1.4.11).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from kernel.errors import InternalError
from reports.catalogue import Numbers

TEXT = "#1a1a1a"
"""The estimate's colour with one series, and the legend's reading aids."""
MUTED = "#4d4d4d"
GROUP_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8E5A00", "#6A3D9A", "#117733")
GROUP_SHAPES = ("square", "triangle", "triangle_down", "plus", "pentagon", "hexagon", "cross")
ESTIMATE_SHAPE = "circle"
REFERENCE_SHAPE = "diamond"
WORDS = ("estimate", "estimate_groups", "interval", "uncertain", "not_shown", "groups", "key")
"""The wording a chart needs (``ChartSpec.words``): legend entries, the legend's two headings, the gap's words."""


@dataclass(frozen=True)
class Point:
    row: int
    series: int
    value: float | None
    """None: the cell is not shown (suppressed); the chart says so in words at its place."""
    low: float | None = None
    high: float | None = None
    uncertain: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Series:
    name: str
    interval: bool = True
    """False for reference values, drawn as an open diamond without an interval."""


@dataclass(frozen=True)
class ChartSpec:
    id: str
    title: str
    description: str
    rows: tuple[str, ...]
    panels: tuple[Panel, ...]
    series: tuple[Series, ...]
    axis_label: str
    limits: tuple[float, float]
    numbers: Numbers
    words: dict[str, str] = field(default_factory=dict)
    """The wording of :data:`WORDS`; texts may be :class:`~.labels.Label` (they keep their language)."""
    percent: bool = True
    lang: str = ""
    """The page's language: a row, title or word in another one gets its own ``lang``."""

    def __post_init__(self) -> None:
        if missing := [w for w in WORDS if w not in self.words]:
            raise InternalError(
                f"chart {self.id} lacks the words {', '.join(missing)} (take them from reports.charts.choice.chart_words)"
            )


@dataclass(frozen=True)
class Symbol:
    shape: str
    colour: str
    hollow: bool = False


@dataclass(frozen=True)
class LegendEntry:
    text: str
    symbol: Symbol | None = None
    line: bool = False
    """The entry shows an interval line (alone, or through its symbol)."""


@dataclass(frozen=True)
class Legend:
    groups: tuple[LegendEntry, ...]
    """One entry per group (series with intervals) when there are several; none otherwise."""
    key: tuple[LegendEntry, ...]
    """How to read the marks: estimate, interval, hollow, reference; each once, in the neutral colour."""


def grouped(spec: ChartSpec) -> bool:
    """Several series with intervals: they are groups, told apart by colour and shape."""
    return sum(s.interval for s in spec.series) > 1


def series_symbol(spec: ChartSpec, index: int, hollow: bool = False) -> Symbol:
    """The symbol of series ``index``'s estimates (see the module docstring)."""
    series = spec.series[index]
    if not series.interval:
        return Symbol(REFERENCE_SHAPE, TEXT, hollow=True)
    if not grouped(spec):
        return Symbol(ESTIMATE_SHAPE, TEXT, hollow)
    group = sum(s.interval for s in spec.series[:index])
    # Past seven groups the shapes shift against the colours, so each pair of shape and colour stays unique.
    shape = GROUP_SHAPES[(group + group // len(GROUP_COLOURS)) % len(GROUP_SHAPES)]
    return Symbol(shape, GROUP_COLOURS[group % len(GROUP_COLOURS)], hollow)


def lane(spec: ChartSpec, index: int) -> int:
    """The line within a row where series ``index`` is drawn: one per group; references beside the first."""
    if not spec.series[index].interval:
        return 0
    return sum(s.interval for s in spec.series[:index])


def lanes(spec: ChartSpec) -> int:
    return max(sum(s.interval for s in spec.series), 1)


def legend(spec: ChartSpec) -> Legend:
    """The chart's legend: the groups, then each reading aid that the chart uses, once."""
    words = spec.words
    groups = tuple(
        LegendEntry(s.name, series_symbol(spec, i)) for i, s in enumerate(spec.series) if s.interval and grouped(spec)
    )
    points = [p for panel in spec.panels for p in panel.points if p.value is not None]
    drawn = {p.series for p in points}
    # With groups, their own line shows each group's marker: a sample here would look like one more group.
    key = [
        LegendEntry(words["estimate_groups"])
        if groups
        else LegendEntry(words["estimate"], Symbol(ESTIMATE_SHAPE, TEXT))
    ]
    if any(p.low is not None and p.high is not None and spec.series[p.series].interval for p in points):
        key.append(LegendEntry(words["interval"], line=True))
    if any(p.uncertain and spec.series[p.series].interval for p in points):
        key.append(LegendEntry(words["uncertain"], Symbol(ESTIMATE_SHAPE, TEXT, hollow=True)))
    key += [
        LegendEntry(s.name, Symbol(REFERENCE_SHAPE, TEXT, hollow=True))
        for i, s in enumerate(spec.series)
        if not s.interval and i in drawn
    ]
    return Legend(groups, tuple(key))


def _step(width: float, most: int) -> float:
    """A round tick distance giving at most ``most`` intervals."""
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0):
        if width / step <= most + 1e-9:
            return step
    return width / most


MOST_TICK_INTERVALS = 5
"""Ticks stay apart on the narrowest plot (about 13 rem): six labels like "100 %" at most."""


def round_limit(top: float) -> float:
    """The end of a share axis from its highest value: the next tick, so the axis ends on a labelled one."""
    step = _step(top, MOST_TICK_INTERVALS)
    return min(1.0, round(math.ceil(top / step - 1e-9) * step, 6))


def ticks(spec: ChartSpec) -> list[tuple[float, str]]:
    """Axis ticks as (position from 0 to 1 along the axis, label)."""
    lo, hi = spec.limits
    width = hi - lo
    if width <= 0:
        return [(0.0, _tick_label(spec, lo))]
    step = _step(width, MOST_TICK_INTERVALS)
    # From the axis' start (0 % for shares, a scale's first point for means: 1, 3, 5, 7 on a scale of 1 to 7).
    return [
        (min(k * step / width, 1.0), _tick_label(spec, lo + k * step))
        for k in range(math.floor(width / step + 1e-9) + 1)
    ]


def _tick_label(spec: ChartSpec, value: float) -> str:
    if spec.percent:
        return spec.numbers.whole_percent(100 * value)
    return spec.numbers.decimal_number(value, 0 if float(value).is_integer() else 1)


def position(spec: ChartSpec, value: float) -> float:
    """Where ``value`` lies along the axis, from 0 to 1 (clamped: an interval may reach past the limits)."""
    lo, hi = spec.limits
    if hi <= lo:
        return 0.0
    return min(max((value - lo) / (hi - lo), 0.0), 1.0)


def render_html(spec: ChartSpec) -> str:
    """The chart as self-contained HTML for a ``<figure>`` (see :mod:`.chart_markup`)."""
    from reports.charts.markup import chart_html

    return chart_html(spec)


render_svg = render_html
"""The earlier name (charts were one SVG image); the markup is HTML with small SVG marks now."""


_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def accessible(svg: str, prefix: str, title: str, description: str) -> str:
    """An SVG document as an inline, labelled image with ids unique to ``prefix`` (for drawings made elsewhere)."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    ids = set(_ID.findall(svg))
    svg = _REFERENCE.sub(lambda m: m[1] + (f"{prefix}-{m[2]}" if m[2] in ids else m[2]), svg)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    head = (
        # The title names the image; the longer description is read after it, on request (WCAG 1.1.1).
        f'<svg role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" focusable="false"'
        + svg[len("<svg") : svg.index(">") + 1]
        + f'\n<title id="{title_id}">{escape(title)}</title>\n<desc id="{desc_id}">{escape(description)}</desc>'
    )
    return head + svg[svg.index(">") + 1 :]

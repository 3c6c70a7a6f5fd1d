"""A :class:`~.charts.ChartSpec` as HTML laid out at its final size (template ``_chart.html.j2``, CSS ``charts.css``).

Text is HTML text, so it wraps and keeps its size on every page width, and the
layout reflows: small multiples sit side by side where there is room and stack
one panel per row where there is not; row labels stand beside their plot on
wide pages and above it on phones. Only the marks are drawn (tiny inline SVG
shapes and interval lines placed by percentage along the axis), so nothing is
scaled down. No scripts and nothing loaded from elsewhere; WeasyPrint prints
the same markup. In a right-to-left language the row labels stand on the
right, where the reader starts; the axis runs left to right on every page (0 %
on the left), as the numbers in the tables read.

The chart is one ``role="img"`` element named by the chart's title and
described by its sentence (:func:`~.figures.describe`): a screen reader hears
those rather than the loose labels and ticks; the numbers are in the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import jinja2

from reports.catalogue import direction
from reports.charts.spec import ChartSpec, Symbol, lane, lanes, legend, position, series_symbol, ticks

# Shapes in a 12 × 12 box centred on 0, of about the same area so that none looks more important.
_POLYGON_RADIUS = 5.2


def _polygon(corners: int, turn: float) -> str:
    points = [
        (
            _POLYGON_RADIUS * math.sin(turn + 2 * math.pi * k / corners),
            -_POLYGON_RADIUS * math.cos(turn + 2 * math.pi * k / corners),
        )
        for k in range(corners)
    ]
    return "M" + "L".join(f"{x:.2f},{y:.2f}" for x, y in points) + "Z"


SHAPES = {
    "circle": "M4.6,0A4.6,4.6 0 1 1 -4.6,0A4.6,4.6 0 1 1 4.6,0Z",
    "square": "M-4,-4H4V4H-4Z",
    "triangle": "M0,-5.2L5,3.6H-5Z",
    "triangle_down": "M0,5.2L5,-3.6H-5Z",
    "plus": "M-1.7,-5H1.7V-1.7H5V1.7H1.7V5H-1.7V1.7H-5V-1.7H-1.7Z",
    "pentagon": _polygon(5, 0.0),
    "hexagon": _polygon(6, math.pi / 6),
    "cross": "M-3.2,-5.1L0,-1.9L3.2,-5.1L5.1,-3.2L1.9,0L5.1,3.2L3.2,5.1L0,1.9L-3.2,5.1L-5.1,3.2L-1.9,0L-5.1,-3.2Z",
    "diamond": "M0,-5.6L5.6,0L0,5.6L-5.6,0Z",
}


@dataclass(frozen=True)
class Mark:
    symbol: Symbol
    path: str
    at: float
    """Percent along the axis."""
    interval: tuple[float, float] | None
    """Start and width of the interval line, in percent, or None."""


@dataclass(frozen=True)
class Lane:
    marks: tuple[Mark, ...]
    missing: bool
    """Nothing drawn here because the cell is not shown: the lane says so in words."""


@dataclass(frozen=True)
class Row:
    label: str
    lanes: tuple[Lane, ...]


@dataclass(frozen=True)
class PanelView:
    title: str | None
    rows: tuple[Row, ...]


def _percent(value: float) -> float:
    return round(100 * value, 2)


def panels(spec: ChartSpec) -> list[PanelView]:
    count = lanes(spec)
    out = []
    for panel in spec.panels:
        marks: dict[tuple[int, int], list[Mark]] = {}
        missing: set[tuple[int, int]] = set()
        for p in panel.points:
            place = (p.row, lane(spec, p.series))
            if p.value is None:
                missing.add(place)
                continue
            interval = None
            if p.low is not None and p.high is not None and spec.series[p.series].interval:
                start, end = position(spec, p.low), position(spec, p.high)
                interval = (_percent(start), _percent(end - start))
            symbol = series_symbol(spec, p.series, hollow=p.uncertain)
            mark = Mark(symbol, SHAPES[symbol.shape], _percent(position(spec, p.value)), interval)
            marks.setdefault(place, []).append(mark)
        rows = tuple(
            Row(
                label,
                tuple(
                    Lane(tuple(marks.get((r, k), ())), (r, k) in missing and not marks.get((r, k)))
                    for k in range(count)
                ),
            )
            for r, label in enumerate(spec.rows)
        )
        out.append(PanelView(panel.title if len(spec.panels) > 1 else None, rows))
    return out


@cache
def _template() -> jinja2.Template:
    from instruments.printable.page import template_environment

    return template_environment("reports").get_template("_chart.html.j2")


def chart_html(spec: ChartSpec) -> str:
    """The chart's markup (see the module docstring)."""

    def part(text: object) -> dict[str, str]:
        lang = getattr(text, "lang", None)
        if not lang or not spec.lang or lang == spec.lang:
            return {}
        return {"lang": lang, "dir": direction(lang)}

    rtl = bool(spec.lang) and direction(spec.lang) == "rtl"
    return _template().render(
        c=spec,
        rtl=rtl,
        legend=legend(spec),
        panels=panels(spec),
        ticks=[(_percent(at), label) for at, label in ticks(spec)],
        shapes=SHAPES,
        part=part,
        multiple=len(spec.panels) > 1,
    )

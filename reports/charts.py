"""Dot charts with confidence intervals, drawn with matplotlib and returned as inline SVG.

A chart is described by a :class:`ChartSpec` (rows, panels for small multiples,
series told apart by colour *and* marker shape, points with their 95 %
intervals); :func:`render_svg` draws it. Text stays text (``svg.fonttype:
none``), colours are the Okabe–Ito palette, uncertain points are hollow, and
cells that are not shown are written out as such, so no information is in
colour alone. The SVG gets ``role="img"`` with a ``<title>`` and ``<desc>``
(the text alternative); its ids are prefixed per chart so several charts can
share one page. Output is deterministic: a fixed hash salt, no date.

matplotlib is imported on first use (``eqsurvey --help`` must not pay for it),
and only its object-oriented API is used: no pyplot, no global figures.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from .catalogue import Numbers

#: Okabe & Ito (2008), darkest first: the first colours keep 3:1 contrast against white.
OKABE_ITO = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h")
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"


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
    """Legend and mark wording: ``interval``, ``uncertain``, ``not_shown``."""
    percent: bool = True


_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "eqsurvey-report",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _wrap(text: str, width: int = 36) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _step(width: float, most: int) -> float:
    """A round tick distance giving at most ``most`` intervals."""
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0):
        if width / step <= most:
            return step
    return width / most


def _figure(spec: ChartSpec) -> object:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    columns = min(len(spec.panels), 3)
    lines = math.ceil(len(spec.panels) / columns)
    series = max(len(spec.series), 1)
    wrapped = [_wrap(r) for r in spec.rows]
    row_height = max(0.3, 0.15 * series, 0.14 * max((w.count("\n") + 1 for w in wrapped), default=1))
    height = lines * (0.55 + row_height * len(spec.rows)) + 0.6 + 0.2 * (series + 2)
    figure = Figure(figsize=(6.7, height), layout="constrained")
    axes = figure.subplots(lines, columns, sharey=True, squeeze=False)
    step = min(0.6 / series, 0.22)
    lo, hi = spec.limits
    uncertain_seen = missing_seen = False
    for number, ax in enumerate(axes.flat):
        if number >= len(spec.panels):
            ax.set_visible(False)
            continue
        panel = spec.panels[number]
        if len(spec.panels) > 1:
            ax.set_title(_wrap(panel.title, {1: 80, 2: 40}.get(columns, 20)), loc="left", fontsize=9)
        ax.set_xlim(lo, hi)
        ax.set_ylim(len(spec.rows) - 0.5, -0.5)
        ax.set_yticks(range(len(spec.rows)), wrapped)
        ax.xaxis.set_major_locator(MultipleLocator(_step(hi - lo, {1: 6, 2: 4}.get(columns, 2))))
        ax.grid(axis="x", color="#d9d9d9", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(spec.axis_label)
        if spec.percent:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: spec.numbers.whole_percent(100 * v)))
        else:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: spec.numbers.decimal_number(v, 1)))
        for p in panel.points:
            y = p.row + (p.series - (series - 1) / 2) * step
            colour, marker = OKABE_ITO[p.series % len(OKABE_ITO)], MARKERS[p.series % len(MARKERS)]
            if p.value is None:
                missing_seen = True
                ax.text(lo + 0.01 * (hi - lo), y, spec.words.get("not_shown", ""), va="center", fontsize=7, color=MUTED)
                continue
            reference = not spec.series[p.series].interval
            if p.low is not None and p.high is not None and not reference:
                ax.hlines(y, p.low, p.high, color=colour, linewidth=1.6)
            uncertain_seen |= p.uncertain
            face = "white" if p.uncertain or reference else colour
            ax.plot(
                [p.value], [y], linestyle="none", marker="D" if reference else marker, markersize=6,
                markerfacecolor=face, markeredgecolor=colour, markeredgewidth=1.4,
            )  # fmt: skip
    handles = [
        Line2D([], [], color=OKABE_ITO[i % 8], marker="D" if not s.interval else MARKERS[i % 8], label=s.name,
               markerfacecolor="white" if not s.interval else OKABE_ITO[i % 8],
               linestyle="-" if s.interval else "none")
        for i, s in enumerate(spec.series) if len(spec.series) > 1 or not s.interval
    ]  # fmt: skip
    handles.append(Line2D([], [], color=TEXT, marker="o", label=spec.words.get("interval", "")))
    if uncertain_seen:
        handles.append(
            Line2D([], [], color=TEXT, marker="o", markerfacecolor="white", linestyle="none",
                   label=spec.words.get("uncertain", ""))
        )  # fmt: skip
    del missing_seen  # written out where it applies; no legend entry needed
    wide = max(len(str(h.get_label())) for h in handles) > 32
    columns = 1 if wide else min(len(handles), 3)
    figure.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False, fontsize=8)
    return figure


def render_svg(spec: ChartSpec) -> str:
    """The chart as an SVG element for inline use in HTML (see the module docstring)."""
    import matplotlib

    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # its stubs want literal keys
        figure = _figure(spec)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})  # type: ignore[attr-defined]
    return accessible(buffer.getvalue(), spec.id, spec.title, spec.description)


_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def accessible(svg: str, prefix: str, title: str, description: str) -> str:
    """matplotlib's SVG document as an inline, labelled image with ids unique to this chart."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    ids = set(_ID.findall(svg))
    svg = _REFERENCE.sub(lambda m: m[1] + (f"{prefix}-{m[2]}" if m[2] in ids else m[2]), svg)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    head = (
        # The title names the chart; the longer description is read after it, on request (WCAG 1.1.1).
        f'<svg role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" focusable="false"'
        + svg[len("<svg") : svg.index(">") + 1]
        + f'\n<title id="{title_id}">{escape(title)}</title>\n<desc id="{desc_id}">{escape(description)}</desc>'
    )
    return head + svg[svg.index(">") + 1 :]

"""Which chart suits which table, and its text alternative: a table view → a :class:`~.charts.ChartSpec`.

- counts without breakdown: one dot per answer;
- counts by groups: one panel per answer (small multiples), one row per group
  of the first breakdown, one series per group of the others (intersections);
- matrices (life domains): one panel per answer, one row per item, one series
  per group;
- means: one dot per group on the scale's range;
- representation: respondents' share with its interval beside the reference
  share (an open diamond);
- write-ins: no chart (their table is the list).

Groups of people who gave no breakdown answer stay in the table but not in
the chart; the chart's description says where the numbers are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis.plans.dimensions import TRUE
from analysis.releases.cells import PublishedCell
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.charts.spec import ChartSpec, Panel, Point, Series, round_limit
from reports.labels import STATUS_CODES, Label, Labels
from reports.tables import TableView, is_group, partial, place

_CHART_WORDS = {
    "estimate": Msg("chart.estimate", "Dot: estimate"),
    "estimate_groups": Msg(
        "chart.estimate_groups", "Each group’s marker: its estimate (shape and colour show the group)"
    ),
    "interval": Msg("chart.interval", "Line: 95% interval"),
    "uncertain": Msg("chart.uncertain", "Hollow: uncertain or imprecise"),
    "not_shown": Msg("chart.not_shown", "not shown"),
    "groups": Msg("chart.groups", "Groups:"),
    "key": Msg("chart.key", "How to read:"),
}
_KINDS = {
    "counts": Msg("chart.kind.counts", "Dot chart of shares with their 95% intervals."),
    "matrix": Msg(
        "chart.kind.matrix", "Small multiples: one dot chart of shares with 95% intervals per answer, one row per item."
    ),
    "mean": Msg("chart.kind.mean", "Dot chart of averages with their 95% intervals."),
    "representation": Msg(
        "chart.kind.representation",
        "Dot chart of the respondents' shares with their 95% intervals; open diamonds mark the reference shares.",
    ),
}
_CHART_PANEL_EXTREMES = Msg(
    "chart.panel_extremes", "Answer “{panel}”: highest {high}, {high_value}; lowest {low}, {low_value}."
)
_CHART_MISSING_SECONDARY = Msg(
    "chart.missing_secondary",
    "Some groups are not shown: because too few people are in them, or so that such small "
    "figures cannot be worked out from published ones.",
)


def _uncertain(cell: PublishedCell) -> bool:
    return cell.uncertain or cell.imprecise


def _point(
    cell: PublishedCell | None, row: int, series: int, mean: bool = False, hidden_part: bool = False
) -> Point | None:
    """``hidden_part``: the share's group has another answer hidden (drawn hollow, as uncertain)."""
    if cell is None:
        return None
    share = cell.share_shown
    if cell.suppressed or (not mean and share is None):
        # Hidden, or a count without a share (its group's noisy base is not above zero): nothing to chart.
        return Point(row, series, None)
    if mean or share is None:
        return Point(row, series, *cell.shown, _uncertain(cell))
    hollow = _uncertain(cell) or hidden_part
    return Point(row, series, *share, hollow)


def _ordered(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _focus(view: TableView, labels: Labels) -> list[str]:
    """The answers charted: "true" of a yes/no variable, else every answer that has a share."""
    codes = _ordered([c.measure for c in (r.cell for r in view.rows) if c.measure not in STATUS_CODES])
    if labels.is_boolean(view.measure) and TRUE in codes:
        return [TRUE]
    return codes


def _key(cell: PublishedCell, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(cell.by.get(n, "") for n in names)


def _spec_counts(view: TableView, labels: Labels) -> tuple[list[Label], list[Panel], list[Series]]:
    cells = [r.cell for r in view.rows]
    focus = _focus(view, labels)
    matrix = view.kind == "matrix"
    first, rest = (view.by[:1], view.by[1:]) if not matrix else ((), view.by)
    keep = [c for c in cells if all(is_group(v) for v in c.by.values())]
    if matrix:
        row_keys: list[Any] = _ordered([c.row for c in keep])
        rows = [labels.row(view.measure, r) for r in row_keys]
    elif first:
        row_keys = _ordered([_key(c, first) for c in keep])
        rows = [labels.group(dict(zip(first, k, strict=True))) for k in row_keys]
    else:  # one panel, one row per answer
        row_keys, rows = focus, [labels.category(view.measure, c) for c in focus]
    series_keys = _ordered([_key(c, rest) for c in keep]) or [()]
    series = [
        Series(
            labels.group(dict(zip(rest, k, strict=True)))
            if rest
            else labels.ui(Msg("chart.respondents", "Respondents"))
        )
        for k in series_keys
    ]
    index = {(c.row, _key(c, first), _key(c, rest), c.measure): c for c in keep}
    hidden = partial(tuple(cells), view.measure, labels)
    panels = []
    for code in focus if (first or matrix) else [None]:
        points = []
        for r, row_key in enumerate(row_keys):
            for s, series_key in enumerate(series_keys):
                answer = code if code is not None else row_key
                lookup = (row_key if matrix else None, row_key if first else (), series_key, answer)
                cell = index.get(lookup)
                point = _point(cell, r, s, hidden_part=cell is not None and place(cell) in hidden)
                if point is not None:
                    points.append(point)
        title = labels.category(view.measure, code) if code is not None else view.title
        panels.append(Panel(title, tuple(points)))
    return rows, panels, series


def chart_spec(view: TableView, labels: Labels) -> ChartSpec | None:
    """The chart of a table, or None for tables without one (write-ins, empty tables)."""
    t = labels.t
    if view.kind == "write_ins" or not view.rows:
        return None
    limits = (0.0, 1.0)
    percent = True
    if view.kind == "mean":
        scale = labels.scale(view.measure)
        lo, hi = scale.bounds if scale else (0, 1)
        keep = [r for r in view.rows if all(is_group(v) for v in r.cell.by.values())]
        rows = [
            r.headers[0] if view.by else Label(t(Msg("table.all_respondents", "All respondents")), t.source)
            for r in keep
        ]
        points = tuple(p for i, r in enumerate(keep) if (p := _point(r.cell, i, 0, mean=True)) is not None)
        panels, series = [Panel(view.title, points)], [Series(t(Msg("chart.respondents", "Respondents")))]
        limits, percent, axis = (
            (float(lo), float(hi)),
            False,
            t(Msg("chart.axis_mean", "Average (scale {low} to {high})"), low=lo, high=hi),
        )
    elif view.kind == "representation":
        keep = [r for r in view.rows if r.cell.measure not in STATUS_CODES]
        reference = (view.plan.reference if view.plan is not None else None) or {}
        rows = [r.headers[-1] for r in keep]
        shares = [p for i, r in enumerate(keep) if (p := _point(r.cell, i, 0)) is not None]
        refs = [Point(i, 1, reference[str(r.cell.measure)]) for i, r in enumerate(keep) if r.cell.measure in reference]
        panels = [Panel(view.title, (*shares, *refs))]
        series = [
            Series(t(Msg("chart.respondents", "Respondents"))),
            Series(t(Msg("chart.reference", "Reference share")), interval=False),
        ]
        axis = t(Msg("chart.axis_share", "Share of respondents"))
    else:
        labelled, panels, series = _spec_counts(view, labels)
        rows, axis = list(labelled), t(Msg("chart.axis_share", "Share of respondents"))
    cells = tuple(r.cell for r in view.rows)
    hidden = partial(cells, view.measure, labels) if view.kind in ("counts", "matrix") else set()
    shown_hidden = any(
        place(r.cell) in hidden and not r.cell.suppressed and all(is_group(v) for v in r.cell.by.values())
        for r in view.rows
    )  # a point drawn hollow for it (groups without a breakdown answer are not drawn)
    hollow = Label(
        t(Msg("chart.uncertain_partial", "Hollow: uncertain, imprecise or other answer hidden"))
        if shown_hidden
        else t(Msg("chart.uncertain", "Hollow: uncertain or imprecise")),
        t.source,
    )
    if percent:
        top = max([p.high or p.value or 0.0 for panel in panels for p in panel.points] + [0.05])
        limits = (0.0, round_limit(top + 0.02))
    return ChartSpec(
        id=f"chart-{view.id}",
        title=view.title,
        description=describe(view, panels, series, rows, labels),
        rows=tuple(rows),
        panels=tuple(panels),
        series=tuple(series),
        axis_label=axis,
        limits=limits,
        numbers=t.numbers,
        words=chart_words(t) | {"uncertain": hollow},
        percent=percent,
        lang=t.lang,
    )


def chart_words(t: Catalogue) -> dict[str, str]:
    """The wording every chart needs (:data:`~.charts.WORDS`), as :class:`~.labels.Label` in the catalogue's language."""
    return {word: Label(t(msg), t.source) for word, msg in _CHART_WORDS.items()}


def describe(view: TableView, panels: list[Panel], series: list[Series], rows: Sequence[str], labels: Labels) -> str:
    """The chart's text alternative: what it shows, which groups it compares, its highest and lowest values
    (in each panel of small multiples: their answers differ, so their values are not compared), where the numbers are.
    """
    t = labels.t
    fmt = t.numbers.share if view.kind != "mean" else t.numbers.decimal_number
    sentences = [t(_KINDS[view.kind])]
    groups = [s.name for s in series if s.interval]
    if len(groups) > 1:
        sentences.append(
            t(Msg("chart.groups_compared", "Each row compares the groups {groups}."), groups="; ".join(groups))
        )

    def name(p: Point) -> str:
        return " · ".join([rows[p.row], *([series[p.series].name] if len(groups) > 1 else [])])

    for panel in panels:
        shown = [p for p in panel.points if p.value is not None and series[p.series].interval]
        if not shown:
            continue
        high = max(shown, key=lambda p: p.value or 0.0)
        low = min(shown, key=lambda p: p.value or 0.0)
        values = {"high": name(high), "high_value": fmt(high.value or 0.0),
                  "low": name(low), "low_value": fmt(low.value or 0.0)}  # fmt: skip
        if len(panels) > 1:
            sentences.append(t(_CHART_PANEL_EXTREMES, panel=panel.title, **values))
        else:
            sentences.append(
                t(Msg("chart.extremes", "Highest: {high}, {high_value}. Lowest: {low}, {low_value}."), **values)
            )
    missing = sum(1 for panel in panels for p in panel.points if p.value is None)
    if missing:
        sentences.append(
            t(
                _CHART_MISSING_SECONDARY
                if view.secondary
                else Msg("chart.missing", "Some groups are not shown because too few people are in them.")
            )
        )
    sentences.append(t(Msg("chart.numbers", "All figures are in table {number}."), number=view.number))
    return " ".join(sentences)

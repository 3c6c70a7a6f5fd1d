"""Several stored releases side by side, on the indicators they share, without pooling anything.

An indicator is a table's kind, measure and breakdowns: two releases share it
when both have a table of that kind measuring the same question by the same
groups. Each release's shares (or means) are shown as it published them, with
its own interval and flags; a cell suppressed in one release is "not shown"
there, whatever the others show. Every release must have been made with the
project's instrument (same id and version), so that labels and meanings agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.budget import DEFAULT_DELTA, approx_dp_epsilon
from analysis.release_body import public_body, simulated
from instruments.model import Instrument
from kernel.errors import EqSurveyError
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.charts.choice import chart_words
from reports.charts.spec import ChartSpec, Panel, Point, Series, render_svg, round_limit
from reports.content import Figure, check_instrument
from reports.labels import STATUS_CODES, Label, Labels
from reports.participation import participation
from reports.tables import flags, is_group, title

_COMPARE_CHART = Msg("compare.chart", "Dot chart comparing the releases, one series per release, with 95% intervals.")
_CHART_ESTIMATE_RELEASES = Msg(
    "chart.estimate_releases", "Each release’s marker: its estimate (shape and colour show the release)"
)
_COMPARE_FIGURE = Msg("compare.figure", "Figure {number}: {title}, by release. The figures are in the table below.")
_COMPARE_TOGETHER = Msg(
    "compare.together",
    "Together these releases spent ρ = {rho} of the survey's privacy budget (ε = {epsilon} at δ = {delta}).",
)
_COMPARE_SEPARATE = Msg(
    "compare.separate",
    "These releases come from different surveys: each protects its own respondents with its "
    "own budget (ρ as listed), so their budgets do not add up.",
)


@dataclass(frozen=True)
class ReleaseInfo:
    id: str
    publisher: str
    created: str
    plan: str
    respondents: str
    rho: str


@dataclass(frozen=True)
class CompareRow:
    headers: tuple[Label, ...]
    values: tuple[tuple[str, str] | None, ...]
    """Per release: (estimate, interval), or None where that release does not show the cell."""
    flags: str


@dataclass
class Indicator:
    id: str
    number: int
    title: Label
    header_columns: tuple[Label, ...]
    rows: list[CompareRow]
    figure: Figure | None


@dataclass
class Comparison:
    t: Catalogue
    title: Label
    releases: list[ReleaseInfo]
    indicators: list[Indicator]
    not_shared: str | None
    together: str
    simulated: bool = False
    """One of the releases was made from simulated responses: the comparison says so after its masthead."""


def _key(table: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    return table["kind"], table["measure"], tuple(table["by"])


def _cell_key(cell: dict[str, Any]) -> tuple[Any, ...]:
    return cell.get("row"), tuple(sorted((cell.get("by") or {}).items())), cell.get("measure")


def _value(kind: str, cell: dict[str, Any], t: Catalogue) -> tuple[str, str]:
    n = t.numbers
    if kind == "mean":
        return n.decimal_number(cell["estimate"]), n.decimal_range(cell["low"], cell["high"])
    return n.share(cell["share"]), n.share_range(cell["share_low"], cell["share_high"])


def _headers(table: dict[str, Any], cell: dict[str, Any], labels: Labels) -> tuple[Label, ...]:
    by = cell.get("by") or {}
    groups = tuple(labels.category(b, by[b]) for b in table["by"])
    if table["kind"] == "mean":
        return groups or (labels.ui(Msg("table.all_respondents", "All respondents")),)
    answer = labels.category(table["measure"], cell["measure"])
    row = (labels.row(table["measure"], cell["row"]),) if table["kind"] == "matrix" else ()
    return (*row, *groups, answer)


def _indicator(
    number: int, tables: list[dict[str, Any]], ids: list[str], plan: dict[str, Any], labels: Labels
) -> Indicator:
    t, first = labels.t, tables[0]
    kind = first["kind"]
    cells = [c for c in first["cells"] if kind == "mean" or c.get("measure") not in STATUS_CODES]
    found = [{_cell_key(c): c for c in table["cells"]} for table in tables]
    rows: list[CompareRow] = []
    chart_rows: list[str] = []
    points: list[Point] = []
    for cell in cells:
        key = _cell_key(cell)
        values, notes = [], []
        for release, index in enumerate(found):
            other = index.get(key)
            shown = (
                other is not None
                and other["status"] != "suppressed"
                and (kind == "mean" or other.get("share") is not None)
            )
            values.append(_value(kind, other, t) if shown and other is not None else None)
            if shown and other is not None and (flag := flags(other, t)):
                notes.append(f"{release + 1}: {flag}")
        rows.append(CompareRow(_headers(first, cell, labels), tuple(values), "; ".join(notes)))
        if all(is_group(v) for v in (cell.get("by") or {}).values()):
            r = len(chart_rows)
            chart_rows.append(" · ".join(_headers(first, cell, labels)))
            for s, index in enumerate(found):
                other = index.get(key)
                ok = other is not None and other["status"] != "suppressed"
                if not ok or other is None:
                    points.append(Point(r, s, None))
                elif kind == "mean":
                    points.append(
                        Point(r, s, other["estimate"], other["low"], other["high"], other["status"] == "uncertain")
                    )
                elif other.get("share") is not None:
                    uncertain = other["status"] == "uncertain" or other.get("share_status") == "imprecise"
                    points.append(Point(r, s, other["share"], other["share_low"], other["share_high"], uncertain))
    heading = title(first, plan, labels)
    figure = None
    if chart_rows:
        scale = labels.scale(first["measure"])
        top = max([p.high or p.value or 0.0 for p in points] + [0.05])
        limits = (
            (float(scale.bounds[0]), float(scale.bounds[1]))
            if kind == "mean" and scale
            else (0.0, round_limit(top + 0.02))
        )
        numbers = t(Msg("chart.numbers", "All figures are in table {number}."), number=number)
        axis = (
            t(Msg("chart.axis_mean", "Average (scale {low} to {high})"), low=limits[0], high=limits[1])
            if kind == "mean"
            else t(Msg("chart.axis_share", "Share of respondents"))
        )
        spec = ChartSpec(
            id=f"chart-{number}", title=str(heading), description=t(_COMPARE_CHART) + " " + numbers,
            rows=tuple(chart_rows), panels=(Panel(str(heading), tuple(points)),),
            series=tuple(Series(f"{i + 1}: {release}") for i, release in enumerate(ids)),
            axis_label=axis,
            limits=limits, numbers=t.numbers, percent=kind != "mean",
            words=chart_words(t) | {"groups": Label(t(Msg("chart.releases", "Releases:")), t.source),
                                    "estimate_groups": Label(t(_CHART_ESTIMATE_RELEASES), t.source)},
            lang=t.lang,
        )  # fmt: skip
        figure = Figure(render_svg(spec), t(_COMPARE_FIGURE, number=number, title=heading))
    return Indicator(f"i-{number}", number, heading, _column_names(first, labels), rows, figure)


def _column_names(table: dict[str, Any], labels: Labels) -> tuple[Label, ...]:
    groups = tuple(labels.variable(b) for b in table["by"])
    if table["kind"] == "mean":
        return groups or (labels.ui(Msg("column.group", "Group")),)
    item = (labels.ui(Msg("column.item", "Item")),) if table["kind"] == "matrix" else ()
    return (*item, *groups, labels.ui(Msg("column.answer", "Answer")))


def build_comparison(releases: list[dict[str, Any]], instrument: Instrument, lang: str) -> Comparison:
    """The side-by-side content of two or more releases (each ``{"id": …, **body}``)."""
    ids = [r["id"] for r in releases]
    if len(releases) < 2 or len(set(ids)) != len(ids):
        raise EqSurveyError.single(
            "compare-releases", "a comparison needs at least two different releases", "name two or more release ids"
        )
    for release in releases:
        check_instrument(release, instrument)
    # Another municipality's file may carry its dataset's MAC (or an old plain fingerprint): never shown.
    releases = [public_body(r) for r in releases]
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    keyed = [{_key(tb): tb for tb in reversed(r["tables"])} for r in releases]  # the first of a kind wins
    shared = [k for k in dict.fromkeys(_key(tb) for tb in releases[0]["tables"]) if all(k in m for m in keyed)]
    plans = {p["id"]: p for p in releases[0]["plan"]["tables"]}
    indicators = [
        _indicator(number, [m[k] for m in keyed], ids, plans.get(keyed[0][k]["id"], {}), labels)
        for number, k in enumerate((k for k in shared if k[0] != "write_ins"), start=1)
    ]
    others = sorted({tb["id"] for r in releases for tb in r["tables"] if _key(tb) not in shared})
    n = t.numbers
    rho = sum(float(r["privacy"]["rho"]) for r in releases)
    delta = DEFAULT_DELTA + sum(float(r["privacy"].get("threshold_delta", 0.0)) for r in releases)
    # Releases of different surveys (municipalities) protect different people: their budgets do not add up.
    one_survey = len({r.get("publisher") for r in releases}) == 1
    infos = []
    for r in releases:
        people = participation(r, labels)
        infos.append(ReleaseInfo(r["id"], str(r.get("publisher") or "–"), t.date(r["created_at"]),
                                 str(r["plan"].get("id", "")),
                                 people.total or (f"≥ {people.at_least}" if people.at_least else "–"),
                                 n.significant(r["privacy"]["rho"])))  # fmt: skip
    not_shared = Msg("compare.not_shared", "Tables not in every release, and so not compared: {tables}.")
    return Comparison(
        t=t,
        title=Label(t(Msg("compare.title", "Comparison of releases: {title}"), title=labels.text(instrument.title)), t.source),
        releases=infos,
        indicators=indicators,
        not_shared=t(not_shared, tables=", ".join(others)) if others else None,
        together=t(_COMPARE_TOGETHER, rho=n.significant(rho), epsilon=n.significant(approx_dp_epsilon(rho)),
                   delta=n.significant(delta, 2)) if one_survey else t(_COMPARE_SEPARATE),
        simulated=any(simulated(r) for r in releases),
    )  # fmt: skip

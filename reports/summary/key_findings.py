"""The summary's key findings: each finding of :mod:`.findings` as a plain sentence, its verdict and a chart.

The first few findings get a chart of the compared answer, small enough to be
read on a phone; the rest point to their table in the annex.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from analysis.releases.model import PublicationRules
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.charts.choice import chart_spec
from reports.charts.spec import ChartSpec, Panel, render_html
from reports.content import Figure
from reports.labels import Label, Labels
from reports.summary.findings import Finding, findings
from reports.summary.plain import decimal, decimal_range, percent, percent_range, scale_ends, share_words
from reports.tables import TableView

MAX_FINDINGS = 5
MAX_CHARTS = 3
MAX_MARKS = 12
"""A chart with more points (rows × series) than this cannot be read on a phone; its table is in the annex."""


@dataclass(frozen=True)
class KeyFinding:
    anchor: str
    heading: Label
    sentence: str
    verdict: list[str]
    source: str
    figure: Figure | None


def _subject(f: Finding, t: Catalogue) -> str:
    topic = f.topic
    if topic.row is not None:
        subject = t(Msg("digest.subject_row", "{row}, answer “{answer}”"), row=topic.row, answer=topic.answer)
    elif topic.answer is not None:
        subject = t(
            Msg("digest.subject_answer", "“{measure}”, answer “{answer}”"), measure=topic.measure, answer=topic.answer
        )
    else:
        subject = t(Msg("digest.subject_measure", "“{measure}”"), measure=topic.measure)
    return (
        subject
        if topic.shared is None
        else t(
            Msg("digest.subject_among", "{subject}, among people in the group “{shared}”"),
            subject=subject,
            shared=topic.shared,
        )
    )


def _sentence(f: Finding, view: TableView, labels: Labels) -> str:
    t = labels.t
    high, low = f.sides
    if view.kind == "mean":
        scale = labels.scale(view.measure)
        ends = scale_ends(scale, labels) if scale is not None else {}
        (hl, hh), (ll, lh) = decimal_range(high.low, high.high, t), decimal_range(low.low, low.high, t)
        return t(
            Msg(
    "digest.finding_mean",
    "{subject}, on a scale from {scale_low} ({scale_low_label}) to {scale_high} "
    "({scale_high_label}): on average {high_value} in the group “{high_group}” (between "
    "{high_low} and {high_high}), compared with {low_value} in the group “{low_group}” "
    "(between {low_low} and {low_high}).",
), subject=_subject(f, t), high_value=decimal(high.value, t), high_group=high.group,
            high_low=hl, high_high=hh, low_value=decimal(low.value, t), low_group=low.group, low_low=ll, low_high=lh,
            scale_low=ends.get("low"), scale_low_label=ends.get("low_label"), scale_high=ends.get("high"),
            scale_high_label=ends.get("high_label"),
        )  # fmt: skip
    (hl, hh), (ll, lh) = percent_range(high.low, high.high, t), percent_range(low.low, low.high, t)
    return t(
        Msg(
    "digest.finding_share",
    "{subject}: {high_words} in the group “{high_group}” ({high_value}, between {high_low} and "
    "{high_high}), compared with {low_words} in the group “{low_group}” ({low_value}, between "
    "{low_low} and {low_high}).",
), subject=_subject(f, t), high_words=share_words(high.value, t), high_group=high.group,
        high_value=percent(high.value, t), high_low=hl, high_high=hh, low_words=share_words(low.value, t),
        low_group=low.group, low_value=percent(low.value, t), low_low=ll, low_high=lh,
    )  # fmt: skip


def _describe(spec: ChartSpec, panel: Panel, view: TableView, t: Catalogue) -> str:
    """The chart's text alternative: what it shows, its highest and lowest figure, and whether groups are missing."""

    def fmt(value: float) -> str:
        return percent(value, t) if spec.percent else decimal(value, t)

    sentences = [
        t(
            Msg("digest.chart_shares", "Dot chart of shares with their 95% ranges.")
            if spec.percent
            else Msg("digest.chart_means", "Dot chart of averages with their 95% ranges.")
        )
    ]
    shown = [p for p in panel.points if p.value is not None and spec.series[p.series].interval]

    def name(row: int, series: int) -> str:
        return spec.rows[row] + (f" · {spec.series[series].name}" if len(spec.series) > 1 else "")

    if shown:
        top = max(shown, key=lambda p: p.value or 0.0)
        bottom = min(shown, key=lambda p: p.value or 0.0)
        sentences.append(
            t(Msg("digest.chart_extremes", "Highest: {high}, {high_value}. Lowest: {low}, {low_value}."),
              high=name(top.row, top.series), high_value=fmt(top.value or 0.0),
              low=name(bottom.row, bottom.series), low_value=fmt(bottom.value or 0.0))
        )  # fmt: skip
    if any(p.value is None for p in panel.points):
        sentences.append(
            t(
                Msg(
                    "digest.chart_hidden",
                    "Some groups are not shown: too few people are in them, or their figures could reveal hidden small figures.",
                )
            )
        )
    sentences.append(t(Msg("digest.source", "All figures: table {number} in the annex."), number=view.number))
    return " ".join(sentences)


def _figure(f: Finding, view: TableView, labels: Labels, number: int) -> Figure | None:
    """The chart of the compared answer (one panel), or None where it would not be readable on a phone."""
    t = labels.t
    spec = chart_spec(view, labels)
    if spec is None:
        return None
    panels = spec.panels
    if len(panels) > 1:  # one panel per answer: keep the compared one
        panels = tuple(p for p in panels if p.title == f.topic.answer)
    if len(panels) != 1 or len(spec.rows) * len(spec.series) > MAX_MARKS:
        return None
    (panel,) = panels
    if len(spec.panels) > 1:
        title = t(
            Msg("digest.figure_answer", "Figure {number}: {title}, share with the answer “{answer}”."),
            number=number,
            title=view.title,
            answer=f.topic.answer,
        )
    else:
        title = t(Msg("digest.figure", "Figure {number}: {title}."), number=number, title=view.title)
    caption = [title]
    scale = labels.scale(view.measure) if view.kind == "mean" else None
    if scale is not None:
        caption.append(
            t(
                Msg("digest.figure_scale", "Scale: {low} = {low_label}, {high} = {high_label}."),
                **scale_ends(scale, labels),
            )
        )
    caption.append(
        t(
            Msg(
                "digest.figure_reading",
                "People who did not answer the question the groups are formed by are in the annex only.",
            )
        )
    )
    spec = replace(
        spec, id=f"summary-{spec.id}", title=title, panels=(panel,), description=_describe(spec, panel, view, t)
    )
    return Figure(render_html(spec), " ".join(caption))


def verdict_key(f: Finding) -> Msg:
    """Separate ranges read as "clear" only when both figures rest on enough people: a council reads
    "clear" and "uncertain" in one breath as a contradiction."""
    if not f.separated:
        return Msg("digest.chance", "The difference could be chance: the ranges of the two figures overlap.")
    return (
        Msg(
            "digest.likely",
            "The ranges of the two figures do not overlap, so the difference is likely real; but see below.",
        )
        if any(side.uncertain for side in f.sides)
        else Msg(
            "digest.clear",
            "The difference between the groups is clear: it is larger than the uncertainty of both figures.",
        )
    )


def key_findings(views: list[TableView], labels: Labels, rules: PublicationRules) -> list[KeyFinding]:
    t = labels.t
    by_id = {v.id: v for v in views}
    out = []
    charts = 0
    for f in findings(views, labels, rules, limit=MAX_FINDINGS):
        view = by_id[f.table]
        figure = _figure(f, view, labels, charts + 1) if charts < MAX_CHARTS else None
        charts += figure is not None
        verdict = [t(verdict_key(f))]
        if any(side.uncertain for side in f.sides):
            verdict.append(
                t(
                    Msg(
                        "digest.few",
                        "At least one of the two figures rests on fewer than {flag} people, so it is uncertain.",
                    ),
                    flag=rules.flag_below,
                )
            )
        out.append(
            KeyFinding(f"finding-{f.table}", view.title, _sentence(f, view, labels), verdict,
                       t(Msg("digest.source", "All figures: table {number} in the annex."), number=f.number), figure)
        )  # fmt: skip
    return out

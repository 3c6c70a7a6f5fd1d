"""The summary report: one stored release as a short publication in plain words, ready to lay out.

It is rendered from the same stored release as the table annex (the full
report, :mod:`.content`) and says, in this order: what the survey is (title
and a lead paragraph), the key findings (:mod:`.findings`, each a plain
sentence with its uncertainty in words and, for the first few, a chart of
the compared answer), who took part (:mod:`.participation`: groups of people
only, the people without a group said apart), and what protects the
respondents, in words without the privacy parameters, which belong to the
annex's methodology. Every sentence comes from the catalogue's ``digest``
section; every number from the release, rounded outwards by :mod:`.plain`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from analysis.releases.model import PublicationRules, Release
from instruments.model import Instrument
from reports.catalogue import Catalogue
from reports.charts.choice import chart_spec
from reports.charts.spec import ChartSpec, Panel, render_html
from reports.content import Figure, check_instrument
from reports.labels import Label, Labels
from reports.participation import Participation, participation
from reports.summary.findings import Finding, findings
from reports.summary.plain import decimal, decimal_range, percent, percent_range, scale_ends, share_words
from reports.tables import TableView, release_views, secondary

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


@dataclass(frozen=True)
class GroupSizes:
    variable: Label
    groups: list[tuple[Label, str]]
    unanswered: str | None


@dataclass
class Summary:
    t: Catalogue
    release_id: str
    title: Label
    dateline: str
    lead: list[str]
    findings: list[KeyFinding]
    who: list[str]
    groups: list[GroupSizes]
    groups_note: str | None
    protection: list[str]
    annex: str
    simulated: bool = False
    """Made from simulated responses (as the release records): the summary says so after its masthead."""

    @property
    def lang(self) -> str:
        return self.t.lang


def _subject(f: Finding, t: Catalogue) -> str:
    topic = f.topic
    if topic.row is not None:
        subject = t("digest.subject_row", row=topic.row, answer=topic.answer)
    elif topic.answer is not None:
        subject = t("digest.subject_answer", measure=topic.measure, answer=topic.answer)
    else:
        subject = t("digest.subject_measure", measure=topic.measure)
    return subject if topic.shared is None else t("digest.subject_among", subject=subject, shared=topic.shared)


def _sentence(f: Finding, view: TableView, labels: Labels) -> str:
    t = labels.t
    high, low = f.sides
    if view.kind == "mean":
        scale = labels.scale(view.measure)
        ends = scale_ends(scale, labels) if scale is not None else {}
        (hl, hh), (ll, lh) = decimal_range(high.low, high.high, t), decimal_range(low.low, low.high, t)
        return t(
            "digest.finding_mean", subject=_subject(f, t), high_value=decimal(high.value, t), high_group=high.group,
            high_low=hl, high_high=hh, low_value=decimal(low.value, t), low_group=low.group, low_low=ll, low_high=lh,
            scale_low=ends.get("low"), scale_low_label=ends.get("low_label"), scale_high=ends.get("high"),
            scale_high_label=ends.get("high_label"),
        )  # fmt: skip
    (hl, hh), (ll, lh) = percent_range(high.low, high.high, t), percent_range(low.low, low.high, t)
    return t(
        "digest.finding_share", subject=_subject(f, t), high_words=share_words(high.value, t), high_group=high.group,
        high_value=percent(high.value, t), high_low=hl, high_high=hh, low_words=share_words(low.value, t),
        low_group=low.group, low_value=percent(low.value, t), low_low=ll, low_high=lh,
    )  # fmt: skip


def _describe(spec: ChartSpec, panel: Panel, view: TableView, t: Catalogue) -> str:
    """The chart's text alternative: what it shows, its highest and lowest figure, and whether groups are missing."""

    def fmt(value: float) -> str:
        return percent(value, t) if spec.percent else decimal(value, t)

    sentences = [t("digest.chart_shares" if spec.percent else "digest.chart_means")]
    shown = [p for p in panel.points if p.value is not None and spec.series[p.series].interval]

    def name(row: int, series: int) -> str:
        return spec.rows[row] + (f" · {spec.series[series].name}" if len(spec.series) > 1 else "")

    if shown:
        top = max(shown, key=lambda p: p.value or 0.0)
        bottom = min(shown, key=lambda p: p.value or 0.0)
        sentences.append(
            t("digest.chart_extremes", high=name(top.row, top.series), high_value=fmt(top.value or 0.0),
              low=name(bottom.row, bottom.series), low_value=fmt(bottom.value or 0.0))
        )  # fmt: skip
    if any(p.value is None for p in panel.points):
        sentences.append(t("digest.chart_hidden"))
    sentences.append(t("digest.source", number=view.number))
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
        title = t("digest.figure_answer", number=number, title=view.title, answer=f.topic.answer)
    else:
        title = t("digest.figure", number=number, title=view.title)
    caption = [title]
    scale = labels.scale(view.measure) if view.kind == "mean" else None
    if scale is not None:
        caption.append(t("digest.figure_scale", **scale_ends(scale, labels)))
    caption.append(t("digest.figure_reading"))
    spec = replace(
        spec, id=f"summary-{spec.id}", title=title, panels=(panel,), description=_describe(spec, panel, view, t)
    )
    return Figure(render_html(spec), " ".join(caption))


def verdict_key(f: Finding) -> str:
    """Separate ranges read as "clear" only when both figures rest on enough people: a council reads
    "clear" and "uncertain" in one breath as a contradiction."""
    if not f.separated:
        return "digest.chance"
    return "digest.likely" if any(side.uncertain for side in f.sides) else "digest.clear"


def _key_findings(views: list[TableView], labels: Labels, rules: PublicationRules) -> list[KeyFinding]:
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
            verdict.append(t("digest.few", flag=rules.flag_below))
        out.append(
            KeyFinding(f"finding-{f.table}", view.title, _sentence(f, view, labels), verdict,
                       t("digest.source", number=f.number), figure)
        )  # fmt: skip
    return out


def _groups(release: Release, p: Participation, t: Catalogue) -> tuple[list[str], list[GroupSizes], str | None]:
    who = []
    if p.total:
        who.append(t("digest.total", total=p.total))
    elif p.at_least:
        who.append(t("digest.at_least", total=p.at_least))
    if release.non_probability:
        who.append(t("digest.sample"))
    unanswered = {str(variable): entries for variable, entries in p.unanswered}
    sizes = []
    for variable, groups in p.groups:
        rest = unanswered.get(str(variable)) or []
        entries = t("digest.entries_and").join(t("digest.entry", label=label, size=size) for label, size in rest)
        sizes.append(GroupSizes(variable, groups, t("digest.unanswered", entries=entries) if rest else None))
    return who, sizes, t("digest.or_more") if p.note else None


def _lead(p: Participation, t: Catalogue, title: Label, fieldwork: str | None) -> list[str]:
    people = (
        t("digest.lead_total", total=p.total) if p.total
        else t("digest.lead_at_least", total=p.at_least) if p.at_least
        else ""
    )  # fmt: skip
    parts = [t("digest.lead", title=title), people]
    if fieldwork:
        parts.append(t("digest.lead_fieldwork", period=fieldwork))
    parts.append(t("digest.lead_annex"))
    return [" ".join(part for part in parts if part)]


def _protection(release: Release, t: Catalogue) -> list[str]:
    rules = release.publication
    lines = [
        t("digest.protect_storage"),
        t("digest.protect_noise"),
        t("digest.protect_small", below=rules.suppress_below, flag=rules.flag_below - 1),
    ]
    if secondary(release):
        lines.append(t("digest.protect_secondary"))
    return lines


def build_summary(release: Release, instrument: Instrument, lang: str, fieldwork: str | None = None) -> Summary:
    """The summary's content (see the module docstring), from the release as it may be published."""
    check_instrument(release, instrument)
    release = release.public()
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    rules = release.publication
    views = release_views(release, labels)
    title = labels.text(instrument.title)
    taking_part = participation(release, labels)
    who, groups, note = _groups(release, taking_part, t)
    return Summary(
        t=t,
        release_id=release.id,
        title=title,
        dateline=t("digest.dateline", release=release.id, date=t.date(release.created_at)),
        lead=_lead(taking_part, t, title, fieldwork),
        findings=_key_findings(views, labels, rules),
        who=who,
        groups=groups,
        groups_note=note,
        protection=_protection(release, t),
        annex=t("digest.annex", release=release.id),
        simulated=release.simulated,
    )

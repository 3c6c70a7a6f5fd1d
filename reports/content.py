"""One stored release + its instrument + a language → the report's content, ready to lay out.

Everything the templates show is decided here (and in :mod:`.tables`,
:mod:`.findings`, :mod:`.figures`, :mod:`.method`): which tables, in which
order, with which labels, numbers, flags and notes. Nothing is computed from
responses and no noise is drawn: the numbers are the release's, formatted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.releases.model import Release
from instruments.model import Instrument
from kernel.errors import EqSurveyError
from kernel.i18n import Msg
from reports.annex import Part, parts
from reports.catalogue import Catalogue
from reports.charts.choice import chart_spec
from reports.charts.spec import render_svg
from reports.labels import Label, Labels
from reports.method import Methodology, methodology
from reports.participation import Participation, participation
from reports.summary.findings import Finding, findings
from reports.tables import TableView, is_group, release_views, secondary
from reports.weighting import WeightingContent, summary, weighting_content

_SUMMARY_PROTECTION_WORDS = Msg(
    "summary.protection_words",
    "Before publication, every figure in this report was changed by a small random amount "
    "(differential privacy). This limits what anyone can learn from the report about a single "
    "person, even someone who knows everyone else's answers. It does not make learning "
    "something impossible.",
)
_SUMMARY_PROTECTION_SMALL = Msg(
    "summary.protection_small",
    "Figures for fewer than {below} people are not shown, and figures for fewer than {flag} "
    "people are marked as uncertain.",
)
_SUMMARY_PROTECTION_SECONDARY = Msg(
    "summary.protection_secondary",
    "Some further figures are hidden as well, although their groups are large enough: "
    "otherwise the hidden small figures could be worked out by subtracting published ones from "
    "each other.",
)
_SUMMARY_PROTECTION_METHOD = Msg(
    "summary.protection_method",
    "What this protection means for one person, and how strong it is, is explained in the "
    "section “Methodology and data protection”.",
)
_SUMMARY_SAMPLE = Msg(
    "summary.sample",
    "The people who took part chose to do so. The figures describe them; they do not represent the whole population.",
)


@dataclass(frozen=True)
class Figure:
    svg: str
    caption: str


@dataclass
class Section:
    table: TableView
    figure: Figure | None
    parts: list[Part]
    """The table as the annex lays it out: one part, or one per item or group (see :mod:`.annex`)."""


@dataclass
class Report:
    t: Catalogue
    release_id: str
    title: Label
    created: str
    participation: Participation
    findings: list[Finding]
    sections: list[Section]
    method: Methodology
    protection: list[str]
    sample: str | None
    """The non-probability caveat for the summary, where it applies."""
    simulated: bool = False
    """Made from simulated responses (the release records how many): the report says so after its masthead."""
    weighting: WeightingContent | None = None
    """A calibrated release's weighted tables and what weighting does (:mod:`.weighting`)."""
    weighted_sections: list[Section] = field(default_factory=list)
    """The weighted tables laid out like the plain ones (no charts: the plain table's chart stands)."""
    weighted: str | None = None
    """The summary's sentence on the weighted tables, where there are any."""

    @property
    def lang(self) -> str:
        return self.t.lang


def check_instrument(release: Release, instrument: Instrument) -> None:
    """A user error unless the release was made with this instrument id and version."""
    made = release.instrument
    if (made.id, made.version) != (instrument.id, instrument.version):
        raise EqSurveyError.single(
            "release-instrument",
            f"release {release.id} was made with instrument {made.id} {made.version},"
            f" but this project's instrument is {instrument.id} {instrument.version}",
            "render it with the instrument version it was made with (e.g. check that version out of version"
            " control), or make a new release with the current instrument",
        )


def _figure(view: TableView, labels: Labels) -> Figure | None:
    spec = chart_spec(view, labels)
    if spec is None:
        return None
    t = labels.t
    caption = t(
        Msg("chart.caption", "Figure {number}: “{title}”. The figures are in the table below."),
        number=view.number,
        title=view.title,
    )
    if any(not all(is_group(v) for v in r.cell.by.values()) for r in view.rows):
        caption += " " + t(
            Msg("chart.caption_groups", "People without an answer to the breakdown are in the table only.")
        )
    return Figure(render_svg(spec), caption)


def _parts(view: TableView, t: Catalogue) -> list[Part]:
    return parts(
        view,
        t(Msg("table.caption", "Table {number}: {title}"), number=view.number, title=view.title),
        t(Msg("annex.part_caption", "{caption} – {part}")),
    )


def protection(release: Release, t: Catalogue) -> list[str]:
    """What the privacy protection does, in words; its strength (ρ, ε, δ) and what ε means for one person are
    explained in the methodology (:mod:`.method`), not in the opening pages."""
    rules = release.publication
    return [
        t(_SUMMARY_PROTECTION_WORDS),
        t(
            _SUMMARY_PROTECTION_SMALL,
            below=rules.suppress_below,
            flag=rules.flag_below,
        ),
        *([t(_SUMMARY_PROTECTION_SECONDARY)] if secondary(release) else []),
        t(_SUMMARY_PROTECTION_METHOD),
    ]


def build_report(release: Release, instrument: Instrument, lang: str, fieldwork: str | None = None) -> Report:
    """The report's content (see the module docstring), from the release as it may be published."""
    check_instrument(release, instrument)
    release = release.public()
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    rules = release.publication
    views = release_views(release, labels)
    weighting = weighting_content(release, labels, len(views) + 1)
    return Report(
        t=t,
        release_id=release.id,
        title=labels.text(instrument.title),
        created=t.date(release.created_at),
        participation=participation(release, labels),
        findings=findings(views, labels, rules),
        sections=[Section(v, _figure(v, labels), _parts(v, t)) for v in views],
        method=methodology(release, instrument, labels, views, fieldwork),
        protection=protection(release, t),
        sample=t(_SUMMARY_SAMPLE) if release.non_probability else None,
        simulated=release.simulated,
        weighting=weighting,
        weighted_sections=[Section(v, None, _parts(v, t)) for v in (weighting.views if weighting else [])],
        weighted=summary(release, labels),
    )

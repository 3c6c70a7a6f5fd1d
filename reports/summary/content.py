"""The summary report: one stored release as a short publication in plain words, ready to lay out.

It is rendered from the same stored release as the table annex (the full
report, :mod:`.content`) and says, in this order: what the survey is (title
and a lead paragraph), the key findings (:mod:`.key_findings`, each a plain
sentence with its uncertainty in words and, for the first few, a chart of
the compared answer), who took part (:mod:`.participation`: groups of people
only, the people without a group said apart), which community organisations reviewed and approved the
questionnaire (:mod:`reports.review`), and what protects the
respondents, in words without the privacy parameters, which belong to the
annex's methodology. Every sentence comes from the catalogue's ``digest``
section; every number from the release, rounded outwards by :mod:`.plain`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.releases.model import Release
from instruments.model import Instrument
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.content import check_instrument
from reports.labels import Label, Labels
from reports.participation import Participation, participation
from reports.review import review_lines
from reports.summary.key_findings import KeyFinding, key_findings
from reports.tables import release_views, secondary
from reports.weighting import summary as weighting_summary


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
    review: list[str]
    """Which organisations reviewed and approved the questionnaire (:mod:`reports.review`), earlier ones after."""
    simulated: bool = False
    """Made from simulated responses (as the release records): the summary says so after its masthead."""

    @property
    def lang(self) -> str:
        return self.t.lang


def _groups(release: Release, p: Participation, t: Catalogue) -> tuple[list[str], list[GroupSizes], str | None]:
    who = []
    if p.total:
        who.append(
            t(
                Msg(
                    "digest.total",
                    "An estimated {total} people took part. This number is protected like every other figure, "
                    "so it is an estimate, not an exact count.",
                ),
                total=p.total,
            )
        )
    elif p.at_least:
        who.append(
            t(
                Msg(
                    "digest.at_least",
                    "An estimated {total} or more people took part (the total itself is not shown, because not "
                    "all of its parts are shown).",
                ),
                total=p.at_least,
            )
        )
    if release.non_probability:
        who.append(
            t(
                Msg(
                    "digest.sample",
                    "The people who took part chose to do so. The figures describe them; they do not represent the whole population.",
                )
            )
        )
    unanswered = {str(variable): entries for variable, entries in p.unanswered}
    sizes = []
    for variable, groups in p.groups:
        rest = unanswered.get(str(variable)) or []
        entries = t(Msg("digest.entries_and", "; ")).join(
            t(Msg("digest.entry", "{size} “{label}”"), label=label, size=size) for label, size in rest
        )
        sizes.append(
            GroupSizes(
                variable,
                groups,
                t(Msg("digest.unanswered", "Not in any of these groups: {entries}."), entries=entries)
                if rest
                else None,
            )
        )
    return (
        who,
        sizes,
        t(
            Msg(
                "digest.or_more",
                "“or more”: one of the tables in the annex shows this many people of the group; the "
                "group's total is not shown, because not all of its parts are shown.",
            )
        )
        if p.note
        else None,
    )


def _lead(p: Participation, t: Catalogue, title: Label, fieldwork: str | None) -> list[str]:
    people = (
        t(Msg("digest.lead_total", "An estimated {total} people took part."), total=p.total) if p.total
        else t(Msg("digest.lead_at_least", "An estimated {total} or more people took part."), total=p.at_least) if p.at_least
        else ""
    )  # fmt: skip
    parts = [
        t(
            Msg(
                "digest.lead",
                "This summary presents the main results of the survey “{title}”: where the groups who took "
                "part differ most, who took part, and how their answers are protected.",
            ),
            title=title,
        ),
        people,
    ]
    if fieldwork:
        parts.append(
            t(Msg("digest.lead_fieldwork", "The answers were collected in this period: {period}."), period=fieldwork)
        )
    parts.append(
        t(
            Msg(
                "digest.lead_annex",
                "Every table with all its figures, and how the survey was carried out and evaluated, is in "
                "the table annex of this release.",
            )
        )
    )
    return [" ".join(part for part in parts if part)]


def _protection(release: Release, t: Catalogue) -> list[str]:
    rules = release.publication
    lines = [
        t(
            Msg(
                "digest.protect_storage",
                "Nobody had to give their name. The answers were stored encrypted and under a code instead "
                "of a name; contact details, for example for a prize draw, were kept apart and cannot be "
                "linked to the answers. Only figures about groups are published, never a single person's "
                "answers.",
            )
        ),
        t(
            Msg(
                "digest.protect_noise",
                "Before publication, every figure was changed by a small random amount. This limits what "
                "anyone can learn from the figures about a single person, even someone who knows the "
                "answers of everyone else; it does not make learning something about a person impossible. "
                "The ranges given with each figure include this random change.",
            )
        ),
        t(
            Msg(
                "digest.protect_small",
                "Figures for fewer than {below} people are not shown at all. Figures for {below} to {flag} "
                "people are shown but are marked as uncertain in the annex.",
            ),
            below=rules.suppress_below,
            flag=rules.flag_below - 1,
        ),
    ]
    if secondary(release):
        lines.append(
            t(
                Msg(
                    "digest.protect_secondary",
                    "Some figures of larger groups are not shown either, so that hidden small figures cannot "
                    "be worked out from the published ones.",
                )
            )
        )
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
    if (weighted := weighting_summary(release, labels)) is not None:
        who.append(weighted)  # after the caveat: the weighted tables match the population by these variables
    return Summary(
        t=t,
        release_id=release.id,
        title=title,
        dateline=t(
            Msg("digest.dateline", "Release {release}, published on {date}"),
            release=release.id,
            date=t.date(release.created_at),
        ),
        lead=_lead(taking_part, t, title, fieldwork),
        findings=key_findings(views, labels, rules),
        who=who,
        groups=groups,
        groups_note=note,
        protection=_protection(release, t),
        annex=t(
            Msg(
                "digest.annex",
                "Every table with all its figures, the method and the exact strength of the protection are "
                "in the table annex of this release ({release}).",
            ),
            release=release.id,
        ),
        review=[line for lines in review_lines(release, t) for line in lines],
        simulated=release.simulated,
    )

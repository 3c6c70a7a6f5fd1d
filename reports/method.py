"""The report's methodology and data-protection part, from the stored release and the instrument.

What the questionnaire is (version, modules and their sources; the modules' design notes are for
authors, see ``eqsurvey instrument modules --notes``, and never reach a report), when it was
fielded, how answers were protected on the way (pseudonyms, sealing,
coarsening), what the privacy budget is in words and numbers (ρ and the
(ε, δ) it amounts to, and what ε bounds for one person), which publication rules apply (with secondary
suppression and the disclosure audit where the release records them in its
``suppression`` field; older releases say nothing of either), what kind of sample it
is, what the intervals include, and the release's record (plan and its
hash, software); which community organisations reviewed and approved the questionnaire's exact content
(:mod:`reports.review`). What depends on the answers only through the noise, and
what does not depend on them at all, is said in words (``method.exact_data``,
see analysis.releases.making); the dataset's keyed MAC is never shown, nor the plain
fingerprint older releases hold. Every sentence comes from the catalogue; every number from the release.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from analysis.budget import CONVENTIONAL_EPSILON
from analysis.releases.model import Release, WaveRecord
from analysis.releases.tables import PublishedTable
from instruments.model import Instrument
from kernel.i18n import Msg
from reports import method_wording as words
from reports.labels import Label, Labels
from reports.review import review_lines
from reports.tables import TableView, suppression
from reports.weighting import summary as weighting_summary


@dataclass(frozen=True)
class Module:
    title: Label
    id: str
    version: str
    citation: str
    url: str
    locked: bool


@dataclass(frozen=True)
class BudgetRow:
    number: int
    title: Label
    rho: str
    noise: str
    mechanism: str


@dataclass
class Methodology:
    instrument: str
    modules: list[Module]
    fieldwork: list[str]
    data_protection: list[tuple[str, Label]]
    protection: list[str]
    budget: list[str]
    budget_rows: list[BudgetRow]
    rules: list[str]
    sample: list[str]
    intervals: list[str]
    record: list[tuple[str, str]] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    """Which organisations reviewed and approved the questionnaire's content (:mod:`reports.review`)."""
    review_earlier: list[str] = field(default_factory=list)


def _modules(instrument: Instrument, labels: Labels) -> list[Module]:
    return [
        Module(labels.text(m.title), m.id, m.version, m.source.citation, m.source.url or "", m.locked)
        for m in instrument.modules
    ]


def _noise(table: PublishedTable, labels: Labels) -> tuple[str, str]:
    t, n = labels.t, labels.t.numbers
    parts = table.noise
    # "σ = 4.35" is a formula: on a right-to-left page it is isolated as left-to-right text (LRI … PDI), or it would
    # read "4.35 = σ" (and a power of ten 10⁻⁶ would come apart).
    ltr = ("\u2066", "\u2069") if t.dir == "rtl" else ("", "")
    stated = [(t("noise." + name), float(part.scale)) for name, part in parts.items()]
    if "options" in parts and "statuses" in parts:
        # A centred table's option count reads (answered + centred value) / 2: its own σ is what a reader needs.
        options, statuses = float(parts["options"].scale), float(parts["statuses"].scale)
        stated.append((t("noise.option_count"), math.sqrt((options**2 + statuses**2) / 4)))
    # No-break spaces: "σ = 10.8" is one formula and does not wrap apart in a narrow column.
    scales = "; ".join(f"{name}: {ltr[0]}σ\u00a0=\u00a0{n.significant(scale)}{ltr[1]}" for name, scale in stated)
    mechanisms = sorted({part.mechanism for part in parts.values()})
    return scales, ", ".join(t("mechanism." + m) for m in mechanisms)


def _budget(release: Release, labels: Labels) -> list[str]:
    t, n = labels.t, labels.t.numbers
    privacy = release.privacy
    epsilon, delta = privacy.epsilon, privacy.delta
    lines = [
        t(words.METHOD_BUDGET_WORDS),
        t(words.METHOD_BUDGET_NUMBERS, rho=n.significant(privacy.rho), epsilon=n.significant(epsilon),
          delta=n.significant(delta, 2)),
        # (ε, δ) for one person: P(result | with them) ≤ e^ε P(result | without them) + δ, so the odds anyone
        # gives to their taking part move by at most e^ε; one answer against another is two such steps
        # (group privacy: e^2ε, δ (1 + e^ε)).
        t(words.METHOD_BUDGET_MEANING, epsilon=n.significant(epsilon), factor=n.exp(epsilon), factor2=n.exp(2 * epsilon),
          delta=n.significant(delta, 2), delta2=n.significant(delta * (1 + math.exp(min(epsilon, 700))), 2)),
        t(words.METHOD_BUDGET_UNIT),
        t(words.METHOD_BUDGET_MECHANISMS),
    ]  # fmt: skip
    if privacy.epsilon > CONVENTIONAL_EPSILON:
        lines.append(t(words.METHOD_BUDGET_WEAK, epsilon=n.significant(CONVENTIONAL_EPSILON)))
    total = privacy.total
    if total is not None and total.rho is not None:
        lines.append(t(words.METHOD_BUDGET_TOTAL, total=n.significant(float(total.rho))))
        for change in total.changes:
            lines.append(
                t(words.METHOD_BUDGET_TOTAL_CHANGED, total=n.significant(float(change.total)),
                  day=t.date(change.set_at[:10]), reason=change.reason)
            )  # fmt: skip
    return lines


def _secondary(release: Release, labels: Labels) -> list[str]:
    """Secondary suppression and the disclosure audit in words, for releases that record them (not older ones)."""
    found = suppression(release)
    if found is None:
        return []
    t, n = labels.t, labels.t.numbers
    lines = []
    if found.secondary:
        lines.append(t(words.METHOD_RULES_SECONDARY, primary=n.count(found.primary or 0),
                       secondary=n.count(found.secondary)))  # fmt: skip
    if found.protection is not None:
        width = float(found.protection)
        lines.append(
            t(words.METHOD_RULES_AUDIT, protection=n.count(width) if width.is_integer() else n.decimal_number(width, 1))
        )
    return lines


def methodology(
    release: Release, instrument: Instrument, labels: Labels, views: list[TableView], fieldwork: str | None
) -> Methodology:
    t, n = labels.t, labels.t.numbers
    rules = release.publication
    tables = {table.id: table for table in release.tables}
    budget_rows = []
    for view in views:
        table = tables[view.id]
        noise, mechanism = _noise(table, labels)
        budget_rows.append(BudgetRow(view.number, view.title, n.significant(table.rho), noise, mechanism))
    non_probability = release.non_probability
    made = release.software or {}
    review, review_earlier = review_lines(release, t)
    return Methodology(
        instrument=t(words.METHOD_INSTRUMENT, title=labels.text(instrument.title), id=instrument.id,
                     version=instrument.version, sections=len(instrument.sections),
                     questions=sum(1 for _ in instrument.questions())),
        modules=_modules(instrument, labels),
        fieldwork=[
            *([t(Msg("method.fieldwork", "Fieldwork period: {period}."), period=fieldwork)] if fieldwork else []),
            t(Msg("method.created", "The results were computed and released on {date}."), date=t.date(release.created_at)),
            *([_wave(release.wave, labels)] if release.wave is not None else []),
        ],
        data_protection=[
            (t(Msg("method.controller", "Responsible body (controller)")), labels.text(instrument.controller)),
            (t(Msg("method.legal_basis", "Legal basis")), labels.text(instrument.legal_basis)),
            (t(Msg("method.retention", "How long the answers are kept")), labels.text(instrument.retention)),
        ],
        protection=[t(words.METHOD_PSEUDONYMS), t(words.METHOD_SEALING), t(words.METHOD_COARSENING), t(words.METHOD_AGGREGATES),
                    t(words.METHOD_EXACT_DATA)],
        budget=_budget(release, labels),
        budget_rows=budget_rows,
        rules=[
            t(words.METHOD_RULES_SUPPRESS, below=rules.suppress_below),
            *_secondary(release, labels),
            t(words.METHOD_RULES_FLAG, low=rules.suppress_below, high=rules.flag_below),
            t(words.METHOD_RULES_IMPRECISE, error=n.whole_percent(100 * rules.max_relative_error)),
            t(words.METHOD_CONSISTENCY),
        ],
        sample=[
            t(words.METHOD_SAMPLE_NON_PROBABILITY if non_probability else words.METHOD_SAMPLE_PROBABILITY),
            *([weighted] if (weighted := weighting_summary(release, labels)) is not None else []),
        ],
        intervals=[
            t(words.METHOD_INTERVALS_COUNTS),
            t(words.METHOD_INTERVALS_SHARES),
            *([t(words.METHOD_INTERVALS_NON_PROBABILITY)] if non_probability else []),
        ],
        record=[
            (t(Msg("record.release", "Release")), release.id),
            (t(Msg("record.instrument", "Questionnaire")), f"{instrument.id} {instrument.version}"),
            (t(Msg("record.plan", "Analysis plan")), f"{release.plan.id} ({release.plan_hash})"),
            (t(Msg("record.software", "Software")), ", ".join(f"{k} {v}" for k, v in made.items())),
        ],
        review=review,
        review_earlier=review_earlier,
    )  # fmt: skip


def _wave(wave: WaveRecord, labels: Labels) -> str:
    """Which wave's answers the release measured, and that each wave has its own budget."""
    t = labels.t
    if wave.starts and wave.ends:
        days = t(words.WAVE_DAYS_FROM_TO, start=t.date(wave.starts), end=t.date(wave.ends))
    elif wave.starts:
        days = t(words.WAVE_DAYS_FROM, start=t.date(wave.starts))
    else:  # the first wave starts with the survey; a release records a wave only once a later one exists
        days = t(words.WAVE_DAYS_TO, end=t.date(wave.ends or ""))
    return t(words.METHOD_WAVE, number=wave.number, name=wave.name, days=days)

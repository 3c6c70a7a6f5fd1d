"""The report's methodology and data-protection part, from the stored release and the instrument.

What the questionnaire is (version, modules and their sources; the modules' design notes are for
authors, see ``eqsurvey instrument modules --notes``, and never reach a report), when it was
fielded, how answers were protected on the way (pseudonyms, sealing,
coarsening), what the privacy budget is in words and numbers (ρ and the
(ε, δ) it amounts to, and what ε bounds for one person), which publication rules apply (with secondary
suppression and the disclosure audit where the release records them in its
``suppression`` field; older releases say nothing of either), what kind of sample it
is, what the intervals include, and the release's record (plan and its
hash, software). What depends on the answers only through the noise, and
what does not depend on them at all, is said in words (``method.exact_data``,
see analysis.release); the dataset's keyed MAC is never shown, nor the plain
fingerprint older releases hold. Every sentence comes from the catalogue; every number from the release.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from analysis.budget import CONVENTIONAL_EPSILON
from instruments.model import Instrument
from kernel.i18n import Msg

from .labels import Label, Labels
from .tables import TableView, suppression

_METHOD_BUDGET_WORDS = Msg(
    "method.budget_words",
    "Differential privacy limits how much the published tables can reveal about any one "
    "person: whether someone took part, and what they answered, changes each figure only a "
    "little, and the random noise hides that change. How much a release may reveal at most is "
    "its privacy budget. It is measured by the Greek letter ρ (rho): the smaller ρ, the "
    "stronger the protection and the less precise the figures. Each release from the same "
    "answers spends part of the budget, and the parts add up; this is why a survey has a total "
    "budget that no further release may exceed.",
)
_METHOD_BUDGET_NUMBERS = Msg(
    "method.budget_numbers",
    "This release spent ρ = {rho} (zero-concentrated differential privacy). In the more "
    "familiar (ε, δ) terms this amounts to ε = {epsilon} at δ = {delta}.",
)
_METHOD_BUDGET_MEANING = Msg(
    "method.budget_meaning",
    "What this means for one person who took part, with ε = {epsilon}: any result this report "
    "could show was at most e^ε ≈ {factor} times more likely or less likely with that person's "
    "answers in the survey than without them. So whatever someone believed beforehand about "
    "whether the person took part, seeing the report can make their odds for it (how much more "
    "likely they think it is than not) at most {factor} times higher or lower. For what the "
    "person answered, one answer against another, the factor is at most e^(2ε) ≈ {factor2}. "
    "One exception is allowed: a result may be more likely than the first limit says, but only "
    "by an extra chance of at most δ = {delta} (for the second limit, at most {delta2}). This "
    "is about a person's own answers: if people close to them took part too, their answers can "
    "say something about the person.",
)
_METHOD_BUDGET_UNIT = Msg(
    "method.budget_unit", "The unit of protection is one respondent: all of a person's answers together."
)
_METHOD_BUDGET_MECHANISMS = Msg(
    "method.budget_mechanisms",
    "Counts received random noise from the Gaussian mechanism of the OpenDP library; "
    "self-descriptions were published only if their noisy count passed a threshold. The noise "
    "level of each table is listed below.",
)
_METHOD_BUDGET_WEAK = Msg(
    "method.budget_weak",
    "ε is above {epsilon}, the level usually regarded as strong protection: the guarantee "
    "still holds, but it is weaker.",
)
_METHOD_BUDGET_TOTAL = Msg(
    "method.budget_total",
    "The survey's total privacy budget is ρ = {total}: all releases from the same answers together may not spend more.",
)
_METHOD_BUDGET_TOTAL_CHANGED = Msg(
    "method.budget_total_changed", "The total budget was changed to ρ = {total} on {day}. Reason given: {reason}"
)
_METHOD_RULES_SECONDARY = Msg(
    "method.rules_secondary",
    "Some further figures are hidden although their groups are large enough: otherwise the "
    "hidden small figures could be worked out by subtracting published ones from each other, "
    "for example a total minus all the other groups (this is called secondary suppression). "
    "Number of figures hidden because of too few respondents: {primary}; number of figures "
    "hidden as well for this reason: {secondary}. The tables say “not shown” for both kinds, "
    "so that one cannot be told from the other.",
)
_METHOD_RULES_AUDIT = Msg(
    "method.rules_audit",
    "Before publication it was checked what all the figures this release shows, taken together "
    "(for example by subtraction, or from a share and its base), reveal about each hidden "
    "figure: none can be narrowed down to a range of fewer than {protection} respondents.",
)
_METHOD_INSTRUMENT = Msg(
    "method.instrument",
    "The survey used the questionnaire “{title}” ({id}, version {version}) with {sections} "
    "sections and {questions} questions.",
)
_METHOD_PSEUDONYMS = Msg(
    "method.pseudonyms",
    "Answers were stored under a keyed pseudonym, not under a name, e-mail or IP address. "
    "Contact details (for example for a prize draw) and consent records were kept separately "
    "and cannot be linked to answers.",
)
_METHOD_SEALING = Msg(
    "method.sealing",
    "Each answer was encrypted (sealed, HPKE, RFC 9180) for the analysts' key as soon as it "
    "arrived. The body that collected the answers cannot read them; only the analysts can open "
    "them, and only to compute the release.",
)
_METHOD_COARSENING = Msg(
    "method.coarsening",
    "Answers that could identify people in combination (such as exact age or place) were made "
    "coarser before analysis, and free-text answers were checked for identifying details.",
)
_METHOD_AGGREGATES = Msg(
    "method.aggregates",
    "Only aggregated figures are published, protected by differential privacy; no individual "
    "answers leave the analysis.",
)
_METHOD_EXACT_DATA = Msg(
    "method.exact_data",
    "Everything in this report that depends on the answers comes from the noisy figures: the "
    "estimates and their intervals, the marks “uncertain” and “share imprecise”, which groups "
    "are not shown, and which self-descriptions passed the threshold. Everything else does not "
    "depend on the answers at all: the questionnaire and its version, the analysis plan and "
    "its checksum, the noise levels and the privacy budget, the publication rules, the "
    "software versions and the date of the release. The report contains no exact count, no "
    "number of data records and no checksum of the data. The analysts keep a keyed checksum of "
    "the dataset with the release, so that they can check which data it was computed from; it "
    "is not published and, without their key, says nothing about the data.",
)
_METHOD_RULES_SUPPRESS = Msg(
    "method.rules_suppress",
    "Figures for fewer than {below} respondents (estimated) are not shown. eqsurvey does not even store them.",
)
_METHOD_RULES_FLAG = Msg(
    "method.rules_flag", "Figures for {low} to {high} respondents are shown but marked as uncertain."
)
_METHOD_RULES_IMPRECISE = Msg(
    "method.rules_imprecise",
    "Shares whose 95% interval is wider than ±{error} of the share itself are marked as imprecise.",
)
_METHOD_CONSISTENCY = Msg(
    "method.consistency",
    "After the noise was added, tables that share totals were adjusted to agree with each "
    "other, and negative counts were raised to zero. This costs no privacy and makes the "
    "figures easier to read.",
)
_METHOD_SAMPLE_NON_PROBABILITY = Msg(
    "method.sample_non_probability",
    "The respondents are not a random sample: people chose to take part. The figures describe "
    "the people who took part. They do not represent the population of the city, and "
    "differences between groups may partly reflect who chose to answer.",
)
_METHOD_SAMPLE_PROBABILITY = Msg(
    "method.sample_probability",
    "The respondents were drawn as a random (probability) sample, so the intervals of shares "
    "and averages also describe the population the sample was drawn from.",
)
_METHOD_INTERVALS_COUNTS = Msg(
    "method.intervals_counts",
    "The intervals of numbers of respondents cover the random noise of differential privacy: "
    "they describe the people who took part.",
)
_METHOD_INTERVALS_SHARES = Msg(
    "method.intervals_shares",
    "The intervals of shares and averages cover the noise and sampling error together; "
    "sampling error is calculated as if the respondents were a simple random sample.",
)
_METHOD_INTERVALS_NON_PROBABILITY = Msg(
    "method.intervals_non_probability",
    "For this survey that assumption does not hold (see “The sample”): the intervals do not "
    "include the error that comes from who chose to take part.",
)


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


def _modules(instrument: Instrument, labels: Labels) -> list[Module]:
    return [
        Module(labels.text(m.title), m.id, m.version, m.source.citation, m.source.url or "", m.locked)
        for m in instrument.modules
    ]


_NOISE = {
    "counts": Msg("noise.counts", "counts"),
    "sums": Msg("noise.sums", "sums"),
    "squares": Msg("noise.squares", "sums of squares"),
    "write_ins": Msg("noise.write_ins", "self-descriptions"),
}
_MECHANISMS = {
    "gaussian": Msg("mechanism.gaussian", "Gaussian mechanism"),
    "gaussian_threshold": Msg("mechanism.gaussian_threshold", "Gaussian mechanism with threshold"),
}


def _noise(table: dict[str, Any], labels: Labels) -> tuple[str, str]:
    t, n = labels.t, labels.t.numbers
    parts = table.get("noise") or {}
    scales = "; ".join(f"{t(_NOISE[name])}: σ = {n.significant(part['scale'])}" for name, part in parts.items())
    mechanisms = sorted({part["mechanism"] for part in parts.values()})
    return scales, ", ".join(t(_MECHANISMS[m]) for m in mechanisms)


def _budget(release: dict[str, Any], labels: Labels) -> list[str]:
    t, n = labels.t, labels.t.numbers
    privacy = release["privacy"]
    epsilon, delta = privacy["epsilon"], privacy["delta"]
    lines = [
        t(_METHOD_BUDGET_WORDS),
        t(_METHOD_BUDGET_NUMBERS, rho=n.significant(privacy["rho"]), epsilon=n.significant(epsilon),
          delta=n.significant(delta, 2)),
        # (ε, δ) for one person: P(result | with them) ≤ e^ε P(result | without them) + δ, so the odds anyone
        # gives to their taking part move by at most e^ε; one answer against another is two such steps
        # (group privacy: e^2ε, δ (1 + e^ε)).
        t(_METHOD_BUDGET_MEANING, epsilon=n.significant(epsilon), factor=n.exp(epsilon), factor2=n.exp(2 * epsilon),
          delta=n.significant(delta, 2), delta2=n.significant(delta * (1 + math.exp(min(epsilon, 700))), 2)),
        t(_METHOD_BUDGET_UNIT),
        t(_METHOD_BUDGET_MECHANISMS),
    ]  # fmt: skip
    if privacy["epsilon"] > CONVENTIONAL_EPSILON:
        lines.append(t(_METHOD_BUDGET_WEAK, epsilon=n.significant(CONVENTIONAL_EPSILON)))
    total = privacy.get("total")
    if isinstance(total, dict) and total.get("rho") is not None:
        lines.append(t(_METHOD_BUDGET_TOTAL, total=n.significant(float(total["rho"]))))
        for change in total.get("changes") or []:
            lines.append(
                t(_METHOD_BUDGET_TOTAL_CHANGED, total=n.significant(float(change["total"])),
                  day=t.date(str(change["set_at"])[:10]), reason=str(change["reason"]))
            )  # fmt: skip
    return lines


def _secondary(release: dict[str, Any], labels: Labels) -> list[str]:
    """Secondary suppression and the disclosure audit in words, for releases that record them (not older ones)."""
    found = suppression(release)
    if found is None:
        return []
    t, n = labels.t, labels.t.numbers
    lines = []
    if found.get("secondary"):
        lines.append(t(_METHOD_RULES_SECONDARY, primary=n.count(found.get("primary") or 0),
                       secondary=n.count(found["secondary"])))  # fmt: skip
    if found.get("protection") is not None:
        width = float(found["protection"])
        lines.append(
            t(_METHOD_RULES_AUDIT, protection=n.count(width) if width.is_integer() else n.decimal_number(width, 1))
        )
    return lines


def methodology(
    release: dict[str, Any], instrument: Instrument, labels: Labels, views: list[TableView], fieldwork: str | None
) -> Methodology:
    t, n = labels.t, labels.t.numbers
    rules = release["publication"]
    tables = {table["id"]: table for table in release["tables"]}
    budget_rows = []
    for view in views:
        table = tables[view.id]
        noise, mechanism = _noise(table, labels)
        budget_rows.append(BudgetRow(view.number, view.title, n.significant(table["rho"]), noise, mechanism))
    non_probability = release.get("sample", "non_probability") == "non_probability"
    made = release.get("software") or {}
    return Methodology(
        instrument=t(_METHOD_INSTRUMENT, title=labels.text(instrument.title), id=instrument.id,
                     version=instrument.version, sections=len(instrument.sections),
                     questions=sum(1 for _ in instrument.questions())),
        modules=_modules(instrument, labels),
        fieldwork=[
            *([t(Msg("method.fieldwork", "Fieldwork period: {period}."), period=fieldwork)] if fieldwork else []),
            t(Msg("method.created", "The results were computed and released on {date}."), date=t.date(release["created_at"])),
        ],
        data_protection=[
            (t(Msg("method.controller", "Responsible body (controller)")), labels.text(instrument.controller)),
            (t(Msg("method.legal_basis", "Legal basis")), labels.text(instrument.legal_basis)),
            (t(Msg("method.retention", "How long the answers are kept")), labels.text(instrument.retention)),
        ],
        protection=[t(_METHOD_PSEUDONYMS), t(_METHOD_SEALING), t(_METHOD_COARSENING), t(_METHOD_AGGREGATES),
                    t(_METHOD_EXACT_DATA)],
        budget=_budget(release, labels),
        budget_rows=budget_rows,
        rules=[
            t(_METHOD_RULES_SUPPRESS, below=rules["suppress_below"]),
            *_secondary(release, labels),
            t(_METHOD_RULES_FLAG, low=rules["suppress_below"], high=rules["flag_below"]),
            t(_METHOD_RULES_IMPRECISE, error=n.whole_percent(100 * rules["max_relative_error"])),
            t(_METHOD_CONSISTENCY),
        ],
        sample=[t(_METHOD_SAMPLE_NON_PROBABILITY if non_probability else _METHOD_SAMPLE_PROBABILITY)],
        intervals=[
            t(_METHOD_INTERVALS_COUNTS),
            t(_METHOD_INTERVALS_SHARES),
            *([t(_METHOD_INTERVALS_NON_PROBABILITY)] if non_probability else []),
        ],
        record=[
            (t(Msg("record.release", "Release")), release["id"]),
            (t(Msg("record.instrument", "Questionnaire")), f"{instrument.id} {instrument.version}"),
            (t(Msg("record.plan", "Analysis plan")), f"{release['plan'].get('id', '')} ({release.get('plan_hash', '')})"),
            (t(Msg("record.software", "Software")), ", ".join(f"{k} {v}" for k, v in made.items())),
        ],
    )  # fmt: skip

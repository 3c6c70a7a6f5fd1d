"""The methodology section's sentences (:mod:`reports.method`), as marked messages: keys and English texts.

The translations are in the ``reports`` catalogues (``reports/locales/<lang>/LC_MESSAGES/reports.po``).
"""

from __future__ import annotations

from kernel.i18n import Msg

METHOD_BUDGET_WORDS = Msg(
    "method.budget_words",
    "Differential privacy limits how much the published tables can reveal about any one "
    "person: whether someone took part, and what they answered, changes each figure only a "
    "little, and the random noise hides that change. How much a release may reveal at most is "
    "its privacy budget. It is measured by the Greek letter ρ (rho): the smaller ρ, the "
    "stronger the protection and the less precise the figures. Each release from the same "
    "answers spends part of the budget, and the parts add up; this is why a survey has a total "
    "budget that no further release may exceed.",
)

METHOD_BUDGET_NUMBERS = Msg(
    "method.budget_numbers",
    "This release spent ρ = {rho} (zero-concentrated differential privacy). In the more "
    "familiar (ε, δ) terms this amounts to ε = {epsilon} at δ = {delta}.",
)

METHOD_BUDGET_MEANING = Msg(
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

METHOD_BUDGET_UNIT = Msg(
    "method.budget_unit", "The unit of protection is one respondent: all of a person's answers together."
)

METHOD_BUDGET_MECHANISMS = Msg(
    "method.budget_mechanisms",
    "Counts received random noise from the Gaussian mechanism of the OpenDP library; "
    "self-descriptions were published only if their noisy count passed a threshold. The noise "
    "level of each table is listed below.",
)

METHOD_BUDGET_WEAK = Msg(
    "method.budget_weak",
    "ε is above {epsilon}, the level usually regarded as strong protection: the guarantee "
    "still holds, but it is weaker.",
)

METHOD_BUDGET_TOTAL = Msg(
    "method.budget_total",
    "The survey's total privacy budget is ρ = {total}: all releases from the same answers together may not spend more.",
)

METHOD_BUDGET_TOTAL_CHANGED = Msg(
    "method.budget_total_changed", "The total budget was changed to ρ = {total} on {day}. Reason given: {reason}"
)

METHOD_RULES_SECONDARY = Msg(
    "method.rules_secondary",
    "Some further figures are hidden although their groups are large enough: otherwise the "
    "hidden small figures could be worked out by subtracting published ones from each other, "
    "for example a total minus all the other groups (this is called secondary suppression). "
    "Number of figures hidden because of too few respondents: {primary}; number of figures "
    "hidden as well for this reason: {secondary}. The tables say “not shown” for both kinds, "
    "so that one cannot be told from the other.",
)

METHOD_RULES_AUDIT = Msg(
    "method.rules_audit",
    "Before publication it was checked what all the figures this release shows, taken together "
    "(for example by subtraction, or from a share and its base), reveal about each hidden "
    "figure: none can be narrowed down to a range of fewer than {protection} respondents.",
)

METHOD_INSTRUMENT = Msg(
    "method.instrument",
    "The survey used the questionnaire “{title}” ({id}, version {version}) with {sections} "
    "sections and {questions} questions.",
)

METHOD_PSEUDONYMS = Msg(
    "method.pseudonyms",
    "Answers were stored under a keyed pseudonym, not under a name, e-mail or IP address. "
    "Contact details (for example for a prize draw) and consent records were kept separately "
    "and cannot be linked to answers.",
)

METHOD_SEALING = Msg(
    "method.sealing",
    "Each answer was encrypted (sealed, HPKE, RFC 9180) for the analysts' key as soon as it "
    "arrived. The body that collected the answers cannot read them; only the analysts can open "
    "them, and only to compute the release.",
)

METHOD_COARSENING = Msg(
    "method.coarsening",
    "Answers that could identify people in combination (such as exact age or place) were made "
    "coarser before analysis, and free-text answers were checked for identifying details.",
)

METHOD_AGGREGATES = Msg(
    "method.aggregates",
    "Only aggregated figures are published, protected by differential privacy; no individual "
    "answers leave the analysis.",
)

METHOD_EXACT_DATA = Msg(
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

METHOD_RULES_SUPPRESS = Msg(
    "method.rules_suppress",
    "Figures for fewer than {below} respondents (estimated) are not shown. eqsurvey does not even store them.",
)

METHOD_RULES_FLAG = Msg(
    "method.rules_flag", "Figures for {low} to {high} respondents are shown but marked as uncertain."
)

METHOD_RULES_IMPRECISE = Msg(
    "method.rules_imprecise",
    "Shares whose 95% interval is wider than ±{error} of the share itself are marked as imprecise.",
)

METHOD_CONSISTENCY = Msg(
    "method.consistency",
    "After the noise was added, tables that share totals were adjusted to agree with each "
    "other, and negative counts were raised to zero. This costs no privacy and makes the "
    "figures easier to read.",
)

METHOD_SAMPLE_NON_PROBABILITY = Msg(
    "method.sample_non_probability",
    "The respondents are not a random sample: people chose to take part. The figures describe "
    "the people who took part. They do not represent the population of the city, and "
    "differences between groups may partly reflect who chose to answer.",
)

METHOD_SAMPLE_PROBABILITY = Msg(
    "method.sample_probability",
    "The respondents were drawn as a random (probability) sample, so the intervals of shares "
    "and averages also describe the population the sample was drawn from.",
)

METHOD_INTERVALS_COUNTS = Msg(
    "method.intervals_counts",
    "The intervals of numbers of respondents cover the random noise of differential privacy: "
    "they describe the people who took part.",
)

METHOD_INTERVALS_SHARES = Msg(
    "method.intervals_shares",
    "The intervals of shares and averages cover the noise and sampling error together; "
    "sampling error is calculated as if the respondents were a simple random sample.",
)

METHOD_INTERVALS_NON_PROBABILITY = Msg(
    "method.intervals_non_probability",
    "For this survey that assumption does not hold (see “The sample”): the intervals do not "
    "include the error that comes from who chose to take part.",
)

NOISE = {
    "counts": Msg("noise.counts", "counts"),
    "sums": Msg("noise.sums", "sums"),
    "squares": Msg("noise.squares", "sums of squares"),
    "write_ins": Msg("noise.write_ins", "self-descriptions"),
    "options": Msg("noise.options", "options (ticked minus not ticked)"),
    "statuses": Msg("noise.statuses", "answered, prefer not to say, no answer"),
    "option_count": Msg("noise.option_count", "so each option's count"),
}

MECHANISMS = {
    "gaussian": Msg("mechanism.gaussian", "Gaussian mechanism"),
    "gaussian_threshold": Msg("mechanism.gaussian_threshold", "Gaussian mechanism with threshold"),
}

METHOD_WAVE = Msg(
    "method.wave",
    "These results are from survey wave {number} ({name}): the answers received {days}. Each wave spends its own "
    "privacy budget; someone who answered in two waves is protected by both budgets together.",
)
WAVE_DAYS_FROM_TO = Msg("method.wave_days_from_to", "from {start} to {end}")
WAVE_DAYS_FROM = Msg("method.wave_days_from", "from {start} on")
WAVE_DAYS_TO = Msg("method.wave_days_to", "from the start of the survey to {end}")

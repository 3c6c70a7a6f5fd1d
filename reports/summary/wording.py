"""The summary report's wording (:mod:`reports.summary.content`), as marked messages: each key with its English text.

The translations are in the ``reports`` catalogues (``reports/locales/<lang>/LC_MESSAGES/reports.po``).
"""

from __future__ import annotations

from kernel.i18n import Msg

DIGEST_FINDING_MEAN = Msg(
    "digest.finding_mean",
    "{subject}, on a scale from {scale_low} ({scale_low_label}) to {scale_high} "
    "({scale_high_label}): on average {high_value} in the group “{high_group}” (between "
    "{high_low} and {high_high}), compared with {low_value} in the group “{low_group}” "
    "(between {low_low} and {low_high}).",
)

DIGEST_FINDING_SHARE = Msg(
    "digest.finding_share",
    "{subject}: {high_words} in the group “{high_group}” ({high_value}, between {high_low} and "
    "{high_high}), compared with {low_words} in the group “{low_group}” ({low_value}, between "
    "{low_low} and {low_high}).",
)

DIGEST_CHART_HIDDEN = Msg(
    "digest.chart_hidden",
    "Some groups are not shown: too few people are in them, or their figures could reveal hidden small figures.",
)

DIGEST_FIGURE_READING = Msg(
    "digest.figure_reading", "People who did not answer the question the groups are formed by are in the annex only."
)

DIGEST_LIKELY = Msg(
    "digest.likely", "The ranges of the two figures do not overlap, so the difference is likely real; but see below."
)

DIGEST_CLEAR = Msg(
    "digest.clear", "The difference between the groups is clear: it is larger than the uncertainty of both figures."
)

DIGEST_FEW = Msg("digest.few", "At least one of the two figures rests on fewer than {flag} people, so it is uncertain.")

DIGEST_TOTAL = Msg(
    "digest.total",
    "An estimated {total} people took part. This number is protected like every other figure, "
    "so it is an estimate, not an exact count.",
)

DIGEST_AT_LEAST = Msg(
    "digest.at_least",
    "An estimated {total} or more people took part (the total itself is not shown, because not "
    "all of its parts are shown).",
)

DIGEST_SAMPLE = Msg(
    "digest.sample",
    "The people who took part chose to do so. The figures describe them; they do not represent the whole population.",
)

DIGEST_OR_MORE = Msg(
    "digest.or_more",
    "“or more”: one of the tables in the annex shows this many people of the group; the "
    "group's total is not shown, because not all of its parts are shown.",
)

DIGEST_LEAD = Msg(
    "digest.lead",
    "This summary presents the main results of the survey “{title}”: where the groups who took "
    "part differ most, who took part, and how their answers are protected.",
)

DIGEST_LEAD_ANNEX = Msg(
    "digest.lead_annex",
    "Every table with all its figures, and how the survey was carried out and evaluated, is in "
    "the table annex of this release.",
)

DIGEST_PROTECT_STORAGE = Msg(
    "digest.protect_storage",
    "Nobody had to give their name. The answers were stored encrypted and under a code instead "
    "of a name; contact details, for example for a prize draw, were kept apart and cannot be "
    "linked to the answers. Only figures about groups are published, never a single person's "
    "answers.",
)

DIGEST_PROTECT_NOISE = Msg(
    "digest.protect_noise",
    "Before publication, every figure was changed by a small random amount. This limits what "
    "anyone can learn from the figures about a single person, even someone who knows the "
    "answers of everyone else; it does not make learning something about a person impossible. "
    "The ranges given with each figure include this random change.",
)

DIGEST_PROTECT_SMALL = Msg(
    "digest.protect_small",
    "Figures for fewer than {below} people are not shown at all. Figures for {below} to {flag} "
    "people are shown but are marked as uncertain in the annex.",
)

DIGEST_PROTECT_SECONDARY = Msg(
    "digest.protect_secondary",
    "Some figures of larger groups are not shown either, so that hidden small figures cannot "
    "be worked out from the published ones.",
)

DIGEST_ANNEX = Msg(
    "digest.annex",
    "Every table with all its figures, the method and the exact strength of the protection are "
    "in the table annex of this release ({release}).",
)
DIGEST_CHANCE = Msg("digest.chance", "The difference could be chance: the ranges of the two figures overlap.")
DIGEST_CHART_EXTREMES = Msg("digest.chart_extremes", "Highest: {high}, {high_value}. Lowest: {low}, {low_value}.")
DIGEST_CHART_MEANS = Msg("digest.chart_means", "Dot chart of averages with their 95% ranges.")
DIGEST_CHART_SHARES = Msg("digest.chart_shares", "Dot chart of shares with their 95% ranges.")
DIGEST_DATELINE = Msg("digest.dateline", "Release {release}, published on {date}")
DIGEST_ENTRIES_AND = Msg("digest.entries_and", "; ")
DIGEST_ENTRY = Msg("digest.entry", "{size} “{label}”")
DIGEST_FIGURE = Msg("digest.figure", "Figure {number}: {title}.")
DIGEST_FIGURE_ANSWER = Msg("digest.figure_answer", "Figure {number}: {title}, share with the answer “{answer}”.")
DIGEST_FIGURE_SCALE = Msg("digest.figure_scale", "Scale: {low} = {low_label}, {high} = {high_label}.")
DIGEST_LEAD_AT_LEAST = Msg("digest.lead_at_least", "An estimated {total} or more people took part.")
DIGEST_LEAD_FIELDWORK = Msg("digest.lead_fieldwork", "The answers were collected in this period: {period}.")
DIGEST_LEAD_TOTAL = Msg("digest.lead_total", "An estimated {total} people took part.")
DIGEST_SOURCE = Msg("digest.source", "All figures: table {number} in the annex.")
DIGEST_SUBJECT_AMONG = Msg("digest.subject_among", "{subject}, among people in the group “{shared}”")
DIGEST_SUBJECT_ANSWER = Msg("digest.subject_answer", "“{measure}”, answer “{answer}”")
DIGEST_SUBJECT_MEASURE = Msg("digest.subject_measure", "“{measure}”")
DIGEST_SUBJECT_ROW = Msg("digest.subject_row", "{row}, answer “{answer}”")
DIGEST_UNANSWERED = Msg("digest.unanswered", "Not in any of these groups: {entries}.")

"""Wording of the methods note for the council and the partner organisations."""

from __future__ import annotations

from kernel.i18n import Msg

TITLE = Msg("methods.title", "Methods note for the council and the partner organisations")
INTRO = Msg(
    "methods.intro",
    "What the survey “{title}” can show and what it cannot, who reviewed the questionnaire, and when results "
    "are published.",
)
CAN = Msg("methods.can", "What the survey can say")
SELF_ID = Msg(
    "methods.self_id",
    "People describe themselves: they may tick several identities, describe themselves in their own words, or "
    "say they prefer not to answer. Groups in the tables are formed from these self-descriptions, not assigned "
    "by anyone else.",
)
TABLES = Msg("methods.tables", "Each release publishes the following tables ({count} in all):")
TABLES_CAPTION = Msg("methods.tables_caption", "Tables of the analysis plan “{plan}”")
COL_TABLE = Msg("methods.col_table", "Table")
COL_BY = Msg("methods.col_by", "Broken down by")
OVERALL = Msg("methods.overall", "all respondents together")
WEIGHTED = Msg(
    "methods.weighted",
    "Some tables are also published weighted: respondents count for more or less so that, by {variables}, they "
    "match the population figures of {source}. Weighting corrects for these characteristics only, not for other "
    "reasons why people took part. The population figures are published totals of groups of residents, not data "
    "about any person, and no answer is linked to them.",
)
CANNOT = Msg("methods.cannot", "What the survey cannot say")
NON_PROBABILITY = Msg(
    "methods.non_probability",
    "The respondents are not a random sample: whoever chose to take part answered. The figures describe the "
    "respondents; they are not estimates for the whole population, and groups that were harder to reach may be "
    "under-represented.",
)
PROBABILITY = Msg(
    "methods.probability",
    "The respondents were drawn at random; the figures estimate the population drawn from, within their intervals, "
    "as far as those invited took part.",
)
NOISE = Msg(
    "methods.noise",
    "Every published figure carries deliberate random noise that protects each respondent; each is shown with a "
    "95 % interval. Where the intervals of two groups overlap, their difference may be due to chance and noise alone.",
)
NO_INDIVIDUALS = Msg(
    "methods.no_individuals",
    "No individual answer is published; the council and the partners see only the tables.",
)
SCHEDULE = Msg("methods.schedule", "Publication schedule")
FIELDWORK = Msg("methods.fieldwork", "Fieldwork: {fieldwork}.")
PUBLICATION = Msg("methods.publication", "Publication:")
RELEASES = Msg(
    "methods.releases",
    "Releases of the analysis plan the privacy budget allows: {releases}; after that no further tables can be "
    "published from these answers.",
)
REVIEW = Msg("methods.review", "Review by partner organisations")
REVIEW_INTRO = Msg(
    "methods.review_intro",
    "Approvals apply to the exact content reviewed: any change to the questionnaire gives it a new content hash, "
    "and earlier approvals no longer count for it. The present content is {content}.",
)
REVIEW_CAPTION = Msg("methods.review_caption", "Where each organisation stands")
COL_ORGANISATION = Msg("methods.col_organisation", "Organisation")
COL_DECISION = Msg("methods.col_decision", "Decision")
COL_VERSION = Msg("methods.col_version", "Version reviewed")
COL_CONTENT = Msg("methods.col_content", "Content")
DECISION = {
    "approve": Msg("methods.decision.approve", "approved"),
    "changes": Msg("methods.decision.changes", "asked for changes"),
    "comment": Msg("methods.decision.comment", "commented"),
}
CURRENT = Msg("methods.current", "the present content")
EARLIER = Msg("methods.earlier", "an earlier content")
NO_REVIEW = Msg(
    "methods.no_review",
    "No partner organisation has recorded a review yet; “eqsurvey instrument review” and the partners’ review "
    "links record them.",
)

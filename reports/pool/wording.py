"""The sentences of a pooled report (:mod:`reports.pool.content`); translations in the ``reports`` catalogues."""

from __future__ import annotations

from kernel.i18n import Msg

TITLE = Msg("pool.title", "Regional tables from {count} releases: {title}")
SUBTITLE = Msg(
    "pool.subtitle",
    "The towns' published figures added up. Each town's own report stays the source for that town.",
)
CONTRIBUTORS = Msg("pool.contributors", "Contributing releases")
CONTRIBUTORS_CAPTION = Msg("pool.contributors_caption", "The releases pooled, each with the budget it spent")
RELEASE = Msg("pool.release", "Release")
PUBLISHER = Msg("pool.publisher", "Published by")
CREATED = Msg("pool.created", "Released on")
BUDGET = Msg("pool.budget", "Privacy budget")
HIDDEN_GIVEN = Msg("pool.hidden_given", "Hidden cells given")
YES = Msg("pool.yes", "yes")
NO = Msg("pool.no", "no (public release only)")
BUDGETS = Msg(
    "pool.budgets",
    "Each town's release protects its own respondents with its own budget (ρ, and ε at δ, as listed). The"
    " budgets are different people's and do not add up; pooling spends no budget of its own.",
)
TABLES = Msg("pool.tables", "Regional tables")
METHOD = Msg("pool.method", "How the tables were pooled")
METHOD_COUNTS = Msg(
    "pool.method_counts",
    "Each count is the sum of the towns' published counts, noise included; adding published figures reveals"
    " nothing new about anyone and spends no privacy budget. Its noise is the towns' noise added up, and its 95%"
    " interval is about the people who took part, as in a town's report.",
)
METHOD_SHARES = Msg(
    "pool.method_shares",
    "Each share is of the summed counts. This weights every town by its respondents in the group (inverse-variance"
    " weighting under a common share); the 95% interval adds the noise of every town to the sampling error, as if"
    " the region's respondents were a simple random sample. Where towns differ, the share describes their"
    " respondents together, not the region's population.",
)
METHOD_POPULATION_SHARES = Msg(
    "pool.method_population_shares",
    "Each share is the towns' published shares weighted by the towns' populations ({populations}; source:"
    " {source}), so that each town counts as often as it has residents, however many of them took part. Its 95%"
    " interval combines the towns' intervals. A share is shown only where every town shows it; elsewhere the cell"
    " gives its pooled count only.",
)
NOTE_SHARE_WITHHELD = Msg(
    "pool.note_share_withheld",
    "“–” beside a count that is shown: some town does not show that share, so it cannot be weighted by the towns'"
    " populations and is not shown (see “How the tables were pooled”).",
)
METHOD_RULES = Msg(
    "pool.method_rules",
    "The pooled counts are published under the strictest rules of the towns: not shown below {below}"
    " respondents, flagged below {flag}.",
)
METHOD_AUDIT = Msg(
    "pool.method_audit",
    "A town's hidden cell could be worked out by subtracting the other towns' figures from a pooled one. The"
    " pooled tables were therefore checked together with every town's own tables, and {secondary} more pooled"
    " cells are not shown, so that no hidden cell of any town, nor of the pool, can be narrowed to less than"
    " {width} respondents.",
)
METHOD_INCOMPLETE = Msg(
    "pool.method_incomplete",
    "Some towns gave only their public release: their hidden cells are unknown, so a pooled cell that needs one"
    " is not shown.",
)
METHOD_MEANS = Msg(
    "pool.method_means",
    "Each mean is the towns' published means weighted by their respondents in the group; its 95% interval combines"
    " the towns' intervals. A mean is pooled only where every town shows it: where one town hides it, the pooled"
    " figure would give that town's hidden one away by subtraction.",
)
NOT_POOLED = Msg(
    "pool.not_pooled",
    "Not pooled: {tables} (lists of written answers, and means not asked alike in every town).",
)

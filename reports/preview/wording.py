"""The accuracy preview's wording (:mod:`reports.preview.page`): sentences and each verdict's words.

The translations are in the ``reports`` catalogues (``reports/locales/<lang>/LC_MESSAGES/reports.po``).
"""

from __future__ import annotations

from analysis.preview.verdicts import Verdict
from kernel.i18n import Msg

PREVIEW_SPEND = Msg(
    "preview.spend", "One release spends {share} of the survey's privacy budget (ρ = {rho} of {total})."
)

PREVIEW_SHARES_ALL_DEFAULTS = Msg(
    "preview.shares_all_defaults",
    "No figures are known yet, so for every characteristic: {missing} give no answer, "
    "{declined} prefer not to say where that is offered, and the rest are spread evenly over "
    "the answers; characteristics are taken as independent of each other.",
)

PREVIEW_SHARES_DEFAULTS = Msg(
    "preview.shares_defaults",
    "Every other characteristic: {missing} give no answer, {declined} prefer not to say where "
    "that is offered, and the rest are spread evenly over the answers; characteristics are "
    "taken as independent of each other.",
)

PREVIEW_WRITE_INS = Msg(
    "preview.write_ins",
    "Answers in the respondents' own words: an answer is shown only if about {floor} or more "
    "people give it, however many take part. No verdict for this table.",
)

PREVIEW_TABLE_VERDICT = Msg(
    "preview.table_verdict",
    "{verdict} ({meaning}). Of its cells, about {suppressed} are expected to be suppressed; "
    "{unusable} suppressed or too imprecise to read; {flagged} not shown plainly (suppressed "
    "or flagged).",
)

PREVIEW_THRESHOLDS = Msg(
    "preview.thresholds",
    "How the verdicts are made, counting only cells of answers (not “no answer” or “prefer not "
    "to say”): publishable means at most {suppressed} of the cells are expected to be "
    "suppressed and at most {flagged} are flagged; not publishable means more than {most} are "
    "expected to be suppressed or too imprecise to read (a share whose interval is wider than "
    "the plan allows); anything in between shows only the largest groups. The respondents "
    "needed are the fewest with which a table is publishable (searched up to {cap}). The plan "
    "as a whole is publishable when every table is, not publishable when more than half of its "
    "tables are not, and otherwise shows only the largest groups.",
)

PREVIEW_SPLIT_OWN = Msg(
    "preview.split_own",
    "The plan sets its own shares. With the best split the tables' combined noise would be "
    "{gain} lower; to use it, give each table its best share, or remove every share.",
)

PREVIEW_SPLIT_BEST = Msg(
    "preview.split_best",
    "The plan sets no shares, so a release uses the best split (the least combined noise). To "
    "set your own, give every table a share (together at most 1).",
)

OVERALL = {
    Verdict.PUBLISHABLE: Msg(
        "preview.overall.publishable", "Overall: publishable. At this size every table shows nearly all of its cells."
    ),
    Verdict.LARGEST_GROUPS_ONLY: Msg(
        "preview.overall.largest_groups_only",
        "Overall: only the largest groups. Of {tables} tables: publishable {publishable}; only the largest groups "
        "{largest}; not publishable at this size {unpublishable}.",
    ),
    Verdict.NOT_PUBLISHABLE: Msg(
        "preview.overall.not_publishable",
        "Overall: not publishable at this size. Of {tables} tables: publishable {publishable}; only the largest "
        "groups {largest}; not publishable at this size {unpublishable}.",
    ),
}

VERDICT = {
    Verdict.PUBLISHABLE: Msg("preview.verdict.publishable", "Publishable"),
    Verdict.LARGEST_GROUPS_ONLY: Msg("preview.verdict.largest_groups_only", "Only the largest groups"),
    Verdict.NOT_PUBLISHABLE: Msg("preview.verdict.not_publishable", "Not publishable at this size"),
}

MEANING = {
    Verdict.PUBLISHABLE: Msg("preview.meaning.publishable", "nearly all cells shown"),
    Verdict.LARGEST_GROUPS_ONLY: Msg("preview.meaning.largest_groups_only", "some groups suppressed or flagged"),
    Verdict.NOT_PUBLISHABLE: Msg("preview.meaning.not_publishable", "most cells suppressed or too imprecise to read"),
}

STATUS = {
    "shown": Msg("preview.status.shown", "shown"),
    "uncertain": Msg("preview.status.uncertain", "uncertain"),
    "suppressed": Msg("preview.status.suppressed", "suppressed"),
}

"""A table's wording (:mod:`reports.tables`): column headings, introductions and notes, as marked messages.

The workbook's notes (:mod:`reports.xlsx.about`) reuse the notes. The translations are in the
``reports`` catalogues (``reports/locales/<lang>/LC_MESSAGES/reports.po``).
"""

from __future__ import annotations

from kernel.i18n import Msg

INTRO_WRITE_INS = Msg(
    "intro.write_ins",
    "Self-descriptions given for “{measure}”, in the respondents' own words. Only descriptions "
    "given by enough people to pass a noisy threshold (about {threshold}) are published; rarer "
    "ones never are.",
)

INTRO_REPRESENTATION = Msg(
    "intro.representation",
    "Share of respondents in each group of “{measure}”, compared with the group's share in the reference population.",
)

INTRO_MATRIX = Msg(
    "intro.matrix", "Number of respondents and share for each answer to “{measure}”, one item at a time."
)

INTRO_MULTI = Msg(
    "intro.multi",
    "Several answers were possible, so shares can add up to more than 100%. Shares are among "
    "the people in the group who ticked at least one answer.",
)

INTRO_SHARES = Msg(
    "intro.shares",
    "Shares are among the people in the group who gave an answer (not counting “prefer not to say” and no answer).",
)

FLAG_CONSERVATIVE = Msg(
    "flag.conservative", "interval cautious: holds the true value about {coverage} of the time, not 95%"
)

NOTE_SUPPRESSED_SECONDARY = Msg(
    "note.suppressed_secondary",
    "“not shown”: either fewer than {below} respondents (an estimated number), or a figure "
    "hidden as well so that the small figures cannot be worked out from published ones (see "
    "“Publication rules”). Such small figures are too unreliable and could point to "
    "individuals; eqsurvey publishes neither kind.",
)

NOTE_SUPPRESSED = Msg(
    "note.suppressed",
    "“not shown”: fewer than {below} respondents (an estimated number). Such small figures are "
    "too unreliable and could point to individuals, so eqsurvey neither stores nor publishes "
    "them.",
)

NOTE_UNCERTAIN = Msg(
    "note.uncertain",
    "“uncertain”: {low} to {high} respondents. The figure is shown, but it is uncertain; read it with care.",
)

NOTE_IMPRECISE = Msg(
    "note.imprecise", "“share imprecise”: the share's 95% interval is wider than ±{error} of the share itself."
)

NOTE_PARTIAL = Msg(
    "note.partial",
    "“other answer hidden”: in this group another answer to the same question is not shown. "
    "The share still counts all of the group's answers, the hidden ones too, so a share near "
    "0% or 100% may come from the noise in the hidden figure and is not a reliable result.",
)

NOTE_NO_VALUE = Msg(
    "note.no_value",
    "“–”: not applicable (there is no share of people who gave no answer, and no reference share for them).",
)

NOTE_REFERENCE = Msg(
    "note.reference",
    "The ratio is the respondents' share divided by the reference share: above 1 the group is "
    "over-represented among the respondents, below 1 under-represented.",
)

NOTE_MEAN = Msg("note.mean", "Averages are among the people in the group who answered the question on the scale.")

NOTE_STATUS_GROUPS = Msg(
    "note.status_groups",
    "“No answer” and “Prefer not to say” groups contain people who did not give the breakdown "
    "answer; they are shown in the table but not compared in the chart.",
)
ANNEX_SCALE_ENDS = Msg("annex.scale_ends", "The ends of the scale: {low} = {low_label}, {high} = {high_label}.")
COLUMN_ANSWER = Msg("column.answer", "Answer")
COLUMN_COUNT = Msg("column.count", "Respondents (estimated)")
COLUMN_COUNT_INTERVAL = Msg("column.count_interval", "95% interval")
COLUMN_GROUP = Msg("column.group", "Group")
COLUMN_ITEM = Msg("column.item", "Item")
COLUMN_MEAN = Msg("column.mean", "Average")
COLUMN_MEAN_INTERVAL = Msg("column.mean_interval", "95% interval")
COLUMN_RATIO = Msg("column.ratio", "Ratio to reference")
COLUMN_RATIO_INTERVAL = Msg("column.ratio_interval", "95% interval of the ratio")
COLUMN_REFERENCE = Msg("column.reference", "Reference share")
COLUMN_RESPONDENTS = Msg("column.respondents", "Respondents (estimated)")
COLUMN_SHARE = Msg("column.share", "Share")
COLUMN_SHARE_INTERVAL = Msg("column.share_interval", "95% interval of the share")
COLUMN_WRITE_IN = Msg("column.write_in", "Self-description")
FLAG_IMPRECISE = Msg("flag.imprecise", "share imprecise")
FLAG_PARTIAL = Msg("flag.partial", "other answer hidden")
FLAG_UNCERTAIN = Msg("flag.uncertain", "uncertain")
INTRO_BY = Msg("intro.by", "Broken down by {by}.")
INTRO_COUNTS = Msg("intro.counts", "Number of respondents and share for each answer to “{measure}”.")
INTRO_MEAN = Msg("intro.mean", "Average answer to “{measure}” on the scale from {low} to {high}.")
NOTE_EMPTY = Msg("note.empty", "No entry of this table could be published.")
TABLE_ALL_RESPONDENTS = Msg("table.all_respondents", "All respondents")
TABLE_AND = Msg("table.and", " and ")
TABLE_QUOTED = Msg("table.quoted", "“{}”")
TABLE_TITLE_BY = Msg("table.title_by", "{measure} — by {by}")

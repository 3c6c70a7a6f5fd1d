"""The wording of the console's "Plan and preview" pages, in English as the code states it.

German is ``eqsurvey/console/plan/locales/de/LC_MESSAGES/plan.po``. The preview's own sentences
(verdicts, respondents needed, assumptions) are the report catalogue's, as ``eqsurvey plan preview``
prints them; the plan's problems are the loader's, as ``eqsurvey plan validate`` prints them.
"""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

TITLE = Msg("section", "Plan and preview")

MESSAGES: tuple[Msg, ...] = (
    TITLE,
    Msg(
        "intro",
        "The plan says which tables a release publishes: what each measures, and for which groups. "
        "The preview shows, before any answer arrives, whether each table's groups will be large enough "
        "to publish for the number of respondents you expect.",
    ),
    Msg("file", "Changes made here are written to the plan file, with its comments kept:"),
    Msg("file_problems", "The plan has problems"),
    Msg("file_warnings", "Please note"),
    Msg("no_preview", "The preview is shown once the problems above are solved."),
    Msg("respondents", "Expected number of respondents"),
    Msg("respondents_hint", "How many people you expect to take part: a whole number."),
    Msg("respondents_show", "Show the preview"),
    Msg("respondents_bad", "“{value}” is not a number of respondents."),
    Msg("respondents_fix", "Give a whole number from 1 to {most}."),
    Msg("preview_title", "Preview for {respondents} respondents"),
    Msg("tables_title", "The plan's tables"),
    Msg("table_measures", "What it measures"),
    Msg("table_groups", "By which groups"),
    Msg("table_everyone", "everyone together, no groups"),
    Msg("table_intersection", "(an intersection: each combination is a group of its own)"),
    Msg("table_kind", "Shown as"),
    Msg("table_suppressed", "Expected to be suppressed at this size"),
    Msg("table_problems", "Problems of this table"),
    Msg("table_change", "Change or remove “{title}”"),
    Msg("add", "Add a table"),
    Msg("assumptions_title", "What the preview assumes"),
    Msg("kind_counts", "How many gave each answer"),
    Msg("kind_counts_hint", "For a single or multiple choice, a scale, a consent or a derived group."),
    Msg("kind_matrix", "How many gave each answer, item by item"),
    Msg("kind_matrix_hint", "For a grid question (several items with the same answers)."),
    Msg("kind_mean", "The average"),
    Msg("kind_mean_hint", "For a scale or a number."),
    Msg("kind_representation", "Who took part, against the population"),
    Msg("kind_representation_hint", "Compares each group's share with the population's (given in the plan file)."),
    Msg("kind_write_ins", "Frequent answers in people's own words"),
    Msg("kind_write_ins_hint", "For a free-text self-description; always for everyone together."),
    # The form
    Msg("new_title", "Add a table"),
    Msg("edit_title", "Change the table “{title}”"),
    Msg("form_kind", "What the table shows"),
    Msg("form_measure", "Which question it measures"),
    Msg("form_measure_hint", "Questions and derived groups of the questionnaire that a table can measure."),
    Msg("form_by_1", "Broken down by (first group)"),
    Msg("form_by_2", "And by (second group, for an intersection)"),
    Msg("form_by_hint", "Characteristics that sort respondents into groups. With two, each combination is a group."),
    Msg("form_none", "— none —"),
    Msg("form_label", "Title of the table (optional)"),
    Msg("form_label_hint", "Left empty, the title is made from the questions."),
    Msg("form_label_lang", "Title in {language}"),
    Msg("form_save_new", "Add the table"),
    Msg("form_save", "Save the changes"),
    Msg("form_cancel", "Back to the plan without changes"),
    Msg("remove_title", "Remove this table"),
    Msg("remove_text", "The table is taken out of the plan file; a release no longer publishes it."),
    Msg("remove_button", "Remove the table"),
    Msg("unknown_table", "The plan has no table “{table}”."),
    # Notes after a change
    Msg("added", "The table “{title}” was added to the plan."),
    Msg("changed", "The table “{title}” was saved."),
    Msg("unchanged", "Nothing was changed: the table already was as sent."),
    Msg("removed", "The table “{title}” was removed from the plan."),
    Msg("no_project", "There is no survey project yet. Create one on the overview page first."),
    # Planning from the accuracy needed (/plan/target), as `eqsurvey plan target` works it out
    Msg("target_link", "Plan from the accuracy you need: how many people must take part?"),
    Msg("target_title", "Plan from the accuracy you need"),
    Msg(
        "target_intro",
        "Say how precise each share should be, and see how many people need to take part, in each group and "
        "overall, and how much of the privacy budget the release needs. The answer holds with 95 % confidence: "
        "a survey of the size shown meets it at least 19 times out of 20.",
    ),
    Msg("target_back", "Back to the plan"),
    Msg("half_width", "Precision of each share (± percentage points)"),
    Msg("half_width_hint", "For example 5: each share's 95 % interval reaches at most 5 points either side."),
    Msg("half_width_bad", "“{value}” is not a precision in percentage points."),
    Msg("half_width_fix", "Give a number above 0 and below 100, for example 5."),
    Msg("mean_half_width", "Precision of each average (±, in the measure's own units; optional)"),
    Msg("mean_half_width_hint", "For example 0.25 on a scale from 1 to 5. Left empty, averages are not planned."),
    Msg("mean_half_width_bad", "“{value}” is not a precision for averages."),
    Msg("mean_half_width_fix", "Give a number above 0, for example 0.25, or leave the field empty."),
    Msg("most", "The most people who could take part (optional)"),
    Msg("most_hint", "For example the number of adults in your city. Left empty: 100,000."),
    Msg("most_bad", "“{value}” is not a number of people."),
    Msg("most_fix", "Give a whole number from 1 to {most}, or leave the field empty."),
    Msg("target_show", "Work it out"),
    Msg("target_answer", "What it takes"),
    Msg("target_needed", "About {respondents} people need to take part, for every group of every table."),
    Msg("target_needed_none", "Some groups would need more than {most} people: see the tables."),
    Msg(
        "target_budget",
        "With {respondents} respondents the release needs a privacy budget of ρ = {needed}; the plan gives it ρ = {rho}.",
    ),
    Msg("target_budget_none", "With {respondents} respondents some groups are out of reach, whatever the budget."),
    Msg("target_table_needs", "Needs {respondents} respondents; with {at}, ρ = {needed} (now ρ = {rho})."),
    Msg("target_table_out", "Some of its groups are out of reach."),
    Msg("target_everyone", "Everyone"),
    Msg("col_group", "Group"),
    Msg("col_share", "Expected share of respondents"),
    Msg("col_members", "Members needed"),
    Msg("col_respondents", "Respondents needed overall"),
    Msg("col_verdict", "Verdict"),
    Msg("reach_reachable", "Reachable"),
    Msg("reach_beyond_cap", "Out of reach: more than {most} people would be needed"),
    Msg("reach_sampling", "Out of reach with {respondents} respondents: chance alone makes the figures vary more"),
    Msg("reach_budget", "Out of reach with {respondents} respondents: more than the project's whole privacy budget"),
    Msg("reach_empty", "Nobody is expected in this group"),
    Msg(
        "target_assumed",
        "* The shares of the answers in this group are not known: the widest interval (near 50 %) is assumed.",
    ),
    Msg(
        "target_shares",
        "Group sizes come from the plan's reference shares where it gives them, otherwise they are spread evenly "
        "over the answers, which is no fact about your city. A pilot's figures make the answer more exact: "
        "eqsurvey plan target --shares FILE.",
    ),
    Msg("target_skipped", "Not planned: “{title}” ({why})."),
    Msg("skipped_write_ins", "answers in people's own words have no interval"),
    Msg("skipped_mean", "give a precision for averages to plan it"),
)

WORDING = Wording(Catalogues("eqsurvey.console.plan"), MESSAGES)

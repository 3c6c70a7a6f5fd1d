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
)

WORDING = Wording(Catalogues("eqsurvey.console.plan"), MESSAGES)

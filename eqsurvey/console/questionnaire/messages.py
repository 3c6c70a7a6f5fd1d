"""The questionnaire section's wording, in English as the code states it.

German is ``eqsurvey/console/questionnaire/locales/de/LC_MESSAGES/questionnaire.po``. The
problems shown at fields are the validator's own words, the same as on the command line.
"""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

CATALOGUES = Catalogues("eqsurvey.console.questionnaire")

MESSAGES: tuple[Msg, ...] = (
    Msg("nav_title", "Questionnaire"),
    Msg("title", "Questionnaire"),
    Msg("broken_title", "The questionnaire file cannot be read"),
    Msg(
        "broken_text",
        "The instrument file has the problems listed above, so it cannot be edited here. Correct them in an "
        "editor (each names its line); the console shows the questionnaire again as soon as the file is valid.",
    ),
    Msg("about_title", "This questionnaire"),
    Msg("survey_title", "Title"),
    Msg("version", "Version"),
    Msg("content_hash", "Content hash (what partners approve)"),
    Msg("languages", "Languages"),
    Msg("default_language", "default"),
    Msg("missing", "Missing translations"),
    Msg("printable", "Printable questionnaire ({lang})"),
    Msg("sections_title", "Sections and questions"),
    Msg("asked_if", "asked if"),
    Msg("module", "Module"),
    Msg("locked", "wording locked as published: it cannot be edited"),
    Msg("unlocked", "wording from the module library"),
    Msg("source", "Source"),
    Msg("warnings_title", "Warnings"),
    Msg("warning", "Warning"),
    Msg("save", "Save"),
    Msg("back", "Back to the questionnaire"),
    Msg("text_in", "{field} ({lang})"),
    # The survey's own texts
    Msg("texts_title", "The survey's own texts"),
    Msg(
        "texts_intro",
        "These texts are shown to respondents before they start and printed in reports. Write each in every "
        "language of the questionnaire.",
    ),
    Msg("field_title", "Title"),
    Msg("field_purpose", "Purpose"),
    Msg("field_controller", "Controller (who is responsible for the data)"),
    Msg("field_legal_basis", "Legal basis"),
    Msg("field_rights", "Respondents' rights"),
    Msg("field_retention", "Retention (when the answers are deleted)"),
    Msg("field_contact", "Contact"),
    # A question
    Msg("question_title", "Question {qid}"),
    Msg("question_intro", "Question id {id}, type {type}."),
    Msg("wording", "Wording"),
    Msg("label_in", "Question text ({lang})"),
    Msg("hint_in", "Help text ({lang})"),
    Msg("options", "Answer options"),
    Msg("option_in", "Option {code} ({lang})"),
    Msg("condition", "Skip logic: ask only if"),
    Msg(
        "condition_hint",
        "A condition on earlier answers, e.g. ms_district == 'nordstadt'. Leave it empty to ask everyone.",
    ),
    Msg("add_option", "Add an option"),
    Msg("option_code", "Code of the new option"),
    Msg("option_code_hint", "Stored with the answers: letters, digits, '_', '-' or '.', e.g. other_city."),
    Msg("code_needed", "Give the new option a code."),
    Msg("remove_option", "Remove an option"),
    Msg(
        "remove_option_text",
        "Answers given with a removed option can no longer be compared with later ones: the version is raised "
        "accordingly.",
    ),
    Msg("remove_this_option", "Remove the option {code}"),
    Msg("rows", "Rows of the matrix"),
    Msg("row_in", "Row {code} ({lang})"),
    Msg("add_row", "Add a row"),
    Msg("row_code", "Code of the new row"),
    Msg("row_code_hint", "Stored with the answers: letters, digits, '_', '-' or '.', e.g. public_transport."),
    Msg("new_row_label_in", "Text of the new row ({lang})"),
    Msg("row_code_needed", "Give the new row a code."),
    Msg("remove_row", "Remove a row"),
    Msg(
        "remove_row_text",
        "Answers given in a removed row can no longer be compared with later ones: the version is raised accordingly.",
    ),
    Msg("remove_this_row", "Remove the row {code}"),
    Msg("points", "Points of the scale"),
    Msg("point_in", "Point {value} ({lang})"),
    Msg("add_point", "Add a point"),
    Msg("point_value", "Value of the new point"),
    Msg("point_value_hint", "A whole number, stored with the answers; the point is placed in order of value."),
    Msg("new_point_label_in", "Text of the new point ({lang})"),
    Msg("point_value_needed", "Give the new point a whole number as its value, e.g. 6."),
    Msg("remove_point", "Remove a point"),
    Msg(
        "remove_point_text",
        "A scale with other points cannot be compared with the earlier one: the version is raised accordingly.",
    ),
    Msg("remove_this_point", "Remove the point {value}"),
    Msg("bounds", "Range of the answers"),
    Msg(
        "bounds_hint",
        "A narrower range leaves earlier answers outside it: the version is raised accordingly.",
    ),
    Msg("min", "Lowest answer"),
    Msg("max", "Highest answer"),
    Msg("unit_in", "Unit ({lang})"),
    Msg("not_a_number", "Write a number here, e.g. 18 or 2.5."),
    Msg("move", "Move the question"),
    Msg("position", "Position in its section (a module counts as one)"),
    Msg("remove_question", "Remove the question"),
    Msg(
        "remove_question_text",
        "The question and its answers leave the questionnaire; conditions that read it must be changed first.",
    ),
    # A section
    Msg("section_title", "Section {sid}"),
    Msg("section_name_in", "Section title ({lang})"),
    Msg("intro_in", "Introduction ({lang})"),
    Msg("add_question", "Add a question of your own"),
    Msg("question_id", "Id of the new question"),
    Msg("question_id_hint", "Lower-case letters, digits and '_', starting with a letter, e.g. ms_housing."),
    Msg("question_type", "Kind of question"),
    Msg("type_single_choice", "One answer from a list"),
    Msg("type_multi_choice", "Several answers from a list"),
    Msg("type_text", "Free text"),
    Msg("type_scale", "A scale with a label on every point"),
    Msg("type_number", "A number (e.g. years, persons)"),
    Msg("type_matrix", "Several rows answered with the same options (matrix)"),
    Msg("question_privacy", "What the answers say about a person"),
    Msg("privacy_other", "Nothing sensitive"),
    Msg("privacy_special_category", "Sensitive (origin, religion, health, sexual life or orientation: GDPR Art. 9)"),
    Msg("privacy_quasi_identifier", "Could identify someone together with other answers (e.g. district, age)"),
    Msg("question_role", "Use in the tables of the analysis"),
    Msg("role_none", "Not used in tables"),
    Msg("role_breakdown", "Groups to compare (e.g. by district)"),
    Msg("role_outcome", "What is measured (e.g. experiences of discrimination)"),
    Msg("new_options", "Answer options (for a list), one per line"),
    Msg(
        "new_options_hint",
        "Write each as code: text in the default language, e.g. rent: Zur Miete. Translate them afterwards.",
    ),
    Msg("option_line", "Line {n} is not written as code: text."),
    Msg("new_rows", "Rows (for a matrix), one per line"),
    Msg(
        "new_rows_hint",
        "Write each as code: text in the default language, e.g. bus: Im Bus. The options above are the same for every row.",
    ),
    Msg("new_points", "Points (for a scale), one per line"),
    Msg(
        "new_points_hint",
        "Write each as value: text in the default language, the value a whole number, e.g. 1: überhaupt nicht.",
    ),
    Msg("point_line", "Line {n} is not written as value: text with a whole number as the value."),
    Msg("new_min", "Lowest answer (for a number)"),
    Msg("new_max", "Highest answer (for a number)"),
    Msg("new_unit_in", "Unit (for a number, {lang})"),
    Msg("not_for_type", "The kind of question chosen does not use this field: empty it, or choose another kind."),
    # Modules
    Msg("modules_title", "Modules from the library"),
    Msg(
        "modules_intro",
        "Modules are tested question blocks with a cited source. A locked module is asked exactly as published; "
        "its wording cannot be edited. Removing a module removes its questions.",
    ),
    Msg("module_ref", "Reference"),
    Msg("in_use", "In this questionnaire"),
    Msg("yes", "yes"),
    Msg("no", "no"),
    Msg("remove_module", "Remove {ref}"),
    Msg("add_module", "Add {ref}"),
    Msg("into_section", "Into the section"),
    Msg(
        "module_question",
        "The question {id} comes from the module {module}; its wording is the library's and is not edited here.",
    ),
    Msg(
        "module_question_locked",
        "The question {id} belongs to the locked module {module}: its wording and order are as published "
        "({source}) and cannot be edited.",
    ),
    # Translations
    Msg("translations_title", "Missing translations"),
    Msg("missing_in", "{lang}: {n} missing"),
    Msg("translate_into", "{key} in {lang}"),
    Msg("original", "In the default language: {text}"),
    Msg("nothing_missing", "Every text is there in every language."),
    Msg("not_here_title", "Not translated here"),
    Msg("add_language", "Add a language"),
    Msg("new_language", "Language tag"),
    Msg(
        "new_language_hint",
        "A BCP 47 tag such as tr, ar or de-x-ls (German Easy Language). Its texts are then listed above to translate.",
    ),
    # Changes
    Msg("changes_title", "What changed since the last version"),
    Msg(
        "no_last_version",
        "No earlier version is kept yet. The first change saved here keeps the current version under versions/, "
        "and this page then shows what changed since.",
    ),
    Msg("last_version", "Last version"),
    Msg("change_count", "Changes"),
    Msg("comparable", "Answers comparable with the last version"),
    Msg("changes_caption", "Changes since the last version"),
    Msg("what", "Change"),
    Msg("where", "Where"),
    Msg("kind", "Kind"),
    Msg("breaking", "breaking: answers cannot be pooled"),
    Msg("wording_change", "wording"),
    Msg("structure_change", "structure"),
    Msg("for_reviewers", "For reviewers"),
    # Notes and refusals
    Msg("saved", "Saved. The version is {version}."),
    Msg("saved_raised", "Saved. The version was raised from {old} to {version}."),
    Msg("unchanged", "Nothing was changed."),
    Msg("not_found_title", "Not found"),
    Msg("not_found", "There is nothing called {id} in the questionnaire."),
)

WORDING = Wording(CATALOGUES, MESSAGES)

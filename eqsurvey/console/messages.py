"""The console frame's own wording (navigation, notes, refusals, the overview and jobs), in English as the code states it.

German is ``eqsurvey/console/locales/de/LC_MESSAGES/console.po``; each section keeps its
own wording in its own package and catalogue.
"""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

CATALOGUES = Catalogues("eqsurvey.console")

MESSAGES: tuple[Msg, ...] = (
    Msg("console", "eqsurvey console"),
    Msg("skip", "Skip to the content"),
    Msg("nav", "Steps of the survey"),
    Msg("nav_overview", "Overview"),
    Msg("language", "Language"),
    Msg("lang_de", "Deutsch"),
    Msg("lang_en", "English"),
    Msg("notes", "Done"),
    Msg("problems_title", "Please correct the following"),
    Msg("problem_fix", "What to do:"),
    Msg("running_jobs", "Steps under way: {n}"),
    Msg("passphrase", "Passphrase of the analysts' key"),
    Msg(
        "passphrase_hint",
        "Needed for this step only. It is used once and not kept: not in the browser, not on the server.",
    ),
    # Overview
    Msg("overview_title", "Overview"),
    Msg("no_project", "There is no survey project in this folder yet."),
    Msg("started_in", "The console was started in {folder}."),
    Msg("create_title", "Create a survey project"),
    Msg(
        "create_text",
        "A project is a folder with the questionnaire, the analysis plan and the settings. Start from "
        "the example survey of Musterstadt and adapt it, or from the module library.",
    ),
    Msg("create_folder", "Folder name of the new project"),
    Msg("create_folder_hint", "A new folder inside {folder}: letters, digits, '-', '_' or '.'."),
    Msg("create_example", "Start from"),
    Msg("create_button", "Create the project"),
    Msg("created", "The project {name} was created in {folder}."),
    Msg("project_title", "Project"),
    Msg("instrument", "Questionnaire"),
    Msg("version", "Version {version}, content {hash}"),
    Msg("languages", "Languages"),
    Msg("keys_title", "Keys"),
    Msg("keys_missing", "The analysts' keys have not been made yet. Answers can only be collected once they exist."),
    Msg("keys_ready", "The analysts' key {key} exists; answers are sealed to it."),
    Msg("keys_create", "Make the keys"),
    Msg(
        "keys_text",
        "The private key stays on this computer, protected by the passphrase. Choose a long passphrase "
        "(several words) and keep it safe: without it nobody can open the answers, not even you.",
    ),
    Msg("passphrase_repeat", "The passphrase again"),
    Msg("passphrase_differs", "The two passphrases differ."),
    Msg("keys_made", "The key {key} was made."),
    Msg("responses_title", "Answers"),
    Msg("steps_title", "The steps of the survey"),
    Msg("step_questionnaire", "Adapt the questionnaire"),
    Msg("step_codesign", "Have partner organisations review it"),
    Msg("step_approved", "approved by {names}"),
    Msg("step_reviewed", "comments received, no approval yet"),
    Msg("step_not_reviewed", "no partner has reviewed this version yet"),
    Msg("step_keys", "Make the analysts' keys"),
    Msg("step_keys_ready", "done"),
    Msg("step_keys_missing", "still to do"),
    Msg("step_documents", "Make the data-protection documents"),
    Msg("step_documents_current", "all current"),
    Msg("step_documents_stale", "out of date: make them again"),
    Msg("step_documents_incomplete", "not yet made in every language"),
    Msg("step_documents_missing", "still to do"),
    Msg("step_fieldwork", "Invite, collect and import answers"),
    Msg("step_plan", "Check which tables will be publishable"),
    Msg("step_release", "Publish results and read the report"),
    Msg("responses_count", "Answers stored on this computer: {n}"),
    Msg("broken_title", "The project's files have a problem"),
    # Jobs
    Msg("job_title", "{title}"),
    Msg("job_waiting", "Waiting for the step before it to finish."),
    Msg("job_running", "Under way. This page updates itself; you may close it, the step continues."),
    Msg("job_progress", "{done} of {total}"),
    Msg("job_done", "Finished."),
    Msg("job_failed", "This step could not be finished. Nothing was changed by it."),
    Msg(
        "job_bug",
        "An error in eqsurvey stopped this step ({failure}). Nothing was changed by it. Please report it.",
    ),
    Msg("job_unknown", "There is no such step (the console may have been restarted)."),
    # Refusals
    Msg("refused_title", "Nothing was changed"),
    Msg(
        "refused_csrf",
        "This form did not come from this console's page, or the page was too old. Nothing was changed; open the page again and send it from there.",
    ),
    Msg("refused_malformed", "The form arrived incomplete or altered. Nothing was changed."),
    Msg("refused_large", "The form sent more data than this console accepts. Nothing was changed."),
    Msg(
        "refused_closed",
        "The console is opened through the link it printed when it started; that link works once. "
        "Start the console again for a new link.",
    ),
    Msg(
        "refused_spent",
        "This link has already been used, or it is not this console's link. Start the console again for a new link.",
    ),
    Msg("not_found", "There is no such page."),
    Msg("back_overview", "Back to the overview"),
)

WORDING = Wording(CATALOGUES, MESSAGES)

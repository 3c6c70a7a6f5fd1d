"""The wording of the console's "Release and report" section, in English as the code states it.

German is ``eqsurvey/console/release/locales/de/LC_MESSAGES/release.po``. Problems the
library finds (a wrong passphrase, a budget that does not fit, a file that is not a
release) keep the command line's words; this is the section's own wording around them.
"""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

MESSAGES: tuple[Msg, ...] = (
    Msg("section_title", "Release and report"),
    # The budget
    Msg("budget_title", "Privacy budget"),
    Msg(
        "budget_intro",
        "Every release of results spends part of the survey's privacy budget, and spent budget is gone for good. "
        "The budget limits how much all releases together can reveal about any one respondent.",
    ),
    Msg("budget_words", "{spent} of the budget is spent; {left} is left."),
    Msg("budget_none_spent", "Nothing of the budget is spent yet."),
    Msg("budget_all_spent", "The whole budget is spent: no further release can be made."),
    Msg("budget_total", "Total"),
    Msg("budget_spent", "Spent"),
    Msg("budget_left", "Left"),
    Msg("budget_epsilon", "ρ = {rho} (ε = {epsilon} at δ = 10⁻⁶)"),
    Msg("budget_rho", "ρ = {rho}"),
    Msg("budget_fixed", "Fixed in the ledger by the first release."),
    Msg("budget_from_config", "From eqsurvey.toml; the first release fixes it."),
    Msg("budget_changed", "Changed to ρ = {rho} on {day}: {reason}"),
    Msg("budget_plan_fits", "The plan {plan} spends ρ = {rho} per release: the budget left covers {n} more."),
    Msg("budget_plan_broken", "The analysis plan cannot be read, so no release can be prepared:"),
    Msg(
        "budget_latest_wave",
        "The figures above are the budget of the latest wave, wave {number}: {name}. Each wave asks other people,"
        " so each has a budget of its own; the table below shows every wave's.",
    ),
    Msg("waves_caption", "Each wave's budget"),
    Msg("wave_col_wave", "Wave"),
    Msg("wave_col_days", "Responses received"),
    Msg("wave_col_respondents", "Responses"),
    Msg("wave_name", "Wave {number}: {name}"),
    Msg("wave_days", "from {start} to {end}"),
    # Releases
    Msg("releases_title", "Releases"),
    Msg("releases_none", "No release has been made yet."),
    Msg("release_col_id", "Release"),
    Msg("release_col_made", "Made on"),
    Msg("release_col_plan", "Plan"),
    Msg("release_col_rho", "Spent"),
    Msg("release_col_tables", "Tables"),
    Msg("release_col_wave", "Wave"),
    # Opening the responses
    Msg("open_title", "Open the responses"),
    Msg(
        "open_text",
        "The answers are stored sealed. Opening them writes the analysis dataset {path}, from which releases are "
        "made. This needs the passphrase of the analysts' key.",
    ),
    Msg("open_button", "Open the responses"),
    Msg("open_wave", "Survey wave"),
    Msg(
        "open_wave_hint",
        "This survey has several waves. Open the responses of one wave: its release measures only those and "
        "spends that wave's own budget.",
    ),
    Msg("wave_option", "Wave {number}: {name}, responses received from {start} to {end}"),
    Msg("wave_first_day", "the start of the survey"),
    Msg("wave_open_end", "now"),
    Msg("dataset_wave", "The dataset holds wave {number}: {name}."),
    Msg("new_wave", "Wave {number} ({name}): this release measures its respondents and spends its own budget."),
    Msg("open_job", "Opening the responses"),
    Msg("open_note", "Opening responses"),
    Msg("opened", "The dataset {path} was written: {rows} respondents, {columns} columns."),
    Msg("opened_simulated", "{n} of them are simulated: every report made from it says so."),
    Msg("opened_redacted", "{n} piece(s) of personal data were removed from free text."),
    Msg("dataset_title", "The dataset"),
    Msg("dataset_none", "There is no dataset yet: open the responses first."),
    Msg("dataset_state", "Written on {day} with {rows} respondents. The store holds {stored} responses now."),
    Msg("dataset_day_unknown", "an unrecorded day"),
    Msg("stored_none", "No answers are stored yet: import or collect responses first."),
    # Making a release
    Msg("new_title", "Make a release"),
    Msg("new_link", "Prepare a release"),
    Msg("new_intro", "Check what this release spends and on which data before you confirm it."),
    Msg("new_plan", "Plan"),
    Msg("new_spend", "Spends"),
    Msg(
        "new_spend_words",
        "ρ = {rho}: {of_total} of the total ρ = {total} and {of_left} of the ρ = {left} left; afterwards ρ = {after} "
        "is left.",
    ),
    Msg("new_data", "On the data"),
    Msg("new_data_words", "The dataset {path}, written on {day}, with {rows} respondents."),
    Msg("new_store", "The store holds {stored} responses now (the latest received on {latest})."),
    Msg("new_expected", "Expected hidden"),
    Msg(
        "new_expected_words",
        "About {share} of the plan's {cells} cells are expected to be hidden because too few people are in them "
        "(more are hidden so that none can be worked out from the others).",
    ),
    Msg("new_warnings", "Before you release"),
    Msg("new_no_warnings", "The checks found nothing that speaks against this release."),
    Msg("new_accept", "Release despite this warning"),
    Msg("new_accept_legend", "Warnings you release despite"),
    Msg("new_confirm", "I have checked what this release spends, and I want to make it."),
    Msg("new_button", "Make the release"),
    Msg("confirm_missing", "Tick the box to confirm the release: nothing was spent."),
    Msg("accept_missing", "Tick each warning you release despite, or do what it says instead: nothing was spent."),
    Msg(
        "stale_page",
        "The budget or the dataset changed since this page was shown (another release, or the responses "
        "opened again). Nothing was spent; check the page again.",
    ),
    Msg("release_job", "Making a release"),
    Msg("release_step_check", "Checking the ledger and the dataset"),
    Msg("release_step_measure", "Measuring the tables"),
    Msg("release_made", "The release {id} was made: ρ = {rho} spent, ρ = {left} left."),
    Msg("release_read", "Read the release's report"),
    Msg("hint_dataset-older-than-store", "Open the responses again above, so that the dataset holds them all."),
    Msg("hint_dataset-too-small", "Wait for more responses, or plan fewer and coarser tables."),
    Msg("hint_release-repeated", "Read the stored release's report instead: it costs nothing."),
    # One release and its report
    Msg("release_title", "Release {id}"),
    Msg("release_facts", "Made on {day} from plan {plan} (questionnaire {instrument}); it spent ρ = {rho}."),
    Msg("release_simulated", "This release was made from simulated responses; its report says so."),
    Msg("read_title", "Read the report"),
    Msg("read_summary", "Summary ({language})"),
    Msg("read_annex", "Full report ({language})"),
    Msg("read_hint", "The report opens as its own page; go back in the browser to return here."),
    Msg("download_title", "Download"),
    Msg("download_part_summary", "Summary"),
    Msg("download_part_annex", "Full report and tables"),
    Msg("download_file", "{format}, {language}"),
    Msg("download_data", "Files for comparisons and further analysis"),
    Msg("download_release_file", "Release file (JSON) to compare with other municipalities"),
    Msg("download_tidy_csv", "All cells as data, without labels (CSV)"),
    Msg("download_tidy_json", "All cells as data, without labels (JSON)"),
    Msg("pdf_button", "Make the PDF: {part}, {language}"),
    Msg("pdf_hint", "A PDF takes a few seconds to make; the next page shows when it is ready."),
    Msg("pdf_job", "Making the PDF of {id}"),
    Msg("pdf_made", "The PDF is ready."),
    Msg("pdf_download", "Download {name}"),
    Msg("file_gone", "This file is no longer kept (the console keeps the last {n} it made). Make it again."),
    Msg("lang_de", "German"),
    Msg("lang_en", "English"),
    # The reports' wording in these languages is a draft awaiting review (reports/locales, "# Translation-Status: draft").
    Msg("lang_tr", "Turkish (draft translation)"),
    Msg("lang_ar", "Arabic (draft translation)"),
    Msg("lang_ru", "Russian (draft translation)"),
    Msg("lang_uk", "Ukrainian (draft translation)"),
    Msg("lang_fa", "Persian (draft translation)"),
    # Comparing
    Msg("compare_title", "Compare with other municipalities"),
    Msg("compare_link", "Compare releases"),
    Msg(
        "compare_intro",
        "Compare releases side by side on the tables they share; their answers are never pooled. Choose this "
        "survey's releases and add release files other municipalities sent you (each written there by "
        "'eqsurvey release show ID --json', at most {size} each).",
    ),
    Msg("compare_own", "Releases of this survey"),
    Msg("compare_file", "Release file {n}"),
    Msg("compare_language", "Language of the comparison"),
    Msg("compare_button", "Compare"),
    Msg("compare_too_few", "Choose or add at least two releases to compare."),
    Msg("upload_too_large", "{name}: the file is larger than {size}; a release file is far smaller."),
    Msg("upload_not_text", "{name}: not a text file (not UTF-8); give the file eqsurvey release show ID --json wrote."),
    Msg("back_release", "Back to Release and report"),
)

WORDING = Wording(Catalogues("eqsurvey.console.release"), MESSAGES)

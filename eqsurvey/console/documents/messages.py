"""The documents section's wording, in English as the code states it (German: ``locales/de/LC_MESSAGES/documents.po``)."""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

CATALOGUES = Catalogues("eqsurvey.console.documents")

TITLE = Msg("title", "Documents")

MESSAGES: tuple[Msg, ...] = (
    TITLE,
    Msg("page_title", "Data-protection documents"),
    Msg(
        "intro",
        "eqsurvey writes the documents your data protection officer, your council and your respondents need, "
        "from the questionnaire, the project's settings, the analysis plan and the public key: never from answers. "
        "Make them before the fieldwork starts, and again whenever something changes.",
    ),
    Msg("folder", "They are kept in the folder {folder}."),
    Msg("standing_current", "All documents are current."),
    Msg("standing_stale", "Files out of date: {n}. Make the documents again."),
    Msg("standing_incomplete", "Some documents have not been made yet in every language."),
    Msg("standing_missing", "The documents have not been made yet."),
    Msg("changed_questionnaire", "Since they were made, the questionnaire has changed."),
    Msg(
        "changed_settings",
        "Since they were made, the project's settings have changed (the settings file {file}, the analysis plan, "
        "the partners' reviews or the keys).",
    ),
    # The documents, and whom each is for
    Msg("record_title", "Record of processing activities"),
    Msg(
        "record_for",
        "For the municipality's register of processing (GDPR Art. 30), kept by the data protection officer.",
    ),
    Msg("annex_title", "Technical annex"),
    Msg(
        "annex_for",
        "For the data protection officer: what is stored where, who can open what, and how erasure works.",
    ),
    Msg("dpia_title", "Input for the data protection impact assessment"),
    Msg(
        "dpia_for",
        "For the data protection officer and the controller, who complete the assessment (GDPR Art. 35).",
    ),
    Msg("methods_title", "Methods note"),
    Msg("methods_for", "For the council and the partner organisations: what the survey can say and what it cannot."),
    Msg("information_title", "Information for respondents"),
    Msg(
        "information_for",
        "For the people who answer: the information under GDPR Art. 13 and the consent statement, in every "
        "language of the questionnaire.",
    ),
    # The files
    Msg("files_caption", "{document}: the files"),
    Msg("col_language", "Language"),
    Msg("fmt_docx", "Word (DOCX)"),
    Msg("fmt_pdf", "PDF"),
    Msg("fmt_html", "Web page (HTML)"),
    Msg("status_current", "current"),
    Msg("status_stale", "out of date"),
    Msg("status_unreadable", "not recognised: it bears no eqsurvey stamp"),
    Msg("status_none", "no file"),
    Msg("why_questionnaire", "the questionnaire has changed"),
    Msg("why_settings", "the settings have changed"),
    Msg("download", "Download"),
    Msg("download_name", "{document}, {language}, {format}"),
    # Making them
    Msg("make", "Make the documents"),
    Msg(
        "make_text",
        "Files already in the folder are replaced. If you have edited a Word file, save your version under another "
        "name first.",
    ),
    Msg("languages", "Languages"),
    Msg(
        "languages_hint",
        "The information for respondents is made in every language of the questionnaire, the other documents "
        "in German and English.",
    ),
    Msg("formats", "Formats"),
    Msg("make_button", "Make the documents"),
    Msg("no_language", "Please choose at least one language."),
    Msg("no_format", "Please choose at least one format."),
    Msg(
        "edit_config",
        "Where to change it: the file {file} in the project folder {folder}, in its table {table}. Open it with a "
        "text editor; each entry is explained in a comment.",
    ),
    Msg("make_keys", "The keys are made on the overview page."),
    Msg("job", "Making the data-protection documents"),
    Msg("job_note", "Writing {n} files"),
    Msg("made", "{n} files written into {folder}."),
    Msg("back", "Back to the documents"),
)

WORDING = Wording(CATALOGUES, MESSAGES)

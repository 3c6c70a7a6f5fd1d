"""The fieldwork section's wording, in English as the code states it.

German is ``eqsurvey/console/fieldwork/locales/de/LC_MESSAGES/fieldwork.po``. Problems found by the
library (a letter text's line, an export's rows) are shown in the command line's words.
"""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

CATALOGUES = Catalogues("eqsurvey.console.fieldwork")

TITLE = Msg("section_title", "Fieldwork")

MESSAGES: tuple[Msg, ...] = (
    TITLE,
    # Overview of the fieldwork
    Msg("progress_title", "How the fieldwork goes"),
    Msg(
        "progress_note",
        "These counts are exact, down to a week with a single response. They are for steering the fieldwork on "
        "this computer (when to send reminders), not for publication; published figures come from a release.",
    ),
    Msg("invitations_answered", "{used} of {created} invitations answered ({share} %), {unused} not yet."),
    Msg("no_invitations", "No invitation codes have been made for this survey."),
    Msg("responses_total", "Responses stored: {n}"),
    Msg("weeks_caption", "Responses received per calendar week (ISO 8601, Monday to Sunday)"),
    Msg("col_week", "Calendar week"),
    Msg("col_from", "From"),
    Msg("col_responses", "Responses"),
    Msg("no_responses", "No responses have arrived yet."),
    Msg("steps_title", "Steps of the fieldwork"),
    # Letters
    Msg("letters_title", "Invitation letters"),
    Msg(
        "letters_text",
        "Each letter gets a new access code of its own and the link to the questionnaire with that code. Addresses "
        "never enter eqsurvey: every letter leaves the address field empty (DIN 5008, for a window envelope), for an "
        "address label printed elsewhere.",
    ),
    Msg("link_label", "Address of the questionnaire"),
    Msg(
        "link_hint",
        "As the server publishes it, beginning with https://; each letter adds ?code=… with its own code.",
    ),
    Msg("letter_label", "Letter text"),
    Msg(
        "letter_hint",
        "Blank lines separate paragraphs; a line starting with '# ' is a heading; **text** is bold. Write {{code}} "
        "for the access code, {{link}} for the link with the code, and {{qr}} on a line of its own for a QR code.",
    ),
    Msg("at_line", "Line {line}"),
    Msg("count_label", "Number of letters (each with a new code)"),
    Msg("count_hint", "From 1 to {max} letters in one PDF."),
    Msg("count_invalid", "Give a whole number from 1 to {max}."),
    Msg("save_button", "Save the letter text"),
    Msg("make_button", "Make codes and letters"),
    Msg("saved", "The letter text was saved in {file}."),
    Msg("letters_job", "Invitation letters"),
    Msg("letters_done", "{n} letters with new access codes are ready."),
    Msg("letters_download", "Download the letters (PDF)"),
    Msg(
        "download_once",
        "The PDF holds the access codes. It can be downloaded once; then the console forgets it. Keep the file "
        "safe and delete it once the letters are printed.",
    ),
    Msg(
        "download_gone",
        "This PDF was downloaded already, or the console was restarted. The codes in it stay valid; if nobody "
        "has them, make new letters.",
    ),
    Msg(
        "default_letter",
        "# Survey on diversity in our city\n\nDear Sir or Madam,\n\nwe invite you to take part in a voluntary, "
        "anonymous survey.\nYour personal access code: **{{code}}**\n\nTo the questionnaire: {{link}}\n"
        "or with your phone's camera:\n\n{{qr}}\n\nYours sincerely\nThe equality office",
    ),
    # Import
    Msg("import_title", "Import responses from LimeSurvey or KoboToolbox"),
    Msg(
        "import_text",
        "Upload the export as the platform gives it: from LimeSurvey the survey archive (.lsa), the responses "
        "(.lsr, with the survey structure .lss) or the response CSV; from KoboToolbox the export as XLSX, CSV or "
        "JSON. Every row is checked, pseudonymised and sealed; rows with problems are listed and not stored. "
        "Import each new export whole: responses stored before are recognised and stored once.",
    ),
    Msg("export_label", "Export file"),
    Msg(
        "export_hint",
        "At most {mb} MB. The file is kept only while it is imported, in a private temporary folder, and then deleted.",
    ),
    Msg("structure_label", "Survey structure (.lss): only for a .lsr file"),
    Msg("import_button", "Import"),
    Msg("import_job", "Import of an export"),
    Msg("rows_checked", "{n} rows checked and sealed so far."),
    Msg("import_done", "{stored} responses stored, {rejected} rows with problems not stored."),
    Msg("import_see", "See the result of the import"),
    Msg("result_title", "Result of the import"),
    Msg("result_file", "File:"),
    Msg("result_gone", "There is no such import result (the console may have been restarted)."),
    Msg("count_stored", "Stored"),
    Msg("count_rejected", "Rows with problems, not stored"),
    Msg("count_unchanged", "Stored before, unchanged"),
    Msg("count_replaced", "Changed since, replaced"),
    Msg("count_erased", "Erased earlier, not stored again"),
    Msg("count_code_used", "Access code used already"),
    Msg("counts_caption", "What the import did"),
    Msg("problems_caption", "Rows with problems (not stored)"),
    Msg("col_row", "Row"),
    Msg("col_question", "Question"),
    Msg("col_problem", "Problem"),
    Msg("col_fix", "What to do"),
    Msg("more_problems", "{n} more problems are not shown; fix the ones above first."),
    Msg("notes_title", "Notes from the importer"),
    Msg("upload_missing", "Choose the export file."),
    Msg("upload_type", "A {suffix} file cannot be imported. Upload a .csv, .lsa, .lsr, .xlsx or .json file."),
    Msg("upload_large", "The file is larger than {mb} MB; nothing was stored."),
    Msg("structure_type", "The survey structure must be a .lss file."),
    # Erasure
    Msg("erase_title", "Erase a response on request"),
    Msg(
        "erase_text",
        "A respondent may ask for their response to be erased (GDPR Art. 17). They name it by the receipt code "
        "from the questionnaire's last page, or by their access code. The audit log records that a response was "
        "erased, not which.",
    ),
    Msg("kind_legend", "The respondent gave"),
    Msg("kind_receipt", "the receipt code"),
    Msg("kind_access", "the access or invitation code"),
    Msg("code_label", "Code"),
    Msg("code_missing", "Type the code the respondent gave."),
    Msg("erase_button", "Erase the response"),
    Msg("erased", "{n} response(s) erased; the audit log records the erasure."),
    Msg(
        "carry_note",
        "This computer holds responses brought from the server: carry the erasure there too "
        "(eqsurvey erasures bundle here, eqsurvey erasures merge on the server).",
    ),
)

WORDING = Wording(CATALOGUES, MESSAGES)

"""The co-design section's wording, in English as the code states it (German: ``locales/de/LC_MESSAGES/codesign.po``)."""

from __future__ import annotations

from eqsurvey.console.section import Wording
from kernel.i18n import Catalogues, Msg

CATALOGUES = Catalogues("eqsurvey.console.codesign")

TITLE = Msg("title", "Co-design")

MESSAGES: tuple[Msg, ...] = (
    TITLE,
    Msg(
        "intro",
        "Community organisations review the questionnaire from a personal link: they read it in every language "
        "and the planned tables in plain words, comment on the whole or on single questions, and approve it or "
        "ask for changes. An approval counts for exactly the content they saw; every report names who approved "
        "which version.",
    ),
    Msg("present", "Present version"),
    Msg("version", "Version {version} (content {hash})"),
    Msg("partners", "Partners and their links"),
    Msg("partners_none", "No organisation has been invited yet."),
    Msg("col_organisation", "Organisation"),
    Msg("col_version", "Link for version"),
    Msg("col_created", "Made on"),
    Msg("col_state", "State"),
    Msg("col_action", "Action"),
    Msg("state_open", "open"),
    Msg("state_revoked", "revoked"),
    Msg("state_outdated", "open, for an earlier content"),
    Msg("revoke", "Revoke the link of {organisation}"),
    Msg("revoked", "The link of {organisation} no longer works."),
    Msg("invite", "Invite an organisation"),
    Msg(
        "invite_text",
        "A new link replaces the organisation's earlier one. The link is shown only once: copy it and send it "
        "to the organisation yourself.",
    ),
    Msg("organisation", "Name of the organisation"),
    Msg("organisation_hint", "As reports should name it, e.g. Migrationsbeirat."),
    Msg("url", "Address of the survey server"),
    Msg("url_hint", "Where partners reach the server that runs eqsurvey serve, e.g. https://umfrage.musterstadt.de."),
    Msg("invite_button", "Make the link"),
    Msg("new_link", "The review link of {organisation}"),
    Msg(
        "new_link_text",
        "Copy this link now and send it to the organisation: it is not shown again and not stored anywhere "
        "(only a keyed fingerprint of it is).",
    ),
    Msg("link_label", "Review link"),
    Msg("notes", "Notes from partners"),
    Msg("notes_waiting", "Notes that have arrived and are not yet opened: {n}."),
    Msg("notes_none_waiting", "No unopened notes."),
    Msg(
        "receive_text",
        "Notes are encrypted for the analysts' key when they arrive. Opening them needs the passphrase; they "
        "are then added to the project's reviews (reviews.jsonl).",
    ),
    Msg("receive_button", "Open the notes"),
    Msg("received", "Notes opened and added to the reviews: {n}."),
    Msg("exchange", "Exchange with the survey server"),
    Msg(
        "exchange_text",
        "If the survey server is another computer: download the partners' file here and take it in there, and "
        "the other way round. It holds the links' fingerprints (never a link) and the encrypted notes.",
    ),
    Msg("download", "Download the partners' file"),
    Msg("upload", "Partners' file from the other side"),
    Msg("merge_button", "Take in the file"),
    Msg("merged", "Taken in: {links} link change(s) and {notes} new note(s)."),
    Msg("no_file", "Please choose a partners' file."),
    Msg("reviews", "Comments and approvals"),
    Msg("round_current", "Present content: version {version} (content {hash})"),
    Msg("round_earlier", "Earlier content: version {version} (content {hash})"),
    Msg("round_none", "No organisation has reviewed this content yet."),
    Msg("standing_approve", "approved"),
    Msg("standing_changes", "asked for changes"),
    Msg("standing_comment", "commented"),
    Msg("standing_caption", "Where each organisation stands on this content"),
    Msg("col_standing", "Decision"),
    Msg("col_date", "Date"),
    Msg("records_heading", "All notes on this content"),
    Msg("record", "{date}, {organisation}: {decision}"),
    Msg("on_whole", "on the questionnaire as a whole"),
    Msg("on_question", "on question {n}: {label}"),
    Msg("on_unknown_question", "on question {id}, which this version no longer has"),
    Msg("per_question", "Comments by question"),
    Msg("per_question_link", "See the comments question by question"),
    Msg("questions_title", "Comments by question"),
    Msg("whole", "The questionnaire as a whole"),
    Msg("question_heading", "Question {n}: {label}"),
    Msg("no_comments", "No comments."),
    Msg("gone_questions", "Questions this version no longer has"),
    Msg("earlier_mark", "earlier content, version {version}"),
    Msg("back", "Back to co-design"),
)

WORDING = Wording(CATALOGUES, MESSAGES)

"""The form's own wording (buttons, pages, messages next to fields), in English as the code states it.

Question wording comes from the instrument, and the welcome page's information for respondents from
:mod:`instruments.respondent_info`; this is only the frame around them. The translations
are gettext catalogues (:mod:`kernel.i18n`): ``survey/locales/de/LC_MESSAGES/survey.po`` for
German and ``survey/locales/de@easy/…`` for German Easy Language (Leichte Sprache, ``de-x-ls``).
A language eqsurvey has no frame wording for gets English, marked with ``lang="en"`` where it is
shown (WCAG 3.1.2), as the printable page does.
"""

from __future__ import annotations

from kernel.i18n import Catalogues, Msg, TranslationStatus

CATALOGUES = Catalogues("survey")

# Each message's key is how pages and checks ask for it; the key is also the msgctxt translators see.
MESSAGES: tuple[Msg, ...] = (
    Msg(
        "simulated_banner",
        "Demonstration only: this is eqsurvey's demo survey. Its results are computed from simulated "
        "answers, not from real people. Please do not enter real personal information.",
    ),
    Msg(
        "draft_translation",
        "This translation is a draft: a qualified translator or a community organisation has not yet checked "
        "it. If a question is unclear, you can switch to another language with the buttons below.",
    ),
    Msg(
        "cookie_note",
        "This page sets one security cookie, which expires when you close the browser. Your IP address "
        "is not stored, and unfinished answers are not stored on the server.",
    ),
    Msg("start", "Start the survey"),
    Msg("next", "Next"),
    Msg("back", "Back"),
    Msg("submit", "Send my answers"),
    Msg("languages", "Language"),
    Msg("part", "Part {n} of {total}"),
    Msg("continued", "(continued)"),
    Msg("lead_question", "About question {n}:"),
    Msg("lead_answer", "Your answer:"),
    Msg("errors_title", "Please check your answers"),
    Msg("error_prefix", "Error"),
    Msg("question_n", "Question {n}"),
    Msg("finish_title", "Ready to send"),
    Msg(
        "finish_text",
        "You have seen every question that applies to you. “Send my answers” stores your answers "
        "encrypted; after that they cannot be changed.",
    ),
    Msg("thanks_title", "Thank you for taking part!"),
    Msg("thanks_text", "Your answers have been stored, encrypted."),
    Msg("receipt", "Your receipt code"),
    Msg(
        "receipt_text",
        "Write this code down or print this page; it is shown only once. If you want your answers "
        "deleted, give this code to:",
    ),
    Msg("no_consent_title", "No participation without consent"),
    Msg(
        "no_consent_text",
        "You did not give your consent, so your answers will not be stored. Nothing has been stored. If "
        "you change your mind, go back.",
    ),
    Msg("bad_title", "This request cannot be processed"),
    Msg("bad_text", "The form arrived incomplete or altered. Nothing was stored. Please start the survey again."),
    Msg("expired_title", "Your session has expired"),
    Msg(
        "expired_text",
        "To protect your privacy, unfinished answers are not kept on the server, and they expire after a "
        "while. Nothing was stored. Please start again.",
    ),
    Msg("cookie_title", "Security check failed"),
    Msg(
        "cookie_text",
        "The form must be sent from this site with its security cookie. Please allow cookies for this "
        "site and start again. Nothing was stored.",
    ),
    Msg("large_title", "Too much data"),
    Msg("large_text", "The form sent more data than any answer needs. Nothing was stored."),
    Msg("used_title", "Already sent"),
    Msg("used_text", "These answers have already been sent and stored. Nothing was stored twice."),
    Msg("not_found_title", "Page not found"),
    Msg("not_found_text", "There is no such page."),
    Msg("restart", "Go to the start page"),
    Msg("required", "Please answer this question."),
    Msg("declined_alone", "Tick “{declined}” on its own, or the other answers."),
    Msg("exclusive", "Tick “{label}” on its own, or the other answers."),
    Msg("too_many", "Tick at most {n} answers."),
    Msg("range", "Enter a number from {min} to {max}."),
    Msg("whole", "Enter a whole number."),
    Msg("not_number", "Enter a number in digits, e.g. {example}."),
    Msg("too_long", "Shorten your answer to at most {n} characters."),
    Msg("text_and_declined", "Write an answer or tick “{declined}”, not both."),
    Msg("invalid", "This answer is not valid."),
    Msg("code_label", "Access code from your invitation letter"),
    Msg("code_hint", "16 letters and digits, for example K7QX-M9DR-4HTP-W3FJ. Spaces and dashes do not matter."),
    Msg("code_ok", "Your access code has been recognised. It can be used once."),
    Msg("code_missing", "Please enter the access code from your invitation letter."),
    Msg("code_form", "This is not an access code. A code has 16 letters and digits, for example K7QX-M9DR-4HTP-W3FJ."),
    Msg("code_unknown", "This code is not one of this survey's invitations. Please check it for typos."),
    Msg("code_used_title", "This invitation has already been used"),
    Msg(
        "code_used_text",
        "Answers have already been sent with this access code, and each invitation can answer once. "
        "Nothing was stored now. If you did not send answers yourself, please contact the survey team.",
    ),
    Msg("code_used_contact", "The survey team can be reached here:"),
    Msg("code_unknown_title", "Access code not recognised"),
    Msg("code_unknown_text", "This access code is not one of this survey's invitations. Nothing was stored."),
    Msg("slow_title", "Too many attempts"),
    Msg(
        "slow_text",
        "Too many requests came in a short time. Please wait a few minutes and try again. Nothing was stored.",
    ),
    Msg("busy_title", "Please try again in a minute"),
    Msg(
        "busy_text",
        "The survey's server is very busy right now, so your answers were not stored. Please try again in a minute.",
    ),
    Msg("busy_kept", "What you entered is kept: go back, wait a minute and send it again."),
    Msg("failed_title", "Something went wrong"),
    Msg(
        "failed_text",
        "An error occurred on the server, so your answers were not stored. Please try again later; if it "
        "happens again, please tell the survey team.",
    ),
    Msg("failed_kept", "What you entered is kept: go back to try again."),
    Msg(
        "draft_note",
        "The buttons and messages of this form are a draft translation that a qualified translator has not "
        "yet checked.",
    ),
)


def wording_language(lang: str) -> str:
    """The language the frame is shown in for a page in ``lang``: its own, its base language, else English."""
    return CATALOGUES.resolve(lang)


def wording(lang: str) -> dict[str, str]:
    """The frame's wording in the language :func:`wording_language` picks, by key, placeholders unfilled."""
    return CATALOGUES.translator(lang).wording(MESSAGES)


def wording_is_draft(lang: str) -> bool:
    """Whether the frame's wording for ``lang`` is a draft translation awaiting review (its catalogue says so)."""
    return CATALOGUES.status(wording_language(lang)) is TranslationStatus.DRAFT

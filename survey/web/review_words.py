"""The review pages' own wording (:mod:`survey.web.review`), in English as the code states it.

Translations are in the ``survey`` catalogues, beside the form's (``survey/locales/<lang>/LC_MESSAGES/survey.po``).
"""

from __future__ import annotations

from kernel.i18n import Msg
from survey.web.messages import CATALOGUES

REVIEW_MESSAGES: tuple[Msg, ...] = (
    Msg("review_title", "Review of the questionnaire"),
    Msg("review_for", "For: {organisation}"),
    Msg(
        "review_intro",
        "Your organisation has been invited to review this questionnaire before it is used. Read it below in "
        "any of its languages, and the tables that are planned from the answers. Then comment on the whole "
        "questionnaire or on single questions, and approve it or ask for changes. No account is needed.",
    ),
    Msg("review_version", "Version {version} (content {hash})"),
    Msg(
        "review_sealed",
        "What you send is encrypted at once for the survey team; this server cannot read it back, so it is "
        "not shown here again.",
    ),
    Msg("review_sent", "Thank you: your note has been received and sealed for the survey team."),
    Msg("review_questionnaire", "The questionnaire"),
    Msg("review_comment_on", "Comment on question {n}"),
    Msg("review_options", "Answer options"),
    Msg("review_rows", "Rows"),
    Msg("review_plan", "Tables planned from the answers"),
    Msg("review_plan_none", "No tables are planned yet."),
    Msg("review_form", "Your comment and decision"),
    Msg("review_about", "What the comment is about"),
    Msg("review_whole", "The questionnaire as a whole"),
    Msg("review_question_n", "Question {n}: {label}"),
    Msg("review_decision", "Your decision"),
    Msg("review_decide_comment", "Comment only, no decision yet"),
    Msg("review_decide_approve", "We approve this version"),
    Msg("review_decide_changes", "We ask for changes"),
    Msg("review_text", "Comment"),
    Msg("review_text_hint", "Up to {max} characters. Please do not write personal information about anyone."),
    Msg("review_send", "Send"),
    Msg("review_errors", "Please check your entries"),
    Msg("review_need_text", "Please say what should change."),
    Msg("review_need_something", "Please write a comment or choose a decision."),
    Msg("review_too_long", "The comment is too long: at most {max} characters."),
    Msg("review_bad_question", "Please choose what the comment is about from the list."),
    Msg("review_bad_decision", "Please choose one of the decisions."),
    Msg("review_link_title", "This review link does not work"),
    Msg(
        "review_link_text",
        "The link is not known here: it may have been mistyped, cut off in an e-mail, or withdrawn by the "
        "survey team. Nothing was stored. Please ask the survey team for a new link.",
    ),
    Msg("review_changed_title", "The questionnaire has changed"),
    Msg(
        "review_changed_text",
        "This link was for version {version} of the questionnaire, which is no longer the one served here. "
        "Nothing was stored. Please ask the survey team for a link to the current version.",
    ),
    Msg("review_bad_title", "The note could not be read"),
    Msg(
        "review_bad_text",
        "What was sent is not what this page's form sends, so nothing was stored. Please open the link again "
        "and send your note once more.",
    ),
    Msg("review_expired_title", "Please send again"),
    Msg(
        "review_expired_text",
        "Your browser's security cookie was missing or did not match, so nothing was stored. Please open the "
        "link again and send your note once more.",
    ),
)


def review_wording(lang: str) -> dict[str, str]:
    """The review pages' wording in ``lang`` (its base language, else English), by key, placeholders unfilled."""
    return CATALOGUES.translator(lang).wording(REVIEW_MESSAGES)

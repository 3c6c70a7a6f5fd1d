"""The respondent information's own wording (headings, and what eqsurvey states about itself), in English.

Translations: the ``instruments`` catalogues (German in ``de``, German Easy Language, ``de-x-ls``, in
``de@easy``). The instrument's own texts (purpose, controller, …) are not here: they come from the
instrument in each of its languages.

:data:`FACTS` are the items the printable questionnaire shows as well, so it lists them in its own
wording (:data:`instruments.printable.wording.UI`) under the same keys; :data:`INFO` is what only the
full information has. The consent question's two answers are facts too: the questionnaire shows them.
"""

from __future__ import annotations

from kernel.i18n import Msg

FACTS: tuple[Msg, ...] = (
    Msg("purpose", "Purpose"),
    Msg("controller", "Responsible body (controller)"),
    Msg("legal_basis", "Legal basis"),
    Msg("rights", "Your rights"),
    Msg("retention", "How long the answers are kept"),
    Msg("contact", "Contact"),
    Msg("duration", "Time needed"),
    Msg("duration_text", "About {n} minutes."),
    Msg("duration_one", "About one minute."),
    Msg("voluntary", "Taking part is voluntary"),
    Msg(
        "voluntary_text",
        "You decide whether to take part. All questions are voluntary: you may leave out any question "
        "you do not want to answer.",
    ),
    Msg("voluntary_declined", "You can also tick “{declined}”."),
    Msg(
        "voluntary_required",
        "You decide whether to take part. All questions except those marked “required” are voluntary: "
        "you may leave the others out, but the marked ones must be answered for your questionnaire to be "
        "used.",
    ),
    Msg("consent_yes", "Yes, I agree"),
    Msg("consent_no", "No"),
)

INFO: tuple[Msg, ...] = (
    Msg("info_title", "Data protection and your rights"),
    Msg("info_asked", "What we ask"),
    Msg("info_asked_text", "The questionnaire has these parts:"),
    Msg("info_special", "Particularly sensitive information"),
    Msg(
        "info_special_text",
        "Some questions ask about things the GDPR protects particularly (special categories of personal data, "
        "Art. 9 GDPR), such as origin, religion, health or sexual orientation. These are the questions:",
    ),
    Msg(
        "info_special_none",
        "No question asks about the special categories of personal data that the GDPR protects particularly "
        "(Art. 9 GDPR).",
    ),
    Msg("info_special_item", "Question {n}: {label}"),
    Msg("info_protection", "How your answers are protected"),
    Msg(
        "info_protection_sealed",
        "Your answers are encrypted as soon as they arrive. The server that collects them cannot read them; "
        "only the analysis team holds the key that opens them.",
    ),
    Msg(
        "info_protection_published",
        "Only summary figures are published. They are protected with a method called differential privacy, "
        "so that no one can be recognised from them.",
    ),
    Msg("info_dpo", "Data protection officer"),
    Msg("info_recipients", "Who receives your answers"),
    Msg(
        "info_recipients_text",
        "Only the analysis team, which holds the key, can open your individual answers. Everyone else, "
        "including the organisations that helped to prepare the survey, receives only the protected "
        "summary figures.",
    ),
    Msg("info_withdraw", "How to withdraw"),
    Msg(
        "info_withdraw_text",
        "After sending your answers you get a receipt code. With it you can have your answers deleted "
        "without giving your name: send it to the contact above.",
    ),
    Msg("info_complaint", "Right to complain"),
    Msg(
        "info_complaint_text",
        "You have the right to complain to a data protection supervisory authority about how your answers "
        "are processed (Art. 77 GDPR).",
    ),
    Msg("info_consent", "Consent"),
)

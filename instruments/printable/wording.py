"""The printable questionnaire's own wording, in English as the code states it.

Translations: the ``instruments`` catalogues (:mod:`instruments.catalogues`; German in ``de``, German Easy
Language, ``de-x-ls``, in ``de@easy``). :func:`instruments.printable.page.ui_messages` gives one language's wording
by key; the web form's question pages show it too.
"""

from __future__ import annotations

from kernel.i18n import Msg

UI: tuple[Msg, ...] = (
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
    Msg("required", "required"),
    Msg("tick_one", "Tick one answer."),
    Msg("tick_all", "Tick all that apply."),
    Msg("tick_all_max", "Tick all that apply (at most {n})."),
    Msg("exclusive", "tick only on its own"),
    Msg("tick_scale", "Tick one point of the scale."),
    Msg("tick_rows", "Tick one answer in each row."),
    Msg("whole_number", "Write a whole number from {min} to {max}."),
    Msg("any_number", "Write a number from {min} to {max}."),
    Msg("your_answer", "Your answer"),
    Msg("text_limit", "At most {n} characters."),
    Msg("self_description", "Describe yourself in your own words."),
    Msg("consent_yes", "Yes, I agree"),
    Msg("consent_no", "No"),
    Msg("instrument", "Questionnaire {id}, version {version}, content fingerprint {hash}"),
    Msg("language", "Language: {name}"),
    Msg("modules", "Question modules used and their sources"),
    Msg("locked", "wording fixed by the source"),
    Msg(
        "draft",
        "The instructions and headings that eqsurvey adds to this questionnaire are a draft translation that a "
        "qualified translator has not yet checked.",
    ),
)

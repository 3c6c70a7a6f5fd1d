"""The printable questionnaire's own wording, in English as the code states it.

Translations: the ``instruments`` catalogues (:mod:`instruments.catalogues`; German in ``de``, German Easy
Language, ``de-x-ls``, in ``de@easy``). :func:`instruments.printable.page.ui_messages` gives one language's wording
by key; the web form's question pages show it too.
"""

from __future__ import annotations

from instruments.respondent_info.wording import FACTS
from kernel.i18n import Msg

#: The facts of the respondent information are part of the page's wording too: templates and checks ask for them by key.
UI: tuple[Msg, ...] = (
    *FACTS,
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

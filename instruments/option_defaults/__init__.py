"""eqsurvey's own wording of the answer options it adds to a question by itself, in many languages.

The reserved answer "prefer not to say" (:data:`instruments.text.DECLINED`), which an instrument
may word itself (``prefer_not_to_say_label``), and the option "Other" with the text question that
asks what it is, which the XLSForm importer adds for ``or_other``. A form in any of a dozen
languages gets them in its own words, so this small domain has catalogues for all of those
(``locales/<folder>/LC_MESSAGES/option_defaults.po``) without every other message of
``instruments`` needing as many (see :mod:`kernel.i18n`). English is the text here.

Where eqsurvey has no words for a language it says so (``None``, or a language not in
:func:`languages`) instead of passing English off as a translation; callers decide whether
English stands in.
"""

from __future__ import annotations

from kernel.i18n import Catalogues, Msg, base_language

CATALOGUES = Catalogues("instruments.option_defaults")

DECLINED_LABEL = Msg("prefer_not_to_say", "Prefer not to say")
"""The reserved answer for those who would rather not answer."""
OTHER_OPTION = Msg("other_option", "Other")
"""The option ``other`` an ``or_other`` choice question gets."""
OTHER_SPECIFY = Msg("other_specify", "Please specify other.")
"""The label of the text question asked when ``other`` is picked."""

__all__ = [
    "CATALOGUES",
    "DECLINED_LABEL",
    "OTHER_OPTION",
    "OTHER_SPECIFY",
    "declined_label",
    "has_declined_label",
    "languages",
    "text_in",
    "wording_language",
]


def languages() -> tuple[str, ...]:
    """The language tags this wording exists in: English and each catalogue's."""
    return CATALOGUES.languages()


def wording_language(lang: str) -> str:
    """The language ``lang`` gets this wording in: its own, its base language's, or English."""
    return CATALOGUES.resolve(lang)


def text_in(msg: Msg, lang: str) -> str:
    """``msg`` in exactly ``lang`` (a tag of :func:`languages`), else in English."""
    return CATALOGUES.translator(lang if lang in languages() else "en").text(msg)


def has_declined_label(lang: str) -> bool:
    """Whether eqsurvey words "prefer not to say" in ``lang`` or its base language (:func:`declined_label`).

    Answered from the catalogues present, without reading one: loading an instrument asks this
    of each of its languages, and most commands never show the wording itself.
    """
    found = wording_language(lang)
    return found in (lang, base_language(lang))


def declined_label(lang: str) -> str | None:
    """eqsurvey's wording of "prefer not to say" in ``lang`` or its base language; None if it has none."""
    if not has_declined_label(lang):
        return None
    return CATALOGUES.translator(wording_language(lang)).text(DECLINED_LABEL)

"""The wording of a report in one language: the ``reports`` gettext domain, numbers and dates by CLDR.

Every sentence of a report that is not a label from the instrument is a marked message
(:class:`kernel.i18n.Msg`: a key and its English text) translated by the catalogues in
``reports/locales/<lang>/LC_MESSAGES/reports.po``; English is the source language and has no
catalogue. The page templates name their messages by key (declared in :mod:`reports.page_words`).
A report may be asked for in any language of its instrument; where eqsurvey has no catalogue for
it, the catalogue of its base language or else English is used, and :attr:`Catalogue.part` gives
the ``lang``/``dir`` attributes that mark such text as being in another language (WCAG 3.1.2).
Numbers and dates follow the language the wording is in (:mod:`reports.numbers`).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from babel.messages.pofile import read_po

from instruments.text import is_rtl
from kernel.errors import InternalError
from kernel.i18n import Catalogues, Msg, TranslationStatus, babel_locale, format_date
from reports.numbers import Numbers

CATALOGUES = Catalogues("reports")
"""The ``reports`` domain's catalogues, read once per process."""

#: Languages eqsurvey has report wording for: English, the source, and every catalogue.
LANGUAGES = CATALOGUES.languages()

# The reports' English is British (colour; 22 November 2026), so it is written by CLDR's en-GB.
_CONVENTIONS = {"en": "en-GB"}

__all__ = ["CATALOGUES", "LANGUAGES", "Catalogue", "Numbers", "by_key", "catalogue_language", "direction", "messages"]


def direction(lang: str) -> str:
    """``rtl`` or ``ltr``: the direction CLDR gives the language (Arabic, Persian), or eqsurvey's list knows."""
    return "rtl" if is_rtl(lang) or babel_locale(lang).text_direction == "rtl" else "ltr"


def catalogue_language(lang: str) -> str:
    """The language a report in ``lang`` has its wording in: ``lang``, its base language, or English."""
    return CATALOGUES.resolve(lang)


@cache
def _keyed() -> dict[str, Msg]:
    # The template (reports/locales/reports.pot) holds every message of the code: the catalogue
    # check keeps it so. Templates declare theirs in reports/page_words.py, where extraction sees them.
    with CATALOGUES.template_file().open("rb") as handle:
        template = read_po(handle)
    return {m.context: Msg(m.context, m.id) for m in template if m.context and isinstance(m.id, str) and m.id}


def by_key(key: str) -> Msg:
    """The message of a key (``page.skip``), as a page template names it."""
    try:
        return _keyed()[key]
    except KeyError:
        raise InternalError(f"report message '{key}' is not in reports/locales/reports.pot") from None


def messages(lang: str) -> dict[str, str]:
    """Every message of the reports' domain by key, unfilled, in the wording ``lang`` gets."""
    words = CATALOGUES.translator(lang)
    return {key: words.text(msg) for key, msg in _keyed().items()}


class Catalogue:
    """The wording of a report in one language, with its number conventions."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.source = catalogue_language(lang)
        self._words = CATALOGUES.translator(self.source)
        self.conventions = _CONVENTIONS.get(self.source, self.source)
        self.numbers = Numbers(self.conventions)
        self.dir = direction(lang)
        self.part: dict[str, str] = {} if self.source == lang else {"lang": self.source, "dir": direction(self.source)}
        """Attributes for elements holding catalogue text, when it is not in the page's language."""
        self.draft = CATALOGUES.status(self.source) is TranslationStatus.DRAFT
        """Whether this wording is a draft translation awaiting review (the pages say so)."""

    def __call__(self, msg: Msg | str, /, **values: object) -> str:
        """A message in this language, its placeholders filled; templates name a message by its key."""
        text = self._words.text(msg if isinstance(msg, Msg) else by_key(msg))
        if values and self.numbers.own_digits:
            # Whole numbers given as such (a threshold, a table's number) in the language's digits, as its figures are.
            values = {k: self.numbers.count(v) if type(v) is int else v for k, v in values.items()}
        return text.format(**values) if values else text

    def whole(self, number: int) -> str:
        """A whole number as the wording around it writes it: a heading's number (۳ in Persian, 3 elsewhere)."""
        return self.numbers.count(number) if self.numbers.own_digits else str(number)

    def date(self, iso: str) -> str:
        """A date (ISO 8601, with or without time) as the language writes it: 22. November 2026."""
        return self.numbers.digits(format_date(datetime.fromisoformat(iso).date(), self.conventions))

"""Translation: gettext catalogues managed with Babel, and CLDR formatting of numbers and dates.

Every package that shows words to people keeps them in one gettext domain named after the
package, at ``<package>/locales/<locale>/LC_MESSAGES/<package>.po`` (template:
``<package>/locales/<package>.pot``). English is the source language: the English text is the
``msgid`` in the code, so English needs no catalogue. Each message also carries a stable key as
its ``msgctxt``, so that one English text may be translated differently in two places and
translators see where a message is used.

- ``languages``: eqsurvey's language tags and the catalogue folder of each (``de-x-ls``, German
  Easy Language, lives in ``de@easy``), which catalogue answers a tag, and the direction a
  language's text runs (:func:`text_direction`, from CLDR).
- ``messages``: :class:`Msg` and :class:`PluralMsg`, the marked messages that extraction finds,
  and the named placeholders a text uses.
- ``catalogues``: :class:`Catalogues`, one package's catalogues read from ``.po`` files at run
  time (compiled in memory, cached by the object), and :class:`Translator` for one language;
  :meth:`Catalogues.status` reads whether a catalogue is a draft awaiting review (its header's
  ``# Translation-Status:`` line).
- ``formats``: numbers, percentages, dates and list separators by Babel from CLDR for any language tag;
  :class:`NumberFormat` holds one language's parsed patterns for code that writes many numbers
  (0–9 by default, as a form's number field takes them; or the language's own digits, ۱۲٫۳٪).
- ``check``: what is wrong with a package's catalogues (a message without a translation, a fuzzy
  or empty one, placeholders that differ, a stale template); ``tests/kernel`` runs it.

Extraction and catalogue updates: ``bash scripts/messages.sh`` (keywords in ``babel.cfg``'s
header comment and in :data:`messages.KEYWORDS`).
"""

from kernel.i18n.catalogues import CatalogueError, Catalogues, TranslationStatus, Translator
from kernel.i18n.formats import (
    NumberFormat,
    format_date,
    format_decimal,
    format_integer,
    format_percent,
    list_separator,
)
from kernel.i18n.languages import (
    SOURCE_LANGUAGE,
    babel_locale,
    base_language,
    locale_folder,
    tag_of_folder,
    text_direction,
)
from kernel.i18n.messages import KEYWORDS, Msg, PluralMsg, placeholders

__all__ = [
    "KEYWORDS",
    "SOURCE_LANGUAGE",
    "CatalogueError",
    "Catalogues",
    "Msg",
    "NumberFormat",
    "PluralMsg",
    "TranslationStatus",
    "Translator",
    "babel_locale",
    "base_language",
    "format_date",
    "format_decimal",
    "format_integer",
    "format_percent",
    "list_separator",
    "locale_folder",
    "placeholders",
    "tag_of_folder",
    "text_direction",
]

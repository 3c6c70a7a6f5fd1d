"""One package's gettext catalogues, read from ``.po`` files at run time, and translation with them.

No build step: a ``.po`` file is parsed by Babel and compiled in memory into a standard
:class:`gettext.GNUTranslations` (which applies the catalogue's plural rule). Compiled
catalogues are kept by the :class:`Catalogues` object that read them, one per package.

Which catalogue answers a language tag: the tag's own (``de-x-ls``, ``de-AT``), else its base
language's (``de`` for ``de-CH``), else the source language, English, whose texts are the code's
``msgid`` s; :meth:`Catalogues.resolve` says which, so a page can mark English wording with
``lang="en"``. Within a catalogue there is no fallback to another language: Easy German never
borrows standard German, which its readers may not understand. A message a catalogue lacks shows
its English text, and the catalogue check (:mod:`kernel.i18n.check`) fails on it, so none ships.

A catalogue may state in its header comment how far its translation is checked, in a line
``# Translation-Status: draft`` (written by the project, awaiting review by a qualified translator
or a community partner) or ``# Translation-Status: reviewed``. A comment, not a header field:
``pybabel update`` keeps the header comment but drops header fields it does not know.
"""

from __future__ import annotations

import gettext
import io
import re
import threading
from collections.abc import Iterable
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

from kernel.i18n.languages import SOURCE_LANGUAGE, base_language, locale_folder, tag_of_folder
from kernel.i18n.messages import Msg, PluralMsg

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


class CatalogueError(ValueError):
    """A catalogue file that cannot be read: its path, the problem and how to fix it."""


class TranslationStatus(StrEnum):
    """How far a catalogue's translation is checked, as its header comment states it."""

    DRAFT = "draft"
    """Written by the project; awaiting review by a qualified translator or a community partner."""
    REVIEWED = "reviewed"
    """Checked by a qualified translator or a community partner, named in the header comment."""


_STATUS_LINE = re.compile(r"^#\s*Translation-Status:\s*(\S+)", re.MULTILINE)


class Translator:
    """The wording of one language from one catalogue (English: the texts in the code)."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def text(self, msg: Msg) -> str:
        """The translated text as written, placeholders unfilled."""
        return self._translations.pgettext(msg.key, msg.text)

    def gettext(self, msg: Msg, **values: object) -> str:
        """The translated text with its named placeholders filled from ``values``."""
        return self.text(msg).format(**values)

    def ngettext(self, msg: PluralMsg, count: int, **values: object) -> str:
        """The form for ``count`` by the language's plural rule; ``{n}`` is the count unless given."""
        text = self._translations.npgettext(msg.key, msg.singular, msg.plural, count)
        return text.format(**{"n": count, **values})

    def wording(self, msgs: Iterable[Msg]) -> dict[str, str]:
        """Each message's translated text by its key, placeholders unfilled (for templates)."""
        return {msg.key: self.text(msg) for msg in msgs}


class Catalogues:
    """The catalogues of one package's domain, ``<package>/locales/<folder>/LC_MESSAGES/<domain>.po``.

    The domain is named after the package's last part (``instruments.xlsform`` → ``xlsform``).
    """

    def __init__(self, package: str, domain: str | None = None) -> None:
        self.package = package
        self.domain = domain or package.rsplit(".", 1)[-1]
        self._translators: dict[str, Translator] = {}
        self._statuses: dict[str, TranslationStatus | None] = {}
        self._languages: tuple[str, ...] | None = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Traversable:
        return resources.files(self.package) / "locales"

    def po_file(self, language: str) -> Traversable:
        return self.folder / locale_folder(language) / "LC_MESSAGES" / f"{self.domain}.po"

    def template_file(self) -> Traversable:
        return self.folder / f"{self.domain}.pot"

    def languages(self) -> tuple[str, ...]:
        """The source language and every language with a catalogue, as tags, sorted after English.

        Looked up once per object: catalogues are files of the installed package.
        """
        if self._languages is None:
            self._languages = self._find_languages()
        return self._languages

    def _find_languages(self) -> tuple[str, ...]:
        found = sorted(
            tag_of_folder(entry.name)
            for entry in (self.folder.iterdir() if self.folder.is_dir() else ())
            if (entry / "LC_MESSAGES" / f"{self.domain}.po").is_file() and entry.name != SOURCE_LANGUAGE
        )
        return (SOURCE_LANGUAGE, *found)

    def resolve(self, tag: str) -> str:
        """The language whose wording a tag gets: its own, its base language's, or English."""
        available = self.languages()
        if tag in available:
            return tag
        base = base_language(tag)
        return base if base in available else SOURCE_LANGUAGE

    def read(self, language: str) -> Catalog:
        """The parsed catalogue of a language that has one (for checks and tools)."""
        # Babel's catalogue reader (with the email and date parsing it brings) only when a catalogue is read:
        # commands that word nothing in another language, like `responses simulate`, never need it.
        from babel.messages.pofile import PoFileError, read_po

        path = self.po_file(language)
        try:
            with path.open("rb") as handle:
                return read_po(handle, locale=locale_folder(language), domain=self.domain, abort_invalid=True)
        except FileNotFoundError as error:
            raise CatalogueError(
                f"{self.package}: no catalogue for {language!r} at {path}; fix: run scripts/messages.sh "
                f"--init {locale_folder(language)} or use one of {', '.join(self.languages())}"
            ) from error
        except PoFileError as error:
            raise CatalogueError(f"{path}: not a valid .po file ({error}); fix: correct the line named") from error

    def status(self, language: str) -> TranslationStatus | None:
        """What a language's catalogue says of its translation; None where it says nothing (and for English).

        Read once per object, as the catalogues are: pages ask on every request.
        """
        if language not in self._statuses:
            self._statuses[language] = self._read_status(language)
        return self._statuses[language]

    def _read_status(self, language: str) -> TranslationStatus | None:
        if language == SOURCE_LANGUAGE:
            return None
        found = _STATUS_LINE.search(self.read(language).header_comment or "")
        if found is None:
            return None
        try:
            return TranslationStatus(found.group(1).lower())
        except ValueError as error:
            raise CatalogueError(
                f"{self.po_file(language)}: the header says 'Translation-Status: {found.group(1)}'; fix: write "
                f"one of {', '.join(s.value for s in TranslationStatus)}"
            ) from error

    def translator(self, tag: str) -> Translator:
        """The translator for the wording a tag gets (:meth:`resolve`), compiled once per object."""
        language = self.resolve(tag)
        with self._lock:
            known = self._translators.get(language)
            if known is None:
                known = self._translators[language] = Translator(language, self._compile(language))
            return known

    def _compile(self, language: str) -> gettext.NullTranslations:
        if language == SOURCE_LANGUAGE:
            return gettext.NullTranslations()
        from babel.messages.mofile import write_mo

        compiled = io.BytesIO()
        write_mo(compiled, self.read(language))  # fuzzy entries are left out, as msgfmt does
        compiled.seek(0)
        return gettext.GNUTranslations(compiled)

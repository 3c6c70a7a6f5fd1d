"""The information for respondents (GDPR Art. 13) and the consent text, as plain data in one language.

One source for every place that shows it: the web form's welcome page lays these items out, the
printable questionnaire takes its facts from them, and the data protection documents print them.
Nothing here is formatted for a medium; :mod:`.plain` writes the items as plain text.

Each text carries the language it is written in: an instrument text missing in the language falls
back to the instrument's default language, and eqsurvey's wording to English where it has no
catalogue, so a page can mark such a part with its own ``lang`` (WCAG 3.1.2).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from instruments.catalogues import CATALOGUES
from instruments.expressions.describe import question_numbers
from instruments.model import Instrument
from instruments.questions import Consent
from instruments.respondent_info.wording import FACTS, INFO
from instruments.text import LocalText
from instruments.timing import estimated_minutes
from kernel.errors import InstrumentError

#: The items in the order the information gives them; ``rights`` is left out where the instrument has none.
ITEM_KEYS = (
    "controller",
    "contact",
    "dpo",
    "purpose",
    "legal_basis",
    "asked",
    "special_categories",
    "voluntary",
    "protection",
    "recipients",
    "retention",
    "rights",
    "withdraw",
    "complaint",
    "duration",
)


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is written in (the asked one, or the one it fell back to)."""

    text: str
    lang: str


@dataclass(frozen=True)
class InfoItem:
    """One part of the information: a heading, its paragraphs, then a list (empty for most items)."""

    key: str
    heading: Text
    paragraphs: tuple[Text, ...]
    points: tuple[Text, ...] = ()


@dataclass(frozen=True)
class ConsentStatement:
    """A consent question: what its section says before it, and the statement the respondent agrees to."""

    question_id: str
    intro: Text | None
    statement: Text
    yes: Text
    no: Text


@dataclass(frozen=True)
class RespondentInfo:
    """The information for respondents and the consent text of one instrument in one language."""

    instrument_id: str
    version: str
    content_hash: str
    lang: str
    title: Text
    items: tuple[InfoItem, ...]
    consent_heading: Text
    consent: tuple[ConsentStatement, ...]

    def item(self, key: str) -> InfoItem:
        """The item with this key (one of :data:`ITEM_KEYS`); KeyError if the instrument has none."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(item.key == key for item in self.items)


def respondent_info(instrument: Instrument, lang: str, dpo: str | Mapping[str, str] | None = None) -> RespondentInfo:
    """The information for respondents in ``lang``, which must be one of the instrument's languages.

    ``dpo`` is the data protection officer's contact (GDPR Art. 13(1)(b)) as the project states it
    (``[documents] dpo`` of its configuration): one text, or texts by language. Without it the item is left
    out, as the Article allows where no officer is designated.
    """
    if lang not in instrument.languages:
        raise InstrumentError.single(
            "unknown-language",
            f"instrument '{instrument.id}' has no language '{lang}'",
            f"use one of its languages: {', '.join(instrument.languages)}",
        )
    return _Builder(instrument, lang, dpo).build()


class _Builder:
    def __init__(self, instrument: Instrument, lang: str, dpo: str | Mapping[str, str] | None = None) -> None:
        self.instrument = instrument
        self.lang = lang
        self.dpo = dpo
        translator = CATALOGUES.translator(lang)
        self.frame_lang = translator.language
        self.t = translator.wording((*FACTS, *INFO))

    def own(self, local: LocalText | None) -> Text:
        """An instrument text in the language asked, else the default language's, else any it has."""
        local = local or {}
        for candidate in (self.lang, self.instrument.default_language, *local):
            if local.get(candidate):
                return Text(local[candidate], candidate)
        return Text("", self.lang)

    def frame(self, key: str, **values: object) -> Text:
        text = self.t[key]
        return Text(text.format(**values) if values else text, self.frame_lang)

    def item(self, key: str, heading: str, *paragraphs: Text, points: tuple[Text, ...] = ()) -> InfoItem:
        return InfoItem(key, self.frame(heading), paragraphs, points)

    def build(self) -> RespondentInfo:
        i = self.instrument
        return RespondentInfo(
            instrument_id=i.id,
            version=i.version,
            content_hash=i.content_hash(),
            lang=self.lang,
            title=self.frame("info_title"),
            items=tuple(self.items()),
            consent_heading=self.frame("info_consent"),
            consent=tuple(self.consent()),
        )

    def items(self) -> Iterator[InfoItem]:
        i = self.instrument
        yield self.item("controller", "controller", self.own(i.controller))
        yield self.item("contact", "contact", self.own(i.contact))
        if self.dpo:
            # One text stands for every language, shown as if written in the one asked.
            dpo = Text(self.dpo, self.lang) if isinstance(self.dpo, str) else self.own(dict(self.dpo))
            yield self.item("dpo", "info_dpo", dpo)
        yield self.item("purpose", "purpose", self.own(i.purpose))
        yield self.item("legal_basis", "legal_basis", self.own(i.legal_basis))
        titles = tuple(self.own(s.title) for s in i.sections)
        yield self.item("asked", "info_asked", self.frame("info_asked_text"), points=titles)
        yield self.special_categories()
        yield self.item("voluntary", "voluntary", self.voluntary())
        yield self.item(
            "protection",
            "info_protection",
            self.frame("info_protection_sealed"),
            self.frame("info_protection_published"),
        )
        yield self.item("recipients", "info_recipients", self.frame("info_recipients_text"))
        yield self.item("retention", "retention", self.own(i.retention))
        if i.rights is not None:
            yield self.item("rights", "rights", self.own(i.rights))
        yield self.item("withdraw", "info_withdraw", self.frame("info_withdraw_text"))
        yield self.item("complaint", "info_complaint", self.frame("info_complaint_text"))
        minutes = estimated_minutes(i)
        duration = self.frame("duration_one") if minutes == 1 else self.frame("duration_text", n=minutes)
        yield self.item("duration", "duration", duration)

    def special_categories(self) -> InfoItem:
        numbers = question_numbers(self.instrument)
        special = [q for q in self.instrument.questions() if q.privacy == "special_category"]
        if not special:
            return self.item("special_categories", "info_special", self.frame("info_special_none"))
        points = []
        for q in special:
            label = self.own(q.label)
            # The line is in the wording's language; a label that fell back keeps the line marked as its own.
            text = self.t["info_special_item"].format(n=numbers[q.id], label=label.text)
            points.append(Text(text, label.lang if label.lang != self.lang else self.frame_lang))
        return self.item("special_categories", "info_special", self.frame("info_special_text"), points=tuple(points))

    def voluntary(self) -> Text:
        """That taking part is voluntary; where consent or any question is required, which must be answered."""
        i = self.instrument
        # Consent counts as required: without it nothing is stored, so "all questions are voluntary" must not
        # stand above it.
        asks_required = any(q.required or isinstance(q, Consent) for q in i.questions())
        parts = [self.t["voluntary_required" if asks_required else "voluntary_text"]]
        if any(q.prefer_not_to_say for q in i.questions()):
            parts.append(self.t["voluntary_declined"].format(declined=i.declined_label(self.lang)))
        return Text(" ".join(parts), self.frame_lang)

    def consent(self) -> Iterator[ConsentStatement]:
        yes, no = self.frame("consent_yes"), self.frame("consent_no")
        for section in self.instrument.sections:
            for q in section.questions:
                if isinstance(q, Consent):
                    intro = self.own(section.intro) if section.intro else None
                    yield ConsentStatement(q.id, intro, self.own(q.label), yes, no)

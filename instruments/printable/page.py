"""The questionnaire as one printable, accessible HTML page.

Used for community review rounds (people read and comment on exactly what
respondents will see) and for paper mode (print it on A4). The page is
self-contained: CSS inline, no JavaScript, no fonts or images from elsewhere,
so it can be mailed, archived and printed offline, and opened without leaking
a reader's address to any server.

Labels can come from imported files (XLSForm, LimeSurvey), so every piece of
text goes through Jinja2 with autoescaping on; nothing here marks text as safe.

The Python side builds a plain view of the instrument in one language (numbers,
labels, skip instructions, tick-box lists); the templates in
``instruments/printable/templates/`` only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import jinja2

from instruments.catalogues import CATALOGUES
from instruments.expressions.describe import describe_condition, message_language, question_numbers
from instruments.model import Instrument, ModuleInfo, Section
from instruments.option_defaults import wording_language
from instruments.printable.wording import UI
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.respondent_info import InfoItem, respondent_info
from instruments.text import DECLINED, is_rtl, language_name, pick
from instruments.timing import estimated_minutes
from kernel.errors import InstrumentError
from kernel.i18n import NumberFormat, TranslationStatus

#: The items of the respondent information the questionnaire shows, in its order.
_FACTS = ("purpose", "duration", "controller", "legal_basis", "rights", "retention", "contact", "voluntary")


@dataclass(frozen=True)
class Choice:
    """One tick box: its element id, the code it stands for and its visible label."""

    id: str
    code: str
    label: str
    exclusive: bool = False
    value: str = ""  # the number of a scale point, shown beside its label
    declined: bool = False
    part: dict[str, str] = field(default_factory=dict)  # lang/dir when the label is in another language
    skip: str = ""  # when the option is offered, if only on a condition (paper; the web form shows it or not)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    skip: str = ""


@dataclass
class QuestionView:
    number: int
    id: str
    type: str
    label: str
    hint: str
    hint_part: dict[str, str]
    skip: str
    required: bool
    instruction: str
    input: str = ""  # "radio" or "checkbox" for tick-box lists
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    lines: int = 0  # height of a text box
    max_length: int = 0
    min: str = ""  # for the eye, in the language's notation (16,5)
    max: str = ""
    min_attr: str = ""  # for the input element, in HTML's notation (16.5)
    max_attr: str = ""
    step: str = ""
    unit: str = ""


@dataclass
class SectionView:
    id: str
    title: str
    intro: str
    skip: str
    questions: list[QuestionView]


@dataclass(frozen=True)
class ModuleView:
    id: str
    version: str
    title: str
    citation: str
    url: str
    notes: str
    locked: bool


def ui_messages(lang: str) -> dict[str, str]:
    """Page wording for ``lang`` by key: exact tag, then its base language, then English."""
    return CATALOGUES.translator(lang).wording(UI)


@cache
def template_environment(package: str) -> jinja2.Environment:
    """The Jinja2 templates in ``package``/templates, as every HTML page of eqsurvey renders them.

    Built on first use rather than at import, and autoescaping unconditionally:
    the templates end in .j2, which select_autoescape would not recognise as HTML.
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        auto_reload=False,  # templates are package data: no file check on every page the web form serves
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _environment() -> jinja2.Environment:
    return template_environment("instruments.printable")


@dataclass(frozen=True)
class QuestionnaireView:
    """The questionnaire in one language as plain data, for front ends other than the printable page."""

    lang: str
    dir: str
    title: str
    about: list[tuple[str, str, dict[str, str]]]  # (term, text, lang/dir of the text when it falls back)
    #: The same items by key (purpose, duration, controller, legal_basis, rights, retention, contact, voluntary),
    #: for front ends that place them apart: the web form's welcome page puts the legal ones below its button.
    facts: dict[str, tuple[str, str, dict[str, str]]]
    minutes: int
    sections: list[SectionView]
    identity: str
    t: dict[str, str]
    ui: dict[str, str]  # lang/dir of the page wording when it falls back to another language
    skip_part: dict[str, str]


def questionnaire_view(instrument: Instrument, lang: str) -> QuestionnaireView:
    """What the printable page shows, as data: the web form lays out the same labels, choices and hints."""
    _check_language(instrument, lang)
    return _Page(instrument, lang).view()


def _check_language(instrument: Instrument, lang: str) -> None:
    if lang not in instrument.languages:
        raise InstrumentError.single(
            "unknown-language",
            f"instrument '{instrument.id}' has no language '{lang}'",
            f"use one of its languages: {', '.join(instrument.languages)}",
        )


def render_questionnaire(instrument: Instrument, lang: str) -> str:
    """The questionnaire in ``lang`` as a self-contained HTML page; ``lang`` must be one of its languages."""
    _check_language(instrument, lang)
    return _Page(instrument, lang).render()


class _Page:
    def __init__(self, instrument: Instrument, lang: str) -> None:
        self.instrument = instrument
        self.lang = lang
        self.t = ui_messages(lang)
        # Numbers as the language the skip instructions are in writes them (CLDR), without grouping.
        self.format = NumberFormat(message_language(lang))
        self.numbers = question_numbers(instrument)
        self.declined = instrument.declined_label(lang)
        # Wording that falls back to another language is marked as such (WCAG 3.1.2, language of
        # parts), so screen readers switch voice and the bidi algorithm lays out English in Arabic.
        self.ui = self.part(CATALOGUES.resolve(lang))
        self.skip_part = self.part(message_language(lang))
        own = (instrument.prefer_not_to_say_label or {}).get(lang)
        self.declined_part = self.part(lang if own else wording_language(lang))

    def part(self, text_lang: str) -> dict[str, str]:
        """Attributes for an element whose text is in ``text_lang``; none when that is the page's language."""
        if text_lang == self.lang:
            return {}
        return {"lang": text_lang, "dir": "rtl" if is_rtl(text_lang) else "ltr"}

    def text(self, local: dict[str, str] | None) -> str:
        # Missing translations are only warnings at load time, so fall back to the default language.
        return pick(local, self.lang, self.instrument.default_language)

    def fact(self, item: InfoItem) -> tuple[str, str, dict[str, str]]:
        """An item of the respondent information as (term, text, lang/dir of the text where it falls back)."""
        (body,) = item.paragraphs
        return item.heading.text, body.text, self.part(body.lang)

    def skip(self, condition: str | None) -> str:
        return describe_condition(condition, self.instrument, self.lang) + "." if condition else ""

    def number(self, value: float) -> str:
        return self.format.plain(value)

    def view(self) -> QuestionnaireView:
        i = self.instrument
        # The facts are the respondent information's, so paper and the web form's welcome page say the same.
        info = respondent_info(i, self.lang)
        facts = {key: self.fact(info.item(key)) for key in _FACTS if info.has(key)}
        minutes = estimated_minutes(i)
        return QuestionnaireView(
            lang=self.lang,
            dir="rtl" if is_rtl(self.lang) else "ltr",
            title=self.text(i.title),
            about=list(facts.values()),
            facts=facts,
            minutes=minutes,
            sections=[self.section(s) for s in i.sections],
            identity=self.t["instrument"].format(id=i.id, version=i.version, hash=i.content_hash()[:12]),
            t=self.t,
            ui=self.ui,
            skip_part=self.skip_part,
        )

    def render(self) -> str:
        view = self.view()
        template = _environment().get_template("questionnaire.j2")
        return template.render(
            lang=view.lang,
            dir=view.dir,
            title=view.title,
            about=view.about,
            sections=view.sections,
            identity=view.identity,
            language=self.t["language"].format(name=f"{language_name(self.lang)} ({self.lang})"),
            modules_heading=self.t["modules"],
            modules=[self.module(m) for m in self.instrument.modules],
            # A frame whose catalogue is a draft awaiting review says so, on paper as on screen.
            draft=CATALOGUES.status(CATALOGUES.resolve(self.lang)) is TranslationStatus.DRAFT,
            t=view.t,
            ui=view.ui,
            skip_part=view.skip_part,
        )

    def module(self, m: ModuleInfo) -> ModuleView:
        # The URL is shown as text, not linked: the page must make no request of its own.
        return ModuleView(
            m.id, m.version, self.text(m.title), m.source.citation, m.source.url or "", m.source.notes or "", m.locked
        )

    def section(self, s: Section) -> SectionView:
        return SectionView(
            s.id, self.text(s.title), self.text(s.intro), self.skip(s.relevant), [self.question(q) for q in s.questions]
        )

    def question(self, q: Question) -> QuestionView:
        view = QuestionView(
            number=self.numbers[q.id],
            id=q.id,
            type=q.type,
            label=self.text(q.label),
            hint=self.text(q.hint),
            hint_part={},
            skip=self.skip(q.relevant),
            required=q.required and not isinstance(q, Consent),
            instruction="",
        )
        if isinstance(q, (SingleChoice, MultiChoice)):
            multi = isinstance(q, MultiChoice)
            view.input = "checkbox" if multi else "radio"
            view.choices = [
                Choice(
                    _option_id(q.id, o.code),
                    o.code,
                    self.text(o.label),
                    o.exclusive and multi,
                    skip=self.skip(o.relevant),
                )
                for o in q.options
            ]
            if isinstance(q, MultiChoice):
                inclusive = sum(1 for o in q.options if not o.exclusive)
                limited = q.selection_limit < inclusive
                view.instruction = self.t["tick_all_max"].format(n=q.selection_limit) if limited else self.t["tick_all"]
            else:
                view.instruction = self.t["tick_one"]
        elif isinstance(q, Scale):
            view.input = "radio"
            view.instruction = self.t["tick_scale"]
            view.choices = [
                Choice(_option_id(q.id, str(p.value)), str(p.value), self.text(p.label), value=str(p.value))
                for p in q.points
            ]
        elif isinstance(q, Matrix):
            view.input = "radio"
            view.instruction = self.t["tick_rows"]
            view.choices = [Choice(_option_id(q.id, o.code), o.code, self.text(o.label)) for o in q.options]
            view.rows = [Row(r.code, self.text(r.label), self.skip(r.relevant)) for r in q.rows]
        elif isinstance(q, Number):
            view.min, view.max = self.number(q.min), self.number(q.max)
            view.min_attr, view.max_attr = _plain_number(q.min), _plain_number(q.max)
            view.step = "1" if q.integer else "any"
            view.unit = self.text(q.unit)
            key = "whole_number" if q.integer else "any_number"
            view.instruction = self.t[key].format(min=view.min, max=view.max)
        elif isinstance(q, Text):
            view.max_length = q.max_length
            # Room to write by hand: about 80 characters a line, between one and eight lines.
            view.lines = max(1, min(8, -(-q.max_length // 80)))
            view.instruction = self.t["text_limit"].format(n=q.max_length)
            if q.self_description and not view.hint:
                view.hint, view.hint_part = self.t["self_description"], self.ui
        elif isinstance(q, Consent):
            view.input = "radio"
            view.choices = [
                Choice(_option_id(q.id, "yes"), "yes", self.t["consent_yes"], part=self.ui),
                Choice(_option_id(q.id, "no"), "no", self.t["consent_no"], part=self.ui),
            ]
        if q.prefer_not_to_say and not isinstance(q, Consent):
            # Marked exclusive only where other boxes could be ticked beside it (multi-choice).
            exclusive = isinstance(q, MultiChoice)
            view.choices.append(
                Choice(
                    _option_id(q.id, DECLINED),
                    DECLINED,
                    self.declined,
                    exclusive,
                    declined=True,
                    part=self.declined_part,
                )
            )
        return view


def _plain_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _option_id(question_id: str, code: str) -> str:
    # Element ids join parts with ':', which neither ids nor codes may contain, so an option
    # coded 'hint' can never collide with the question's hint paragraph ('q-x:hint').
    return f"q-{question_id}:o:{code}"

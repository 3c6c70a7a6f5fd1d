"""The form's pages as HTML: welcome, questions, ready to send, thank you, and messages.

The labels, choices and instructions are those of the printable questionnaire
(:func:`instruments.printable.page.questionnaire_view`), so respondents online and on
paper read the same words. Every value goes through Jinja2 with autoescaping
on; labels from imported instruments are never marked safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from instruments.expressions.describe import messages as condition_wording
from instruments.model import Instrument
from instruments.printable.page import QuestionnaireView, QuestionView, template_environment
from instruments.questions import MultiChoice, Number, Question, Text
from instruments.respondent_info import RespondentInfo, respondent_info
from instruments.respondent_info import Text as InfoText
from instruments.text import is_rtl, language_name
from kernel.errors import Problem
from kernel.i18n import list_separator
from survey.web.access import CodeEntry
from survey.web.fields import FORM_FIELDS, Fields, Local
from survey.web.messages import wording, wording_is_draft, wording_language
from survey.web.pages import Asked, Page

CSS_URL = "/static/form.css"


def _environment() -> jinja2.Environment:
    env = template_environment("survey.web")
    env.globals.update(FORM_FIELDS)  # the form's own field names, in the language buttons' macro too
    return env


@dataclass(frozen=True)
class Screens:
    instrument: Instrument
    views: dict[str, QuestionnaireView]
    simulated: bool = False
    """A demo project (``[survey] simulated = true``): every page says its results are simulated."""
    drafts: frozenset[str] = frozenset()
    """Languages whose translation awaits a check: the welcome page says so to those who read it."""
    dpo: str | Mapping[str, str] | None = None
    """The data protection officer's contact, an item of the information for respondents (Art. 13(1)(b))."""

    #: The information for respondents in each language, built once: the welcome page lays out exactly these
    #: items, which the data protection documents print too.
    infos: dict[str, RespondentInfo] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        infos = {lang: respondent_info(self.instrument, lang, self.dpo) for lang in self.views}
        object.__setattr__(self, "infos", infos)

    def _frame(self, lang: str) -> dict[str, Any]:
        """What every page shows: the language, the survey's title, the frame's wording."""
        view = self.views[lang]
        frame = wording_language(lang)
        return {
            "lang": lang,
            "dir": view.dir,
            "survey_title": view.title,
            "m": wording(lang),
            "wording_draft": wording_is_draft(lang),
            "ui": {} if frame == lang else {"lang": frame, "dir": "rtl" if is_rtl(frame) else "ltr"},
            "languages": [(code, language_name(code), code == lang) for code in self.instrument.languages],
            "css_url": CSS_URL,
            "simulated": self.simulated,
        }

    def _page(self, template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = _environment().get_template(template).render(**self._frame(lang), **context)
        return HTMLResponse(html, status_code=status)

    def welcome(self, lang: str, state: str, code: CodeEntry) -> HTMLResponse:
        status = 422 if code.error else 200
        return self._page(
            "welcome.j2",
            lang,
            status=status,
            info=self.infos[lang],
            part=_part_of(lang),
            state=state,
            code=code,
            draft=lang in self.drafts,
        )

    def questions(
        self,
        lang: str,
        page: Page,
        asked: list[Asked],
        *,
        state: str,
        fields: Fields,
        errors: dict[str, str],
        answers: Mapping[str, Any],
    ) -> HTMLResponse:
        section = self.views[lang].sections[page.section_index]
        items = {item.question.id: item for item in asked}
        shown = [_only_asked(q, items[q.id]) for q in section.questions if q.id in items]
        return self._page(
            "page.j2",
            lang,
            status=422 if errors else 200,
            section=section,
            continued=page.continued,
            part=(page.section_index + 1, len(self.instrument.sections)),
            questions=shown,
            leads=_leads(self.views[lang], page, [q.id for q in shown], answers),
            fields=fields,
            errors=errors,
            state=state,
            t=self.views[lang].t,
            tui=self.views[lang].ui,
        )

    def finish(self, lang: str, state: str) -> HTMLResponse:
        return self._page("finish.j2", lang, state=state)

    def thanks(self, lang: str, receipt: str) -> HTMLResponse:
        contact = self.views[lang].facts["contact"][1]
        return self._page("thanks.j2", lang, receipt=receipt, contact=contact)

    def message(self, lang: str, key: str, status: int, state: str | None = None) -> HTMLResponse:
        """A page that explains what happened (``key``: bad, expired, cookie, used, …) and where to go on."""
        # The contact the front page names, for pages that send the respondent to ask someone.
        contact = self.views[lang].facts["contact"][1]
        return self._page("message.j2", lang, status=status, key=key, state=state, contact=contact)

    def error_texts(
        self,
        lang: str,
        asked: list[Asked],
        given: dict[str, Any],
        local: dict[str, Local],
        problems: dict[str, Problem],
    ) -> dict[str, str]:
        """The message shown next to each field with a problem, in the respondent's language."""
        m = wording(lang)
        declined = self.instrument.declined_label(lang)
        views = _question_views(self.views[lang])
        texts: dict[str, str] = {}
        for item in asked:
            q, view = item.question, views[item.question.id]
            if q.id in local:
                texts[q.id] = m[local[q.id].key].format(declined=declined, example=view.min or "42")
            elif q.id in problems:
                texts[q.id] = _problem_text(m, problems[q.id], q, view, given.get(q.id))
        return texts


def _part_of(lang: str) -> Callable[[InfoText], dict[str, str]]:
    """For the template: the lang/dir attributes of a text written in another language than the page's."""

    def part(text: InfoText) -> dict[str, str]:
        return {} if text.lang == lang else {"lang": text.lang, "dir": "rtl" if is_rtl(text.lang) else "ltr"}

    return part


def _problem_text(m: dict[str, str], problem: Problem, q: Question, view: QuestionView, value: Any) -> str:
    if problem.code == "required":
        return m["required"]
    if problem.code == "exclusive-option":
        ticked = value if isinstance(value, list) else []
        label = next((c.label for c in view.choices if c.exclusive and c.code in ticked), "")
        return m["exclusive"].format(label=label)
    if problem.code == "too-many-selections" and isinstance(q, MultiChoice):
        return m["too_many"].format(n=q.selection_limit)
    if problem.code == "out-of-range":
        return m["range"].format(min=view.min, max=view.max)
    if problem.code == "invalid-answer" and isinstance(q, Text):
        return m["too_long"].format(n=view.max_length)
    if problem.code == "invalid-answer" and isinstance(q, Number):
        return m["whole"]
    return m["invalid"]


@dataclass(frozen=True)
class Lead:
    """The question a follow-up refers to, repeated above it: its number, its label and the answer given."""

    id: str  # of the paragraph, which the follow-up's fieldset names in aria-describedby
    number: int
    label: str
    answer: str


def _leads(view: QuestionnaireView, page: Page, shown: list[str], answers: Mapping[str, Any]) -> dict[str, list[Lead]]:
    """For each follow-up shown, the leads on earlier pages it refers to; each lead once a page, at its first."""
    views, quote = _question_views(view), condition_wording(view.lang)["quote"]
    found: dict[str, list[Lead]] = {}
    repeated: set[str] = set()
    for qid, leads in page.leads:
        if qid not in shown:
            continue
        for lead in leads:
            if lead in repeated:
                continue
            repeated.add(lead)
            q, before = views[lead], found.setdefault(qid, [])
            text = quote.format(text=q.label)
            before.append(
                Lead(f"q-{qid}:lead-{len(before) + 1}", q.number, text, _answer(q, answers.get(lead), quote, view.lang))
            )
    return found


def _answer(q: QuestionView, value: Any, quote: str, lang: str) -> str:
    """The answer to a tick-box question in its labels; nothing for a matrix or a written answer."""
    if q.type == "matrix" or not q.input or value is None:
        return ""
    if isinstance(value, bool):  # consent
        value = "yes" if value else "no"
    codes = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    labels = {c.code: c.label for c in q.choices}
    # Every answer ticked, joined as the page's language lists things (CLDR): "«أ» و«ب»", "„A“, „B“".
    return list_separator(lang).join(quote.format(text=labels[code]) for code in codes if code in labels)


def _question_views(view: QuestionnaireView) -> dict[str, QuestionView]:
    return {q.id: q for s in view.sections for q in s.questions}


def _only_asked(q: QuestionView, item: Asked) -> QuestionView:
    """The question with only the rows asked (a matrix) or the options offered (a choice with conditions)."""
    if q.type == "matrix":
        return replace(q, rows=[r for r in q.rows if r.code in item.rows])
    if item.options is not None:
        return replace(q, choices=[c for c in q.choices if c.declined or c.code in item.options])
    return q


def request_language(instrument: Instrument, request: Request) -> str:
    """``?lang=`` if the survey has it, else the browser's first language it has, else its default."""
    asked = request.query_params.get("lang", "")
    if asked in instrument.languages:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in instrument.languages:
                return candidate
    return instrument.default_language

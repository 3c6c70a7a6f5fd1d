"""Names of variables and categories in the reader's language, taken from the instrument.

A release names its cells by codes: question and derived-variable ids, option
and case codes, matrix row codes, scale points, coarsened bands, and the status
codes of :mod:`analysis.plans.dimensions` (``_no_answer``, ``_answered``,
``prefer_not_to_say``). Here each becomes the label the questionnaire showed
(a question's wording, an option's label) or, for status codes and booleans,
the catalogue's wording. A :class:`Label` remembers the language it is really
in, so that a label that falls back to another language can be marked.
"""

from __future__ import annotations

from analysis.plans.dimensions import ANSWERED, FALSE, NO_ANSWER, TRUE
from instruments.model import BooleanDerived, CategoricalDerived, Instrument
from instruments.questions import Matrix, MultiChoice, Question, Scale, SingleChoice
from instruments.text import COLUMN_SEP, DECLINED
from kernel.i18n import Msg
from reports.catalogue import Catalogue

STATUS_CODES = frozenset({NO_ANSWER, ANSWERED, DECLINED})
"""Categories that are not answers: no share is given for them, and groups of them are left out of charts."""


class Label(str):
    """Text that knows which language it is in."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Label:
        made = super().__new__(cls, text)
        made.lang = lang
        return made


def _local(text: dict[str, str] | None, lang: str, fallback: str) -> Label:
    if text and text.get(lang):
        return Label(text[lang], lang)
    if text and text.get(fallback):
        return Label(text[fallback], fallback)
    for other, value in (text or {}).items():
        if value:
            return Label(value, other)
    return Label("", lang)


class Labels:
    """Labels of one instrument in one language."""

    def __init__(self, instrument: Instrument, t: Catalogue) -> None:
        self.instrument = instrument
        self.t = t
        self.lang = t.lang
        self.questions = instrument.question_map
        self.derived = instrument.derived_map

    def text(self, local: dict[str, str] | None) -> Label:
        """Any of the instrument's texts (a title, a plan's table label) in the reader's language."""
        return _local(local, self.lang, self.instrument.default_language)

    def ui(self, msg: Msg, **values: object) -> Label:
        return Label(self.t(msg, **values), self.t.source)

    def variable(self, name: str) -> Label:
        """A question's wording, a derived variable's label, or a matrix row's label (``q__row``)."""
        question, _, row = name.partition(COLUMN_SEP)
        q = self.questions.get(question)
        if isinstance(q, Matrix) and row:
            found = next((r for r in q.rows if r.code == row), None)
            return self.text(found.label) if found else Label(name, self.lang)
        if q is not None:
            return self.text(q.label)
        d = self.derived.get(name)
        return self.text(d.label) if d is not None else Label(name, self.lang)

    def row(self, matrix: str, row: str) -> Label:
        return self.variable(f"{matrix}{COLUMN_SEP}{row}")

    def is_boolean(self, name: str) -> bool:
        return isinstance(self.derived.get(name), BooleanDerived)

    def scale(self, name: str) -> Scale | None:
        q = self.questions.get(name)
        return q if isinstance(q, Scale) else None

    def is_multi(self, name: str) -> bool:
        return isinstance(self.questions.get(name), MultiChoice)

    def category(self, variable: str, code: str) -> Label:
        """The label of one category of ``variable`` (a question, matrix, matrix row column or derived variable)."""
        status = {
            NO_ANSWER: Msg("status.no_answer", "No answer"),
            ANSWERED: Msg("status.answered", "Answered"),
            DECLINED: Msg("status.declined", "Prefer not to say"),
        }
        if code in status:
            return self.ui(status[code])
        question = variable.partition(COLUMN_SEP)[0]
        q = self.questions.get(question)
        if q is not None:
            return self._answer(q, code)
        d = self.derived.get(variable)
        if isinstance(d, CategoricalDerived):
            case = next((c for c in d.cases if c.code == code), None)
            return self.text(case.label) if case else Label(code, self.lang)
        if code in (TRUE, FALSE):
            return self.ui(Msg("status.yes", "Yes") if code == TRUE else Msg("status.no", "No"))
        return Label(code, self.lang)

    def _answer(self, q: Question, code: str) -> Label:
        coarsen = getattr(q, "coarsen", None)
        if coarsen is not None:
            group = next((g for g in coarsen.groups or [] if g.code == code), None)
            if group is not None and group.label:
                return self.text(group.label)
            if coarsen.groups is not None and code == coarsen.other:
                return self.ui(Msg("status.other", "Other"))
            if coarsen.bands is not None:
                return Label(code.replace("minus", "−").replace("-", "–"), self.lang)
        if isinstance(q, (SingleChoice, MultiChoice, Matrix)):
            option = next((o for o in q.options if o.code == code), None)
            if option is not None:
                return self.text(option.label)
        if isinstance(q, Scale):
            point = next((p for p in q.points if str(p.value) == code), None)
            if point is not None:
                label = self.text(point.label)
                return Label(f"{code} – {label}", label.lang)
        if code in (TRUE, FALSE):
            return self.ui(Msg("status.yes", "Yes") if code == TRUE else Msg("status.no", "No"))
        return Label(code, self.lang)

    def group(self, by: dict[str, str]) -> Label:
        """A group of one or more breakdowns: "TIN*"; "Racialised (…): Yes"; of an intersection "Gender: TIN* · Racialised: Yes"."""
        parts = []
        for name, code in by.items():
            label = self.category(name, code)
            named = len(by) > 1 or self.is_boolean(name) or code in STATUS_CODES
            parts.append(f"{self.variable(name)}: {label}" if named else label)
        return Label(" · ".join(parts), self.lang)

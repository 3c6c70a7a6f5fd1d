"""Writing an instrument as an XLSForm workbook (ODK Collect, KoboToolbox, Enketo).

The workbook is a normal XLSForm that pyxform converts without errors: one
``label::Deutsch (de)`` column per language, select lists with the reserved
"prefer not to say" choice, constraints that enforce exclusive options,
selection limits, number ranges and text lengths, and relevance translated to
XPath (:mod:`.xpath`). What XLSForm cannot say (privacy class, analysis role,
scale vs. plain choice, the original condition text, units, derived
variables' cases, modules used, the instrument's own wording of "prefer not
to say") travels in ``eqsurvey_*`` columns and the ``eqsurvey_cases``,
``eqsurvey_modules`` and ``eqsurvey_texts`` sheets, which pyxform ignores, so
that :func:`instruments.xlsform.importer.import_form` gets the exact instrument
back. Text that contains ``${`` gets an invisible word joiner after the ``$``
(pyxform would read it as a reference; see :func:`.xlsform_columns.escape_text`).

Layout (rows of the survey sheet, top to bottom):

- group ``eqsurvey-about`` (label: the title) with one note each for the
  purpose, controller, legal basis, retention and contact: respondents see
  them before the first question;
- per section a group named by its id, an optional note ``ID-intro``, the
  questions; a matrix is a ``field-list`` group of one select_one per row,
  named ``QID__ROW``; a consent is a required ``acknowledge``;
- per derived variable a ``calculate`` (so relevance may use it); the cases
  of a categorical one go to the ``eqsurvey_cases`` sheet under its id.

:func:`xlsform_bytes` gives the workbook as bytes (the command line writes
them atomically); text that a cell cannot hold raises
:class:`~kernel.errors.InstrumentError` (see :mod:`.xlsform_cells`).
"""

from __future__ import annotations

from pathlib import Path

from instruments.expressions import syntax as ex
from instruments.model import BooleanDerived, CategoricalDerived, Instrument, Section
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.text import COLUMN_SEP, DECLINED, language_name
from instruments.xlsform.cells import Row, SheetData, columns_of, write_book
from instruments.xlsform.columns import (
    ABOUT_GROUP,
    ACKNOWLEDGED,
    CASES_SHEET,
    DECLINED_TEXT,
    EQ_DECLINED,
    EQ_DESCRIPTION,
    EQ_MINUTES,
    EQ_PRIVACY,
    EQ_RELEVANT,
    EQ_ROLE,
    EQ_SELF,
    EQ_TYPE,
    EQ_UNIT,
    EQ_WHEN,
    META_TEXTS,
    MODULES_SHEET,
    OPTIONAL_META_TEXTS,
    STANDARD_SURVEY_COLUMNS,
    TEXTS_SHEET,
    TRUE_TEXT,
    language_header,
)
from instruments.xlsform.constraints import choice_constraint, value_constraint
from instruments.xlsform.xpath import to_xpath, xpath_string

__all__ = ["boolean_calculation", "categorical_calculation", "export_xlsform", "xlsform_bytes"]

_SURVEY_COLUMNS = (
    *STANDARD_SURVEY_COLUMNS,
    "choice_filter",
    EQ_TYPE,
    EQ_PRIVACY,
    EQ_ROLE,
    EQ_DECLINED,
    EQ_SELF,
    EQ_RELEVANT,
    EQ_WHEN,
    EQ_UNIT,
    EQ_DESCRIPTION,
)
_TRANSLATED = ("label", "hint", "constraint_message", EQ_UNIT, EQ_DESCRIPTION, "title")


def boolean_calculation(xpath: str) -> str:
    """A boolean derived variable as a calculate: 'true' or 'false', like the flag its references test."""
    return f"if({xpath}, {xpath_string(TRUE_TEXT)}, 'false')"


def categorical_calculation(cases: list[tuple[str, str]]) -> str:
    """The code of the first case whose condition holds, else empty: nested if()s."""
    calc = "''"
    for xpath, code in reversed(cases):
        calc = f"if({xpath}, {xpath_string(code)}, {calc})"
    return calc


class _Exporter:
    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.langs = instrument.languages
        self.survey: list[Row] = []
        self.choices: list[Row] = []
        self.cases: list[Row] = []
        self.flags: dict[str, str] = {q.id: ACKNOWLEDGED for q in instrument.questions() if isinstance(q, Consent)}
        self.flags.update({d.id: TRUE_TEXT for d in instrument.derived if isinstance(d, BooleanDerived)})

    def texts(self, row: Row, column: str, text: dict[str, str] | None) -> None:
        for lang in self.langs:
            if text and text.get(lang):
                row[language_header(column, lang)] = text[lang]

    def xpath(self, source: str) -> str:
        return to_xpath(ex.parse(source), flags=self.flags)

    def relevance(self, row: Row, source: str | None) -> None:
        if source is not None:
            row["relevant"] = self.xpath(source)
            row[EQ_RELEVANT] = source

    def run(self) -> None:
        i = self.instrument
        about: Row = {"type": "begin group", "name": ABOUT_GROUP, "appearance": "field-list", EQ_TYPE: "about"}
        self.texts(about, "label", i.title)
        self.survey.append(about)
        for key in (*META_TEXTS, *OPTIONAL_META_TEXTS):
            if getattr(i, key) is None:
                continue
            note: Row = {"type": "note", "name": f"eqsurvey-{key.replace('_', '-')}", EQ_TYPE: key}
            self.texts(note, "label", getattr(i, key))
            self.survey.append(note)
        self.survey.append({"type": "end group", "name": ABOUT_GROUP})
        for section in i.sections:
            self.section(section)
        for d in i.derived:
            self.derived(d)

    def section(self, s: Section) -> None:
        row: Row = {"type": "begin group", "name": s.id, EQ_TYPE: "section"}
        self.texts(row, "label", s.title)
        self.relevance(row, s.relevant)
        self.survey.append(row)
        if s.intro is not None:
            intro: Row = {"type": "note", "name": f"{s.id}-intro", EQ_TYPE: "intro"}
            self.texts(intro, "label", s.intro)
            self.survey.append(intro)
        for q in s.questions:
            self.question(q)
        self.survey.append({"type": "end group", "name": s.id})

    def common(self, q: Question, xls_type: str) -> Row:
        row: Row = {"type": xls_type, "name": q.id, EQ_TYPE: q.type, EQ_PRIVACY: q.privacy, EQ_ROLE: q.role}
        self.texts(row, "label", q.label)
        self.texts(row, "hint", q.hint)
        if q.required:
            row["required"] = "yes"
        self.relevance(row, q.relevant)
        return row

    def choice_list(self, name: str, q: SingleChoice | MultiChoice | Matrix | Scale) -> None:
        items = (
            [(p.value, p.label) for p in q.points] if isinstance(q, Scale) else [(o.code, o.label) for o in q.options]
        )
        for code, label in items:
            row: Row = {"list_name": name, "name": str(code)}
            self.texts(row, "label", label)
            self.choices.append(row)
        if q.prefer_not_to_say:
            row = {"list_name": name, "name": DECLINED}
            self.texts(row, "label", {lang: self.instrument.declined_label(lang) for lang in self.langs})
            self.choices.append(row)

    def choice_filter(self, row: Row, q: SingleChoice | MultiChoice | Scale) -> None:
        """Options offered on a condition: a choice passes unless it is one of them and its condition fails."""
        parts = [
            f"(name != {xpath_string(o.code)} or {self.xpath(o.relevant)})"
            for o in getattr(q, "options", [])
            if o.relevant is not None
        ]
        if parts:
            row["choice_filter"] = " and ".join(parts)

    def constraint(self, row: Row, constraint: str | None, messages: dict[str, str]) -> None:
        if constraint:
            row["constraint"] = constraint
            self.texts(row, "constraint_message", messages)

    def question(self, q: Question) -> None:
        if isinstance(q, Matrix):
            self.matrix(q)
            return
        if isinstance(q, (SingleChoice, Scale)):
            row = self.common(q, f"select_one {q.id}")
            self.choice_list(q.id, q)
            self.choice_filter(row, q)
        elif isinstance(q, MultiChoice):
            row = self.common(q, f"select_multiple {q.id}")
            self.choice_list(q.id, q)
            self.choice_filter(row, q)
            self.constraint(row, *choice_constraint(q, self.langs, self.instrument.declined_label))
        elif isinstance(q, Number):
            row = self.common(q, "integer" if q.integer else "decimal")
            self.constraint(row, *value_constraint(q, self.langs))
            self.texts(row, EQ_UNIT, q.unit)
        elif isinstance(q, Text):
            row = self.common(q, "text")
            self.constraint(row, *value_constraint(q, self.langs))
            row[EQ_SELF] = _yes(q.self_description)
        else:
            # acknowledge: ODK's built-in "OK" needs no translated choices, and not consenting ends the survey.
            row = self.common(q, "acknowledge")
            row["required"] = _yes(q.required)
        if isinstance(q, (Number, Text, Consent)):
            row[EQ_DECLINED] = _yes(q.prefer_not_to_say)
        self.survey.append(row)

    def matrix(self, q: Matrix) -> None:
        group = self.common(q, "begin group")
        group.pop("required", None)  # ODK enforces it per field, so it goes on every row
        group["appearance"] = "field-list"
        self.survey.append(group)
        self.choice_list(q.id, q)
        for r in q.rows:
            row: Row = {"type": f"select_one {q.id}", "name": f"{q.id}{COLUMN_SEP}{r.code}", EQ_TYPE: "matrix_row"}
            self.texts(row, "label", r.label)
            if q.required:
                row["required"] = "yes"
            self.relevance(row, r.relevant)
            self.survey.append(row)
        self.survey.append({"type": "end group", "name": q.id})

    def derived(self, d: BooleanDerived | CategoricalDerived) -> None:
        row: Row = {"type": "calculate", "name": d.id, EQ_TYPE: d.type, EQ_ROLE: d.role}
        self.texts(row, "label", d.label)
        self.texts(row, EQ_DESCRIPTION, d.description)
        if isinstance(d, BooleanDerived):
            row["calculation"] = boolean_calculation(self.xpath(d.when))
            row[EQ_WHEN] = d.when
        else:
            row["calculation"] = categorical_calculation([(self.xpath(c.when), c.code) for c in d.cases])
            for case in d.cases:
                choice: Row = {"list_name": d.id, "name": case.code, EQ_WHEN: case.when}
                self.texts(choice, "label", case.label)
                self.cases.append(choice)
        self.survey.append(row)

    def settings(self) -> Row:
        i = self.instrument
        return {
            "form_title": i.title.get(i.default_language) or next(iter(i.title.values()), i.id),
            "form_id": i.id,
            "version": i.version,
            "default_language": f"{language_name(i.default_language)} ({i.default_language})",
            **({EQ_MINUTES: str(i.estimated_minutes)} if i.estimated_minutes is not None else {}),
        }

    def modules(self) -> list[Row]:
        rows: list[Row] = []
        for m in self.instrument.modules:
            row: Row = {
                "id": m.id,
                "version": m.version,
                "citation": m.source.citation,
                "url": m.source.url,
                "notes": m.source.notes,
                "locked": _yes(m.locked),
                "questions": " ".join(m.questions),
                "derived": " ".join(m.derived),
            }
            self.texts(row, "title", m.title)
            rows.append(row)
        return rows


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _columns(rows: list[Row], order: tuple[str, ...], langs: list[str]) -> list[str]:
    return columns_of(rows, order, langs, _TRANSLATED)


def xlsform_bytes(instrument: Instrument) -> bytes:
    """The instrument as an XLSForm ``.xlsx`` workbook; raises InstrumentError for text no cell can hold."""
    exporter = _Exporter(instrument)
    exporter.run()
    langs = instrument.languages
    survey, choices, cases = exporter.survey, exporter.choices, exporter.cases
    sheets = [
        SheetData("survey", survey, _columns(survey, _SURVEY_COLUMNS, langs)),
        SheetData(
            "choices",
            choices,
            _columns(choices, ("list_name", "name", "label"), langs) or ["list_name", "name", "label"],
        ),
    ]
    settings = exporter.settings()
    sheets.append(SheetData("settings", [settings], list(settings)))
    if cases:
        sheets.append(SheetData(CASES_SHEET, cases, _columns(cases, ("list_name", "name", "label", EQ_WHEN), langs)))
    modules = exporter.modules()
    if modules:
        order = ("id", "version", "title", "citation", "url", "notes", "locked", "questions", "derived")
        sheets.append(SheetData(MODULES_SHEET, modules, _columns(modules, order, langs)))
    if instrument.prefer_not_to_say_label is not None:
        own: Row = {"name": DECLINED_TEXT}
        exporter.texts(own, "label", instrument.prefer_not_to_say_label)
        sheets.append(SheetData(TEXTS_SHEET, [own], ["name", *_columns([own], ("label",), langs)]))
    return write_book(sheets)


def export_xlsform(instrument: Instrument, path: Path) -> None:
    """Write the instrument as an XLSForm ``.xlsx`` file at ``path`` (see :func:`xlsform_bytes`)."""
    Path(path).write_bytes(xlsform_bytes(instrument))

"""What the questionnaire's pages show, built from the instrument file as read (no web here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from eqsurvey.console.forms import RefusedError
from eqsurvey.console.questionnaire.posted import edit_of
from instruments.editing import OWN_TEXTS, InstrumentFile, keyed
from instruments.model import Instrument, ModuleInfo
from instruments.modules import Module, available, load_module
from instruments.questions import Matrix, MultiChoice, Number, Question, Scale, SingleChoice
from instruments.text import pick
from instruments.translations import missing_per_language, missing_translations
from kernel.errors import Location, Problem


@dataclass(frozen=True)
class Item:
    """One entry of a section as the file lists it: an own question, or a module (all its questions)."""

    question: Question | None = None
    module: ModuleInfo | None = None


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    relevant: str | None
    items: list[Item]


@dataclass(frozen=True)
class LibraryModule:
    ref: str
    module: Module
    used: bool


@dataclass(frozen=True)
class Overview:
    instrument: Instrument
    digest: str
    content_hash: str
    sections: list[SectionView]
    modules: list[ModuleInfo]
    own_questions: list[str]
    missing: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)


def as_problems(by_field: dict[str, list[Problem]]) -> list[Problem]:
    """Problems keyed by field as the console shows them: each at its field (``where.field``)."""
    return [
        Problem(p.code, Location(field=key or None, question=p.where.question), p.problem, p.fix, p.severity)
        for key, problems in by_field.items()
        for p in problems
    ]


def warnings_of(file: InstrumentFile) -> list[Problem]:
    return as_problems(keyed(file.loaded.warnings, file.text, str(file.path)))


def _items(instrument: Instrument, section_questions: list[Question]) -> list[Item]:
    module_of = {qid: m for m in instrument.modules for qid in m.questions}
    items: list[Item] = []
    for q in section_questions:
        module = module_of.get(q.id)
        if module is None:
            items.append(Item(question=q))
        elif not (items and items[-1].module is module):
            items.append(Item(module=module))
    return items


def overview(file: InstrumentFile, lang: str) -> Overview:
    inst = file.loaded.instrument
    module_questions = {qid for m in inst.modules for qid in m.questions}
    sections = [
        SectionView(s.id, pick(s.title, lang, inst.default_language), s.relevant, _items(inst, s.questions))
        for s in inst.sections
    ]
    return Overview(
        instrument=inst,
        digest=file.digest,
        content_hash=inst.content_hash(),
        sections=sections,
        modules=list(inst.modules),
        own_questions=[q.id for q in inst.questions() if q.id not in module_questions],
        missing=missing_per_language(file.loaded),
        warnings=warnings_of(file),
    )


def library(instrument: Instrument) -> list[LibraryModule]:
    used = {m.id for m in instrument.modules}
    found = []
    for ref in available():
        module = load_module(ref).module
        found.append(LibraryModule(ref, module, module.module in used))
    return found


def options_of(question: Question) -> list[tuple[str, dict[str, str]]]:
    if isinstance(question, (SingleChoice, MultiChoice, Matrix)):
        return [(o.code, dict(o.label)) for o in question.options]
    return []


def rows_of(question: Question) -> list[tuple[str, dict[str, str]]]:
    return [(r.code, dict(r.label)) for r in question.rows] if isinstance(question, Matrix) else []


def points_of(question: Question) -> list[tuple[int, dict[str, str]]]:
    return [(p.value, dict(p.label)) for p in question.points] if isinstance(question, Scale) else []


def bounds_of(question: Question) -> tuple[str, str]:
    """A number question's lowest and highest answer as a person writes them (``18``, not ``18.0``)."""
    if not isinstance(question, Number):
        return "", ""
    return tuple(str(int(x)) if float(x).is_integer() else str(x) for x in (question.min, question.max))  # type: ignore[return-value]


@dataclass(frozen=True)
class MissingText:
    """A missing translation: the field to fill, the text in the default language, and whether it can be filled here."""

    key: str
    lang: str
    source: str
    problem: Problem
    editable: bool


def missing_texts(file: InstrumentFile) -> list[MissingText]:
    inst = file.loaded.instrument
    by_field = keyed(missing_translations(file.loaded), file.text, str(file.path))
    found: list[MissingText] = []
    for key, problems in by_field.items():
        parts = key.split(".")
        lang = parts[-1] if parts and parts[-1] in inst.languages else ""
        source = _text_at(inst, parts[:-1]) if lang else ""
        editable = bool(lang) and _editable(key, inst.languages)
        found.extend(MissingText(key, lang, source, p, editable) for p in problems)
    return found


def _editable(key: str, languages: list[str]) -> bool:
    """Whether the translations form can post this field (derived variables are translated in an
    editor; modules' texts are the library's)."""
    try:
        edit_of(key, "", languages)
    except RefusedError:
        return False
    return True


def _text_at(inst: Instrument, parts: list[str]) -> str:
    """The default language's wording of the text at a field key (for the translator to read)."""
    text: dict[str, str] | None = None
    if len(parts) == 1 and parts[0] in OWN_TEXTS:
        text = getattr(inst, parts[0])
    elif len(parts) == 3 and parts[0] == "section":
        section = next((s for s in inst.sections if s.id == parts[1]), None)
        text = getattr(section, parts[2], None) if section else None
    elif len(parts) >= 3 and parts[0] == "question" and parts[1] in inst.question_map:
        q = inst.question_map[parts[1]]
        if len(parts) == 3:
            text = getattr(q, parts[2], None)
        elif parts[2] in ("option", "row"):
            code = ".".join(parts[3:-1])
            text = dict(options_of(q) if parts[2] == "option" else rows_of(q)).get(code)
        elif parts[2] == "point":
            text = {str(v): label for v, label in points_of(q)}.get(parts[3])
    return (text or {}).get(inst.default_language, "") if isinstance(text, dict) else ""

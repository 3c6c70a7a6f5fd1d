"""The form's pages and the skip logic between them, evaluated on the server.

Without JavaScript a question cannot appear the moment an answer above it is
ticked, so a section is split into pages where a question's condition reads
an answer on the same page: every condition is then settled by earlier pages
when its page is built. Most sections stay one page. A page none of whose
questions is asked is passed over; a matrix shows only the rows asked, a
choice only the options its conditions offer (and none of whose options is
offered is not asked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from instruments.derived import derived_refs, is_relevant, names_in, scope_for
from instruments.model import Instrument, Section
from instruments.questions import Matrix, MultiChoice, Option, Question, SingleChoice
from instruments.text import DECLINED


@dataclass(frozen=True)
class Page:
    section_index: int
    section: Section
    questions: tuple[Question, ...]
    continued: bool  # a later page of a section split for skip logic
    #: Follow-up questions whose lead (a question of the same section their conditions name) is on an earlier
    #: page, with those leads: the page repeats the lead and its answer, so the follow-up never stands alone.
    leads: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Asked:
    """A question as asked on a page: for a matrix, the codes of the rows asked."""

    question: Question
    rows: tuple[str, ...] = ()
    #: The codes of the options offered, where some option has a condition of its own; None: all of them.
    options: tuple[str, ...] | None = None


def pages_of(instrument: Instrument) -> tuple[Page, ...]:
    pages: list[Page] = []
    for index, section in enumerate(instrument.sections):
        current: list[Question] = []
        continued = False
        for q in section.questions:
            if current and _reads(instrument, q) & {c.id for c in current}:
                pages.append(_page(index, section, current, continued))
                current, continued = [], True
            current.append(q)
        pages.append(_page(index, section, current, continued))
    return tuple(pages)


def _page(index: int, section: Section, questions: list[Question], continued: bool) -> Page:
    first = section.questions.index(questions[0])
    before = [q.id for q in section.questions[:first]]  # the section's questions on earlier pages, in order
    leads = []
    for q in questions:
        # Named by the question's own conditions: a lead reached only through a derived variable is a summary
        # of several answers, which the respondent could not recognise as "the question before".
        names = {name for c in _conditions(q) if c for name in names_in(c)}
        named = tuple(lead for lead in before if lead in names)
        if named:
            leads.append((q.id, named))
    return Page(index, section, tuple(questions), continued, tuple(leads))


def _conditions(q: Question) -> list[str | None]:
    conditions = [q.relevant, *(r.relevant for r in q.rows)] if isinstance(q, Matrix) else [q.relevant]
    return conditions + [o.relevant for o in _options(q)]


def _reads(instrument: Instrument, q: Question) -> set[str]:
    """The questions whose answers decide whether ``q`` (or a row of it) is asked, through derived variables too."""
    todo = [name for c in _conditions(q) if c for name in names_in(c)]
    found: set[str] = set()
    derived = instrument.derived_map
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        if name in derived:
            todo.extend(ref for ref, _ in derived_refs(derived[name]))
    return found


def asked_on(instrument: Instrument, page: Page, answers: Mapping[str, Any]) -> list[Asked]:
    """The questions of ``page`` asked given the answers so far (which only earlier pages decide)."""
    section = page.section
    if not is_relevant(section.relevant, scope_for(instrument, answers, section.relevant)):
        return []
    asked = []
    for q in page.questions:
        rows = q.rows if isinstance(q, Matrix) else []
        options = _options(q)
        scope = scope_for(instrument, answers, q.relevant, *(r.relevant for r in rows), *(o.relevant for o in options))
        if not is_relevant(q.relevant, scope):
            continue
        if isinstance(q, Matrix):
            codes = tuple(r.code for r in rows if is_relevant(r.relevant, scope))
            if codes:
                asked.append(Asked(q, codes))
        elif any(o.relevant for o in options):
            offered = tuple(o.code for o in options if is_relevant(o.relevant, scope))
            if offered:  # a choice none of whose options is offered is not asked
                asked.append(Asked(q, options=offered))
        else:
            asked.append(Asked(q))
    return asked


def _options(q: Question) -> list[Option]:
    return q.options if isinstance(q, (SingleChoice, MultiChoice)) else []


def next_page(instrument: Instrument, pages: tuple[Page, ...], start: int, answers: Mapping[str, Any]) -> int:
    """The first page from ``start`` on with a question asked; ``len(pages)`` (ready to submit) if none."""
    for index in range(max(start, 0), len(pages)):
        if asked_on(instrument, pages[index], answers):
            return index
    return len(pages)


def previous_page(instrument: Instrument, pages: tuple[Page, ...], start: int, answers: Mapping[str, Any]) -> int:
    """The last page up to ``start`` with a question asked; -1 (the welcome page) if none."""
    for index in range(min(start, len(pages) - 1), -1, -1):
        if asked_on(instrument, pages[index], answers):
            return index
    return -1


def pruned(instrument: Instrument, pages: tuple[Page, ...], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to questions still asked: going back and changing an answer can make later ones moot."""
    kept: dict[str, Any] = {}
    for page in pages:
        for item in asked_on(instrument, page, kept):
            value = answers.get(item.question.id)
            if isinstance(item.question, Matrix) and isinstance(value, dict):
                value = {row: code for row, code in value.items() if row in item.rows} or None
            elif item.options is not None:  # an option an earlier answer, changed since, no longer offers
                offered = (*item.options, DECLINED)
                if isinstance(value, list):
                    value = [code for code in value if code in offered] or None
                elif value not in offered:
                    value = None
            if value is not None:
                kept[item.question.id] = value
    return kept

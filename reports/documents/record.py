"""The record of processing activities (Art. 30(1) GDPR), from the project's facts."""

from __future__ import annotations

from collections import Counter

from instruments.questions import PRIVACY_ORDER
from instruments.text import pick
from reports.documents import measures
from reports.documents.categories import special_questions
from reports.documents.facts import ProjectFacts
from reports.documents.messages import common as c
from reports.documents.messages import record as m
from reports.documents.model import Document
from reports.documents.writing import Writer


def provenance(w: Writer) -> None:
    """What every document opens with: where it comes from, and that it is not legal advice."""
    i = w.facts.instrument
    w.para(
        c.GENERATED,
        project=w.facts.project_name,
        instrument=i.id,
        version=i.version,
        content=i.content_hash()[:16],
        state=w.facts.state_hash[:16],
    )
    w.para(c.NOT_ADVICE)


def legal_basis(w: Writer) -> None:
    s = w.facts.statements
    provision = w.text(s.statutory_provision)[0]
    w.para(c.LEGAL_BASIS[s.legal_basis], provision=provision)
    w.stated(w.facts.instrument.legal_basis, c.AS_STATED)


def build(facts: ProjectFacts, lang: str) -> Document:
    w = Writer(facts, lang)
    i = facts.instrument
    provenance(w)
    w.heading(m.NAME)
    w.para(m.SURVEY, title=pick(i.title, lang, i.default_language), instrument=i.id, version=i.version)
    if facts.fieldwork:
        w.para(m.FIELDWORK, fieldwork=facts.fieldwork)
    if facts.simulated:
        w.para(m.SIMULATED)
    w.heading(m.CONTROLLER)
    w.stated(i.controller, m.CONTROLLER_IS)
    w.stated(i.contact, m.CONTACT_IS)
    w.stated(facts.statements.dpo, m.DPO_IS)
    w.heading(m.PURPOSES)
    w.stated(i.purpose)
    w.heading(m.BASIS)
    legal_basis(w)
    w.heading(m.SUBJECTS)
    subjects = [w.say(c.ACCESS[facts.access])]
    if facts.standings:
        subjects.append(w.say(m.PARTNERS, count=w.count(len({s.by for s in facts.standings}))))
    w.bullets(subjects)
    data_categories(w)
    w.heading(m.RECIPIENTS)
    w.bullets([w.text(r)[0] for r in facts.statements.recipients])
    w.heading(m.TRANSFERS)
    w.stated(facts.statements.transfers)
    w.heading(m.RETENTION)
    w.stated(i.retention)
    w.heading(m.MEASURES)
    w.bullets(measures.all_measures(w))
    return w.document("record", m.TITLE)


def data_categories(w: Writer) -> None:
    i, lang = w.facts.instrument, w.lang
    questions = list(i.questions())
    w.heading(m.DATA)
    w.para(m.DATA_INTRO, questions=w.count(len(questions)))
    counts = Counter(q.privacy for q in questions)
    rows = [
        (w.say(c.PRIVACY_CLASS[cls]), w.count(counts[cls]), ", ".join(q.id for q in questions if q.privacy == cls))
        for cls in PRIVACY_ORDER
        if counts[cls]
    ]
    w.table(m.DATA_CAPTION, (m.COL_CLASS, m.COL_COUNT, m.COL_IDS), rows)
    w.para(m.TECHNICAL)
    w.heading(m.SPECIAL, level=3)
    special = special_questions(i, w.facts.statements.special_categories)
    if not special:
        w.para(m.NO_SPECIAL)
        return
    labels = i.question_map
    special_rows = [
        (f"{s.question}: {pick(labels[s.question].label, lang, i.default_language)}", measures.names(w, s.categories))
        for s in special
    ]
    w.table(m.SPECIAL_CAPTION, (m.COL_QUESTION, m.COL_CATEGORIES), special_rows)

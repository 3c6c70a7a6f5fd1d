"""The methods note for the council and the partners: what the survey can and cannot say, reviews, schedule."""

from __future__ import annotations

from instruments.text import pick
from reports.documents import measures
from reports.documents.facts import ProjectFacts
from reports.documents.messages import methods as m
from reports.documents.model import Document
from reports.documents.record import provenance
from reports.documents.writing import Writer


def build(facts: ProjectFacts, lang: str) -> Document:
    w = Writer(facts, lang)
    i, plan = facts.instrument, facts.plan
    provenance(w)
    w.para(m.INTRO, title=pick(i.title, lang, i.default_language))
    w.heading(m.CAN)
    w.para(m.SELF_ID)
    w.para(m.TABLES, count=w.count(len(plan.tables)))
    names = {q.id: q.label for q in i.questions()} | {d.id: d.label for d in i.derived}
    rows = [
        (
            pick(t.label, lang, i.default_language) if t.label else pick(names.get(t.measure), lang) or t.measure,
            ", ".join(pick(names.get(b), lang, i.default_language) or b for b in t.by) or w.say(m.OVERALL),
        )
        for t in plan.tables
    ]
    w.table(m.TABLES_CAPTION, (m.COL_TABLE, m.COL_BY), rows, plan=plan.id)
    if plan.calibration is not None:
        # Named by their questions' wording, quoted: "by “How old are you?”, …" reads as a sentence.
        opening, closing = ("„", "“") if lang.startswith("de") else ("“", "”")
        named = [pick(names.get(v), lang, i.default_language) or v for v in plan.calibration.variables]
        quoted = ", ".join(f"{opening}{n}{closing}" for n in named)
        w.para(m.WEIGHTED, variables=quoted, source=plan.calibration.source)
    w.heading(m.CANNOT)
    w.bullets(
        [
            w.say(m.NON_PROBABILITY if plan.sample == "non_probability" else m.PROBABILITY),
            w.say(m.NOISE),
            measures.suppression(w),
            measures.minimum(w),
            w.say(m.NO_INDIVIDUALS),
        ]
    )
    w.heading(m.REVIEW)
    review(w)
    w.heading(m.SCHEDULE)
    if facts.fieldwork:
        w.para(m.FIELDWORK, fieldwork=facts.fieldwork)
    w.stated(facts.statements.publication, m.PUBLICATION)
    w.para(m.RELEASES, releases=w.count(facts.budget.releases))
    return w.document("methods", m.TITLE)


def review(w: Writer) -> None:
    content = w.facts.instrument.content_hash()
    w.para(m.REVIEW_INTRO, content=content[:16])
    if not w.facts.standings:
        w.para(m.NO_REVIEW)
        return
    rows = [
        (
            s.by,
            w.say(m.DECISION[s.decision]),
            s.version,
            w.say(m.CURRENT if s.content_hash == content else m.EARLIER),
        )
        for s in w.facts.standings
    ]
    w.table(m.REVIEW_CAPTION, (m.COL_ORGANISATION, m.COL_DECISION, m.COL_VERSION, m.COL_CONTENT), rows)

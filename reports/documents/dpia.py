"""Input for the data protection impact assessment (Art. 35(7) GDPR): description, necessity, risks, what remains."""

from __future__ import annotations

from analysis.budget import CONVENTIONAL_EPSILON
from kernel.i18n import Msg
from reports.documents import measures
from reports.documents.categories import special_questions
from reports.documents.facts import ProjectFacts
from reports.documents.messages import common as c
from reports.documents.messages import dpia as m
from reports.documents.model import Document
from reports.documents.record import legal_basis, provenance
from reports.documents.writing import Writer

#: Below this many respondents published practice does not show a figure (FRA); a plan under it raises the risk.
PRACTICE_THRESHOLD = 20


def build(facts: ProjectFacts, lang: str) -> Document:
    w = Writer(facts, lang)
    i = facts.instrument
    provenance(w)
    w.para(m.INTRO)
    w.heading(m.DESCRIPTION)
    special = special_questions(i, facts.statements.special_categories)
    w.para(
        m.NATURE,
        questions=w.count(sum(1 for _ in i.questions())),
        languages=", ".join(i.languages),
        special=w.count(len(special)),
    )
    w.para(m.SCOPE, plan=facts.plan.id, tables=w.count(len(facts.plan.tables)), releases=w.count(facts.budget.releases))
    w.stated(i.purpose, m.PURPOSE)
    w.line(f"{w.say(m.CONTEXT)} {w.say(c.ACCESS[facts.access])}")
    w.heading(m.NECESSITY)
    necessity(w)
    w.heading(m.RISKS)
    w.para(m.RISKS_NOTE)
    risks(w)
    w.heading(m.PROVISIONS)
    legal_basis(w)
    if facts.statements.legal_basis == "research":
        w.para(m.ART89)
    w.heading(m.REMAINS)
    w.bullets([w.say(item) for item in m.REMAINS_ITEMS])
    return w.document("dpia", m.TITLE)


def necessity(w: Writer) -> None:
    i, facts = w.facts.instrument, w.facts
    questions = list(i.questions())
    w.para(
        m.VOLUNTARY,
        questions=w.count(len(questions)),
        optional=w.count(sum(1 for q in questions if not q.required)),
        declinable=w.count(sum(1 for q in questions if q.prefer_not_to_say)),
    )
    w.para(m.MINIMISATION)
    w.stated(i.retention, m.STORAGE_LIMIT)
    if i.rights:
        w.stated(i.rights, m.RIGHTS)
    w.line(w.say(c.ERASURE))
    content = i.content_hash()
    organisations = {s.by for s in facts.standings}
    if organisations:
        approved = {s.by for s in facts.standings if s.content_hash == content and s.decision == "approve"}
        w.para(m.PARTICIPATION, count=w.count(len(organisations)), approved=w.count(len(approved)))
    else:
        w.para(m.NO_PARTICIPATION)


def _likelihood(w: Writer, low: bool, why: Msg | None = None, **values: object) -> str:
    if low:
        return w.say(m.LOW)
    return w.say(m.MEDIUM) + (f": {w.say(why, **values)}" if why is not None else "")


def risks(w: Writer) -> None:
    facts = w.facts
    b, publication = facts.budget, facts.plan.publication
    holders = w.text(facts.statements.key_holders)[0]
    tables = [
        (
            w.say(m.RISK_REIDENT),
            _likelihood(
                w,
                b.total_epsilon <= CONVENTIONAL_EPSILON,
                m.REIDENT_HIGH_EPSILON,
                conventional=w.number(CONVENTIONAL_EPSILON, 0),
            ),
            f"{measures.budget(w)} {measures.minimum(w)}",
        ),
        (w.say(m.RISK_LINKAGE), w.say(m.LOW), w.say(m.LINKAGE_MEASURE)),
        (
            w.say(m.RISK_SMALL),
            _likelihood(
                w,
                publication.suppress_below >= PRACTICE_THRESHOLD,
                m.SMALL_BELOW,
                suppress=w.count(publication.suppress_below),
            ),
            measures.suppression(w),
        ),
        (w.say(m.RISK_ANALYSTS), w.say(m.MEDIUM), w.say(m.ANALYSTS_MEASURE, holders=holders)),
        (w.say(m.RISK_COERCION), w.say(m.CONTEXT_DEPENDENT), w.say(m.COERCION_MEASURE)),
        (w.say(m.RISK_BREACH), w.say(m.MEDIUM), f"{measures.sealing(w)} {measures.store(w)}"),
        (w.say(m.RISK_KEY), w.say(m.LOW), f"{w.say(m.KEY_MEASURE)} {measures.key_holders(w)}"),
    ]
    w.table(m.RISKS_CAPTION, (m.COL_RISK, m.COL_LIKELIHOOD, m.COL_MEASURE), tables)

"""The technical annex for the data protection officer: storage, access, an attacker's view, erasure, the budget."""

from __future__ import annotations

import math

from instruments.text import pick
from reports.documents import measures
from reports.documents.facts import ProjectFacts
from reports.documents.messages import annex as m
from reports.documents.messages import common as c
from reports.documents.model import Document
from reports.documents.record import provenance
from reports.documents.writing import Writer

_SHORT_SUITE = {"x25519": "X25519, AES-256-GCM", "mlkem768-x25519": "ML-KEM-768 + X25519, AES-256-GCM"}


def build(facts: ProjectFacts, lang: str) -> Document:
    w = Writer(facts, lang)
    i, keys = facts.instrument, facts.keys
    provenance(w)
    w.para(m.INTRO, title=pick(i.title, lang, i.default_language))
    w.heading(m.STORED)
    store = w.say(c.STORE[facts.store.kind], where=facts.store.where)
    rows = [
        (
            w.say(m.ANSWERS),
            w.say(m.ANSWERS_WHERE, store=store),
            w.say(m.ANSWERS_FORM, key_id=keys.key_id, suite_short=_SHORT_SUITE[keys.suite]),
        ),
        (w.say(m.CODES), w.say(m.STORE_ITSELF), w.say(m.CODES_FORM)),
        (w.say(m.CONTACTS), w.say(m.STORE_ITSELF), w.say(m.CONTACTS_FORM)),
        (w.say(m.PUBLIC_KEY), w.say(m.PUBLIC_WHERE, folder=keys.folder), w.say(m.PUBLIC_FORM)),
        (w.say(m.PRIVATE_KEY), w.say(m.PRIVATE_WHERE, folder=keys.folder), w.say(m.PRIVATE_FORM)),
        (w.say(m.SECRET), w.say(m.SECRET_WHERE, folder=keys.folder), w.say(m.SECRET_FORM)),
        (w.say(m.DATASET), w.say(m.DATASET_WHERE), w.say(m.DATASET_FORM)),
        (w.say(m.RELEASES), w.say(m.RELEASES_WHERE), w.say(m.RELEASES_FORM)),
    ]
    w.table(m.STORED_CAPTION, (m.COL_WHAT, m.COL_WHERE, m.COL_FORM), rows)
    w.bullets([measures.sealing(w), w.say(c.PSEUDONYMS, domain=i.id, folder=keys.folder), w.say(c.NO_TRACES)])
    w.heading(m.WHO)
    w.bullets(
        [
            w.say(m.WHO_COLLECTOR, collector=w.text(facts.statements.collector)[0]),
            w.say(m.WHO_ANALYSTS, holders=w.text(facts.statements.key_holders)[0]),
            w.say(m.WHO_PUBLIC),
        ]
    )
    w.heading(m.ATTACKER)
    w.para(m.ATTACKER_TEXT)
    w.para(m.ATTACKER_LIMITS)
    w.heading(m.ERASURE)
    w.para(c.ERASURE)
    w.para(m.BACKUPS)
    w.stated(i.retention, m.RETENTION)
    w.heading(m.BUDGET)
    w.line(measures.budget(w))
    factor = math.exp(facts.budget.total_epsilon)
    w.para(
        m.BUDGET_MEANING,
        epsilon=w.number(facts.budget.total_epsilon),
        delta=f"{facts.budget.delta:g}",
        factor=w.number(factor, 1) if factor < 10 else w.count(round(factor)),
    )
    w.line(measures.suppression(w))
    w.line(measures.minimum(w))
    return w.document("annex", m.TITLE)

"""The technical and organisational measures, each as the project configures it, in one language."""

from __future__ import annotations

from reports.documents.messages import common as m
from reports.documents.writing import Writer


def names(w: Writer, codes: tuple[str, ...]) -> str:
    """Art. 9(1) categories by name, or the cautious reading when none is known."""
    return "; ".join(w.say(m.ART9[code]) for code in codes) if codes else w.say(m.ART9_ANY)


def sealing(w: Writer) -> str:
    f = w.facts
    return w.say(
        m.SEALING, key_id=f.keys.key_id, suite=w.say(m.SUITE[f.keys.suite]), collector=w.text(f.statements.collector)[0]
    )


def key_holders(w: Writer) -> str:
    f = w.facts
    return w.say(
        m.KEY_HOLDERS,
        holders=w.text(f.statements.key_holders)[0],
        folder=f.keys.folder,
        generations=w.count(f.keys.generations),
    )


def budget(w: Writer) -> str:
    b, plan = w.facts.budget, w.facts.plan
    return w.say(
        m.BUDGET,
        rho=w.budget(b.total_rho),
        epsilon=w.number(b.total_epsilon),
        delta=f"{b.delta:g}",
        plan=plan.id,
        release_rho=w.budget(b.release_rho),
        release_epsilon=w.number(b.release_epsilon),
        releases=w.count(b.releases),
    )


def suppression(w: Writer) -> str:
    publication = w.facts.plan.publication
    return w.say(
        m.SUPPRESSION,
        suppress=w.count(publication.suppress_below),
        flag=w.count(publication.flag_below),
        protection=w.number(publication.protection_width, 0),
    )


def minimum(w: Writer) -> str:
    b = w.facts.budget
    return w.say(m.MINIMUM if b.minimum_configured else m.MINIMUM_PLAN, minimum=w.count(b.minimum))


def store(w: Writer) -> str:
    s = w.facts.store
    return w.say(m.STORE_AT, store=w.say(m.STORE[s.kind], where=s.where))


def all_measures(w: Writer) -> list[str]:
    """Every measure, in the order a reader checks them: who can read, what is kept, what is published."""
    f = w.facts
    return [
        sealing(w),
        key_holders(w),
        w.say(m.PSEUDONYMS, domain=f.instrument.id, folder=f.keys.folder),
        w.say(m.UNLINKED),
        store(w),
        w.say(m.NO_TRACES),
        budget(w),
        suppression(w),
        minimum(w),
        w.say(m.ERASURE),
        w.say(m.AUDIT),
    ]

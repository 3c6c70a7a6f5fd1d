"""The rows of a responses bundle merged into a store, inside the caller's transaction (rules: see :mod:`.merge`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.errors import EqSurveyError, Location
from survey.store.bundle_file import BundleHeader
from survey.store.contacts import SealedContact
from survey.store.identities import _found
from survey.store.rows import DamagedStoreError, envelope_of

if TYPE_CHECKING:
    from survey.store.merge import MergeReport, _Store

_CHUNK = 5_000
_INSERT_RESPONSE = (
    "INSERT INTO responses (pseudonym, instrument_id, instrument_version, envelope_id, nonce, ciphertext,"
    " received_day, source, source_identity, answers_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def merge_rows(store: _Store, cur: Any, path: Path, header: BundleHeader, bundle: Any) -> MergeReport:
    from survey.store.merge import MergeReport, bundle_problem

    survey, today = header.instrument_id, date.today().isoformat()
    erasures = [r for r in bundle.execute("SELECT instrument_id, pseudonym FROM erasures") if r[0] == survey]
    sources = [r for r in bundle.execute("SELECT instrument_id, source_identity FROM erased_sources") if r[0] == survey]
    cur.executemany(
        store._sql("INSERT INTO erasures VALUES (?, ?, ?) ON CONFLICT DO NOTHING"), [(*r, today) for r in erasures]
    )
    cur.executemany(store._sql("INSERT INTO kept_erasures VALUES (?, ?) ON CONFLICT DO NOTHING"), erasures)
    cur.executemany(store._sql("INSERT INTO erased_sources VALUES (?, ?) ON CONFLICT DO NOTHING"), sources)
    cur.executemany(store._sql("INSERT INTO kept_erased_sources VALUES (?, ?) ON CONFLICT DO NOTHING"), sources)
    erased_here = store._erase_tombstoned(cur)

    counts = {"new": 0, "already": 0, "replaced": 0, "erased": 0}
    envelopes_here: set[str] = set()
    emptied: set[str] = set()
    rows = bundle.execute(
        "SELECT pseudonym, instrument_id, instrument_version, envelope_id, nonce, ciphertext, received_day, source,"
        " source_identity, answers_digest FROM responses ORDER BY rowid"
    )
    number = 0
    while chunk := rows.fetchmany(_CHUNK):
        for row in chunk:
            number += 1
            problem = bundle_problem(row)
            if problem is not None or row[1] != survey:
                raise _damaged(path, number, problem or f"it is a response of survey {row[1]}")
        insert = _decide(store, cur, survey, chunk, counts=counts, emptied=emptied)
        for envelope_id in sorted({r[3] for r in insert} - envelopes_here):
            if store._execute(cur, "SELECT 1 FROM envelopes WHERE envelope_id = ?", (envelope_id,)).fetchone() is None:
                found = bundle.execute("SELECT * FROM envelopes WHERE envelope_id = ?", (envelope_id,)).fetchone()
                if found is None:
                    raise _damaged(path, number, f"its batch key {envelope_id} is not in the bundle")
                try:
                    envelope_of(found[:4])
                except DamagedStoreError as exc:
                    raise _damaged(path, number, exc.problems[0].problem) from None
                store._execute(cur, "INSERT INTO envelopes VALUES (?, ?, ?, ?, ?)", found)
            envelopes_here.add(envelope_id)
        cur.executemany(store._sql(_INSERT_RESPONSE), insert)
    for envelope_id in emptied:
        store._execute(
            cur,
            "DELETE FROM envelopes WHERE envelope_id = ? AND NOT EXISTS (SELECT 1 FROM responses WHERE envelope_id = ?)",
            (envelope_id, envelope_id),
        )
    _merge_receipts(store, cur, survey, bundle)
    contacts = _new_contacts(store, cur, survey, bundle)
    return MergeReport(
        new=counts["new"],
        already=counts["already"],
        replaced=counts["replaced"],
        erased=counts["erased"],
        erased_here=erased_here,
        contacts=contacts,
    )


def _decide(
    store: _Store, cur: Any, survey: str, chunk: Sequence[Any], *, counts: dict[str, int], emptied: set[str]
) -> list[Any]:
    """The chunk's rows to insert (after deleting those they replace), counting every row's outcome."""
    pseudonyms = [r[0] for r in chunk]
    identities = [r[8] for r in chunk if r[8] is not None]
    taken = {
        p
        for (p,) in _found(
            store,
            cur,
            "SELECT pseudonym FROM responses WHERE instrument_id = ? AND pseudonym IN ({})",
            survey,
            pseudonyms,
        )
    }
    known = {
        i: (p, d, e)
        for i, p, d, e in _found(
            store,
            cur,
            "SELECT source_identity, pseudonym, answers_digest, envelope_id FROM responses"
            " WHERE instrument_id = ? AND source_identity IN ({})",
            survey,
            identities,
        )
    }
    erased_p = {
        p
        for (p,) in _found(
            store,
            cur,
            "SELECT pseudonym FROM erasures WHERE instrument_id = ? AND pseudonym IN ({})",
            survey,
            pseudonyms,
        )
    }
    erased_i = {
        i
        for (i,) in _found(
            store,
            cur,
            "SELECT source_identity FROM erased_sources WHERE instrument_id = ? AND source_identity IN ({})",
            survey,
            identities,
        )
    }
    insert = []
    for row in chunk:
        pseudonym, identity, digest = row[0], row[8], row[9]
        stored = known.get(identity) if identity is not None else None
        if pseudonym in erased_p or identity in erased_i:
            counts["erased"] += 1
        elif stored is not None and stored[1] != digest and (pseudonym == stored[0] or pseudonym not in taken):
            # Corrected on the collecting side since it was merged: the newer bundle's answers win.
            store._execute(
                cur, "DELETE FROM responses WHERE instrument_id = ? AND source_identity = ?", (survey, identity)
            )
            emptied.add(stored[2])
            taken.discard(stored[0])
            counts["replaced"] += 1
            insert.append(row)
            taken.add(pseudonym)
            known[identity] = (pseudonym, digest, row[3])
        elif pseudonym in taken or stored is not None:
            counts["already"] += 1
        else:
            counts["new"] += 1
            insert.append(row)
            taken.add(pseudonym)
            if identity is not None:
                known[identity] = (pseudonym, digest, row[3])
    return insert


def _merge_receipts(store: _Store, cur: Any, survey: str, bundle: Any) -> None:
    receipts = [
        r for r in bundle.execute("SELECT receipt_hash, instrument_id, pseudonym FROM receipts") if r[1] == survey
    ]
    here = {
        p
        for (p,) in _found(
            store,
            cur,
            "SELECT pseudonym FROM responses WHERE instrument_id = ? AND pseudonym IN ({})",
            survey,
            [r[2] for r in receipts],
        )
    }
    cur.executemany(
        store._sql("INSERT INTO receipts VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
        [r for r in receipts if r[2] in here],
    )


def _new_contacts(store: _Store, cur: Any, survey: str, bundle: Any) -> int:
    found = [SealedContact.of(r) for r in bundle.execute("SELECT * FROM contacts") if r[1] == survey]
    here = {
        c
        for (c,) in _found(
            store,
            cur,
            "SELECT contact_id FROM contacts WHERE instrument_id = ? AND contact_id IN ({})",
            survey,
            [c.contact_id for c in found],
        )
    }
    new = [c for c in found if c.contact_id not in here]
    store._insert_contacts(cur, new)  # rewrites the whole table in a random order
    return len(new)


def _damaged(path: Path, number: int, problem: str) -> EqSurveyError:
    return EqSurveyError.single(
        "bundle-damaged",
        f"response {number} of the bundle cannot be merged because {problem}; nothing was merged",
        "write a new bundle on the server (eqsurvey responses bundle -o FILE), copy it whole, and merge that",
        Location(file=str(path), row=number),
    )

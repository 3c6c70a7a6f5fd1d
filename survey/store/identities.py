"""Imported responses recognised by their source identity: each stored once, however often it is exported.

Every imported response carries the keyed hash of its identity at the source
(``responses.source_identity``, unique per survey) and a keyed digest of its
normalised answers (``responses.answers_digest``); see
:mod:`anonymize.source_identity`. An import batch is stored in one
transaction, and each of its rows gets one outcome:

- ``stored``: an identity not seen before: stored, with its contact record;
- ``unchanged``: stored before with the same answers: nothing is written;
- ``replaced``: stored before with other answers (corrected on the platform):
  the latest export wins; the stored response is deleted (its bytes zeroed, as
  for an erasure) and the row stored in its place, under the same pseudonym
  where it has an access code. Its contact record is not stored again: nothing
  links a contact to its response, so the first one stays;
- ``erased``: its identity or pseudonym was erased on request: it stays erased;
- ``code-used``: its access code belongs to another stored response: the
  first response of a code counts, as always;
- ``earlier-import``: the batch was imported by an eqsurvey before v7, from
  the very same file, when responses carried no identity: skipped as then.

What the tables show is no more than before: the identity is a keyed hash in
the response's own row, deleted with it; an erasure keeps it, like the
pseudonym, as a tombstone (``erased_sources``) and nothing else.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, Protocol

from anonymize.sealing import Envelope, SealedRow
from survey.store.contacts import SealedContact

ImportOutcome = Literal["stored", "unchanged", "replaced", "erased", "code-used", "earlier-import"]

#: Bound parameters per ``IN (…)`` lookup: inside SQLite's limit (32,766 since 3.32, 999 before) and PostgreSQL's.
_LOOKUP = 5_000 if sqlite3.sqlite_version_info >= (3, 32, 0) else 900


@dataclass(frozen=True)
class IdentifiedRow:
    """One imported response, sealed, with the keyed hashes that recognise it (see :mod:`.identities`)."""

    row: SealedRow
    identity: str
    answers_digest: str
    replaces: str | None = None
    contact: SealedContact | None = None


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _sql(self, statement: str) -> str: ...
    def _insert_envelope(self, cur: Any, envelope: Envelope, day: str) -> None: ...
    def _insert_contacts(self, cur: Any, contacts: Sequence[SealedContact], *, reshuffle: bool = True) -> None: ...
    def _scrub(self) -> None: ...


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _LOOKUP):
        yield items[start : start + _LOOKUP]


def _found(store: _Store, cur: Any, statement: str, instrument_id: str, keys: Sequence[str]) -> list[Any]:
    """Rows of ``statement`` (``… WHERE instrument_id = ? AND column IN ({})``) for every key, a chunk at a time."""
    rows: list[Any] = []
    unique = sorted(set(keys))
    for chunk in _chunks(unique):
        marks = ", ".join("?" * len(chunk))
        rows += store._execute(cur, statement.format(marks), (instrument_id, *chunk)).fetchall()
    return rows


class IdentitiesMixin:
    def add_import_batch(
        self: _Store,
        envelope: Envelope,
        rows: Sequence[IdentifiedRow],
        *,
        source: str,
        import_digest: str,
        day: str | None = None,
    ) -> list[ImportOutcome]:
        """Store one import batch in one transaction; each row's outcome, in order (see the module's docstring).

        ``import_digest`` (the file's digest and the batch's number) is recorded for the audit; it decides
        nothing, except for a batch that an eqsurvey before v7 recorded (see ``earlier-import``).
        Contact records are rewritten in a random order by a later ``reshuffle_contacts`` (once an import).
        """
        day = day or date.today().isoformat()
        if not rows:
            return []
        instrument_id = rows[0].row.context.instrument_id
        if any(r.row.context.instrument_id != instrument_id for r in rows):
            raise ValueError("an import batch holds the responses of one survey")
        with self._transaction() as cur:
            earlier = self._execute(cur, "SELECT identified FROM imports WHERE digest = ?", (import_digest,)).fetchone()
            if earlier is not None and not earlier[0]:
                return ["earlier-import"] * len(rows)
            identities = [r.identity for r in rows] + [r.replaces for r in rows if r.replaces is not None]
            known = {
                identity: (pseudonym, digest, envelope_id)
                for identity, pseudonym, digest, envelope_id in _found(
                    self,
                    cur,
                    "SELECT source_identity, pseudonym, answers_digest, envelope_id FROM responses"
                    " WHERE instrument_id = ? AND source_identity IN ({})",
                    instrument_id,
                    identities,
                )
            }
            erased_identities = {
                i
                for (i,) in _found(
                    self,
                    cur,
                    "SELECT source_identity FROM erased_sources WHERE instrument_id = ? AND source_identity IN ({})",
                    instrument_id,
                    identities,
                )
            }
            pseudonyms = [r.row.context.pseudonym for r in rows]
            erased_pseudonyms = {
                p
                for (p,) in _found(
                    self,
                    cur,
                    "SELECT pseudonym FROM erasures WHERE instrument_id = ? AND pseudonym IN ({})",
                    instrument_id,
                    pseudonyms,
                )
            }
            taken = {
                p: identity
                for p, identity in _found(
                    self,
                    cur,
                    "SELECT pseudonym, source_identity FROM responses WHERE instrument_id = ? AND pseudonym IN ({})",
                    instrument_id,
                    pseudonyms,
                )
            }
            outcomes: list[ImportOutcome] = []
            insert: list[IdentifiedRow] = []
            replace: list[str] = []  # stored identities whose response goes
            for r in rows:
                pseudonym = r.row.context.pseudonym
                earlier_identity = r.identity if r.identity in known else r.replaces if r.replaces in known else None
                if r.identity in erased_identities or r.replaces in erased_identities or pseudonym in erased_pseudonyms:
                    outcomes.append("erased")
                elif earlier_identity is None:
                    if pseudonym in taken:
                        outcomes.append("code-used")
                        continue
                    outcomes.append("stored")
                    insert.append(r)
                    taken[pseudonym] = r.identity
                elif earlier_identity == r.identity and known[r.identity][1] == r.answers_digest:
                    outcomes.append("unchanged")
                elif taken.get(pseudonym, earlier_identity) != earlier_identity:
                    outcomes.append("code-used")  # its code now names another stored response: that one counts
                else:
                    outcomes.append("replaced")
                    replace.append(earlier_identity)
                    insert.append(r if r.contact is None else IdentifiedRow(r.row, r.identity, r.answers_digest))
                    taken.pop(known[earlier_identity][0], None)
                    taken[pseudonym] = r.identity
            if replace:
                for identity in replace:
                    self._execute(
                        cur,
                        "DELETE FROM responses WHERE instrument_id = ? AND source_identity = ?",
                        (instrument_id, identity),
                    )
                for envelope_id in {known[i][2] for i in replace}:
                    self._execute(
                        cur,
                        "DELETE FROM envelopes WHERE envelope_id = ?"
                        " AND NOT EXISTS (SELECT 1 FROM responses WHERE envelope_id = ?)",
                        (envelope_id, envelope_id),
                    )
            if insert:
                self._insert_envelope(cur, envelope, day)
                cur.executemany(
                    self._sql(
                        "INSERT INTO responses (pseudonym, instrument_id, instrument_version, envelope_id, nonce,"
                        " ciphertext, received_day, source, source_identity, answers_digest)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    ),
                    [
                        (
                            r.row.context.pseudonym,
                            instrument_id,
                            r.row.context.instrument_version,
                            r.row.envelope_id,
                            r.row.nonce,
                            r.row.ciphertext,
                            day,
                            source,
                            r.identity,
                            r.answers_digest,
                        )
                        for r in insert
                    ],
                )
                self._insert_contacts(cur, [r.contact for r in insert if r.contact is not None], reshuffle=False)
            self._execute(
                cur,
                "INSERT INTO imports (digest, instrument_id, stored, imported_day, identified) VALUES (?, ?, ?, ?, 1)"
                " ON CONFLICT DO NOTHING",
                (import_digest, instrument_id, len(insert), day),
            )
            if replace:
                at = datetime.now(UTC).replace(microsecond=0).isoformat()
                detail = json.dumps({"instrument": instrument_id, "responses": len(replace)}, sort_keys=True)
                self._execute(
                    cur,
                    "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                    (at, "import-replaced", detail),
                )
        if replace:
            self._scrub()  # the replaced answers leave no copy, as an erased response leaves none
        return outcomes

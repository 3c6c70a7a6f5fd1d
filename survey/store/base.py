"""The response store: one interface, written once over a DB-API connection.

Every write is one transaction: a batch of sealed responses with its envelope
is stored whole or not at all, so a crash mid-import leaves no half-written
rows. Days, never times, are stored: a timestamp to the second could single a
respondent out (who was in the office at 14:02?). What must stay unlinked
(contacts and used invitations, from answers) is kept so in the files too:
see :mod:`survey.store.contacts` and :mod:`survey.store.invitations`.
"""

from __future__ import annotations

import json
import secrets
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from anonymize.sealing import Envelope, RowContext, SealedRow
from kernel.errors import EqSurveyError
from survey.store.contacts import ContactsMixin, SealedContact
from survey.store.erasures_bundle import ErasuresBundleMixin
from survey.store.identities import IdentitiesMixin
from survey.store.invitations import InvitationsMixin
from survey.store.ledger import LedgerMixin
from survey.store.merge import BundleMixin
from survey.store.rewritable import Rewritable
from survey.store.rows import StoredBatch, checked_columns, checked_responses, envelope_of, reading
from survey.store.schema import LATEST, MIGRATIONS
from survey.store.sides import SIDES_VERSION, SidesMixin
from survey.store.submissions import SubmissionsMixin
from survey.store.waves import WavesMixin

#: How the ``source`` of a simulated response begins (``simulated:csv``): the kind of its origin, as
#: ``import:csv`` or ``web`` are, not a link to any file or person.
SIMULATED = "simulated:"


class StoreError(EqSurveyError):
    """The store cannot be opened or written."""


@dataclass(frozen=True)
class StoredResponse:
    row: SealedRow
    received_day: str
    source: str


@dataclass(frozen=True)
class AuditEntry:
    at: str
    action: str
    detail: dict[str, Any]


_ERASED_SOURCE = (
    "INSERT INTO erased_sources (instrument_id, source_identity) SELECT instrument_id, source_identity FROM responses"
    " WHERE instrument_id = ? AND pseudonym = ? AND source_identity IS NOT NULL ON CONFLICT DO NOTHING"
)
_KEPT_ERASED_SOURCE = (
    "INSERT INTO kept_erased_sources (instrument_id, source_identity) SELECT instrument_id, source_identity"
    " FROM responses WHERE instrument_id = ? AND pseudonym = ? AND source_identity IS NOT NULL ON CONFLICT DO NOTHING"
)


def today() -> str:
    return date.today().isoformat()


class ResponseStore(
    LedgerMixin,
    InvitationsMixin,
    ContactsMixin,
    SubmissionsMixin,
    IdentitiesMixin,
    SidesMixin,
    BundleMixin,
    ErasuresBundleMixin,
    WavesMixin,
    ABC,
):
    """Sealed responses and their bookkeeping; subclasses supply the connection."""

    dialect: str
    #: How to open this store again (URL and project folder), e.g. from a worker process.
    address: tuple[str, Path] | None = None

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Any]:
        """A context manager yielding a cursor inside one transaction."""

    @abstractmethod
    def close(self) -> None: ...

    def _sql(self, statement: str) -> str:
        return statement

    @abstractmethod
    def _clear_table(self, cur: Any, table: Rewritable) -> None:
        """Delete every row of ``table`` so that none of their bytes stays in the store's files."""

    def _lock_for_rewrite(self, cur: Any, table: Rewritable) -> None:
        """Take the lock that rewriting ``table`` needs before any lower one, so two writers queue.

        SQLite's write lock (``BEGIN IMMEDIATE``) covers every table already.
        """

    def _scrub(self) -> None:
        """After a commit that deleted something: make sure no copy of it stays in the store's files.

        SQLite's ``secure_delete`` has zeroed it at the commit already.
        """

    def _rewrite_shuffled(self, cur: Any, table: Rewritable) -> None:
        """Write every row of ``table`` anew, in a random order, inside the caller's transaction.

        Afterwards neither the rows' order, nor where their bytes lie, nor (on
        PostgreSQL) the transaction that wrote them tells one row's age from another's.
        """
        rows = list(self._execute(cur, table.select_all).fetchall())
        secrets.SystemRandom().shuffle(rows)
        self._clear_table(cur, table)
        if rows:
            self._insert_all(cur, table, rows)

    def _insert_all(self, cur: Any, table: Rewritable, rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` into ``table`` in the order given."""
        cur.executemany(self._sql(table.insert), rows)

    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row a read returns, in a transaction of its own."""
        with self._transaction() as cur:
            return list(self._execute(cur, statement, params).fetchall())

    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor.execute(self._sql(statement), tuple(params))
        return cursor

    # --- schema -------------------------------------------------------------

    def migrate(self) -> int:
        """Apply missing migrations; returns the schema version."""
        with self._transaction() as cur:
            self._execute(
                cur, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_day TEXT NOT NULL)"
            )
            row = self._execute(cur, "SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > LATEST:
                raise StoreError.single(
                    "store-too-new",
                    f"the store has schema version {current}; this eqsurvey knows up to {LATEST}",
                    "upgrade eqsurvey",
                )
            for migration in MIGRATIONS:
                if migration.version > current:
                    for statement in migration.statements(self.dialect):
                        cur.execute(statement)
                    self._execute(cur, "INSERT INTO schema_version VALUES (?, ?)", (migration.version, today()))
            version = max([current, *(m.version for m in MIGRATIONS)])
            # From v9 on the ledger keeps every tombstone: what a copied collection file brought back goes again.
            erased_again = self._erase_again(cur) if version >= SIDES_VERSION else 0
        if erased_again:
            self._scrub()
        return LATEST

    # --- writing ------------------------------------------------------------

    def add_batch(
        self,
        envelope: Envelope,
        rows: Sequence[SealedRow],
        *,
        source: str,
        day: str | None = None,
        receipts: Sequence[tuple[str, str, str]] = (),
        contacts: Sequence[SealedContact] = (),
        reshuffle_contacts: bool = True,
    ) -> int:
        """Store one envelope and its rows in one transaction; returns how many rows were stored.

        A row whose pseudonym is already stored, or was erased on request, is
        skipped: the first response of an access code counts, and an erased
        one does not come back with an old file.

        ``receipts`` are (receipt_hash, instrument_id, pseudonym).
        ``reshuffle_contacts=False`` leaves rewriting the contact table to a
        later :meth:`reshuffle_contacts`. Imports store their rows with
        :meth:`add_import_batch`, which recognises rows exported again.
        """
        day = day or today()
        with self._transaction() as cur:
            self._insert_envelope(cur, envelope, day)
            stored = self._insert_rows(cur, rows, day, source)
            self._insert_contacts(cur, contacts, reshuffle=reshuffle_contacts)
            for receipt_hash, instrument_id, pseudonym in receipts:
                self._execute(cur, "INSERT INTO receipts VALUES (?, ?, ?)", (receipt_hash, instrument_id, pseudonym))
        return stored

    def _insert_rows(self, cur: Any, rows: Sequence[SealedRow], day: str, source: str) -> int:
        """Insert sealed rows (their envelope already inserted); returns how many were new."""
        # Stored once per pseudonym: a code already used is skipped by the constraint, one erased on
        # request by its tombstone (read inside this transaction; erasures are few).
        erased = {
            (instrument, p)
            for instrument in {r.context.instrument_id for r in rows}
            for (p,) in self._execute(
                cur, "SELECT pseudonym FROM erasures WHERE instrument_id = ?", (instrument,)
            ).fetchall()
        }
        # One statement for the whole batch: the driver loops in C, not Python.
        cur.executemany(
            self._sql(
                "INSERT INTO responses (pseudonym, instrument_id, instrument_version, envelope_id, nonce, ciphertext,"
                " received_day, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            ),
            [
                (
                    r.context.pseudonym,
                    r.context.instrument_id,
                    r.context.instrument_version,
                    r.envelope_id,
                    r.nonce,
                    r.ciphertext,
                    day,
                    source,
                )
                for r in rows
                if (r.context.instrument_id, r.context.pseudonym) not in erased
            ],
        )
        # Both drivers sum the rows changed over the batch (sqlite3 always; psycopg 3 since 3.1).
        stored = max(int(cur.rowcount), 0)
        return stored

    def _insert_envelope(self, cur: Any, envelope: Envelope, day: str) -> None:
        self._execute(
            cur,
            "INSERT INTO envelopes VALUES (?, ?, ?, ?, ?)",
            (envelope.envelope_id, envelope.key_id, str(envelope.suite), envelope.sealed_key, day),
        )

    def audit(self, action: str, detail: dict[str, Any]) -> None:
        at = datetime.now(UTC).replace(microsecond=0).isoformat()
        with self._transaction() as cur:
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (at, action, json.dumps(detail, sort_keys=True)),
            )

    def erase(self, instrument_id: str, pseudonym: str, reason: str) -> int:
        """Delete a respondent's responses; record that (not what) was erased, and keep them from coming back.

        The batch key of a response that was alone in its batch (a web form
        sent on its own) goes too. When this returns, no copy of what was
        deleted is left in the store's files (see :meth:`_scrub`). An imported
        response's source identity is kept as a tombstone too (its keyed hash),
        so that no later export brings it back, with its code or without.
        """
        with self._transaction() as cur:
            for statement in (_ERASED_SOURCE, _KEPT_ERASED_SOURCE):  # the collection's tombstone and the ledger's
                self._execute(cur, statement, (instrument_id, pseudonym))
            envelopes = [
                e
                for (e,) in self._execute(
                    cur,
                    "SELECT DISTINCT envelope_id FROM responses WHERE instrument_id = ? AND pseudonym = ?",
                    (instrument_id, pseudonym),
                ).fetchall()
            ]
            deleted = self._execute(
                cur, "DELETE FROM responses WHERE instrument_id = ? AND pseudonym = ?", (instrument_id, pseudonym)
            ).rowcount
            for envelope_id in envelopes:
                self._execute(
                    cur,
                    "DELETE FROM envelopes WHERE envelope_id = ?"
                    " AND NOT EXISTS (SELECT 1 FROM responses WHERE envelope_id = ?)",
                    (envelope_id, envelope_id),
                )
            self._execute(
                cur, "DELETE FROM receipts WHERE instrument_id = ? AND pseudonym = ?", (instrument_id, pseudonym)
            )
            if deleted:
                self._execute(
                    cur,
                    "INSERT INTO erasures VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (instrument_id, pseudonym, today()),
                )
                self._execute(
                    cur, "INSERT INTO kept_erasures VALUES (?, ?) ON CONFLICT DO NOTHING", (instrument_id, pseudonym)
                )
                at = datetime.now(UTC).replace(microsecond=0).isoformat()
                detail = json.dumps(
                    {"instrument": instrument_id, "responses": deleted, "reason": reason}, sort_keys=True
                )
                self._execute(
                    cur, "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)", (at, "erasure", detail)
                )
        if deleted:
            self._scrub()
        return int(deleted)

    # --- reading ------------------------------------------------------------

    def count(self, instrument_id: str | None = None) -> int:
        with self._transaction() as cur:
            if instrument_id is None:
                row = self._execute(cur, "SELECT COUNT(*) FROM responses").fetchone()
            else:
                row = self._execute(
                    cur, "SELECT COUNT(*) FROM responses WHERE instrument_id = ?", (instrument_id,)
                ).fetchone()
        return int(row[0])

    def versions(self, instrument_id: str) -> dict[str, int]:
        """How many responses are stored under each version of the instrument."""
        rows = self._query(
            "SELECT instrument_version, COUNT(*) FROM responses WHERE instrument_id = ? GROUP BY instrument_version",
            (instrument_id,),
        )
        return {str(version): int(n) for version, n in rows}

    def received_days(self, instrument_id: str) -> dict[str, int]:
        """How many of the survey's responses were received on each day (days are all the store keeps)."""
        rows = self._query(
            "SELECT received_day, COUNT(*) FROM responses WHERE instrument_id = ? GROUP BY received_day",
            (instrument_id,),
        )
        return {str(day): int(n) for day, n in rows}

    def simulated(self, instrument_id: str) -> int:
        """How many stored responses were imported as simulated (``responses import --simulated``)."""
        rows = self._query(
            "SELECT COUNT(*) FROM responses WHERE instrument_id = ? AND source LIKE ?", (instrument_id, SIMULATED + "%")
        )
        return int(rows[0][0])

    def pseudonym_for_receipt(self, receipt_hash: str) -> tuple[str, str] | None:
        rows = self._query("SELECT instrument_id, pseudonym FROM receipts WHERE receipt_hash = ?", (receipt_hash,))
        return (rows[0][0], rows[0][1]) if rows else None

    def envelopes(self, instrument_id: str) -> list[Envelope]:
        """The envelopes that hold responses of this survey."""
        # One index probe per envelope: a join over every response took seconds on a million of them.
        with reading("envelopes"):
            found = self._query(
                "SELECT e.envelope_id, e.key_id, e.suite, e.sealed_key FROM envelopes e WHERE EXISTS"
                " (SELECT 1 FROM responses r WHERE r.envelope_id = e.envelope_id AND r.instrument_id = ?)"
                " ORDER BY e.envelope_id",
                (instrument_id,),
            )
        return [envelope_of(row) for row in found]

    def responses_in(self, envelope_id: str) -> list[StoredResponse]:
        """The sealed responses of one envelope, in the order they were stored."""
        with reading("responses", envelope_id):
            rows = self._query(
                "SELECT pseudonym, instrument_id, instrument_version, nonce, ciphertext, received_day, source"
                " FROM responses WHERE envelope_id = ? ORDER BY row_id",
                (envelope_id,),
            )
        return [
            StoredResponse(SealedRow(envelope_id, RowContext(p, i, v), n, c), day, source)
            for p, i, v, n, c, day, source in checked_responses(envelope_id, rows)
        ]

    def stored_batch(self, envelope_id: str) -> StoredBatch:
        """The sealed responses of one envelope as columns (see :meth:`responses_in`), for opening many."""
        with reading("responses", envelope_id):
            rows = self._query(
                "SELECT pseudonym, instrument_id, instrument_version, nonce, ciphertext, received_day, source"
                " FROM responses WHERE envelope_id = ? ORDER BY row_id",
                (envelope_id,),
            )
        batch = checked_columns(envelope_id, rows)
        # A batch's rows come from a handful of sources (one import file, the web form): each is looked at once.
        simulated = sum(n for source, n in Counter(batch.sources).items() if source.startswith(SIMULATED))
        return replace(batch, simulated=simulated)

    def batches(self, instrument_id: str) -> Iterator[tuple[Envelope, list[StoredResponse]]]:
        """Every envelope with its rows, for opening; rows come in the order they were stored."""
        for envelope in self.envelopes(instrument_id):
            yield envelope, self.responses_in(envelope.envelope_id)

    def audit_log(self) -> list[AuditEntry]:
        rows = self._query("SELECT at, action, detail FROM audit_log ORDER BY entry_id")
        return [AuditEntry(at, action, json.loads(detail)) for at, action, detail in rows]

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


class _Importing(_Store, Protocol):
    def add_import_columns(
        self, batch: ImportColumns, *, source: str, import_digest: str, day: str | None = None
    ) -> list[ImportOutcome]: ...
    def add_import_group(
        self, batches: Sequence[tuple[ImportColumns, str]], *, source: str, day: str | None = None
    ) -> list[list[ImportOutcome]]: ...
    def _import_columns(
        self, cur: Any, batch: ImportColumns, source: str, import_digest: str, day: str
    ) -> tuple[list[ImportOutcome], bool]: ...


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _LOOKUP):
        yield items[start : start + _LOOKUP]


def _found(store: _Store, cur: Any, statement: str, instrument_id: str, keys: Sequence[str]) -> list[Any]:
    """Rows of ``statement`` (``… WHERE instrument_id = ? AND column IN ({})``) for every key, a chunk at a time."""
    rows: list[Any] = []
    unique = list(dict.fromkeys(keys))  # each once; SQLite orders an IN list itself, so no sort here
    for chunk in _chunks(unique):
        marks = ", ".join("?" * len(chunk))
        rows += store._execute(cur, statement.format(marks), (instrument_id, *chunk)).fetchall()
    return rows


@dataclass(frozen=True)
class ImportColumns:
    """An import batch as columns, one entry per row: what :class:`IdentifiedRow` holds, without an object per row.

    A large import hands its batches over like this (see :mod:`survey.intake.ingest`): building and reading
    two objects per row was a large part of storing a batch. Every row is sealed under ``envelope``.
    """

    envelope: Envelope
    instrument_id: str
    pseudonyms: Sequence[str]
    versions: Sequence[str]
    nonces: Sequence[bytes]
    ciphertexts: Sequence[bytes]
    identities: Sequence[str]
    digests: Sequence[str]
    replaces: Sequence[str | None]
    contacts: Sequence[SealedContact | None]

    @staticmethod
    def of(envelope: Envelope, rows: Sequence[IdentifiedRow]) -> ImportColumns:
        instrument_id = rows[0].row.context.instrument_id
        if any(r.row.context.instrument_id != instrument_id for r in rows):
            raise ValueError("an import batch holds the responses of one survey")
        if any(r.row.envelope_id != envelope.envelope_id for r in rows):
            raise ValueError("an import batch's rows are sealed under its envelope")
        return ImportColumns(
            envelope,
            instrument_id,
            [r.row.context.pseudonym for r in rows],
            [r.row.context.instrument_version for r in rows],
            [r.row.nonce for r in rows],
            [r.row.ciphertext for r in rows],
            [r.identity for r in rows],
            [r.answers_digest for r in rows],
            [r.replaces for r in rows],
            [r.contact for r in rows],
        )


class IdentitiesMixin:
    def add_import_batch(
        self: _Importing,
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
        if not rows:
            return []
        return self.add_import_columns(ImportColumns.of(envelope, rows), source=source, import_digest=import_digest,
                                       day=day)  # fmt: skip

    def add_import_columns(
        self: _Importing, batch: ImportColumns, *, source: str, import_digest: str, day: str | None = None
    ) -> list[ImportOutcome]:
        """:meth:`add_import_batch` of a batch held as columns."""
        (outcomes,) = self.add_import_group([(batch, import_digest)], source=source, day=day)
        return outcomes

    def add_import_group(
        self: _Importing, batches: Sequence[tuple[ImportColumns, str]], *, source: str, day: str | None = None
    ) -> list[list[ImportOutcome]]:
        """:meth:`add_import_columns` of each (batch, import digest), in order, all in one transaction.

        The same outcomes as storing them one after the other; storing many together writes each page of the
        indexes once per transaction (in the rollback journal and the file), not once per batch.
        """
        day = day or date.today().isoformat()
        with self._transaction() as cur:
            done = [self._import_columns(cur, batch, source, import_digest, day) for batch, import_digest in batches]
        if any(replaced for _, replaced in done):
            self._scrub()  # the replaced answers leave no copy, as an erased response leaves none
        return [outcomes for outcomes, _ in done]

    def _import_columns(
        self: _Store, cur: Any, batch: ImportColumns, source: str, import_digest: str, day: str
    ) -> tuple[list[ImportOutcome], bool]:
        """The rows' outcomes, and whether any replaced a stored response (see :meth:`add_import_group`)."""
        n = len(batch.pseudonyms)
        if not n:
            return [], False
        instrument_id = batch.instrument_id
        given = batch.identities
        earlier = self._execute(cur, "SELECT identified FROM imports WHERE digest = ?", (import_digest,)).fetchone()
        if earlier is not None and not earlier[0]:
            return ["earlier-import"] * n, False
        identities = [*given, *(r for r in batch.replaces if r is not None)]
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
        pseudonyms = batch.pseudonyms
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
        insert: list[int] = []  # the rows stored, by their place in the batch
        replacing: set[int] = set()  # of them, those that replace a stored response: their contact is not kept
        replace: list[str] = []  # stored identities whose response goes
        for i, (pseudonym, identity, replaces) in enumerate(zip(pseudonyms, given, batch.replaces, strict=True)):
            earlier_identity = identity if identity in known else replaces if replaces in known else None
            if identity in erased_identities or replaces in erased_identities or pseudonym in erased_pseudonyms:
                outcomes.append("erased")
            elif earlier_identity is None:
                if pseudonym in taken:
                    outcomes.append("code-used")
                    continue
                outcomes.append("stored")
                insert.append(i)
                taken[pseudonym] = identity
            elif earlier_identity == identity and known[identity][1] == batch.digests[i]:
                outcomes.append("unchanged")
            elif taken.get(pseudonym, earlier_identity) != earlier_identity:
                outcomes.append("code-used")  # its code now names another stored response: that one counts
            else:
                outcomes.append("replaced")
                replace.append(earlier_identity)
                insert.append(i)
                replacing.add(i)
                taken.pop(known[earlier_identity][0], None)
                taken[pseudonym] = identity
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
            self._insert_envelope(cur, batch.envelope, day)
            envelope_id = batch.envelope.envelope_id
            versions, nonces, ciphertexts, digests = batch.versions, batch.nonces, batch.ciphertexts, batch.digests
            cur.executemany(
                self._sql(
                    "INSERT INTO responses (pseudonym, instrument_id, instrument_version, envelope_id, nonce,"
                    " ciphertext, received_day, source, source_identity, answers_digest)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                [
                    (
                        pseudonyms[i],
                        instrument_id,
                        versions[i],
                        envelope_id,
                        nonces[i],
                        ciphertexts[i],
                        day,
                        source,
                        given[i],
                        digests[i],
                    )
                    for i in insert
                ],
            )
            contacts = [c for i in insert if (c := batch.contacts[i]) is not None and i not in replacing]
            self._insert_contacts(cur, contacts, reshuffle=False)
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
        return outcomes, bool(replace)

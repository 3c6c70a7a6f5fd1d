"""Writing bundles from a store and merging them into another (see :mod:`survey.store.bundle_file`).

Writing reads one consistent view of the store (SQLite: an online backup of
the collection into memory, the WAL's commits included; PostgreSQL: one
repeatable-read transaction), so a bundle holds every response committed, and
thanked, before it began, and none half.

Merging is one transaction on the receiving store, row by row:

- a response whose pseudonym or source identity a tombstone names, on either
  side, is not stored (``erased``); a response stored here that the bundle's
  tombstones name is erased here (``erased_here``): erasures win wherever
  they were made;
- a response stored here already, by pseudonym or by source identity with the
  same answers, is left as it is (``already``);
- an imported response whose answers differ from the ones stored here was
  corrected on the collecting side (a re-import): the bundle's replaces it
  (``replaced``); bundles of one store are merged oldest first, so the latest wins;
- anything else is stored (``new``), with its batch key, receipt hash and any
  new contact record (the contacts are rewritten in a random order afterwards).

Merging the same bundle again changes nothing; an older bundle of the same
store than one merged already is refused; a bundle written by this very store
(both sides on one PostgreSQL database) is nothing to merge.
"""

from __future__ import annotations

import json
import secrets
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from anonymize.sealing import Envelope
from kernel.errors import EqSurveyError, Location
from survey.store.bundle_file import BundleHeader, BundleWriter, check_project, opened_bundle
from survey.store.contacts import SealedContact
from survey.store.rewritable import INVITATIONS, Rewritable
from survey.store.rows import as_bytes, row_problem

_BATCH = 5_000


@dataclass(frozen=True)
class MergeReport:
    new: int = 0
    already: int = 0
    replaced: int = 0
    erased: int = 0
    erased_here: int = 0
    contacts: int = 0
    same_store: bool = False


class _Store(Protocol):
    dialect: str

    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _consistent_view(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _sql(self, statement: str) -> str: ...
    def _store_id(self, cur: Any) -> str: ...
    def _erase_tombstoned(self, cur: Any) -> int: ...
    def _insert_contacts(self, cur: Any, contacts: Sequence[SealedContact], *, reshuffle: bool = True) -> None: ...
    def _lock_for_rewrite(self, cur: Any, table: Rewritable) -> None: ...
    def _rewrite_shuffled(self, cur: Any, table: Rewritable) -> None: ...
    def _scrub(self) -> None: ...
    def _insert_envelope(self, cur: Any, envelope: Envelope, day: str) -> None: ...
    def _next_seq(self, cur: Any, direction: str) -> tuple[str, int]: ...
    def _merge_rows(self, cur: Any, path: Path, header: BundleHeader, bundle: Any) -> MergeReport: ...
    def _check_order(self, cur: Any, path: Path, header: BundleHeader) -> None: ...


def _fetch(cur: Any) -> Iterator[Any]:
    while rows := cur.fetchmany(_BATCH):
        yield from rows


def _counted(rows: Iterator[Any], counts: dict[str, int], table: str) -> Iterator[Any]:
    counts[table] = 0
    for row in rows:
        counts[table] += 1
        yield row


class BundleMixin:
    @abstractmethod
    def _consistent_view(self) -> AbstractContextManager[Any]:
        """A cursor on one consistent, read-only view of the collection (each dialect says how)."""

    def _next_seq(self: _Store, cur: Any, direction: str) -> tuple[str, int]:
        """This store's id and the number of the next bundle of ``direction`` it writes, recorded."""
        store = self._store_id(cur)
        row = self._execute(cur, "SELECT MAX(seq) FROM transfers WHERE direction = ?", (direction,)).fetchone()
        seq = int(row[0] or 0) + 1
        self._execute(cur, "INSERT INTO transfers VALUES (?, ?, ?, ?)", (direction, store, seq, _today()))
        return store, seq

    def write_bundle(self: _Store, target: Path, instrument_id: str, tag: str) -> dict[str, int]:
        """Write the survey's collection to a responses bundle at ``target``; what it holds, counted."""
        with self._transaction() as cur:
            store, seq = self._next_seq(cur, "wrote-responses")
        writer = BundleWriter(target, BundleHeader("responses", instrument_id, tag, store, seq, _today()))
        counts: dict[str, int] = {}
        try:
            with self._consistent_view() as view:
                for table, statement in _COLLECTION:
                    rows = _counted(_fetch(self._execute(view, statement, (instrument_id,))), counts, table)
                    if table == "contacts":
                        shuffled = list(rows)  # few; their order in the bundle says nothing either
                        secrets.SystemRandom().shuffle(shuffled)
                        rows = iter(shuffled)
                    writer.add(table, rows)
            writer.finish()
        except BaseException:
            writer.abandon()
            raise
        return counts

    def write_invitations_bundle(self: _Store, target: Path, instrument_id: str, tag: str) -> int:
        with self._transaction() as cur:
            store, seq = self._next_seq(cur, "wrote-invitations")
            rows = list(
                self._execute(
                    cur,
                    "SELECT code_hash, instrument_id, created_day FROM invitations WHERE instrument_id = ?",
                    (instrument_id,),
                ).fetchall()
            )
        secrets.SystemRandom().shuffle(rows)
        writer = BundleWriter(target, BundleHeader("invitations", instrument_id, tag, store, seq, _today()))
        try:
            writer.add("invitations", rows)
            writer.finish()
        except BaseException:
            writer.abandon()
            raise
        return len(rows)

    def merge_invitations(self: _Store, path: Path, instrument_id: str, tag: str) -> tuple[int, int]:
        """Add the bundle's codes this store lacks (unused); (added, already here). Used flags stay this store's."""
        with opened_bundle(path, "invitations") as (header, bundle):
            check_project(path, header, instrument_id, tag)
            hashes = [
                h for (h, i) in bundle.execute("SELECT code_hash, instrument_id FROM invitations") if i == instrument_id
            ]
        secrets.SystemRandom().shuffle(hashes)
        with self._transaction() as cur:
            self._lock_for_rewrite(cur, INVITATIONS)
            known = {
                h
                for (h,) in self._execute(
                    cur, "SELECT code_hash FROM invitations WHERE instrument_id = ?", (instrument_id,)
                ).fetchall()
            }
            new = [h for h in hashes if h not in known]
            cur.executemany(
                self._sql("INSERT INTO invitations (code_hash, instrument_id, created_day) VALUES (?, ?, ?)"),
                [(h, instrument_id, _today()) for h in new],
            )
            if new and self.dialect == "postgresql":
                self._rewrite_shuffled(cur, INVITATIONS)  # every row carries this transaction's id alike
            _audit(self, cur, "invitations-merged", {"instrument": instrument_id, "added": len(new)})
        return len(new), len(hashes) - len(new)

    def merge_bundle(self: _Store, path: Path, instrument_id: str, tag: str) -> MergeReport:
        """Merge a responses bundle into this store in one transaction (see the module's docstring)."""
        with opened_bundle(path, "responses") as (header, bundle):
            check_project(path, header, instrument_id, tag)
            with self._transaction() as cur:
                if header.store == self._store_id(cur):
                    return MergeReport(same_store=True)
                self._check_order(cur, path, header)
                report = self._merge_rows(cur, path, header, bundle)
                self._execute(
                    cur,
                    "INSERT INTO transfers VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    ("merged-responses", header.store, header.seq, _today()),
                )
                detail = {"instrument": instrument_id, "new": report.new, "replaced": report.replaced}
                _audit(self, cur, "merge", detail | {"erased_here": report.erased_here})
        if report.replaced or report.erased_here:
            self._scrub()
        return report

    def _check_order(self: _Store, cur: Any, path: Path, header: BundleHeader) -> None:
        row = self._execute(
            cur, "SELECT MAX(seq) FROM transfers WHERE direction = 'merged-responses' AND peer = ?", (header.store,)
        ).fetchone()
        last = int(row[0] or 0)
        if header.seq < last:
            raise EqSurveyError.single(
                "bundle-older",
                f"{path.name} is bundle {header.seq} of its server, but bundle {last} was merged already; a bundle"
                " holds everything its server had, so this older one would only bring back answers corrected since;"
                " nothing was merged",
                "write a new bundle on the server (eqsurvey responses bundle -o FILE) and merge that",
                Location(file=str(path)),
            )

    def _merge_rows(self: _Store, cur: Any, path: Path, header: BundleHeader, bundle: Any) -> MergeReport:
        from survey.store.merge_rows import merge_rows

        return merge_rows(self, cur, path, header, bundle)


_COLLECTION = [
    (
        "envelopes",
        "SELECT e.envelope_id, e.key_id, e.suite, e.sealed_key, e.created_day FROM envelopes e WHERE EXISTS"
        " (SELECT 1 FROM responses r WHERE r.envelope_id = e.envelope_id AND r.instrument_id = ?)"
        " ORDER BY e.envelope_id",
    ),
    (
        "responses",
        "SELECT pseudonym, instrument_id, instrument_version, envelope_id, nonce, ciphertext, received_day, source,"
        " source_identity, answers_digest FROM responses WHERE instrument_id = ? ORDER BY row_id",
    ),
    (
        "receipts",
        "SELECT receipt_hash, instrument_id, pseudonym FROM receipts WHERE instrument_id = ? ORDER BY receipt_hash",
    ),
    (
        "contacts",
        "SELECT contact_id, instrument_id, instrument_version, envelope_id, key_id, suite, sealed_key, nonce,"
        " ciphertext FROM contacts WHERE instrument_id = ?",
    ),
    ("erasures", "SELECT instrument_id, pseudonym FROM erasures WHERE instrument_id = ? ORDER BY pseudonym"),
    (
        "erased_sources",
        "SELECT instrument_id, source_identity FROM erased_sources WHERE instrument_id = ? ORDER BY source_identity",
    ),
]


def _today() -> str:
    return date.today().isoformat()


def _audit(store: _Store, cur: Any, action: str, detail: dict[str, Any]) -> None:
    at = datetime.now(UTC).replace(microsecond=0).isoformat()
    store._execute(
        cur,
        "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
        (at, action, json.dumps(detail, sort_keys=True)),
    )


def bundle_problem(row: Sequence[Any]) -> str | None:
    """What is wrong with a bundle's response row, if anything (it was written by eqsurvey, or edited)."""
    p, i, v, e, n, c, day, source, identity, digest = row
    problem = row_problem(as_bytes(n), as_bytes(c))
    if problem is None and not all(isinstance(x, str) for x in (p, i, v, e, day, source)):
        problem = "its pseudonym, survey, version, batch, day or source is not text"
    if problem is None and not all(x is None or isinstance(x, str) for x in (identity, digest)):
        problem = "its source identity or answers digest is not text"
    return problem

"""Each side's own state: the store's id, erasures that stay erased, and the bundles written and merged.

An erasure tombstone is kept twice: in the collection (``erasures``,
``erased_sources``), where imports and merges read it, and in the ledger
(``kept_erasures``, ``kept_erased_sources``), which no copy of a collection
file can replace (see :mod:`survey.store.sides_schema`). Whenever the store
opens, and after every merge, a response that either tombstone names is
erased again: a copy of the server's file put over the analysts' brings back
no response they erased.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any, Protocol

SIDES_VERSION = 9
"""The schema version from which the ledger is apart and keeps the tombstones (see :mod:`.sides_schema`)."""

#: Responses named by a tombstone, found from the tombstones (few) through the responses' unique indexes.
_TOMBSTONED = (
    "SELECT r.instrument_id, r.pseudonym, r.envelope_id FROM erasures e"
    " JOIN responses r ON r.instrument_id = e.instrument_id AND r.pseudonym = e.pseudonym"
    " UNION SELECT r.instrument_id, r.pseudonym, r.envelope_id FROM erased_sources s"
    " JOIN responses r ON r.instrument_id = s.instrument_id AND r.source_identity = s.source_identity"
)


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _erase_tombstoned(self, cur: Any) -> int: ...
    def _store_id(self, cur: Any) -> str: ...


class SidesMixin:
    def _erase_again(self: _Store, cur: Any) -> int:
        """Bring the ledger's kept tombstones back into the collection and erase what they name; how many erased."""
        missing = self._execute(
            cur,
            "SELECT 1 FROM kept_erasures k WHERE NOT EXISTS (SELECT 1 FROM erasures e"
            " WHERE e.instrument_id = k.instrument_id AND e.pseudonym = k.pseudonym)"
            " UNION ALL SELECT 1 FROM kept_erased_sources k WHERE NOT EXISTS (SELECT 1 FROM erased_sources e"
            " WHERE e.instrument_id = k.instrument_id AND e.source_identity = k.source_identity) LIMIT 1",
        ).fetchone()
        if missing is not None:
            self._execute(
                cur,
                "INSERT INTO erasures (instrument_id, pseudonym, erased_day)"
                " SELECT instrument_id, pseudonym, ? FROM kept_erasures WHERE true ON CONFLICT DO NOTHING",
                (date.today().isoformat(),),
            )
            self._execute(
                cur,
                "INSERT INTO erased_sources (instrument_id, source_identity)"
                " SELECT instrument_id, source_identity FROM kept_erased_sources WHERE true ON CONFLICT DO NOTHING",
            )
        return self._erase_tombstoned(cur)

    def _erase_tombstoned(self: _Store, cur: Any) -> int:
        """Erase every response a collection tombstone names, inside the caller's transaction; how many.

        The caller scrubs the store's files after the commit if this erased any.
        """
        found = list(self._execute(cur, _TOMBSTONED).fetchall())
        if not found:
            return 0
        for instrument_id, pseudonym, _ in found:
            self._execute(
                cur,
                "INSERT INTO erasures VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (instrument_id, pseudonym, date.today().isoformat()),
            )
            self._execute(
                cur, "INSERT INTO kept_erasures VALUES (?, ?) ON CONFLICT DO NOTHING", (instrument_id, pseudonym)
            )
            self._execute(
                cur,
                "INSERT INTO kept_erased_sources SELECT instrument_id, source_identity FROM responses"
                " WHERE instrument_id = ? AND pseudonym = ? AND source_identity IS NOT NULL ON CONFLICT DO NOTHING",
                (instrument_id, pseudonym),
            )
            self._execute(
                cur, "DELETE FROM responses WHERE instrument_id = ? AND pseudonym = ?", (instrument_id, pseudonym)
            )
            self._execute(
                cur, "DELETE FROM receipts WHERE instrument_id = ? AND pseudonym = ?", (instrument_id, pseudonym)
            )
        for envelope_id in {e for _, _, e in found}:
            self._execute(
                cur,
                "DELETE FROM envelopes WHERE envelope_id = ? AND NOT EXISTS (SELECT 1 FROM responses WHERE envelope_id = ?)",
                (envelope_id, envelope_id),
            )
        detail = json.dumps({"responses": len(found)}, sort_keys=True)
        self._execute(
            cur,
            "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
            (datetime.now(UTC).replace(microsecond=0).isoformat(), "erasure-kept", detail),
        )
        return len(found)

    def _store_id(self: _Store, cur: Any) -> str:
        """This store's own id (in its ledger, so a copy of its collection file does not carry it)."""
        row = self._execute(cur, "SELECT store_id FROM store_identity").fetchone()
        if row is not None:
            return str(row[0])
        made = secrets.token_hex(16)
        self._execute(cur, "INSERT INTO store_identity VALUES (?)", (made,))
        return made

    def store_id(self: _Store) -> str:
        with self._transaction() as cur:
            return self._store_id(cur)

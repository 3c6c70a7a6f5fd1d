"""Single-use invitations: keyed hashes of access codes, and whether each was used.

The store holds hashes only (see anonymize.invitations); it cannot tell a
code from its hash, and nobody without the project's secret can either. Using
an invitation is one conditional update (``… WHERE used_day IS NULL``): under
SQLite's write lock or PostgreSQL's row lock, of two uses at once exactly one
changes the row, and the other sees it used. The web form does that in the
transaction that stores the sealed response (``add_submissions``), so
a response is stored if and only if its invitation was unused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, Protocol

InvitationState = Literal["unknown", "unused", "used"]


@dataclass(frozen=True)
class InvitationCounts:
    created: int
    used: int

    @property
    def unused(self) -> int:
        return self.created - self.used


class _Store(Protocol):
    def _sql(self, statement: str) -> str: ...
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...


class InvitationsMixin:
    """Invitation methods of the response store (see survey.store.base for the transaction helpers)."""

    def add_invitations(self: _Store, hashes: Sequence[str], instrument_id: str, *, day: str | None = None) -> int:
        """Store the keyed hashes of new codes, and an audit entry with their number, in one transaction."""
        day = day or date.today().isoformat()
        with self._transaction() as cur:
            cur.executemany(
                self._sql("INSERT INTO invitations (code_hash, instrument_id, created_day) VALUES (?, ?, ?)"),
                [(h, instrument_id, day) for h in hashes],
            )
            detail = json.dumps({"instrument": instrument_id, "count": len(hashes)}, sort_keys=True)
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (datetime.now(UTC).replace(microsecond=0).isoformat(), "invitations-created", detail),
            )
        return len(hashes)

    def invitation_state(self: _Store, code_hash: str) -> InvitationState:
        rows = self._query("SELECT used_day FROM invitations WHERE code_hash = ?", (code_hash,))
        return invitation_state_of(rows)

    def use_invitation(self: _Store, cursor: Any, code_hash: str, *, day: str | None = None) -> bool:
        """Mark the invitation used, inside the caller's transaction; False if it is unknown or was used."""
        changed = self._execute(
            cursor,
            "UPDATE invitations SET used_day = ? WHERE code_hash = ? AND used_day IS NULL",
            (day or date.today().isoformat(), code_hash),
        ).rowcount
        return int(changed) == 1

    def invitation_counts(self: _Store, instrument_id: str) -> InvitationCounts:
        (row,) = self._query(
            "SELECT COUNT(*), COUNT(used_day) FROM invitations WHERE instrument_id = ?", (instrument_id,)
        )
        return InvitationCounts(created=int(row[0]), used=int(row[1]))


def invitation_state_of(rows: list[Any]) -> InvitationState:
    if not rows:
        return "unknown"
    return "unused" if rows[0][0] is None else "used"

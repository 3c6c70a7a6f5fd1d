"""Single-use invitations: keyed hashes of access codes, and whether each was used.

The store holds hashes only (see anonymize.invitations); it cannot tell a
code from its hash, and nobody without the project's secret can either. Using
an invitation is one conditional update (``… WHERE used = 0``): under
SQLite's write lock or PostgreSQL's row lock, of two uses at once exactly one
changes the row, and the other sees it used. The web form does that in the
transaction that stores the sealed response (``add_submissions``), so
a response is stored if and only if its invitation was unused.

Whoever holds the letters' codes and the project's secret can tell which
invitations were used; nothing stored says when, or with which response:

- an invitation records whether it was used, not the day;
- the codes are stored in a random order, not the letters' (so a row's place
  says nothing about its letter, whatever order letters come back in);
- on SQLite, the used flag is a value of fixed size that is overwritten in
  place, so the row does not move when it changes; on PostgreSQL, whose rows
  carry the id of the transaction that last wrote them, the table is
  rewritten whole in the transaction that uses an invitation
  (``_after_invitation_use``), so every row carries that id alike.
"""

from __future__ import annotations

import json
import secrets
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
    def _after_invitation_use(self, cur: Any) -> None: ...
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...


class InvitationsMixin:
    """Invitation methods of the response store (see survey.store.base for the transaction helpers)."""

    def add_invitations(self: _Store, hashes: Sequence[str], instrument_id: str, *, day: str | None = None) -> int:
        """Store the keyed hashes of new codes, and an audit entry with their number, in one transaction."""
        day = day or date.today().isoformat()
        shuffled = list(hashes)
        secrets.SystemRandom().shuffle(shuffled)  # stored in no particular order: not the letters'
        with self._transaction() as cur:
            cur.executemany(
                self._sql("INSERT INTO invitations (code_hash, instrument_id, created_day) VALUES (?, ?, ?)"),
                [(h, instrument_id, day) for h in shuffled],
            )
            detail = json.dumps({"instrument": instrument_id, "count": len(hashes)}, sort_keys=True)
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (datetime.now(UTC).replace(microsecond=0).isoformat(), "invitations-created", detail),
            )
        return len(hashes)

    def invitation_state(self: _Store, code_hash: str) -> InvitationState:
        rows = self._query("SELECT used FROM invitations WHERE code_hash = ?", (code_hash,))
        return invitation_state_of(rows)

    def use_invitation(self: _Store, cursor: Any, code_hash: str) -> bool:
        """Mark the invitation used, inside the caller's transaction; False if it is unknown or was used.

        The caller calls ``_after_invitation_use`` once before it commits.
        """
        changed = self._execute(
            cursor, "UPDATE invitations SET used = 1 WHERE code_hash = ? AND used = 0", (code_hash,)
        ).rowcount
        return int(changed) == 1

    def _after_invitation_use(self, cur: Any) -> None:
        """Leave nothing in the files that tells which invitation this transaction used (see the module).

        On SQLite the flag changed in place, and that is all.
        """

    def invitation_counts(self: _Store, instrument_id: str) -> InvitationCounts:
        (row,) = self._query(
            "SELECT COUNT(*), COALESCE(SUM(used), 0) FROM invitations WHERE instrument_id = ?", (instrument_id,)
        )
        return InvitationCounts(created=int(row[0]), used=int(row[1]))


def invitation_state_of(rows: list[Any]) -> InvitationState:
    if not rows:
        return "unknown"
    return "used" if rows[0][0] else "unused"

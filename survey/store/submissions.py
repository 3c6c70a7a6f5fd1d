"""Web submissions, stored together: one transaction for every form sent in the same moment.

A durable commit costs a disk flush, and flushes are few per second; so the
web form's store thread takes every submission waiting at that moment and
stores them in one transaction (group commit). Each keeps its own fate: an
invitation code already used or unknown drops that response alone, and the
others are stored. Nobody is thanked before the commit has returned, so a
crash can lose an unthanked response, never a thanked one.

The transaction links nothing once committed: invitations and contacts are
written as :mod:`survey.store.invitations` and :mod:`survey.store.contacts`
describe, so the files do not show which of them came with which response.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, Protocol

from anonymize.sealing import Envelope, SealedRow
from survey.store.contacts import SealedContact
from survey.store.invitations import invitation_state_of
from survey.store.rewritable import INVITATIONS, Rewritable

Outcome = Literal["stored", "used", "unknown", "again"]
#: Days a sent form's session is remembered: today and yesterday, so always more than 24 hours (a state lives less).
SESSION_DAYS = 2


@dataclass(frozen=True)
class Submission:
    """One respondent's sealed row, the keyed hash of its receipt and of its invitation code (if any).

    ``contact`` is the sealed contact record split off the answers (direct
    identifiers such as an e-mail address for a prize draw), stored apart
    and unlinked, and only if the response is. ``session`` is the keyed
    hash of the web form's session: a second submission of it, by any
    process, is not stored (outcome ``again``).
    """

    row: SealedRow
    receipt_hash: str | None
    invitation: str | None
    contact: SealedContact | None = None
    session: str | None = None


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _insert_envelope(self, cur: Any, envelope: Envelope, day: str) -> None: ...
    def _insert_rows(self, cur: Any, rows: Sequence[SealedRow], day: str, source: str) -> int: ...
    def _insert_contacts(self, cur: Any, contacts: Sequence[SealedContact], *, reshuffle: bool = True) -> None: ...
    def use_invitation(self, cursor: Any, code_hash: str) -> bool: ...
    def _lock_for_rewrite(self, cur: Any, table: Rewritable) -> None: ...
    def _after_invitation_use(self, cur: Any) -> None: ...


class SubmissionsMixin:
    def add_submissions(
        self: _Store,
        envelope: Envelope,
        submissions: Sequence[Submission],
        *,
        day: str,
        source: str = "web",
    ) -> list[Outcome]:
        """Store the submissions sealed under ``envelope`` in one transaction; each one's outcome, in order.

        A submission of a web session already sent is not stored (``again``).
        A submission with an invitation marks it used, or, if it is unknown
        or used already, is not stored. Pseudonyms of web responses are
        random, so a stored row is never skipped as a repeat; if one were, the
        whole transaction is undone rather than thank someone whose answers
        were not kept.
        """
        outcomes: list[Outcome] = []
        with self._transaction() as cur:
            kept: list[Submission] = []
            if any(s.invitation is not None for s in submissions):
                self._lock_for_rewrite(cur, INVITATIONS)
            if any(s.session is not None for s in submissions):
                forgotten = (date.fromisoformat(day) - timedelta(days=SESSION_DAYS - 1)).isoformat()
                self._execute(cur, "DELETE FROM web_sessions WHERE day < ?", (forgotten,))
            for s in submissions:
                if s.session is not None:
                    claim = "INSERT INTO web_sessions VALUES (?, ?) ON CONFLICT (session_hash) DO NOTHING"
                    if self._execute(cur, claim, (s.session, day)).rowcount != 1:
                        outcomes.append("again")
                        continue
                if s.invitation is None or self.use_invitation(cur, s.invitation):
                    kept.append(s)
                    outcomes.append("stored")
                    continue
                rows = self._execute(cur, "SELECT used FROM invitations WHERE code_hash = ?", (s.invitation,))
                state = invitation_state_of(rows.fetchall())
                outcomes.append("used" if state == "used" else "unknown")
            if not kept:
                return outcomes
            if any(s.invitation is not None for s in kept):
                self._after_invitation_use(cur)
            self._insert_envelope(cur, envelope, day)
            if self._insert_rows(cur, [s.row for s in kept], day, source) != len(kept):
                raise RuntimeError("a web response's random pseudonym was already stored; nothing of the group kept")
            for s in kept:
                if s.receipt_hash is not None:
                    context = s.row.context
                    self._execute(
                        cur,
                        "INSERT INTO receipts VALUES (?, ?, ?)",
                        (s.receipt_hash, context.instrument_id, context.pseudonym),
                    )
            self._insert_contacts(cur, [s.contact for s in kept if s.contact is not None])
        return outcomes

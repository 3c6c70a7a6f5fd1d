"""Contact records (an e-mail address for a prize draw, say): stored so that nothing on disk ties them to answers.

A contact comes in with its response and is stored in the same transaction
(so it is never lost, and never kept for a response that was not), but
nothing of that transaction stays visible once it has committed:

- each contact is sealed on its own, with its own data key in its own row,
  so no shared batch key groups the contacts of one import batch or web group;
- a contact has a random id and no day;
- every write that adds contacts rewrites the whole table in a fresh random
  order (:meth:`ContactsMixin._reshuffle`), so neither the order of rows nor
  where their bytes lie in the file says which contact came when. On SQLite
  the old pages are zeroed (``secure_delete``); on PostgreSQL the table is
  truncated, which drops its old file, and every row carries the same
  transaction id (the last rewrite's) instead of the one it arrived with.

Contacts cannot be found from a response, and so are not erased with one;
they are deleted with the survey.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from anonymize.keys.pair import PublicKey, SuiteName
from anonymize.sealing import Envelope, RowContext, SealedRow, Sealer
from survey.store.rewritable import CONTACTS, Rewritable

#: What a contact's sealed row is bound to instead of a pseudonym: contacts have none.
CONTACT = "contact"
#: Contacts carry no instrument version: a change of version midway would split them, like a date.
ANY_VERSION = "-"


@dataclass(frozen=True)
class SealedContact:
    """One contact record, sealed on its own to the analysts' key: its data key is in ``envelope``."""

    contact_id: str
    envelope: Envelope
    row: SealedRow

    @classmethod
    def seal(cls, public_key: PublicKey, instrument_id: str, identifiers: dict[str, Any]) -> SealedContact:
        sealer = Sealer(public_key)
        row = sealer.seal(RowContext(CONTACT, instrument_id, ANY_VERSION), identifiers)
        return cls(secrets.token_hex(16), sealer.envelope, row)

    def values(self) -> tuple[Any, ...]:
        e, r = self.envelope, self.row
        return (
            self.contact_id,
            r.context.instrument_id,
            r.context.instrument_version,
            e.envelope_id,
            e.key_id,
            str(e.suite),
            e.sealed_key,
            r.nonce,
            r.ciphertext,
        )

    @classmethod
    def of(cls, values: Sequence[Any]) -> SealedContact:
        contact_id, instrument_id, version, envelope_id, key_id, suite, sealed_key, nonce, ciphertext = values
        envelope = Envelope(envelope_id, key_id, SuiteName(suite), bytes(sealed_key))
        row = SealedRow(envelope_id, RowContext(CONTACT, instrument_id, version), bytes(nonce), bytes(ciphertext))
        return cls(contact_id, envelope, row)


class _Store(Protocol):
    def _sql(self, statement: str) -> str: ...
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...
    def _rewrite_shuffled(self, cur: Any, table: Rewritable) -> None: ...
    def _lock_for_rewrite(self, cur: Any, table: Rewritable) -> None: ...
    def _insert_all(self, cur: Any, table: Rewritable, rows: Sequence[Sequence[Any]]) -> None: ...


class ContactsMixin:
    """Contact methods of the response store (see survey.store.base for the transaction helpers)."""

    def _insert_contacts(self: _Store, cur: Any, contacts: Sequence[SealedContact], *, reshuffle: bool = True) -> None:
        """Add contacts inside the caller's transaction, then rewrite the table in a random order.

        ``reshuffle=False`` leaves the rewrite to a later :meth:`reshuffle_contacts`
        (an import does it once at its end rather than once per batch).
        """
        if not contacts:
            return
        if reshuffle:
            self._lock_for_rewrite(cur, CONTACTS)
        shuffled = list(contacts)
        secrets.SystemRandom().shuffle(shuffled)
        self._insert_all(cur, CONTACTS, [c.values() for c in shuffled])
        if reshuffle:
            self._rewrite_shuffled(cur, CONTACTS)

    def reshuffle_contacts(self: _Store) -> None:
        """Rewrite every contact in a fresh random order, in one transaction of its own."""
        with self._transaction() as cur:
            self._lock_for_rewrite(cur, CONTACTS)
            self._rewrite_shuffled(cur, CONTACTS)

    def count_contacts(self: _Store) -> int:
        with self._transaction() as cur:
            return int(self._execute(cur, "SELECT COUNT(*) FROM contacts").fetchone()[0])

    def sealed_contacts(self: _Store, instrument_id: str) -> list[SealedContact]:
        """Every contact record of the survey, sealed, in the order of their random ids (few: read whole)."""
        return sorted(
            (SealedContact.of(r) for r in self._query(CONTACTS.select_all) if r[1] == instrument_id),
            key=lambda c: c.contact_id,
        )

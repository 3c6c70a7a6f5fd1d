"""The tables that are rewritten whole, in a random order, whenever a write adds to them.

Their statements are written out in full here (no SQL assembled from names at
run time). Why they are rewritten: see :mod:`survey.store.contacts` and
:mod:`survey.store.invitations`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rewritable:
    name: str
    select_all: str
    insert: str
    delete_all: str  # SQLite: with secure_delete the rows and freed pages are zeroed
    truncate: str  # PostgreSQL: a new file; the old one is dropped at commit
    lock: str  # PostgreSQL: the lock TRUNCATE needs, taken before any row lock
    copy: str  # PostgreSQL: the rows back in, by COPY (some 20 times faster than row by row)


CONTACTS = Rewritable(
    name="contacts",
    select_all="SELECT contact_id, instrument_id, instrument_version, envelope_id, key_id, suite, sealed_key,"
    " nonce, ciphertext FROM contacts",
    insert="INSERT INTO contacts (contact_id, instrument_id, instrument_version, envelope_id, key_id, suite,"
    " sealed_key, nonce, ciphertext) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    delete_all="DELETE FROM contacts",
    truncate="TRUNCATE contacts",
    lock="LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE",
    copy="COPY contacts (contact_id, instrument_id, instrument_version, envelope_id, key_id, suite, sealed_key,"
    " nonce, ciphertext) FROM STDIN",
)

INVITATIONS = Rewritable(
    name="invitations",
    select_all="SELECT code_hash, instrument_id, created_day, used FROM invitations",
    insert="INSERT INTO invitations (code_hash, instrument_id, created_day, used) VALUES (?, ?, ?, ?)",
    delete_all="DELETE FROM invitations",
    truncate="TRUNCATE invitations",
    lock="LOCK TABLE invitations IN ACCESS EXCLUSIVE MODE",
    copy="COPY invitations (code_hash, instrument_id, created_day, used) FROM STDIN",
)

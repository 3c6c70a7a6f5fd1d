"""Schema v9: each side's own state apart from the collection, so that no copy of one can replace the other.

What the collecting side gathers (responses, their envelopes, contacts,
receipts, invitations, imports, erasure tombstones) is the *collection*; it
is what travels to the analysts, in a bundle (see :mod:`survey.store.bundle`).
What a side decides on its own is its *ledger*: releases, the budget totals,
the audit log, a kept copy of every erasure tombstone, the store's own id and
the record of bundles written and merged.

On SQLite the ledger is a file of its own beside the store
(``responses-ledger.sqlite`` beside ``responses.sqlite``), attached to the
store's connection as the schema ``ledger``, so that one transaction still
covers both: copying a collection file (the server's ``responses.sqlite``)
over the analysts' replaces none of their releases, budget or audit log, and
the kept tombstones erase again, when the store is next opened, whatever such
a copy brought back (see :meth:`survey.store.base.ResponseStore.migrate`).
v9 moves the ledger tables of a store made before into that file.

On PostgreSQL nothing is copied as a file: both sides use the one database
(or each its own, linked only by bundles), and the ledger's tables sit beside
the collection's; v9 adds the new ones.
"""

from __future__ import annotations

from survey.store.waves_schema import SQLITE_WAVES

_TRIGGER = """CREATE TRIGGER IF NOT EXISTS ledger.{table}_no_{verb} BEFORE {event} ON {table}
           BEGIN SELECT RAISE(ABORT, '{message}'); END"""


def _immutable(table: str, message: str) -> list[str]:
    return [
        _TRIGGER.format(table=table, verb=verb, event=verb.upper(), message=message) for verb in ("update", "delete")
    ]


#: The ledger file's tables (SQLite), made if missing each time a store opens: a ledger file lost is a new, empty one.
SQLITE_LEDGER = [
    """CREATE TABLE IF NOT EXISTS ledger.releases (
        release_id TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        plan_hash TEXT NOT NULL,
        dataset_fingerprint TEXT NOT NULL,
        rho TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ledger.releases_instrument ON releases (instrument_id)",
    *_immutable("releases", "releases are immutable"),
    """CREATE TABLE IF NOT EXISTS ledger.budget_totals (
        instrument_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        total TEXT NOT NULL,
        set_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (instrument_id, seq)
    )""",
    *_immutable("budget_totals", "a budget total is changed only by a new row"),
    """CREATE TABLE IF NOT EXISTS ledger.audit_log (
        entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
    )""",
    *_immutable("audit_log", "the audit log is append-only"),
    """CREATE TABLE IF NOT EXISTS ledger.kept_erasures (
        instrument_id TEXT NOT NULL,
        pseudonym TEXT NOT NULL,
        PRIMARY KEY (instrument_id, pseudonym)
    )""",
    """CREATE TABLE IF NOT EXISTS ledger.kept_erased_sources (
        instrument_id TEXT NOT NULL,
        source_identity TEXT NOT NULL,
        PRIMARY KEY (instrument_id, source_identity)
    )""",
    "CREATE TABLE IF NOT EXISTS ledger.store_identity (store_id TEXT PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS ledger.transfers (
        direction TEXT NOT NULL,
        peer TEXT NOT NULL,
        seq INTEGER NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (direction, peer, seq)
    )""",
    *SQLITE_WAVES,
]

#: v9 on SQLite: the ledger rows of a store made before move into the ledger file (whose tables exist by now).
SQLITE_V9 = [
    "INSERT INTO ledger.releases SELECT * FROM main.releases WHERE true ON CONFLICT DO NOTHING",
    "INSERT INTO ledger.budget_totals SELECT * FROM main.budget_totals WHERE true ON CONFLICT DO NOTHING",
    "INSERT INTO ledger.audit_log (at, action, detail) SELECT at, action, detail FROM main.audit_log ORDER BY entry_id",
    """INSERT INTO ledger.kept_erasures SELECT instrument_id, pseudonym FROM main.erasures WHERE true
        ON CONFLICT DO NOTHING""",
    "INSERT INTO ledger.kept_erased_sources SELECT * FROM main.erased_sources WHERE true ON CONFLICT DO NOTHING",
    "DROP TABLE main.releases",
    "DROP TABLE main.budget_totals",
    "DROP TABLE main.audit_log",
]

#: v9 on PostgreSQL: the ledger's new tables, beside the collection's.
POSTGRES_V9 = [
    """CREATE TABLE kept_erasures (
        instrument_id TEXT NOT NULL,
        pseudonym TEXT NOT NULL,
        PRIMARY KEY (instrument_id, pseudonym)
    )""",
    "INSERT INTO kept_erasures SELECT instrument_id, pseudonym FROM erasures",
    """CREATE TABLE kept_erased_sources (
        instrument_id TEXT NOT NULL,
        source_identity TEXT NOT NULL,
        PRIMARY KEY (instrument_id, source_identity)
    )""",
    "INSERT INTO kept_erased_sources SELECT instrument_id, source_identity FROM erased_sources",
    "CREATE TABLE store_identity (store_id TEXT PRIMARY KEY)",
    """CREATE TABLE transfers (
        direction TEXT NOT NULL,
        peer TEXT NOT NULL,
        seq BIGINT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (direction, peer, seq)
    )""",
]

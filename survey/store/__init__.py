"""survey.store: where sealed responses live.

- ``schema``: tables and versioned migrations for both dialects;
- ``base``: the store interface, written once (one transaction per write);
- ``rows``: sealed rows checked into typed objects as they leave the store;
- ``damage``: what is damaged in a store and what still opens, for a command's refusal;
- ``outage``: whether a failure means a busy or unreachable store (try again soon);
- ``ledger``: the privacy budget ledger (releases, never overspent);
- ``invitations``: keyed hashes of single-use access codes, used exactly once, and not when or with what;
- ``identities``: imported responses recognised by the keyed hash of their source identity (re-imports);
- ``contacts``: sealed contact records, rewritten in a random order so nothing ties one to its response;
- ``rewritable``: the statements of the tables rewritten whole (contacts; invitations on PostgreSQL);
- ``submissions``: web responses stored together (group commit), each with its invitation;
- ``sides_schema``, ``sides``: each side's ledger apart from the collection (v9), kept tombstones, the store's id;
- ``waves_schema``, ``waves``: survey waves in the ledger (v11): later waves declared, each release's wave;
- ``planner_stats``: v10 on PostgreSQL, no column sampled into the planner's statistics;
- ``bundle_file``, ``merge``, ``merge_rows``: bundles written from a consistent view, merged into another store;
- ``erasures_bundle``: the analysts' erasure tombstones carried to the server, which erases what they name;
- ``sqlite_store``: the embedded default, one file in the project;
- ``postgres_store``: PostgreSQL by URL (psycopg 3).
"""

from __future__ import annotations

from pathlib import Path

from survey.store.base import AuditEntry, ResponseStore, StoredResponse, StoreError
from survey.store.contacts import SealedContact
from survey.store.identities import IdentifiedRow, ImportColumns, ImportOutcome
from survey.store.invitations import InvitationCounts, InvitationState
from survey.store.submissions import Outcome, Submission

LOCK_TIMEOUT = 30.0
"""Seconds a write waits for another connection's lock (SQLite), unless the caller says otherwise."""

__all__ = [
    "AuditEntry",
    "IdentifiedRow",
    "ImportColumns",
    "ImportOutcome",
    "InvitationCounts",
    "InvitationState",
    "Outcome",
    "ResponseStore",
    "SealedContact",
    "StoreError",
    "StoredResponse",
    "Submission",
    "open_store",
]


def open_store(url: str, base: Path, *, lock_timeout: float = LOCK_TIMEOUT) -> ResponseStore:
    """``sqlite:///relative/or/absolute.sqlite`` or ``postgresql://…``; migrated to the latest schema.

    ``lock_timeout``: how long a write to a SQLite store waits for another connection's lock before it fails
    (see :func:`.outage.unavailable`); the web form may prefer telling a respondent to try again sooner.
    """
    store: ResponseStore
    if url.startswith("sqlite:///"):
        from survey.store.sqlite_store import SQLiteStore

        path = Path(url.removeprefix("sqlite:///"))
        store = SQLiteStore(path if path.is_absolute() else base / path, timeout=lock_timeout)
    elif url.startswith(("postgresql://", "postgres://")):
        from survey.store.postgres_store import PostgresStore

        store = PostgresStore(url)
    else:
        raise StoreError.single(
            "store-url",
            "the store URL must start with sqlite:/// or postgresql://",
            'set [store] url in eqsurvey.toml, e.g. url = "sqlite:///data/responses.sqlite"',
        )
    store.migrate()
    store.address = (url, base)
    return store

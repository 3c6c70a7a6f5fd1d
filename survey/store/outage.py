"""Whether a failed store operation may succeed if tried again soon: a busy or unreachable store.

SQLite answers "database is locked" when another connection held the write
lock for longer than the store's busy timeout; PostgreSQL fails with an
operational error when the server restarts, goes away or refuses
connections. Neither says anything about what was being stored, and a
respondent sending the same page a minute later will most likely succeed,
so the web form answers 503 with Retry-After rather than 500.
"""

from __future__ import annotations

import sqlite3
import sys

from survey.store.base import StoreError
from survey.store.sqlite_store import lock_timed_out

#: Problems of a store that is there but busy or out of reach for now.
_FOR_NOW = frozenset({"store-open", "store-locked"})


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the store is busy or out of reach for now (not that something is wrong with it)."""
    if isinstance(exc, StoreError):
        return any(p.code in _FOR_NOW for p in exc.problems)  # could not open, connect or lock
    if isinstance(exc, sqlite3.OperationalError):
        return lock_timed_out(exc)
    psycopg = sys.modules.get("psycopg")  # only a PostgreSQL store has loaded it; none is imported here
    # Lost connections, a server shutting down, lock and statement timeouts are all operational errors.
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)

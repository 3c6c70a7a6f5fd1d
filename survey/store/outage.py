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

from .base import StoreError

_SQLITE_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the store is busy or out of reach for now (not that something is wrong with it)."""
    if isinstance(exc, StoreError):
        return any(p.code == "store-open" for p in exc.problems)  # could not open or connect at all
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        return isinstance(code, int) and code & 0xFF in _SQLITE_BUSY  # extended codes carry the primary one below
    psycopg = sys.modules.get("psycopg")  # only a PostgreSQL store has loaded it; none is imported here
    # Lost connections, a server shutting down, lock and statement timeouts are all operational errors.
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)

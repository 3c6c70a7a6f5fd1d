"""The embedded default: one SQLite file in the project, WAL mode, one transaction per write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from instruments.errors import Location

from .base import ResponseStore, StoreError


class SQLiteStore(ResponseStore):
    dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 30) -> None:
        """``timeout``: seconds a write waits for another connection's lock before "database is locked"."""
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN ourselves, so each write is exactly one transaction.
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            # Pseudonyms are random, so each batch inserts all over the unique index: with SQLite's default
            # 2 MB page cache a million-row import spent most of its storing time re-reading index pages.
            self._conn.execute("PRAGMA cache_size=-131072")
            # and copying the write-ahead log into the file less often (every 100 MB, not 4 MB) writes index
            # pages that several batches changed once, not once per batch.
            self._conn.execute("PRAGMA wal_autocheckpoint=25000")
            # Deleted pages are overwritten, so erased ciphertexts do not linger in the file.
            self._conn.execute("PRAGMA secure_delete=ON")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError.single(
                "store-open",
                f"cannot open the response store: {exc}",
                "check the path in eqsurvey.toml and that the folder is writable",
                Location(file=str(path)),
            ) from None

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        cur = self._conn.cursor()
        try:
            # IMMEDIATE takes the write lock at once: two writers queue instead of failing halfway.
            cur.execute("BEGIN IMMEDIATE")
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()

    def close(self) -> None:
        self._conn.close()

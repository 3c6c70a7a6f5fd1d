"""The embedded default: one SQLite file in the project, one transaction per write.

The store keeps no history of its writes on disk. A write-ahead log would
(every commit's pages, in commit order: which invitation was used in the
same commit as which response), and its shared-memory index names the pages
of recent commits even after a checkpoint. So the store uses a rollback
journal, which holds only the transaction under way and is deleted when it
commits, and ``secure_delete``, which overwrites deleted rows and freed pages
with zeros: once a commit returns, the file holds the store as it is now, and
nothing of what was deleted.

The store's ledger (releases, budget, audit log, kept tombstones: see
:mod:`survey.store.sides_schema`) is a second file beside it, attached to the
same connection, so that one transaction covers both and a copy of the
collection file replaces nothing of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kernel.errors import Location
from kernel.private_files import create_private_file
from survey.store.base import ResponseStore, StoreError
from survey.store.rewritable import Rewritable
from survey.store.sides_schema import SQLITE_LEDGER

_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# A full disk, a file size limit or a failing device: the machine's state, not a bug of ours.
_CANNOT_WRITE = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR})


def lock_timed_out(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (extended codes carry the primary one below)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _BUSY


def could_not_write(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite failed because the disk refused the write (full, over a size limit, failing)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _CANNOT_WRITE


def ledger_path(store: Path) -> Path:
    """The ledger file beside a SQLite store: ``responses-ledger.sqlite`` beside ``responses.sqlite``."""
    return store.with_name(f"{store.stem}-ledger{store.suffix}")


class SQLiteStore(ResponseStore):
    dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 30) -> None:
        """``timeout``: seconds a write waits for another connection's lock before "database is locked"."""
        self.path = path
        self._timeout = timeout
        try:
            create_private_file(path)  # before SQLite opens it: its journal file copies its mode
            # isolation_level=None: we issue BEGIN ourselves, so each write is exactly one transaction.
            # check_same_thread=False: an import stores its groups in a thread of its own, one at a time (see
            # survey.intake.ingest); nothing uses a store from two threads at once.
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=timeout, check_same_thread=False)
            # Per connection: deleted rows and freed pages are overwritten with zeros.
            self._conn.execute("PRAGMA secure_delete=ON")
            # Sorts and temporary tables in memory: a temporary file would hold copies of rows.
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._conn.execute("PRAGMA foreign_keys=ON")
            # Pseudonyms are random, so each batch inserts all over the unique index: with SQLite's default
            # 2 MB page cache a million-row import spent most of its storing time re-reading index pages.
            self._conn.execute("PRAGMA cache_size=-131072")
            mode = self._leave_wal()
            if mode == "delete":
                self._attach_ledger()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError.single(
                "store-open",
                f"cannot open the response store: {exc}",
                "check the path in eqsurvey.toml and that the folder is writable",
                Location(file=str(path)),
            ) from None
        if mode != "delete":
            self._conn.close()
            raise StoreError.single(
                "store-busy",
                f"the response store is in {mode} mode and another program has it open, so it cannot be switched"
                " to the journal that keeps no history of its writes",
                "stop eqsurvey serve (and any other eqsurvey command using this project) once, then run the command"
                " again",
                Location(file=str(path)),
            )

    @property
    def ledger_path(self) -> Path:
        return ledger_path(self.path)

    def _attach_ledger(self) -> None:
        create_private_file(self.ledger_path)
        self._conn.execute("ATTACH DATABASE ? AS ledger", (str(self.ledger_path),))
        self._conn.execute("PRAGMA ledger.secure_delete=ON")
        self._conn.execute("PRAGMA ledger.journal_mode=DELETE")
        with self._transaction() as cur:
            for statement in SQLITE_LEDGER:
                cur.execute(statement)

    def _leave_wal(self) -> str:
        """The journal mode after asking for the rollback journal (``delete``) once.

        A store written by an older eqsurvey is in WAL mode, and leaves it only
        when no other connection has it open.
        """
        try:
            (mode,) = self._conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        except sqlite3.OperationalError:
            (mode,) = self._conn.execute("PRAGMA journal_mode").fetchone()
        return str(mode).lower()

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        cur = self._conn.cursor()
        try:
            # IMMEDIATE takes the write lock at once: two writers queue instead of failing halfway.
            cur.execute("BEGIN IMMEDIATE")
            yield cur
            cur.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                cur.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and lock_timed_out(exc):
                raise StoreError.single(
                    "store-locked",
                    f"another program held the response store's lock for longer than {self._timeout:g} s;"
                    " nothing was changed",
                    "wait until it has finished (an import, a release, an erasure, or eqsurvey serve storing"
                    " forms) and run the command again",
                    Location(file=str(self.path)),
                ) from None
            if isinstance(exc, sqlite3.OperationalError) and could_not_write(exc):
                raise StoreError.single(
                    "store-write-failed",
                    f"the disk refused to write the response store ({exc}); the change was rolled back"
                    " and nothing of it was stored",
                    "free space on the disk (or raise the file size limit this program runs under)"
                    " and run the command again",
                    Location(file=str(self.path)),
                ) from None
            raise
        finally:
            cur.close()

    def _clear_table(self, cur: Any, table: Rewritable) -> None:
        cur.execute(table.delete_all)

    @contextmanager
    def _consistent_view(self) -> Iterator[Any]:
        """The collection as one commit left it: SQLite's online backup into memory (a WAL's commits included).

        The backup copies every page in one step under a read lock, so no
        writer's commit is half in it; the lock is held only while copying.
        Only the collection file is copied (the ledger is attached apart).
        """
        copy = sqlite3.connect(":memory:")
        try:
            self._conn.backup(copy, name="main")
            cur = copy.cursor()
            yield cur
            cur.close()
        finally:
            copy.close()

    def close(self) -> None:
        self._conn.close()

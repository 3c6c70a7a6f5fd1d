"""PostgreSQL, for municipalities that run a database server (psycopg 3).

Every row in PostgreSQL's table files carries the id of the transaction that
wrote it, and deleted rows stay in the files until a vacuum, and their bytes
after it. So tables that must not link to answers are rewritten whole, with
``TRUNCATE`` (a new file; the old one is dropped), whenever a write adds to
them (see :meth:`ResponseStore._rewrite_shuffled`), and an erasure ends with
``VACUUM FULL``, which writes the tables it names into new files. What the
server keeps elsewhere (its write-ahead log in ``pg_wal``, archived WAL, base
backups, replicas) is the operator's to expire: see the README.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from survey.store.base import ResponseStore, StoreError
from survey.store.rewritable import INVITATIONS, Rewritable


class PostgresStore(ResponseStore):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            # The message may quote the URL with its password; say only what kind of failure it was.
            raise StoreError.single(
                "store-open",
                f"cannot connect to the PostgreSQL store ({type(exc).__name__})",
                "check the server is running and the URL in eqsurvey.toml (host, port, database, user)",
            ) from None

    def _sql(self, statement: str) -> str:
        # Our statements use '?' placeholders and never a literal question mark.
        return statement.replace("?", "%s")

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._conn.transaction(), self._conn.cursor() as cur:
            yield cur

    def _clear_table(self, cur: Any, table: Rewritable) -> None:
        cur.execute(table.truncate)

    @contextmanager
    def _consistent_view(self) -> Iterator[Any]:
        """One repeatable-read transaction: every read sees the same committed state."""
        with self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield cur

    def _insert_all(self, cur: Any, table: Rewritable, rows: Sequence[Sequence[Any]]) -> None:
        with cur.copy(table.copy) as copy:
            for row in rows:
                copy.write_row(row)

    def _lock_for_rewrite(self, cur: Any, table: Rewritable) -> None:
        # TRUNCATE needs this lock; taken before any row lock, two writers queue here instead of deadlocking.
        cur.execute(table.lock)

    def _after_invitation_use(self, cur: Any) -> None:
        # The used invitation's new row version carries this transaction's id, as the response does.
        self._rewrite_shuffled(cur, INVITATIONS)

    def _scrub(self) -> None:
        # VACUUM cannot run inside a transaction; the connection is in autocommit mode between transactions.
        self._conn.execute("VACUUM FULL responses, receipts, envelopes")

    def _lock_ledger(self, cur: Any) -> None:
        # Readers are not blocked; a second release waits here until the first has committed, then sees it.
        cur.execute("LOCK TABLE releases IN SHARE ROW EXCLUSIVE MODE")

    def close(self) -> None:
        self._conn.close()

"""PostgreSQL, for municipalities that run a database server (psycopg 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .base import ResponseStore, StoreError


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

    def _lock_ledger(self, cur: Any) -> None:
        # Readers are not blocked; a second release waits here until the first has committed, then sees it.
        cur.execute("LOCK TABLE releases IN SHARE ROW EXCLUSIVE MODE")

    def close(self) -> None:
        self._conn.close()

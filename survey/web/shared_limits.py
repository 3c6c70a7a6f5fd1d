"""Rate-limit buckets shared by every server process of a survey, in the PostgreSQL store.

With ``eqsurvey serve --workers N`` (or several servers on one database),
a client's requests reach different processes; the limits hold only if the
buckets are shared. They live in the store's ``web_limits`` table, which is
UNLOGGED: never written to PostgreSQL's write-ahead log, so never in WAL
archives, streaming replicas or ``pg_basebackup`` copies, and emptied by a
crash. A row holds a bucket's name (a keyed hash: 16 bytes of HMAC-SHA256
under a key derived from the form-state secret, see
:mod:`anonymize.form_state_secret`; never an address or a code), its
tokens, and when it last changed. A row whose bucket has refilled (a whole
period untouched) says nothing a new one would not, so it is deleted, and
the table holds only clients seen within the last period.

Each check is one statement: an upsert that refills the bucket by the time
passed on the database's clock (one clock for every process), takes a token
if there is one, and says whether it did. If the database cannot be reached,
the process counts in its own memory until it can again: a short outage
weakens the limits to per-process ones, and never stops the form.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

_log = logging.getLogger("eqsurvey.web")

# The refill happens in SQL so that concurrent processes never read-modify-write a bucket themselves.
_TAKE = """
INSERT INTO web_limits AS b (kind, bucket, tokens, at, ok)
VALUES (%(kind)s, %(bucket)s, %(capacity)s - 1, extract(epoch FROM clock_timestamp()), true)
ON CONFLICT (kind, bucket) DO UPDATE SET
    tokens = CASE WHEN least(%(capacity)s, b.tokens + (excluded.at - b.at) * %(rate)s) >= 1
        THEN least(%(capacity)s, b.tokens + (excluded.at - b.at) * %(rate)s) - 1
        ELSE least(%(capacity)s, b.tokens + (excluded.at - b.at) * %(rate)s) END,
    ok = least(%(capacity)s, b.tokens + (excluded.at - b.at) * %(rate)s) >= 1,
    at = excluded.at
RETURNING ok
"""
_SWEEP = "DELETE FROM web_limits WHERE kind = %(kind)s AND at < extract(epoch FROM clock_timestamp()) - %(period)s"
#: Seconds between sweeps of full buckets by this process (each process sweeps; any one would do).
SWEEP_EVERY = 60.0


class SharedBuckets:
    """One connection per process, opened on first use in the server's event loop, and again after a failure."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: Any = None
        self._lock = asyncio.Lock()
        self._swept: dict[str, float] = {}
        self._down = False  # said once per outage, not once per request

    async def take(self, kind: str, bucket: bytes, capacity: float, period: float) -> bool | None:
        """Take one token from ``bucket``; whether there was one, or None if the database could not say."""
        import psycopg

        try:
            async with self._lock:
                if self._conn is None:
                    self._conn = await psycopg.AsyncConnection.connect(self._url, autocommit=True)
                params = {"kind": kind, "bucket": bucket, "capacity": capacity, "rate": capacity / period}
                row = await (await self._conn.execute(_TAKE, params)).fetchone()
                if time.monotonic() - self._swept.get(kind, 0.0) > SWEEP_EVERY:
                    self._swept[kind] = time.monotonic()
                    await self._conn.execute(_SWEEP, {"kind": kind, "period": period})
        except (psycopg.Error, OSError) as exc:
            if not self._down:
                self._down = True
                _log.warning(
                    "shared rate limits unavailable (%s); counting in this process meanwhile", type(exc).__name__
                )
            await self._forget()
            return None
        if self._down:
            self._down = False
            _log.info("shared rate limits available again")
        return bool(row[0]) if row else None

    async def _forget(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # a broken connection may fail to close; it is gone either way
                _log.debug("closing a broken connection failed")

    async def aclose(self) -> None:
        async with self._lock:
            await self._forget()

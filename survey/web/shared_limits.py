"""Rate-limit buckets shared by every server process of a survey, in the PostgreSQL store.

With ``eqsurvey serve --workers N`` (or several servers on one database),
a client's requests reach different processes; the limits hold only if the
buckets are shared. They live in the store's ``web_limits`` table, which is
UNLOGGED: never written to PostgreSQL's write-ahead log, so never in WAL
archives, streaming replicas or ``pg_basebackup`` copies, and emptied by a
crash. A row holds a bucket's name (a keyed hash: 16 bytes of HMAC-SHA256
under a key derived from the form-state secret, see
:mod:`anonymize.keys.form_state_secret`; never an address or a code), its
tokens, its size and refill rate, and when it last changed. A row whose
bucket has refilled (a whole period untouched) says nothing a new one would
not, so it is deleted: the table holds only clients seen within the last period.

Checks are grouped, as forms are when they are stored: while one statement
is on its way, the checks that arrive wait, and the next statement takes
them all (one round trip for many requests, so a busy machine's scheduling
delays are paid once per group, not once per request). One statement
refills each bucket by the time passed on the database's clock (one clock for
every process), takes as many tokens as the group asks of it and has, and
says how many it gave; the first askers get them. If the database cannot be
reached, the process counts in its own memory until it can again: a short
outage weakens the limits to per-process ones, and never stops the form.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import Any

_log = logging.getLogger("eqsurvey.web")

# Refill and take in SQL, so that concurrent processes never read-modify-write a bucket themselves.
# A new row starts full and gives what it can; an existing one refills by the time passed, then gives.
_TAKE = """
INSERT INTO web_limits AS b (kind, bucket, tokens, at, capacity, rate, granted)
SELECT w.kind, w.bucket, w.capacity - least(w.wanted, floor(w.capacity)), extract(epoch FROM clock_timestamp()),
       w.capacity, w.rate, least(w.wanted, floor(w.capacity))
FROM unnest(%(kinds)s::text[], %(buckets)s::bytea[], %(wanted)s::float8[], %(capacities)s::float8[],
            %(rates)s::float8[]) AS w(kind, bucket, wanted, capacity, rate)
ON CONFLICT (kind, bucket) DO UPDATE SET
    granted = least(excluded.granted, floor(least(excluded.capacity, b.tokens + (excluded.at - b.at) * excluded.rate))),
    tokens = least(excluded.capacity, b.tokens + (excluded.at - b.at) * excluded.rate)
        - least(excluded.granted, floor(least(excluded.capacity, b.tokens + (excluded.at - b.at) * excluded.rate))),
    capacity = excluded.capacity,
    rate = excluded.rate,
    at = excluded.at
RETURNING kind, bucket, granted
"""
# Full again: untouched for as long as the bucket takes to refill from empty.
_SWEEP = "DELETE FROM web_limits WHERE at < extract(epoch FROM clock_timestamp()) - capacity / rate"
#: Seconds between sweeps of full buckets by this process (each process sweeps; any one would do).
SWEEP_EVERY = 60.0

_Ask = tuple[str, bytes, float, float, "asyncio.Future[bool | None]"]


class SharedBuckets:
    """One connection per process, opened on first use in the server's event loop, and again after a failure."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: Any = None
        self._waiting: list[_Ask] = []
        self._sender: asyncio.Task[None] | None = None
        self._swept = time.monotonic()
        self._down = False  # said once per outage, not once per request

    async def take(self, kind: str, bucket: bytes, capacity: float, period: float) -> bool | None:
        """Take one token from ``bucket``; whether there was one, or None if the database could not say."""
        future: asyncio.Future[bool | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((kind, bucket, capacity, capacity / period, future))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send_all())
        return await future

    async def _send_all(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            granted = await self._send(group)
            for kind, bucket, _, _, future in group:
                if future.done():  # the request went away meanwhile
                    continue
                if granted is None:
                    future.set_result(None)
                    continue
                left = granted.get((kind, bucket), 0)
                granted[(kind, bucket)] = left - 1
                future.set_result(left >= 1)

    async def _send(self, group: list[_Ask]) -> dict[tuple[str, bytes], float] | None:
        import psycopg

        wanted: dict[tuple[str, bytes], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for kind, bucket, capacity, rate, _ in group:
            entry = wanted[(kind, bucket)]
            entry[0] += 1
            entry[1], entry[2] = capacity, rate
        keys = list(wanted)
        params = {
            "kinds": [k for k, _ in keys],
            "buckets": [b for _, b in keys],
            "wanted": [wanted[k][0] for k in keys],
            "capacities": [wanted[k][1] for k in keys],
            "rates": [wanted[k][2] for k in keys],
        }
        try:
            if self._conn is None:
                self._conn = await psycopg.AsyncConnection.connect(self._url, autocommit=True)
            rows = await (await self._conn.execute(_TAKE, params)).fetchall()
            if time.monotonic() - self._swept > SWEEP_EVERY:
                self._swept = time.monotonic()
                await self._conn.execute(_SWEEP)
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
        return {(kind, bytes(bucket)): float(n) for kind, bucket, n in rows}

    async def _forget(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # a broken connection may fail to close; it is gone either way
                _log.debug("closing a broken connection failed")

    async def aclose(self) -> None:
        if self._sender is not None:
            await self._sender
        await self._forget()

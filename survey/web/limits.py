"""Rate limits per connection and per access code that cannot be turned into a fingerprint.

A limit is a token bucket: ``per_period`` requests, refilled evenly over the
period, so a burst of a whole period's worth is allowed and then one at a
time. Buckets are found by a keyed hash of what they count (the client's
address, an invitation's hash), never by the address itself. A single
process (the SQLite store) keeps them in memory under a key drawn from
``os.urandom`` when it starts and never written anywhere: a restart forgets
everything. Several processes (the PostgreSQL store, ``--workers``) share
them in the store (see :mod:`.shared_limits`) under a key derived from the
form-state secret, so every process names a client's bucket alike. Either
way a bucket that has refilled completely says nothing a fresh one would
not, so it is dropped; only clients seen within the last period are held,
nothing is logged, and a refusal names no one.

Behind a reverse proxy on this machine, every connection comes from the
proxy; then the address the proxy reports as the last ``X-Forwarded-For``
entry is what is counted (hashed like any other), and only from a loopback
peer, so nobody can choose their own bucket from outside.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.responses import Response
    from starlette.types import ASGIApp, Receive, Scope, Send

    from survey.web.shared_limits import SharedBuckets

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
#: Where the middleware leaves the connection's bucket key for later checks (submissions) in the same request.
PEER_KEY = "eqsurvey.peer"


class Buckets:
    """Token buckets: at most ``per_period`` events per ``period`` seconds for each key; 0 means no limit."""

    def __init__(self, per_period: int, period: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_period)
        self.rate = per_period / period if period > 0 else 0.0
        self.period = period
        self._clock = clock
        self._buckets: dict[bytes, tuple[float, float]] = {}  # key -> (tokens, when counted)
        self._last_sweep = clock()

    def allow(self, key: bytes) -> bool:
        """Take one token for ``key``; False (and nothing taken) if it has none left."""
        if self.capacity <= 0:
            return True
        now = self._clock()
        self._sweep(now)
        tokens, then = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True

    def __len__(self) -> int:
        return len(self._buckets)

    def keys(self) -> list[bytes]:
        return list(self._buckets)

    def _sweep(self, now: float) -> None:
        # At most once a period: every bucket untouched for a whole period is full again, so forgotten.
        if now - self._last_sweep < self.period:
            return
        self._last_sweep = now
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < self.period}


@dataclass(frozen=True)
class LimitSettings:
    """The limits ``eqsurvey serve`` is started with (0 turns one off)."""

    requests_per_minute: int = 300
    submissions_per_hour: int = 60
    attempts_per_code: int = 10  # per 10 minutes: checking or sending with one invitation code


class Limits:
    """The server's rate limits: in this process's memory, or shared through the store by every process.

    ``shared`` with ``key`` (the bucket names' key, from the form-state secret) shares them; without,
    buckets live here under a random key of this process.
    """

    def __init__(
        self,
        settings: LimitSettings,
        clock: Callable[[], float] = time.monotonic,
        *,
        shared: SharedBuckets | None = None,
        key: Callable[[], bytes] | None = None,
    ) -> None:
        own = os.urandom(32)
        self._key = key or (lambda: own)
        self._shared = shared
        self.requests = Buckets(settings.requests_per_minute, 60, clock)
        self.submissions = Buckets(settings.submissions_per_hour, 3600, clock)
        self.codes = Buckets(settings.attempts_per_code, 600, clock)

    def key(self, label: str, value: str) -> bytes:
        return hmac.digest(self._key(), f"{label}\0{value}".encode(), "sha256")[:16]

    def peer(self, scope: Scope, behind_proxy: bool) -> bytes:
        """The bucket key of the client that sent this request."""
        client = scope.get("client")
        host = client[0] if client else ""
        if behind_proxy and host in _LOOPBACK:
            forwarded = [v for k, v in scope["headers"] if k == b"x-forwarded-for"]
            if forwarded:
                # The proxy appends what it saw last; entries before it are the client's own claims.
                host = forwarded[-1].decode("latin-1").split(",")[-1].strip() or host
        return self.key("peer", host)

    async def allow_request(self, peer: bytes) -> bool:
        return await self._take("requests", self.requests, peer)

    async def allow_submission(self, peer: bytes) -> bool:
        return await self._take("submissions", self.submissions, peer)

    async def allow_code(self, invitation: str) -> bool:
        return await self._take("codes", self.codes, self.key("code", invitation))

    async def _take(self, kind: str, buckets: Buckets, key: bytes) -> bool:
        if buckets.capacity <= 0:
            return True
        if self._shared is not None:
            taken = await self._shared.take(kind, key, buckets.capacity, buckets.period)
            if taken is not None:
                return taken
        return buckets.allow(key)  # one process, or the shared table out of reach for the moment

    async def aclose(self) -> None:
        if self._shared is not None:
            await self._shared.aclose()


class RateLimit:
    """Refuses a client's requests beyond the per-connection limit with 429 before the app sees them."""

    def __init__(
        self, app: ASGIApp, *, limits: Limits, behind_proxy: bool, refused: Callable[[Scope], Response]
    ) -> None:
        self.app = app
        self.limits = limits
        self.behind_proxy = behind_proxy
        self.refused = refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = self.limits.peer(scope, self.behind_proxy)
        if not await self.limits.allow_request(peer):
            await self.refused(scope)(scope, receive, send)
            return
        scope[PEER_KEY] = peer
        await self.app(scope, receive, send)

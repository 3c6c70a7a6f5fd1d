"""Storing a finished form: the import's own check, seal and store, on one thread that owns the store.

A store connection belongs to the thread that opened it (SQLite insists), and
writes queue for one lock anyway, so one worker thread opens the store on
first use and does every submission; the event loop stays free meanwhile.

Sessions that have submitted are remembered in memory until every state
they were ever given has expired, so replaying any of their posts, the
final one included, stores nothing twice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from anonymize.pseudonyms import new_receipt_code

from ..ingest import ImportReport, store_submission
from ..prepare import Preparer
from ..store import ResponseStore


class UsedSessions:
    """Session ids that have submitted, each kept until ``ttl`` seconds after (when its last state expires)."""

    def __init__(self, ttl: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._until: dict[str, float] = {}
        self._ttl = ttl
        self._clock = clock

    def claim(self, session: str) -> bool:
        """Mark a session as submitting; False if it already has. Atomic on the event loop (no await)."""
        now = self._clock()
        if len(self._until) > 1024:
            self._until = {s: t for s, t in self._until.items() if t > now}
        if self._until.get(session, 0) > now:
            return False
        self._until[session] = now + self._ttl + 1
        return True

    def used(self, session: str) -> bool:
        return self._until.get(session, 0) > self._clock()

    def release(self, session: str) -> None:
        """Forget a claim whose submission failed, so the respondent can send again."""
        self._until.pop(session, None)


class Submitter:
    def __init__(self, open_store: Callable[[], ResponseStore], preparer: Preparer) -> None:
        self._open_store = open_store
        self._preparer = preparer
        self._store: ResponseStore | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eqsurvey-store")

    async def submit(self, answers: dict[str, Any], access_code: str | None) -> tuple[ImportReport, str]:
        """Check, seal and store; returns the report and the receipt code stored (as a keyed hash) with it."""
        receipt = new_receipt_code()
        future = self._executor.submit(self._submit, answers, access_code, receipt)
        return await asyncio.wrap_future(future), receipt

    def _submit(self, answers: dict[str, Any], access_code: str | None, receipt: str) -> ImportReport:
        if self._store is None:
            self._store = self._open_store()
        return store_submission(self._store, self._preparer, answers, access_code=access_code, receipt=receipt)

    def close(self) -> None:
        self._executor.submit(self._close).result()
        self._executor.shutdown()

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

"""Storing finished forms: the import's own check and seal, on one thread that owns the store, in groups.

A store connection belongs to the thread that opened it (SQLite insists),
and writes queue for one lock anyway, so one worker thread opens the store on
first use and does all its work. Forms sent while a commit is under way wait
in a queue; the thread then seals and stores everything waiting in one
transaction (group commit, see :mod:`survey.store.submissions`), so the
number of disk flushes per second bounds groups, not respondents. The event
loop only waits on a future; it is thanked after the commit, never before.

Sessions that have submitted are remembered in memory until every state
they were ever given has expired, so replaying any of their posts shows the
"already sent" page at once. The store remembers them too (the keyed hash
of the session, written with the response; see
:mod:`survey.store.submissions`), so a sent form replayed to another server
process, or after a restart, stores nothing twice either.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from anonymize.pseudonyms import new_receipt_code
from survey.intake.ingest import WebAnswers, store_submissions
from survey.intake.prepare import Preparer
from survey.store import Outcome, ResponseStore

#: Most forms stored in one transaction: enough to absorb any burst, small enough to seal in milliseconds.
MAX_GROUP = 256


class UsedSessions:
    """Session ids that have submitted, each kept until ``ttl`` seconds after (when its last state expires).

    Every claim expires ``ttl + 1`` seconds after it was made, so the oldest
    claim always expires first: forgetting expired ones pops from the front,
    in constant time per claim however many are held.
    """

    def __init__(self, ttl: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._until: OrderedDict[str, float] = OrderedDict()
        self._ttl = ttl
        self._clock = clock

    def claim(self, session: str) -> bool:
        """Mark a session as submitting; False if it already has. Atomic on the event loop (no await)."""
        now = self._clock()
        while self._until and next(iter(self._until.values())) <= now:
            self._until.popitem(last=False)
        if session in self._until:
            return False
        self._until[session] = now + self._ttl + 1
        return True

    def used(self, session: str) -> bool:
        return self._until.get(session, 0) > self._clock()

    def release(self, session: str) -> None:
        """Forget a claim whose submission failed, so the respondent can send again."""
        self._until.pop(session, None)

    def __len__(self) -> int:
        return len(self._until)


@dataclass
class _Job:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]
    form: WebAnswers | None = None  # a form to store, or else ...
    call: Callable[[ResponseStore], Any] | None = None  # ... a read to run on the store's thread

    def finish(self, result: Any = None, error: BaseException | None = None) -> None:
        self.loop.call_soon_threadsafe(_settle, self.future, result, error)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # the respondent went away meanwhile; what was stored stays stored
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Submitter:
    """The store's own thread: forms stored in groups, and the odd read (an invitation's state)."""

    def __init__(self, open_store: Callable[[], ResponseStore], preparer: Preparer) -> None:
        self._open_store = open_store
        self._preparer = preparer
        self._store: ResponseStore | None = None
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="eqsurvey-store", daemon=True)
        self._thread.start()

    async def submit(
        self, answers: dict[str, Any], invitation: str | None, session: str | None = None
    ) -> tuple[Outcome | None, str]:
        """Check, seal and store; the outcome (None: refused by the checks) and the receipt code stored with it.

        ``session``: the keyed hash of the form's session, so that it is stored once, whichever process is sent it.
        """
        receipt = new_receipt_code()
        outcome: Outcome | None = await self._queued(form=WebAnswers(answers, receipt, invitation, session))
        return outcome, receipt

    async def read(self, call: Callable[[ResponseStore], Any]) -> Any:
        return await self._queued(call=call)

    async def _queued(self, **work: Any) -> Any:
        loop = asyncio.get_running_loop()
        job = _Job(loop, loop.create_future(), **work)
        self._jobs.put(job)
        return await job.future

    def _run(self) -> None:
        held: list[_Job | None] = []  # a job taken while gathering a group that is not a form: next in line
        while True:
            job = held.pop() if held else self._jobs.get()
            if job is None:
                break
            if job.call is not None:
                self._do(self._read, [job])
                continue
            group = [job]
            while len(group) < MAX_GROUP and not held:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is not None and more.form is not None:
                    group.append(more)
                else:
                    held.append(more)
            self._do(self._store_group, group)
        if self._store is not None:
            self._store.close()
            self._store = None

    def _do(self, work: Callable[[ResponseStore, list[_Job]], None], jobs: list[_Job]) -> None:
        try:
            if self._store is None:
                self._store = self._open_store()
            work(self._store, jobs)
        except BaseException as exc:  # every waiting respondent learns that nothing of theirs was stored
            self._forget_store()
            for job in jobs:
                job.finish(error=exc)

    def _forget_store(self) -> None:
        """After a failure the connection may be dead (a PostgreSQL restart): the next job opens the store afresh."""
        store, self._store = self._store, None
        if store is not None:
            with contextlib.suppress(Exception):  # closing a broken connection may fail too; it is gone either way
                store.close()

    def _read(self, store: ResponseStore, jobs: list[_Job]) -> None:
        for job in jobs:
            if job.call is not None:
                job.finish(job.call(store))

    def _store_group(self, store: ResponseStore, group: list[_Job]) -> None:
        forms = [job.form for job in group if job.form is not None]
        outcomes = store_submissions(store, self._preparer, forms, day=date.today().isoformat())
        for job, outcome in zip(group, outcomes, strict=True):
            job.finish(outcome)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

"""Opening a large store on every core.

With several batches and several cores, batches are opened by worker
processes that read them from the store themselves and send back compact
columns (category numbers as numpy arrays), which this process merges; this
process opens batches too, from the other end of the list, so it is not idle
while the workers start.

A worker gets the secrets of the batches it opens (data key and layout,
unwrapped here with the private key), never the private key or the
passphrase: least privilege, and nothing a worker holds opens any other batch.
Workers are fresh interpreters ("spawn"), so nothing else of this process's
memory is copied into them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from anonymize.analysis_dataset import DatasetBuilder, Partial
from anonymize.redaction import Redactor
from anonymize.sealing import Envelope, Opener
from instruments.model import Instrument
from instruments.versions.mapping import VersionBridge
from kernel.errors import EqSurveyError
from survey.store import ResponseStore, open_store

MAX_WORKERS = 4


def worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


@dataclass(frozen=True)
class _Setup:
    instrument: Instrument
    address: tuple[str, Path]
    names: tuple[str, ...]
    bridge: VersionBridge | None = None


class _Worker:
    def __init__(self, setup: _Setup) -> None:
        self.store = open_store(*setup.address)
        self.builder = DatasetBuilder(setup.instrument, Redactor(setup.names), setup.bridge)

    def open(self, envelope: Envelope, data_key: bytes, bridge: VersionBridge | None) -> Partial:
        if bridge is not None:  # loaded once a batch of an earlier version turned up (see open_in_workers)
            self.builder.bridge = bridge
        opener = Opener.for_batches({envelope.envelope_id: data_key})
        stored = self.store.stored_batch(envelope.envelope_id)
        self.builder.add_batch(opener, envelope, stored.sealed, stored.days, stored.simulated)
        return self.builder.take()


_WORKER: _Worker | None = None


def _start(setup: _Setup) -> None:
    global _WORKER  # noqa: PLW0603 - one worker state per process, set once when it starts
    gc.disable()  # it only makes columns from answers, which hold no cycles (see survey.intake.bulk)
    _WORKER = _Worker(setup)


def _ready() -> None:
    """Nothing: submitted so that the pool starts its workers (which set themselves up) at once."""


def _open(task: tuple[Envelope, bytes, VersionBridge | None]) -> Partial:
    if _WORKER is None:
        raise RuntimeError("worker started without its setup")
    return _WORKER.open(*task)


def open_in_workers(
    store: ResponseStore,
    builder: DatasetBuilder,
    opener: Opener | Future[Opener],
    *,
    names: tuple[str, ...],
    workers: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Open every batch of the builder's survey with worker processes and this one; columns end up in ``builder``.

    ``workers`` counts this process: it opens batches too, so ``workers - 1`` are started (on two cores, one:
    a second would only take turns with the other two, and start, for nothing).

    Workers take batches from the front, this process from the back: it works
    while the workers start (most of a second), and the workers help once they
    run, so a small store is not slower for them and a large one is opened on
    every core. ``opener`` may be the key still being unlocked: the workers start meanwhile (a spawned
    interpreter's imports take as long as the key's deliberate unlocking), and are given batches once it is.
    """
    if store.address is None:
        raise RuntimeError("the store was not opened with open_store")
    queue = deque(store.envelopes(builder.instrument.id))
    setup = _Setup(builder.instrument, store.address, names, builder.bridge)
    context = multiprocessing.get_context("spawn")

    def merge(partial: Partial) -> None:
        builder.merge(partial)
        if progress is not None:
            progress(len(partial.pseudonyms))

    started = max(1, workers - 1)
    with ProcessPoolExecutor(started, mp_context=context, initializer=_start, initargs=(setup,)) as pool:
        # Workers start on the first task submitted: one that only imports is submitted before the key is awaited.
        warmed = [pool.submit(_ready) for _ in range(started)]
        unlocked = opener.result() if isinstance(opener, Future) else opener
        # Each batch given out, and whether with the full bridge (which the workers do not start with).
        pending: dict[Future[Partial], tuple[Envelope, bool]] = {}

        def give(envelope: Envelope) -> None:
            loaded = builder.bridge is not setup.bridge
            task = (envelope, unlocked.data_key(envelope), builder.bridge if loaded else None)
            pending[pool.submit(_open, task)] = (envelope, loaded)

        def collect(future: Future[Partial]) -> None:
            envelope, loaded = pending.pop(future)
            try:
                merge(future.result())
            except EqSurveyError as exc:
                # A batch of an earlier version, refused whole by a worker without the full bridge: loaded (and
                # checked) here, and the batch given out again with it.
                if exc.problems[0].code != "version-unmapped" or loaded:
                    raise
                builder.load_bridge()
                if builder.bridge is setup.bridge:  # nothing to load it from: refused as the worker did
                    raise
                give(envelope)

        while queue or pending:
            while queue and len(pending) < 2 * started:  # one at work and one waiting, per worker
                give(queue.popleft())
            finished = {f for f in pending if f.done()}
            if queue and not finished:
                envelope = queue.pop()
                stored = store.stored_batch(envelope.envelope_id)
                builder.add_batch(unlocked, envelope, stored.sealed, stored.days, stored.simulated)
                if progress is not None:
                    progress(len(stored.days))
                continue
            if not finished:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                collect(future)
        for ready in warmed:
            ready.result()

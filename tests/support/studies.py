"""Simulation studies split over processes: each part its own seed, its own share of the replications."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, TypeVar

import numpy as np

Part = TypeVar("Part")


def in_processes(
    simulate: Callable[..., Part], replications: int, workers: int, seed: int, *, numbered: bool = True
) -> list[Part]:
    """``simulate(seed, count[, first])`` on ``workers`` spawned processes, the replications shared out.

    Each process gets a seed of its own from ``seed`` (numpy's SeedSequence), so that the parts draw
    independent samples; ``numbered``: ``simulate`` also takes the number of its first replication (so
    that replications keep distinct numbers across parts). One worker runs in this process.
    """
    seeds = [int(s) for s in np.random.SeedSequence(seed).generate_state(workers)]
    shares = [replications // workers + (i < replications % workers) for i in range(workers)]
    firsts = [sum(shares[:i]) for i in range(workers)]
    arguments: list[list[Any]] = [seeds, shares, firsts] if numbered else [seeds, shares]
    if workers == 1:
        return [simulate(*(column[0] for column in arguments))]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        return list(pool.map(simulate, *arguments))


class Tallying(Protocol):
    """What a study's tally must do to be split over processes: merge the others' parts into it."""

    def merge(self, other: Any) -> None: ...


Tallied = TypeVar("Tallied", bound=Tallying)


def _replicated(
    replicate: Callable[[np.random.Generator, int, Tallied], None],
    tally: Callable[[], Tallied],
    seed: int,
    replications: int,
    first: int,
) -> Tallied:
    rng = np.random.default_rng(seed)
    out = tally()
    for r in range(replications):
        replicate(rng, first + r, out)
    return out


def tally_study(
    replicate: Callable[[np.random.Generator, int, Tallied], None],
    tally: Callable[[], Tallied],
    replications: int,
    workers: int,
    seed: int,
) -> Tallied:
    """``replicate(rng, number, tally)`` ``replications`` times over ``workers`` processes, the parts merged.

    ``replicate`` and ``tally`` must be module-level (the processes are spawned, and get them pickled).
    """
    parts = in_processes(partial(_replicated, replicate, tally), replications, workers, seed)
    merged = tally()
    for part in parts:
        merged.merge(part)
    return merged

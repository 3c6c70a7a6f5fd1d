"""The order of the dataset's rows: by pseudonym, a keyed hash, so that it says nothing about when anyone answered.

Sorting a million pseudonyms as Python strings takes over a second, after every response is opened and before
the first row is written. Pseudonyms are hex digests, all as long as each other: for such strings, the order of
their first eight bytes read as one big-endian number is their order, so numpy sorts those numbers and only the
few rows whose first eight bytes tie are put in order by their whole pseudonym.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_HEAD = 8


def pseudonym_order(pseudonyms: Sequence[str]) -> np.ndarray:
    """The row numbers in the order of their pseudonyms, exactly as Python's stable sort of the strings gives them
    (equal pseudonyms, which the store does not hold, keep their order)."""
    n = len(pseudonyms)
    width = len(pseudonyms[0]) if n else 0
    joined = "".join(pseudonyms).encode("utf-8")
    # One byte per character (ASCII) and every one as long as the first: byte order is code point order.
    if width < _HEAD or len(joined) != n * width or any(len(p) != width for p in pseudonyms):
        return np.fromiter(sorted(range(n), key=pseudonyms.__getitem__), dtype=np.intp, count=n)
    rows = np.frombuffer(joined, dtype=np.uint8).reshape(n, width)
    heads = np.ascontiguousarray(rows[:, :_HEAD]).view(">u8").ravel().astype(np.uint64)
    order = np.argsort(heads, kind="stable")
    ranked = heads[order]
    ties = np.concatenate(([False], ranked[1:] == ranked[:-1], [False]))
    # Runs of sorted rows whose heads are equal: each is [start, stop] in the order, stop included.
    edges = np.flatnonzero(np.diff(ties.astype(np.int8)))
    for start, stop in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        run = order[start : stop + 1]
        run[:] = sorted(run.tolist(), key=pseudonyms.__getitem__)
    return order.astype(np.intp, copy=False)

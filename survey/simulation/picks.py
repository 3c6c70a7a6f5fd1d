"""Weighted draws for whole columns: one respondent's ``random.choices`` done for many at once.

A draw by weights is a uniform number placed on the weights' cumulative sums;
several distinct options by weights, the way ticking one after another without
repeats does it, are the ``k`` smallest keys ``e / w`` with ``e`` exponential (Efraimidis and
Spirakis' weighted sampling without replacement).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def groups(keys: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Each distinct key and the positions holding it, sorted once (not a pass over all per key)."""
    if not len(keys):
        return
    present = np.flatnonzero(np.bincount(keys)) if keys.min() >= 0 and keys.max() < 4 * len(keys) + 64 else None
    if present is not None and len(present) == 1:
        yield int(present[0]), np.arange(len(keys))
        return
    if present is not None and len(present) <= 8:  # a pass per key beats a sort when there are few
        for key in present.tolist():
            yield key, np.flatnonzero(keys == key)
        return
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        yield int(ordered[start]), order[start:end]


def usable(weights: np.ndarray) -> np.ndarray:
    """Weights that can be drawn from: all equal where none is positive (as an offered subset may have)."""
    weights = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    return weights if weights.sum() > 0 else np.ones_like(weights)


#: Up to this many options, a draw counts the cumulative weights it reaches (one comparison a column each), not
#: a binary search per number: the same options, at a fraction of the cost for the few options most questions have.
FEW = 8


def pick(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The option each uniform number draws, by weights (the same for all)."""
    # In the precision of ``u`` (single, for columns): a double target would double the memory of a large draw.
    cumulative = np.cumsum(usable(weights)).astype(u.dtype)
    target = u * cumulative[-1]
    if len(cumulative) <= FEW:
        # The number of cumulative weights (but the last) at or below the target: what the search finds, capped.
        found = np.zeros(len(u), dtype=np.intp)
        for bound in cumulative[:-1]:
            found += target >= bound
        return found
    out: np.ndarray = np.minimum(np.searchsorted(cumulative, target, side="right"), len(cumulative) - 1)
    return out


def pick_rows(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The option each uniform number draws, by weights of its own row (rows without a positive weight: none)."""
    cumulative = np.cumsum(weights, axis=1)
    target = u * cumulative[:, -1]
    found = (cumulative <= target[:, None]).sum(axis=1)
    last = weights.shape[1] - 1 - np.argmax((weights > 0)[:, ::-1], axis=1)
    out: np.ndarray = np.minimum(found, last)
    return out


def tick(grid: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> None:
    """``grid[rows[i], columns[i]] = True`` for each ``i``, through the flat view of a C-ordered grid.

    One index per cell instead of two: numpy's two-array indexing costs four to five times as much.
    """
    if not grid.flags.c_contiguous:  # the flat "view" would be a copy, and the ticks lost
        raise ValueError("tick needs a C-ordered grid")
    grid.reshape(-1)[rows * grid.shape[1] + columns] = True


def top_k(exponential: np.ndarray, weights: np.ndarray, k: np.ndarray, barred: np.ndarray | None = None) -> np.ndarray:
    """Per row, ``k`` distinct options by ``weights`` (zero: never; ``barred`` per row: never either).

    ``exponential`` holds standard exponential numbers (rows × options): the options with the ``k``
    smallest ``e / w`` are a weighted draw without replacement, as ticking one after another is.
    """
    candidates = weights > 0
    keys = np.full(exponential.shape, np.inf, dtype=np.float32)
    keys[:, candidates] = exponential[:, candidates] / weights[candidates].astype(np.float32)
    if barred is not None:
        keys[barred] = np.inf
    # The k-th smallest key of each row is the threshold (ties of continuous keys have probability zero).
    threshold = np.sort(keys, axis=1)[np.arange(len(keys)), k - 1]
    chosen: np.ndarray = keys <= threshold[:, None]
    chosen &= np.isfinite(keys)
    return chosen

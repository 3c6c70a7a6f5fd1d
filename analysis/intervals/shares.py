"""A share's 95 % interval: Wilson's score interval with the exact DP variance of the share added.

A share x / base of a group is read as a statement about the population the
respondents come from, so its interval adds sampling error (as if they were a
simple random sample) to the DP noise. It holds the shares p in [0, 1] with

    (share − p)² ≤ z² (p (1 − p) / base + V(p)),

where V(p) = Var(x − p · base) / base² is the DP variance of the share were p
the truth (the delta method): exact for consistent cells, whose noise
variances and covariance with their base follow from the linear consistency
step (:func:`analysis.consistency.noise`). Without noise it is Wilson's
interval; with it, its coverage stays near 95 % for small groups and shares
near 0 or 1, where the plain normal interval falls short.

The share tested is the *unclamped* ratio of unbiased counts, which may lie a
little outside [0, 1] near the edges. Clamping it first would push every
interval that missed past the edge back onto the truth (a share of 0.9986
would be covered in nearly all releases whose estimate exceeds 1); instead
the set of p is found from the ratio as measured and then cut to [0, 1]. If
that leaves nothing (the ratio is far outside), the interval is the edge
itself — a miss unless the truth is exactly 0 or 1, as it should be.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analysis.intervals.counts import Z95, py_max, py_min


@dataclass(frozen=True)
class ShareNoise:
    """The DP variance of a share x / base were p the true share: (a + b p + c p²) / base² (delta method)."""

    a: float
    """Var(x)."""
    b: float
    """−2 Cov(x, base)."""
    c: float
    """Var(base)."""

    @classmethod
    def of_part(cls, cell: float, others: float) -> ShareNoise:
        """x and base − x measured apart, with noise variances ``cell`` and ``others`` (a single choice):
        ((1 − p)² cell + p² others) / base²."""
        return cls(cell, -2 * cell, cell + others)

    @classmethod
    def of_ratio(cls, cell: float, total: float) -> ShareNoise:
        """x and the base measured apart, with noise variances ``cell`` and ``total`` (a multiple choice,
        whose base is its own ``_answered`` cell): (cell + p² total) / base²."""
        return cls(cell, 0.0, total)

    @classmethod
    def of_cells(cls, cell: float, covariance: float, base: float) -> ShareNoise:
        """From the exact variance of x, its covariance with the base, and the base's variance."""
        return cls(cell, -2 * covariance, base)


def share_estimate(count: float, base: float, noise: ShareNoise) -> float:
    """The ratio count / base, less its second-order bias from the noise of both (delta method).

    E[x / B] ≈ E[x] / E[B] − Cov(x, B) / E[B]² + E[x] Var(B) / E[B]³; without the
    correction a share near 0 in a group of 20–100 sits about 0.1 of its sd
    too low, one near 1 about 0.15 too high (a ratio of noisy counts leans to
    the edges). Not clamped: see the module's note.
    """
    ratio = count / base
    return ratio - (ratio * noise.c + noise.b / 2) / (base * base)


def share_interval(share: float, base: float, dp_variance: float | ShareNoise) -> tuple[float, float]:
    """The shares p in [0, 1] within z of ``share`` (an unclamped ratio), noise and sampling together.

    ``dp_variance``: a :class:`ShareNoise`, or a number taken as the same for every p.
    """
    noise = dp_variance if isinstance(dp_variance, ShareNoise) else ShareNoise(dp_variance * base * base, 0.0, 0.0)
    z2, b2 = Z95 * Z95, base * base
    # (share − p)² − z² (p − p²) / base − z² (a + b p + c p²) / base² = 0, a quadratic in p.
    lead = 1 + z2 / base - z2 * noise.c / b2
    if lead <= 0:  # the base's noise swamps the base itself: any share is possible
        return 0.0, 1.0
    middle = 2 * share + z2 / base + z2 * noise.b / b2
    last = share * share - z2 * noise.a / b2
    disc = middle * middle - 4 * lead * last
    if disc < 0:  # no share is within z: the ratio is far outside; the nearest edge
        edge = min(max(share, 0.0), 1.0)
        return edge, edge
    root = math.sqrt(disc)
    low, high = (middle - root) / (2 * lead), (middle + root) / (2 * lead)
    if high < 0.0 or low > 1.0:
        edge = 0.0 if high < 0.0 else 1.0
        return edge, edge
    if 0.0 <= share <= 1.0:  # the share itself always solves the inequality; only rounding could put it outside
        low, high = min(low, share), max(high, share)
    return max(low, 0.0), min(high, 1.0)


def share_dp_variance(share: float, base: float, cell: float, others: float) -> float:
    """Delta method for share = x / base: ``cell`` is x's noise variance, ``others`` that of base − x."""
    return ((1 - share) ** 2 * cell + share * share * others) / (base * base)


@dataclass(frozen=True)
class ShareNoises:
    """:class:`ShareNoise` of many cells: one array per coefficient."""

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray


def share_estimates(counts: np.ndarray, bases: np.ndarray, noise: ShareNoises) -> np.ndarray:
    """:func:`share_estimate` of many cells at once (the same numbers, element by element)."""
    ratio = counts / bases
    out: np.ndarray = ratio - (ratio * noise.c + noise.b / 2) / (bases * bases)
    return out


def share_intervals(shares: np.ndarray, bases: np.ndarray, noise: ShareNoises) -> tuple[np.ndarray, np.ndarray]:
    """:func:`share_interval` of many unclamped ratios at once (the same numbers, element by element)."""
    z2, b2 = Z95 * Z95, bases * bases
    lead = 1 + z2 / bases - z2 * noise.c / b2
    middle = 2 * shares + z2 / bases + z2 * noise.b / b2
    last = shares * shares - z2 * noise.a / b2
    disc = middle * middle - 4 * lead * last
    root = np.sqrt(np.maximum(disc, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):  # where lead <= 0 the answer is (0, 1) below
        roots = (middle - root) / (2 * lead), (middle + root) / (2 * lead)
    inside = (shares >= 0.0) & (shares <= 1.0)
    low = py_max(np.where(inside, py_min(roots[0], shares), roots[0]), 0.0)
    high = py_min(np.where(inside, py_max(roots[1], shares), roots[1]), 1.0)
    # share_interval's exceptions, the last checked first, so that the first that applies there wins here.
    off = (roots[1] < 0.0) | (roots[0] > 1.0)
    edge = np.where(roots[1] < 0.0, 0.0, 1.0)
    low, high = np.where(off, edge, low), np.where(off, edge, high)
    nearest = py_min(py_max(shares, 0.0), 1.0)
    low, high = np.where(disc < 0, nearest, low), np.where(disc < 0, nearest, high)
    swamped = lead <= 0
    return np.where(swamped, 0.0, low), np.where(swamped, 1.0, high)

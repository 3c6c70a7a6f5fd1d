"""A count's 95 % interval: Feldman and Cousins's unified interval for a normal mean that cannot be negative.

A count after consistency is its true value plus normal noise of a known
variance (the step is linear and unbiased; nothing is clamped). The plain
interval ``value ± z σ`` covers 95 % but may reach below zero, and once cut
at zero it can be empty; mapping an empty interval to [0, 0] makes it cover
97.5 % at a true count of 0. The unified interval (Feldman and Cousins,
Phys. Rev. D 57, 3873, 1998) is the Neyman construction that ranks possible
observations by their likelihood ratio against the best non-negative count:
it is never empty, never reaches below zero, covers exactly 95 % at every
true count ≥ 0 (zero included), and is ``value ± z σ`` once the value is
2 z σ (3.9 σ) clear of zero; nearer (from 0 up), its upper end is still
``value + z σ`` and its lower end higher than ``value − z σ``.
"""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np

LEVEL = 0.95
Z95 = NormalDist().inv_cdf(0.975)
_NORMAL = NormalDist()
TOP = 4.0
"""Above this true count (in σ) the belt is the symmetric ``μ ± z``; the table stops there."""


def _acceptance(mus: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The observations (in σ, noise of sd 1) that the unified construction accepts for each true count in ``mus``.

    For μ > 0 the region [x₁, x₂] has equal likelihood ratios at its ends (below zero the ratio is
    exp(μx − μ²/2), above exp(−(x − μ)²/2)) and holds 95 %. Its mass falls as x₁ rises (x₁ moves up, x₂
    down), so x₁ is found by bisection, all true counts at once: a thousand root searches one by one
    took most of a second, paid by every process that made a release.
    """
    from scipy.special import ndtr

    positive = np.maximum(mus, 1e-300)

    def upper(x1: np.ndarray) -> np.ndarray:
        below = positive + np.sqrt(np.maximum(positive * positive - 2 * positive * x1, 0.0))
        ends: np.ndarray = np.where(x1 < 0, below, 2 * positive - x1)
        return ends

    low, high = -10.0 / positive - 10.0, positive.copy()
    for _ in range(200):  # the bracket halves each round; stops once no end moves
        mid = (low + high) / 2
        holds = ndtr(upper(mid) - positive) - ndtr(mid - positive) > LEVEL
        low, high = np.where(holds, mid, low), np.where(holds, high, mid)
        if np.all(high - low <= 1e-12 * np.maximum(1.0, np.abs(low))):
            break
    x1 = (low + high) / 2
    zero = mus <= 0
    return np.where(zero, -math.inf, x1), np.where(zero, _NORMAL.inv_cdf(LEVEL), upper(x1))


@functools.cache
def _belt() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True counts (σ) on a grid fine near zero, with the lower and upper ends of their acceptance regions."""
    mus = np.concatenate([[0.0], np.geomspace(1e-4, 0.5, 300), np.linspace(0.5, TOP, 701)[1:]])
    lower, upper = _acceptance(mus)
    return mus, lower, upper


def unified(x: float) -> tuple[float, float]:
    """The unified 95 % interval (in σ) for an observation ``x`` (in σ) of a non-negative mean."""
    mus, lower, upper = _belt()
    # μ is in the interval when x lies in its acceptance region [lower(μ), upper(μ)]; both ends rise with μ.
    high = x + Z95 if x >= lower[-1] else float(np.interp(x, lower[1:], mus[1:]))
    low = 0.0 if x <= upper[0] else x - Z95 if x >= upper[-1] else float(np.interp(x, upper, mus))
    return max(low, 0.0), max(high, low, 0.0)


def count_interval(count: float, variance: float) -> tuple[float, float]:
    """The 95 % interval of a count whose unbiased, unclamped estimate is ``count`` (noise ``variance``)."""
    sd = math.sqrt(variance)
    if sd == 0:
        return max(count, 0.0), max(count, 0.0)
    low, high = unified(count / sd)
    return low * sd, high * sd


def count_intervals(counts: np.ndarray, variances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`count_interval` of many counts at once (the same numbers, element by element)."""
    mus, lower, upper = _belt()
    sd = np.sqrt(variances)
    noiseless = sd == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(noiseless, 0.0, counts / np.where(noiseless, 1.0, sd))
    high = np.where(x >= lower[-1], x + Z95, np.interp(x, lower[1:], mus[1:]))
    low = np.where(x <= upper[0], 0.0, np.where(x >= upper[-1], x - Z95, np.interp(x, upper, mus)))
    low, high = py_max(low, 0.0), py_max(py_max(high, low), 0.0)
    clamped = py_max(counts, 0.0)
    return np.where(noiseless, clamped, low * sd), np.where(noiseless, clamped, high * sd)


def py_max(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Python's ``max(a, b)`` element by element: ``a`` unless ``b`` is larger (so max(-0.0, 0.0) is -0.0, and
    the JSON of a release says so as it did when cells were made one by one; np.maximum would say 0.0)."""
    out: np.ndarray = np.where(b > a, b, a)
    return out


def py_min(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Python's ``min(a, b)`` element by element (see :func:`py_max`)."""
    out: np.ndarray = np.where(b < a, b, a)
    return out

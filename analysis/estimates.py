"""From noisy, consistent cells to published estimates: counts, shares, means, with 95 % intervals.

What the intervals include:

- a **count** is about the people who took part: its interval is the DP noise
  alone (normal, with the noise's known variance);
- a **share** or **mean** is also read as a statement about the population the
  respondents come from: its interval adds sampling error as if they were a
  simple random sample (for a non-probability sample the release says that
  this assumption does not hold). Shares use Wilson's score interval at the
  effective sample size that gives the same total variance (the DP part by the
  delta method), which keeps its coverage near 95 % for small groups and
  shares near 0 or 1, where the plain normal interval falls short.

Variances are those of the noise as added; the consistency step that ran
before does not make them larger.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

from .plan import Publication

Z95 = NormalDist().inv_cdf(0.975)

Cell = dict[str, Any]


def count_interval(count: float, variance: float) -> tuple[float, float]:
    half = Z95 * math.sqrt(variance)
    return max(count - half, 0.0), max(count + half, 0.0)


def share_interval(share: float, base: float, dp_variance: float) -> tuple[float, float]:
    """Wilson's interval at the effective n whose binomial variance equals sampling + DP variance."""
    p = min(max(share, 0.5 / base), 1 - 0.5 / base)
    sampling = p * (1 - p) / base
    n = p * (1 - p) / (sampling + dp_variance)
    z2 = Z95 * Z95
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    return max(centre - half, 0.0), min(centre + half, 1.0)


def share_dp_variance(share: float, base: float, cell: float, others: float) -> float:
    """Delta method for share = x / base: ``cell`` is x's noise variance, ``others`` that of base − x."""
    return ((1 - share) ** 2 * cell + share * share * others) / (base * base)


def status(n: float | None, base: float | None, rules: Publication) -> str:
    smallest = min(v for v in (n, base) if v is not None)
    if smallest < rules.suppress_below:
        return "suppressed"
    return "uncertain" if smallest < rules.flag_below else "shown"


def imprecise(share: float, low: float, high: float, rules: Publication) -> bool:
    half = (high - low) / 2
    return share <= 0 or half / share > rules.max_relative_error


def hide(cell: Cell) -> Cell:
    """A suppressed cell keeps its place and labels, never its numbers."""
    return {k: (None if k in _NUMBERS else v) for k, v in cell.items()}


_NUMBERS = frozenset(
    {
        "estimate",
        "low",
        "high",
        "n",
        "base",
        "share",
        "share_low",
        "share_high",
        "reference",
        "ratio",
        "ratio_low",
        "ratio_high",
    }
)


def mean_estimate(
    n: float, total: float, squares: float, noise: tuple[float, float, float], bounds: tuple[float, float]
) -> tuple[float, float, float]:
    """Mean and interval from noisy count, sum and sum of squares of values centred on the scale's middle.

    The ratio of two noisy sums is biased by about mean · σ_n² / n²; that is
    corrected, and the interval adds the DP variance (delta method) to the
    sampling variance estimated from the noisy sum of squares.
    """
    var_n, var_sum, _ = noise
    lo, hi = bounds
    middle, half = (lo + hi) / 2, (hi - lo) / 2
    centred = total / n / (1 + var_n / (n * n))
    centred = min(max(centred, -half), half)
    spread = min(max(squares / n - centred * centred, 0.0), half * half)
    variance = (var_sum + centred * centred * var_n) / (n * n) + spread / n
    width = Z95 * math.sqrt(variance)
    mean = middle + centred
    return mean, max(mean - width, lo), min(mean + width, hi)

"""From noisy, consistent cells to published estimates: counts, shares, means, with 95 % intervals.

What the intervals include:

- a **count** is about the people who took part: its interval is the DP noise
  alone (normal, with the noise's known variance);
- a **share** or **mean** is also read as a statement about the population the
  respondents come from: its interval adds sampling error as if they were a
  simple random sample (for a non-probability sample the release says that
  this assumption does not hold). Shares use Wilson's score interval with the
  DP variance added to the binomial one, both as functions of the share tested
  (the DP part by the delta method, see :class:`ShareNoise`): its coverage stays
  near 95 % for small groups and shares near 0 or 1, where the plain normal
  interval falls short.

Variances are those of the noise as added; the consistency step that ran
before does not make them larger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from .plan import Publication

Z95 = NormalDist().inv_cdf(0.975)

Cell = dict[str, Any]


def count_interval(count: float, variance: float) -> tuple[float, float]:
    half = Z95 * math.sqrt(variance)
    return max(count - half, 0.0), max(count + half, 0.0)


@dataclass(frozen=True)
class ShareNoise:
    """The DP variance of a share x / base were p the true share: (a + b p + c p²) / base² (delta method)."""

    a: float
    b: float
    c: float

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


def share_interval(share: float, base: float, dp_variance: float | ShareNoise) -> tuple[float, float]:
    """Wilson's score interval at the base, with the share's DP variance added to the binomial one.

    It holds the shares p with (share − p)² ≤ z² (p (1 − p) / base + V(p)), where V
    is the DP variance of the share were p the truth: a :class:`ShareNoise`, or a
    number, taken as the same for every p. Without noise it is Wilson's interval.
    (Wilson's interval at the "effective n" whose binomial variance equals the
    total at the estimate scales the DP part like p (1 − p) instead: in small
    groups shares near 0 then covered 85–90 %, shares near ½ up to 99 %.)
    """
    noise = dp_variance if isinstance(dp_variance, ShareNoise) else ShareNoise(dp_variance * base * base, 0.0, 0.0)
    z2, b2 = Z95 * Z95, base * base
    # (share − p)² − z² (p − p²) / base − z² (a + b p + c p²) / base² = 0, a quadratic in p.
    lead = 1 + z2 / base - z2 * noise.c / b2
    if lead <= 0:  # the base's noise swamps the base itself: any share is possible
        return 0.0, 1.0
    middle = 2 * share + z2 / base + z2 * noise.b / b2
    last = share * share - z2 * noise.a / b2
    root = math.sqrt(max(middle * middle - 4 * lead * last, 0.0))
    low, high = (middle - root) / (2 * lead), (middle + root) / (2 * lead)
    # The share itself always solves the inequality; only rounding could put it a hair outside.
    return max(min(low, share), 0.0), min(max(high, share), 1.0)


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


#: All a suppressed cell says: where it sits and that it is suppressed. Any other field (a number set to
#: null, a share's status, even whether the cell has a share at all) follows from its hidden noisy values.
SUPPRESSED_KEYS = ("row", "measure", "by", "status")


def hide(cell: Cell) -> Cell:
    """A suppressed cell keeps its place and labels, nothing else (:data:`SUPPRESSED_KEYS`)."""
    return {"row": cell.get("row"), "measure": cell.get("measure"), "by": dict(cell.get("by") or {}),
            "status": "suppressed"}  # fmt: skip


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

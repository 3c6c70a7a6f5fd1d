"""Write-ins: a count published only because its noise carried it over a threshold, and its interval.

An answer is published only when its noisy count clears the threshold T of
OpenDP's thresholded Gaussian (and the suppression rule's own floor), so
among published answers the noisy count over-states the truth: an answer
given by 30 people with T = 33 shows only when its noise was large, and a
plain ``value ± z σ`` interval then (almost) never holds 30. What is known
is the noisy count's distribution *given that it was published*: a normal
N(μ, σ²) truncated to [T, ∞). With F_μ its distribution function,

- the interval is every μ ≥ 0 for which the observed value lies between the
  2.5 % and 97.5 % quantiles of F_μ, i.e. 0.025 ≤ F_μ(value) ≤ 0.975. F_μ(value)
  falls as μ rises, so the ends solve F_μ(value) = 0.975 and = 0.025. For
  every true count the interval covers with probability 95 % among the
  releases that publish the answer (the test inversion of a conditional
  test; cf. Lee, Sun, Sun and Taylor, Ann. Statist. 44, 2016, for the same
  construction after selection);
- the estimate is the μ with F_μ(value) = ½: *median*-unbiased given
  publication (it is below the truth in half the releases that publish the
  answer, above it in the other half). No estimator that depends only on
  the published value is mean-unbiased for every μ given publication, since
  far below T the value barely depends on μ; the median-unbiased one is the
  standard choice.

The noisy value as measured is kept in the cell's ``n`` for the publication
rules; ``estimate``, ``low`` and ``high`` are the selection-aware ones.
"""

from __future__ import annotations

import math


def _survival(value: float, mu: float, sd: float, cut: float) -> float:
    """log P(X > value | X ≥ cut) for X ~ N(mu, sd²): rises from −∞ to 0 as mu rises."""
    from scipy.special import log_ndtr

    return float(log_ndtr((mu - value) / sd) - log_ndtr((mu - cut) / sd))


def _solve(value: float, sd: float, cut: float, above: float) -> float:
    """The μ ≥ 0 with P(X > value | X ≥ cut) = ``above`` (0 if even μ = 0 gives more)."""
    from scipy.optimize import brentq

    target = math.log(above)

    def gap(mu: float) -> float:
        return _survival(value, mu, sd, cut) - target

    if gap(0.0) >= 0:
        return 0.0
    high = max(value, cut) + 10 * sd
    while gap(high) < 0:
        high += 10 * sd
    return float(brentq(gap, 0.0, high, xtol=1e-9 * max(1.0, sd)))


def selected_estimate(value: float, sd: float, cut: float) -> tuple[float, float, float]:
    """Median-unbiased estimate and 95 % interval of a count published because ``value`` ≥ ``cut``."""
    value = max(value, cut + 1e-9 * sd)  # published values are at the cut or above
    # P(X > value | X ≥ cut) = 1 − F_μ(value): 0.025 at the low end, 0.5 at the estimate, 0.975 at the high end.
    return _solve(value, sd, cut, 0.5), _solve(value, sd, cut, 0.025), _solve(value, sd, cut, 0.975)

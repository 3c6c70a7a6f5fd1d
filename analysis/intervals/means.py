"""A mean's estimate and 95 % interval from noisy counts, sums and sums of squares."""

from __future__ import annotations

import math

from .counts import Z95


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

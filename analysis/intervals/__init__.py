"""95 % intervals of published figures, one module per kind of figure.

- :mod:`.counts`: counts (Feldman and Cousins's unified interval for a
  non-negative normal mean; exact coverage at every true count, zero included);
- :mod:`.shares`: shares of a group (Wilson's score interval with the exact DP
  variance of the share added, tested at the unclamped ratio);
- :mod:`.means`: means of a scale (delta method, noise and sampling);
- :mod:`.selected`: write-ins, published only when their noisy count clears a
  threshold (the interval and a median-unbiased estimate given publication).
"""

from analysis.intervals.counts import LEVEL, Z95, count_interval, count_intervals
from analysis.intervals.means import mean_estimate
from analysis.intervals.selected import selected_estimate
from analysis.intervals.shares import (
    ShareNoise,
    ShareNoises,
    share_dp_variance,
    share_estimate,
    share_estimates,
    share_interval,
    share_intervals,
)

__all__ = [
    "LEVEL",
    "Z95",
    "ShareNoise",
    "ShareNoises",
    "count_interval",
    "count_intervals",
    "mean_estimate",
    "selected_estimate",
    "share_dp_variance",
    "share_estimate",
    "share_estimates",
    "share_interval",
    "share_intervals",
]

"""Where an interval holds the truth more often than the 95 % it promises, and how often (the release says so).

Measured by the coverage study (benchmarks/coverage_study.py, the README's
table "Coverage per cell class"), not derived: two classes of cell stay above
97 % however the interval is built.

- Means of groups under :data:`SMALL_MEAN_GROUP` respondents: their noisy
  count is off by a large fraction, and the interval, cut to the scale's
  ends, often spans most of it (97.3 %).
- Shares whose interval is the edge [0, 0]: the unclamped ratio lies so far
  below zero that no share is within reach, and 0 itself holds the truth
  whenever the group's true share is 0 (97.4–98.5 %).
"""

from __future__ import annotations

SMALL_MEAN_GROUP = 40
"""Noisy respondents below which a mean's interval is conservative."""
SMALL_MEAN_COVERAGE = 0.973
EDGE_SHARE_COVERAGE = 0.98


def mean_coverage(n: float) -> float | None:
    """The coverage of a mean's interval in a group of ``n`` (noisy) respondents, where it is not 95 %."""
    return SMALL_MEAN_COVERAGE if n < SMALL_MEAN_GROUP else None


def share_coverage(low: float, high: float) -> float | None:
    """The coverage of a share's interval [low, high], where it is not 95 %."""
    return EDGE_SHARE_COVERAGE if high <= 0 else None

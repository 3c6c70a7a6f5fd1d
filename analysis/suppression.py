"""From noisy, consistent cells to published estimates: what a cell shows, and when it is shown.

The numbers and their 95 % intervals are worked out in :mod:`analysis.intervals`;
what they are, in brief:

- a **count** is about the people who took part. After consistency (a linear,
  unbiased least-squares step; nothing is clamped) a count is its true value
  plus normal noise whose exact variance is known, so it is unbiased in every
  cell, empty ones included, and so is every sum of cells. A count below zero
  is shown as 0 (it can only be shown when the plan suppresses nothing; the
  cell then keeps the unbiased value as ``unclamped``); its interval is the
  unified interval for a non-negative mean, which covers 95 % at every true
  count, 0 included;
- a **share** or **mean** is also read as a statement about the population the
  respondents come from: its interval adds sampling error as if they were a
  simple random sample (for a non-probability sample the release says that
  this assumption does not hold). A share is the ratio of two unbiased counts
  less the ratio's own second-order bias, so it is *not* exactly count / base
  (see :func:`analysis.intervals.share_estimate`); its interval is tested at
  that unclamped value and cut to [0, 1]. A mean's interval shrinks with its
  bias correction;
- a **write-in** is published only when its noisy count clears a threshold;
  its estimate and interval are those given publication.
"""

from __future__ import annotations

from analysis.intervals import Z95
from analysis.plans.model import Publication
from analysis.releases.cells import SUPPRESSED_KEYS, CellStatus

__all__ = ["SUPPRESSED_KEYS", "Z95", "imprecise", "status"]


def status(n: float | None, base: float | None, rules: Publication) -> CellStatus:
    smallest = min(v for v in (n, base) if v is not None)
    if smallest < rules.suppress_below:
        return CellStatus.SUPPRESSED
    return CellStatus.UNCERTAIN if smallest < rules.flag_below else CellStatus.SHOWN


def imprecise(share: float, low: float, high: float, rules: Publication) -> bool:
    half = (high - low) / 2
    return share <= 0 or half / share > rules.max_relative_error

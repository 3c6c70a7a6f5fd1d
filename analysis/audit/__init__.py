"""The disclosure audit: what a reader can work out about suppressed cells from what a release publishes.

- ``settings``: how precisely the attacker reads the figures (:class:`Reading`)
  and how wide a hidden cell's range must stay (:class:`Protection`).
- ``constraints``: the linear constraints the published figures of count
  tables imply (shown counts, bases, shares, margins made equal, a floor of −5 noise deviations).
- ``attack``: each suppressed cell's smallest and largest value under them
  (linear programs, HiGHS), and which are disclosed.
- ``secondary_suppression`` (``protect``): secondary suppression, run by every release before it is
  stored: further cells hidden until the attack discloses none.
"""

from __future__ import annotations

from analysis.audit.attack import Audit, Implied, TableAudit, audit
from analysis.audit.secondary_suppression import Suppression, protect
from analysis.audit.settings import Protection, Reading

__all__ = ["Audit", "Implied", "Protection", "Reading", "Suppression", "TableAudit", "audit", "protect"]

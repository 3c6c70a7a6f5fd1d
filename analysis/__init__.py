"""analysis: the differential-privacy layer (plans, accuracy preview, budget ledger, OpenDP releases).

This package is built by the analysis issue; it has no public names yet.
"""

from __future__ import annotations

__all__: list[str] = []

"""reports: rendering releases as accessible, bilingual HTML/PDF/CSV/JSON reports.

This package is built by the reports issue; it has no public names yet.
"""

from __future__ import annotations

__all__: list[str] = []

"""anonymize: protecting responses (keys, keyed pseudonyms, sealing, redaction, erasure, disclosure-risk checks).

This package is built by the protected-store issue; it has no public names yet.
"""

from __future__ import annotations

__all__: list[str] = []

"""survey.partners: community partners' review links and their sealed notes, on the collecting side.

Modules and their roles:

- ``store``: :class:`PartnerStore`, one SQLite file of its own (``data/partners.sqlite``): each
  organisation's link as a keyed hash bound to one instrument version and content hash (revocable),
  and the partners' notes as sealed there (never readable by the server).
- ``bundle``: the file that carries links (hashes, never tokens) to the server and sealed notes back
  to the analysts; read strictly, every problem named.

Tokens, keyed hashes and sealing are :mod:`anonymize.partner_notes`'s; the review pages are
:mod:`survey.web.review`'s.
"""

from __future__ import annotations

from kernel.lazy import lazy_exports

__all__ = ["PartnerLink", "PartnerStore"]

__getattr__ = lazy_exports(__name__, {"PartnerLink": ".store", "PartnerStore": ".store"})

"""The console's co-design section (``/codesign``): partner organisations' review links, their notes, approvals.

``pages``: the routes (invite, revoke, open the notes, exchange the partners' file with the server,
the comments per version and per question); ``messages``: the wording; ``templates/``: the pages.
Every action calls :mod:`eqsurvey.workflows.partners` or :mod:`instruments.review`, as the
``eqsurvey instrument partners`` and ``eqsurvey instrument review`` commands do.
"""

from __future__ import annotations

from eqsurvey.console.codesign.messages import TITLE, WORDING
from eqsurvey.console.codesign.pages import routes
from eqsurvey.console.section import Section

SECTION = Section("codesign", TITLE, WORDING, routes)

"""The console's fieldwork: invitation letters, progress per week, imports of exports, erasure on request.

:func:`make_section` builds the section (``max_upload``: the largest export it takes);
``SECTION`` is the one the console lists.
"""

from __future__ import annotations

from eqsurvey.console.fieldwork.messages import TITLE, WORDING
from eqsurvey.console.fieldwork.routes import MAX_UPLOAD_BYTES, routes
from eqsurvey.console.section import Section


def make_section(max_upload: int = MAX_UPLOAD_BYTES) -> Section:
    return Section("fieldwork", TITLE, WORDING, lambda console: routes(console, max_upload))


SECTION = make_section()

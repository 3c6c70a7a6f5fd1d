"""The console's questionnaire: compose, word, translate and version the instrument in forms.

- ``routes``: the routes under ``/questionnaire`` and the posts that edit the file.
- ``pages``: each page, rendered from the instrument file as it is on disk now.
- ``views``: what the pages show (overview, modules, missing translations), no web.
- ``posted``: a form's fields (named by field key) as edits; anything else is refused.
- ``messages``: the wording (catalogue ``questionnaire``).

The instrument YAML stays the source of truth: every save goes through
:mod:`instruments.editing` (comments and order kept, validator, version, atomic write).
"""

from __future__ import annotations

from eqsurvey.console.questionnaire.messages import MESSAGES, WORDING
from eqsurvey.console.questionnaire.routes import routes
from eqsurvey.console.section import Section

SECTION = Section("questionnaire", next(m for m in MESSAGES if m.key == "nav_title"), WORDING, routes)

__all__ = ["SECTION"]

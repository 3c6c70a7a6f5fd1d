"""The console's documents section (``/documents``): the data-protection documents, their state, making them.

``pages``: the routes (the page, making the documents as a job, downloading a file); ``messages``: the
wording; ``templates/``: the page. Everything is done by :mod:`eqsurvey.workflows.documents`, as
``eqsurvey documents`` and ``eqsurvey documents check`` do; the files are those of the project's
``documents/`` folder.
"""

from __future__ import annotations

from eqsurvey.console.documents.messages import TITLE, WORDING
from eqsurvey.console.documents.pages import routes
from eqsurvey.console.section import Section

SECTION = Section("documents", TITLE, WORDING, routes)

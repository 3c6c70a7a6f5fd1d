"""The console's "Plan and preview": which tables a release publishes, and whether their groups will be
large enough for the number of respondents expected.

- ``pages``: the routes under ``/plan`` (the tables with the preview; ``/plan/new`` and ``/plan/tables/ID``: adding, changing, removing a table).
- ``target``: ``/plan/target``, planning from the accuracy needed (``eqsurvey plan target``'s answer).
- ``view``: the preview's sentences as the page shows them; the expected number of respondents read.
- ``state``: what the pages show, read from the project's files on every request, and an edit written back.
- ``messages``: the section's wording (catalogue ``eqsurvey/console/plan/locales``).

The plan file stays the source of truth: edits go through :mod:`analysis.plans.editing` (comments and
layout kept), the checks are ``eqsurvey plan validate``'s and the preview is ``eqsurvey plan preview``'s
(:mod:`eqsurvey.workflows.plan_preview`).
"""

from eqsurvey.console.plan.messages import TITLE, WORDING
from eqsurvey.console.plan.pages import routes
from eqsurvey.console.section import Section

SECTION = Section("plan", TITLE, WORDING, routes)

__all__ = ["SECTION"]

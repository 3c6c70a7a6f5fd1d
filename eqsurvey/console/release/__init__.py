"""The console's "Release and report": the budget, opening the responses, releases behind the guard rails, reports.

- ``pages``: the budget and releases, opening the responses (a job), making a release (preview, confirmation, job);
- ``reports``: one release's page, its report read in the browser and downloaded (PDFs as jobs);
- ``compare``: comparing with other municipalities' release files;
- ``steps``: what these pages gather and do, from the commands' workflow functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eqsurvey.console.release import compare, pages, reports
from eqsurvey.console.release.messages import MESSAGES, WORDING
from eqsurvey.console.section import Section

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from eqsurvey.console.frame import Console


def routes(console: Console) -> list[BaseRoute]:
    # /release/compare before /release/r/...: no overlap, but the literal paths read first.
    return [*pages.routes(console), *compare.routes(console), *reports.routes(console)]


SECTION = Section("release", next(m for m in MESSAGES if m.key == "section_title"), WORDING, routes)

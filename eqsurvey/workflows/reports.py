"""A stored release's report in one format and language: ``eqsurvey report build`` and the console's downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from reports.render import Format, Part


def render_stored(project: Project, release_id: str, lang: str, fmt: Format, part: Part) -> str | bytes:
    """Rendered from the stored release alone (as it may be published: without the dataset's MAC)."""
    from analysis.releases.model import Release
    from eqsurvey.workflows.release import stored_body
    from instruments.loader import load_instrument
    from reports.render import render_release

    instrument = load_instrument(project.instrument_path).instrument
    release = Release.from_shown(stored_body(project, release_id))
    return render_release(release, instrument, lang, fmt, project.config.survey.fieldwork, part=part)

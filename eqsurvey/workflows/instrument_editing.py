"""Editing the project's instrument: the editing library joined with what the project knows about its versions.

A version is *published* once answers were stored under it or a partner reviewed
it; the next edit then measures changes from it and raises the version again
(see :mod:`instruments.editing.versioning`). Knowing that takes the response
store and the reviews, which only the composition root may join.
"""

from __future__ import annotations

from collections.abc import Sequence

from eqsurvey.config import Project
from instruments.editing import Edit, EditResult, edit_instrument
from instruments.review import read_reviews


def published_versions(project: Project, instrument_id: str) -> set[str]:
    """Versions answers were stored under (in the project's store) or partners reviewed (reviews.jsonl)."""
    from eqsurvey.resources import project_store

    reviewed = {r.instrument_version for r in read_reviews(project.reviews_path) if r.instrument_id == instrument_id}
    store = project_store(project)
    try:
        stored = set(store.versions(instrument_id))
    finally:
        store.close()
    return reviewed | stored


def edit_project_instrument(project: Project, edits: Sequence[Edit], read_digest: str) -> EditResult:
    """Apply ``edits`` to the project's instrument file read with ``read_digest`` (see :func:`edit_instrument`)."""
    from instruments.editing import read_instrument_file

    current = read_instrument_file(project.instrument_path).loaded.instrument
    return edit_instrument(
        project.instrument_path,
        edits,
        read_digest=read_digest,
        root=project.root,
        published=published_versions(project, current.id),
    )

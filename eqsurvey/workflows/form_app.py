"""The web form of a project: its configuration read here, once, and handed to the form as values.

The form (:mod:`survey.web`) does not read ``eqsurvey.toml``: it gets a
:class:`~survey.web.form_project.FormProject` (instrument, keys, store URL,
whether the survey is simulated or by invitation). ``eqsurvey serve``, its
worker processes and the tests build the application through
:func:`create_app` here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from eqsurvey.config import Project
    from survey.web import FormProject, LimitSettings


def form_project(project: Project) -> FormProject:
    from eqsurvey.workflows.partners import partners_path, planned_tables
    from survey.web import FormProject

    config = project.config
    return FormProject(
        root=project.root,
        config_path=project.config_path,
        instrument_path=project.instrument_path,
        keys_dir=project.keys_dir,
        store_url=project.store_url,
        simulated=config.survey.simulated,
        by_invitation=config.collection.access == "invitations",
        partners_path=partners_path(project),
        plan_words=planned_tables(project),
        reviews_path=project.reviews_path,
        dpo=config.documents.dpo,
    )


def create_app(
    project_root: Path,
    *,
    secure: bool = False,
    access: Literal["auto", "codes", "open"] = "auto",
    limits: LimitSettings | None = None,
    max_body_bytes: int | None = None,
    state_ttl: int | None = None,
    store_lock_timeout: float | None = None,
) -> Starlette:
    """The survey form of the project at ``project_root`` (see :func:`survey.web.app.create_app` for the options)."""
    from eqsurvey.config import load_project
    from survey.store import LOCK_TIMEOUT
    from survey.web import app

    form = form_project(load_project(project_root))
    return app.create_app(
        form,
        secure=secure,
        access=access,
        limits=limits,
        max_body_bytes=app.MAX_BODY_BYTES if max_body_bytes is None else max_body_bytes,
        state_ttl=app.STATE_TTL if state_ttl is None else state_ttl,
        store_lock_timeout=LOCK_TIMEOUT if store_lock_timeout is None else store_lock_timeout,
    )

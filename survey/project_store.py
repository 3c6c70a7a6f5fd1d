"""The project's response store: where ``eqsurvey.toml`` says it is."""

from __future__ import annotations

from instruments.project import Project
from kernel.errors import EqSurveyError
from survey.store import LOCK_TIMEOUT, ResponseStore, open_store

DEFAULT_STORE_URL = "sqlite:///data/responses.sqlite"


def store_url(project: Project) -> str:
    table = project.tables.get("store", {})
    url = table.get("url", DEFAULT_STORE_URL) if isinstance(table, dict) else None
    if not isinstance(url, str):
        raise EqSurveyError.single("config-invalid", "[store] url must be text", f'write url = "{DEFAULT_STORE_URL}"')
    return url


def project_store(project: Project, *, lock_timeout: float = LOCK_TIMEOUT) -> ResponseStore:
    return open_store(store_url(project), project.root, lock_timeout=lock_timeout)

"""The project's response store and keyring, opened where ``eqsurvey.toml`` says they are.

``[store] url`` (a SQLite file in the project, or a PostgreSQL server) and
``[keys] dir``: read by :mod:`eqsurvey.config`, opened here for the commands
and workflows, which hand the store and the keys to the stages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.store import LOCK_TIMEOUT

if TYPE_CHECKING:
    from anonymize.keys.keyring import Keyring
    from eqsurvey.config import Project
    from survey.store import ResponseStore


def project_store(project: Project, *, lock_timeout: float = LOCK_TIMEOUT) -> ResponseStore:
    from survey.store import open_store

    return open_store(project.store_url, project.root, lock_timeout=lock_timeout)


def project_keyring(project: Project) -> Keyring:
    """The project's key folder: ``[keys] dir`` in eqsurvey.toml, ``keys`` by default."""
    from anonymize.keys.keyring import Keyring

    return Keyring(project.keys_dir)

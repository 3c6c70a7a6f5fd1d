"""Making the analysts' keys and recording key operations in the audit log, for the command line and the console."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anonymize.keys.pair import SuiteName
    from eqsurvey.config import Project


def record_key_operation(project: Project, action: str, detail: dict[str, Any]) -> None:
    """Append a key operation (its action and key ids, never key material) to the project's audit log."""
    from eqsurvey.resources import project_store

    store = project_store(project)
    try:
        store.audit(action, detail)
    finally:
        store.close()


def make_keys(project: Project, passphrase: str, suite: SuiteName) -> str:
    """The key pair and pseudonym secret, as ``eqsurvey keys init`` makes them, recorded as it records them."""
    from eqsurvey.resources import project_keyring

    public = project_keyring(project).init(passphrase, suite)
    record_key_operation(project, "key-init", {"key_id": public.key_id, "suite": str(public.suite)})
    return public.key_id

"""Recording that the project's survey is by invitation: ``[collection] access`` in ``eqsurvey.toml``.

The project says it, not the store (see :mod:`survey.web.form_project`).
``eqsurvey invitations create`` writes ``access = "invitations"`` into the
config it runs in, so the project copied to the server says so too; on a
server set up earlier, write it by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.files import read_text

if TYPE_CHECKING:
    from eqsurvey.config import Project

RECORDED = '\n[collection]\naccess = "invitations"  # written by eqsurvey invitations create: serve only with codes\n'


def record_by_invitation(project: Project) -> bool:
    """Write ``[collection] access = "invitations"`` into the config unless it has a [collection]; True if written."""
    if "collection" in project.config.model_fields_set:
        return False
    text = read_text(project.config_path)
    with project.config_path.open("a", encoding="utf-8") as f:
        f.write(RECORDED if text.endswith("\n") else "\n" + RECORDED)
    return True

"""Whether the project's survey is by invitation: ``[collection] access`` in ``eqsurvey.toml``.

The project says it, not the store: a server whose store has no codes yet
(they were made on the analysts' computer after the project was copied)
must not serve the form to anyone who has the link. ``eqsurvey invitations
create`` writes ``access = "invitations"`` into the config it runs in, so the
project copied to the server says so too; on a server set up earlier, write
it by hand.
"""

from __future__ import annotations

from instruments.project import Project
from kernel.errors import EqSurveyError, Location
from kernel.files import read_text

ACCESS_VALUES = ("invitations", "open")
RECORDED = '\n[collection]\naccess = "invitations"  # written by eqsurvey invitations create: serve only with codes\n'


def recorded_access(project: Project) -> str | None:
    """``invitations``, ``open``, or None if the config does not say."""
    table = project.tables.get("collection", {})
    access = table.get("access") if isinstance(table, dict) else None
    if access is None:
        return None
    if access not in ACCESS_VALUES:
        raise EqSurveyError.single(
            "config-invalid",
            f"[collection] access = {access!r} is not one of {', '.join(ACCESS_VALUES)}",
            'write access = "invitations" (only invitation codes may answer) or access = "open"',
            Location(file=str(project.config_path)),
        )
    return str(access)


def record_by_invitation(project: Project) -> bool:
    """Write ``[collection] access = "invitations"`` into the config unless it says something; True if written."""
    if recorded_access(project) is not None or "collection" in project.tables:
        return False
    text = read_text(project.config_path)
    with project.config_path.open("a", encoding="utf-8") as f:
        f.write(RECORDED if text.endswith("\n") else "\n" + RECORDED)
    return True


def auto_access(project: Project, has_codes: bool) -> str:
    """``codes`` or ``open`` for ``serve --access auto``; refused when the project is by invitation without codes."""
    if has_codes:
        return "codes"
    if recorded_access(project) == "invitations":
        raise EqSurveyError.single(
            "serve-no-codes",
            'the project says the survey is by invitation ([collection] access = "invitations" in eqsurvey.toml),'
            " but this server's store has no invitation codes, so the form would be open to anyone with the link;"
            " the server was not started",
            "bring the codes: where they were made, run eqsurvey invitations bundle -o codes.eqbundle, copy the file"
            " here and run eqsurvey invitations merge codes.eqbundle (or make them here with eqsurvey invitations"
            ' create). To open the survey to anyone, set access = "open" in [collection] instead',
            Location(file=str(project.config_path)),
        )
    return "open"

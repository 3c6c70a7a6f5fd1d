"""What the web form needs of its project, as values: the composition root reads ``eqsurvey.toml``, not the form.

:class:`FormProject` is built by ``eqsurvey.workflows.form_app`` from the
project's configuration. Who may answer (``--access auto``) is decided here
from two facts: whether this server's store has invitation codes, and
whether the project says its survey is by invitation (``[collection]
access``). The project says it, not the store: a server whose store has no
codes yet (they were made on the analysts' computer after the project was
copied) must not serve the form to anyone who has the link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kernel.errors import EqSurveyError, Location
from survey.store import LOCK_TIMEOUT, ResponseStore, open_store

if TYPE_CHECKING:
    from survey.web.review import PlannedTables


@dataclass(frozen=True)
class FormProject:
    """A project as the form sees it: where its instrument, keys and store are, and what it says of itself."""

    root: Path
    """The project folder: a relative SQLite URL is under it."""
    config_path: Path
    """Named in errors about what the project says."""
    instrument_path: Path
    keys_dir: Path
    store_url: str
    simulated: bool = False
    """``[survey] simulated``: a demo's form, which shows a banner and collects nothing real."""
    by_invitation: bool = False
    """``[collection] access = "invitations"``."""
    partners_path: Path | None = None
    """The partners' file (links, sealed notes): with it, partners review at ``/review/<token>``."""
    plan_words: Callable[[str], PlannedTables | None] | None = None
    """The planned tables in plain words, per language, for the review pages (the composition root reads the plan)."""
    reviews_path: Path | None = None
    """The project's reviews.jsonl: checks of draft translations recorded there end the form's draft notice."""
    dpo: str | Mapping[str, str] | None = None
    """The data protection officer's contact (``[documents] dpo``), part of the information for respondents."""

    @property
    def shared_store(self) -> bool:
        return self.store_url.startswith(("postgresql://", "postgres://"))

    def open_store(self, *, lock_timeout: float = LOCK_TIMEOUT) -> ResponseStore:
        return open_store(self.store_url, self.root, lock_timeout=lock_timeout)


def auto_access(project: FormProject, has_codes: bool) -> Literal["codes", "open"]:
    """``codes`` or ``open`` for ``serve --access auto``; refused when the project is by invitation without codes."""
    if has_codes:
        return "codes"
    if project.by_invitation:
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

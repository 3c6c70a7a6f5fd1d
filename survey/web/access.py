"""Access codes from invitation letters: typed on the welcome page or carried in the letter's link.

With invitations, a respondent starts only with a code that is one of the
survey's and unused; the form then carries the code's keyed hash (never the
code) in its sealed state, and the store marks it used in the transaction
that stores the answers. The answers get a random pseudonym: nothing links
them to the code, hence to the letter's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from anonymize.invitations import is_invitation_code
from anonymize.pseudonyms import PseudonymSecret
from survey.store import ResponseStore
from survey.web.limits import Limits
from survey.web.submit import Submitter

#: Longer than any code with spaces; a longer entry is not read at all.
MAX_CODE_CHARS = 64

Refusal = Literal["code_missing", "code_form", "code_unknown", "code_used", "slow"]


@dataclass(frozen=True)
class CodeEntry:
    """What the welcome page shows about the code: the field (with what was typed and why it failed) or not."""

    required: bool
    typed: str = ""
    error: Refusal | None = None
    accepted: bool = False


@dataclass(frozen=True)
class Access:
    """The survey's access rule: ``codes`` if only invitations may answer."""

    codes: bool
    instrument_id: str
    secret: PseudonymSecret
    limits: Limits
    submitter: Submitter

    async def check(self, typed: str) -> tuple[str | None, Refusal | None]:
        """The code's keyed hash if it may start the survey, else why not."""
        code = typed.strip()
        if not code:
            return None, "code_missing"
        if len(code) > MAX_CODE_CHARS or not is_invitation_code(code):
            return None, "code_form"
        hashed = self.secret.invitation_hash(self.instrument_id, code)
        if not await self.limits.allow_code(hashed):
            return None, "slow"

        def state(store: ResponseStore) -> str:
            return store.invitation_state(hashed)

        found = await self.submitter.read(state)
        if found == "unused":
            return hashed, None
        return None, "code_used" if found == "used" else "code_unknown"

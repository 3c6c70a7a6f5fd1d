"""Whether a translation is a draft or has been checked, as an instrument or library module states it.

Translations eqsurvey's authors (or a project) write themselves are drafts until a
qualified translator or a community partner has checked them. A module or an
instrument says so per language::

    translations:
      tr: {status: draft, note: "written by the eqsurvey project; not yet checked"}
      uk: {status: reviewed, by: "Ukrainischer Verein e.V.", date: 2026-11-30}

A review recorded later with ``eqsurvey instrument translations review`` (in
``reviews.jsonl``, against the content hash) counts as well; see
:mod:`instruments.drafts`. This mapping is review metadata, not content: it is
left out of the content hash, so marking a language checked does not withdraw
the partners' approvals of the questionnaire.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from instruments.questions import Strict
from instruments.text import LangTag

TranslationState = Literal["draft", "reviewed"]


class TranslationStatus(Strict):
    """Where one language's translation stands: a draft, or checked by a named person or organisation."""

    status: TranslationState
    by: str | None = Field(
        default=None, min_length=1, max_length=200, description="Who checked it (a translator or partner)."
    )
    date: datetime.date | None = Field(default=None, description="When it was checked.")
    note: str | None = Field(default=None, max_length=2000, description="Who wrote it, what to watch for.")

    @model_validator(mode="after")
    def _reviewed_names_who(self) -> TranslationStatus:
        if self.status == "reviewed" and (self.by is None or self.date is None):
            raise PydanticCustomError(
                "eqsurvey",
                "a reviewed translation must say who checked it and when",
                {"fix": "add by: ORGANISATION and date: YYYY-MM-DD, or set status: draft"},
            )
        return self


#: Per language, where its translation stands.
Translations = Annotated[dict[LangTag, TranslationStatus], Field(description="Per language: draft or reviewed.")]

"""Privacy classes and analysis roles as a form writes them, for :mod:`.xlsform_survey`.

A question's privacy class decides whether its answers enter the analysis
dataset at all, so the ``eqsurvey_privacy`` column is read strictly: case,
spaces and hyphens do not matter (``Direct identifier`` is
``direct_identifier``), but anything else (a typo, an empty cell in a form
that has the column) stops the import, naming the row, the question, the
value and the classes there are. eqsurvey never guesses a class.

A form without the column (any form eqsurvey did not write) gets every
question classed ``other``, and one note says that names, e-mail addresses
and phone numbers must be classed ``direct_identifier`` before collecting.
An unknown analysis role becomes ``none`` with a note: that keeps a column
out of analyses, which is safe.
"""

from __future__ import annotations

import difflib
import re
from typing import get_args

from instruments.questions import AnalysisRole, PrivacyClass
from instruments.xlsform.columns import EQ_PRIVACY, EQ_ROLE, EQ_TYPE, split_header
from instruments.xlsform.questions import Context
from instruments.xlsform.reading import FormSheets, SheetRow
from kernel.errors import InstrumentError, Location, Problem

__all__ = ["PRIVACY_CLASSES", "ROLES", "Classes", "class_word"]

PRIVACY_CLASSES: tuple[str, ...] = get_args(PrivacyClass)
ROLES: tuple[str, ...] = get_args(AnalysisRole)


def _key(value: str) -> str:
    return re.sub(r"[\s_-]+", "", value.lower())


def class_word(value: str, words: tuple[str, ...]) -> str | None:
    """The word of ``words`` that ``value`` spells, whatever its case, spaces, hyphens and underscores.

    ``" Direct-Identifier"`` → ``direct_identifier``, ``Break-down`` → ``breakdown``; None for any other text.
    """
    return next((w for w in words if _key(w) == _key(value)), None)


def _allowed(words: tuple[str, ...], value: str) -> str:
    typed = re.sub(r"[\s-]+", "_", value.strip().lower())
    close = difflib.get_close_matches(typed, words, n=1) if typed else []
    return f"one of {', '.join(words)}" + (f" (did you mean {close[0]}?)" if close else "")


class Classes:
    """Reads the privacy class and role of each question row; collects what makes the import fail."""

    def __init__(self, ctx: Context, form: FormSheets) -> None:
        self.ctx = ctx
        columns = {split_header(h)[0] for h in form.sheet("survey").columns}
        #: Whether the form says the classes itself (eqsurvey's export, or a form someone gave the column).
        self.stated = EQ_PRIVACY in columns or EQ_TYPE in columns
        self.errors: list[Problem] = []
        self.questions = 0

    def privacy(self, row: SheetRow, qid: str) -> str:
        self.questions += 1
        if not self.stated:
            return "other"
        raw = row.get(EQ_PRIVACY)
        value = class_word(raw, PRIVACY_CLASSES)
        if value is not None:
            return value
        name = row.get("name") or qid
        problem = (
            f"'{name}' has no privacy class in {EQ_PRIVACY}"
            if not raw.strip()
            else f"the {EQ_PRIVACY} of '{name}' is '{raw}', which is not a privacy class"
        )
        self.errors.append(
            Problem(
                "privacy-class",
                Location(file=self.ctx.source, row=row.number, question=qid, field=EQ_PRIVACY),
                f"{problem}; eqsurvey does not guess, because the class decides whether answers enter the analysis",
                f"write {_allowed(PRIVACY_CLASSES, raw)} in {EQ_PRIVACY}; "
                "names, e-mail addresses and phone numbers are direct_identifier",
            )
        )
        return "other"  # never used: finish() raises

    def role(self, row: SheetRow, qid: str, default: str) -> str:
        raw = row.get(EQ_ROLE)
        if not raw.strip():
            return default
        value = class_word(raw, ROLES)
        if value is not None:
            return value
        self.ctx.note(
            "analysis-role",
            row,
            f"the {EQ_ROLE} of '{row.get('name') or qid}' is '{raw}', which is not an analysis role; it is now 'none'",
            f"write {_allowed(ROLES, raw)} in {EQ_ROLE}",
            qid,
        )
        return "none"

    def finish(self) -> None:
        """Raise for every unreadable privacy class; note a form that states none."""
        if self.errors:
            raise InstrumentError(self.errors)
        if not self.stated and self.questions:
            self.ctx.note(
                "privacy-class",
                None,
                f"the form has no {EQ_PRIVACY} column, so every question was classed 'other' "
                "and all its answers go into the analysis dataset",
                "before collecting any answer, class questions that identify people (names, e-mail "
                "addresses, phone numbers) as direct_identifier and those that narrow people down "
                "(age, postcode, occupation) as quasi_identifier",
            )

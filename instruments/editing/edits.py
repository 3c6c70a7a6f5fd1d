"""The edits a person can make in forms, named by ids and codes, never by position in the file.

A form posted a minute later still means the same thing. How each is applied to the
file is in :mod:`.applying`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

#: The survey's own texts, stated to respondents and printed in reports.
OWN_TEXTS = ("title", "purpose", "controller", "legal_basis", "rights", "retention", "contact")


@dataclass(frozen=True)
class SetText:
    """One language of one of the survey's own texts (:data:`OWN_TEXTS`); empty text removes that language."""

    field: str
    lang: str
    text: str


@dataclass(frozen=True)
class SetSectionText:
    section: str
    field: Literal["title", "intro"]
    lang: str
    text: str


@dataclass(frozen=True)
class SetQuestionText:
    """A text of an own question; ``unit`` is a number question's unit (empty in every language removes it)."""

    question: str
    field: Literal["label", "hint", "unit"]
    lang: str
    text: str


@dataclass(frozen=True)
class SetOptionLabel:
    question: str
    code: str
    lang: str
    text: str


@dataclass(frozen=True)
class AddOption:
    question: str
    code: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class RemoveOption:
    question: str
    code: str


@dataclass(frozen=True)
class SetRowLabel:
    """One language of the label of a matrix question's row."""

    question: str
    code: str
    lang: str
    text: str


@dataclass(frozen=True)
class AddRow:
    question: str
    code: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class RemoveRow:
    question: str
    code: str


@dataclass(frozen=True)
class SetPointLabel:
    """One language of the label of a scale question's point (named by its value)."""

    question: str
    value: int
    lang: str
    text: str


@dataclass(frozen=True)
class AddPoint:
    """A further point of a scale question, placed among the points in order of value."""

    question: str
    value: int
    label: Mapping[str, str]


@dataclass(frozen=True)
class RemovePoint:
    question: str
    value: int


@dataclass(frozen=True)
class SetBounds:
    """The lowest and highest answer a number question accepts."""

    question: str
    low: float
    high: float


@dataclass(frozen=True)
class AddQuestion:
    """A question of one's own at ``position`` among the section's items (default: last)."""

    section: str
    question: Mapping[str, Any]
    position: int | None = None


@dataclass(frozen=True)
class RemoveQuestion:
    question: str


@dataclass(frozen=True)
class MoveQuestion:
    """Move an own question to ``position`` among its section's items (a module counts as one item)."""

    question: str
    position: int


@dataclass(frozen=True)
class SetCondition:
    """The skip logic (``relevant``) of a question or, with ``section=True``, of a section; None asks always."""

    target: str
    condition: str | None
    section: bool = False


@dataclass(frozen=True)
class AddModule:
    ref: str
    section: str
    position: int | None = None


@dataclass(frozen=True)
class RemoveModule:
    module: str


@dataclass(frozen=True)
class AddLanguage:
    """A further language for the questionnaire; its texts are then missing translations to fill."""

    lang: str


Edit = (
    SetText
    | SetSectionText
    | SetQuestionText
    | SetOptionLabel
    | AddOption
    | RemoveOption
    | SetRowLabel
    | AddRow
    | RemoveRow
    | SetPointLabel
    | AddPoint
    | RemovePoint
    | SetBounds
    | AddQuestion
    | RemoveQuestion
    | MoveQuestion
    | SetCondition
    | AddModule
    | RemoveModule
    | AddLanguage
)

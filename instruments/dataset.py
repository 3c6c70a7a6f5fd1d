"""The columns of the analysis dataset, as a typed schema derived from the instrument.

Later stages (the protected store, the DP layer, reports) never guess a
column's type, categories or bounds: they read them here.

- single choice → one categorical column of option codes;
- multi choice → one boolean column per option (``q__code``), plus the bound
  ``max_selections`` that differential privacy takes its sensitivity from;
- matrix → one categorical column per row (``q__row``);
- scale / number → a numeric column with its bounds;
- text → a text column (redacted when the dataset is opened);
- consent → a boolean column;
- derived variables → boolean or categorical columns;
- a question with a coarsening policy (see :mod:`.coarsening`) → one
  categorical column of its bands or groups instead;
- ``received_month``: the month a response arrived (the store keeps the day;
  the dataset only the month).

"Prefer not to say" is coded distinctly from missing: as the category
``prefer_not_to_say`` in categorical columns, and as a boolean column
``q__prefer_not_to_say`` beside multi-choice, numeric and text columns.
Direct identifiers never enter the dataset; they are listed in ``excluded``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from instruments.derived import derived_privacy
from instruments.model import BooleanDerived, Instrument
from instruments.questions import (
    Consent,
    Matrix,
    MultiChoice,
    Number,
    PrivacyClass,
    Question,
    Scale,
    SingleChoice,
    Text,
)
from instruments.text import DECLINED, RECEIVED_MONTH, column_name
from kernel.errors import InternalError

__all__ = [
    "Column",
    "ColumnKind",
    "DatasetSchema",
    "MultiSelectGroup",
    "coarse_categories",
    "column_name",  # defined beside COLUMN_SEP, for the CSV's columns too, which need no dataset models
    "dataset_schema",
]

ColumnKind = Literal["categorical", "boolean", "integer", "number", "text"]


class Column(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: ColumnKind
    source: str
    """The question or derived variable the column comes from."""
    label: dict[str, str]
    option: str | None = None
    """For a multi-choice option or matrix row column: the option / row code."""
    categories: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    privacy: PrivacyClass = "other"
    role: Literal["breakdown", "outcome", "none"] = "none"
    derived: bool = False
    coarsened: bool = False
    """Bands or groups per the instrument's coarsening policy, not the answer as given."""


class MultiSelectGroup(BaseModel):
    """The boolean columns of one multi-choice question and the bound on how many can be true."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    columns: tuple[str, ...]
    exclusive: tuple[str, ...]
    max_selections: int


class DatasetSchema(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    instrument_id: str
    instrument_version: str
    columns: tuple[Column, ...]
    multi_select: tuple[MultiSelectGroup, ...]
    excluded: tuple[str, ...]
    """Questions kept out of the dataset (direct identifiers, split off at arrival)."""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def columns_of(self, source: str) -> list[Column]:
        return [c for c in self.columns if c.source == source]


def _declined_column(q: Question) -> Column:
    return Column(
        name=column_name(q.id, DECLINED),
        kind="boolean",
        source=q.id,
        label=q.label,
        option=DECLINED,
        privacy=q.privacy,
        role="none",
    )


def coarse_categories(q: Question) -> tuple[str, ...]:
    """The codes of a coarsened question's column: its bands or groups, then 'other', then declined."""
    policy = getattr(q, "coarsen", None)
    if policy is None:
        raise InternalError(f"question {q.id} has no coarsening policy")
    declined = (DECLINED,) if q.prefer_not_to_say else ()
    if isinstance(q, Number):
        return tuple(code for _, _, code in policy.band_codes(q.min, q.max, q.integer)) + declined
    return (*(g.code for g in policy.groups or []), policy.other, *declined)


def _question_columns(q: Question) -> list[Column]:
    common = {"source": q.id, "privacy": q.privacy, "role": q.role}
    declined = [DECLINED] if q.prefer_not_to_say else []
    if getattr(q, "coarsen", None) is not None:
        return [
            Column(
                name=q.id, kind="categorical", label=q.label, categories=coarse_categories(q), coarsened=True, **common
            )
        ]
    if isinstance(q, SingleChoice):
        codes = tuple(o.code for o in q.options) + tuple(declined)
        return [Column(name=q.id, kind="categorical", label=q.label, categories=codes, **common)]
    if isinstance(q, MultiChoice):
        cols = [
            Column(name=column_name(q.id, o.code), kind="boolean", label=o.label, option=o.code, **common)
            for o in q.options
        ]
        return cols + ([_declined_column(q)] if q.prefer_not_to_say else [])
    if isinstance(q, Matrix):
        codes = tuple(o.code for o in q.options) + tuple(declined)
        return [
            Column(
                name=column_name(q.id, r.code),
                kind="categorical",
                label=r.label,
                option=r.code,
                categories=codes,
                **common,
            )
            for r in q.rows
        ]
    if isinstance(q, (Scale, Number)):
        lo, hi = q.bounds if isinstance(q, Scale) else (q.min, q.max)
        kind: ColumnKind = "integer" if isinstance(q, Scale) or q.integer else "number"
        col = Column(name=q.id, kind=kind, label=q.label, minimum=lo, maximum=hi, **common)
        return [col] + ([_declined_column(q)] if q.prefer_not_to_say else [])
    if isinstance(q, Consent):
        return [Column(name=q.id, kind="boolean", label=q.label, **common)]
    if not isinstance(q, Text):
        raise InternalError(f"no dataset columns defined for question type {q.type}")
    return [Column(name=q.id, kind="text", label=q.label, **common)] + (
        [_declined_column(q)] if q.prefer_not_to_say else []
    )


def dataset_schema(instrument: Instrument) -> DatasetSchema:
    """The analysis dataset's columns, in questionnaire order, then derived variables."""
    columns: list[Column] = []
    groups: list[MultiSelectGroup] = []
    excluded: list[str] = []
    for q in instrument.questions():
        if q.privacy == "direct_identifier":
            excluded.append(q.id)
            continue
        columns.extend(_question_columns(q))
        if isinstance(q, MultiChoice):
            groups.append(
                MultiSelectGroup(
                    question=q.id,
                    columns=tuple(column_name(q.id, o.code) for o in q.options),
                    exclusive=tuple(column_name(q.id, o.code) for o in q.options if o.exclusive),
                    max_selections=q.selection_limit,
                )
            )
    for d in instrument.derived:
        privacy = derived_privacy(instrument, d)
        if isinstance(d, BooleanDerived):
            columns.append(
                Column(
                    name=d.id, kind="boolean", source=d.id, label=d.label, privacy=privacy, role=d.role, derived=True
                )
            )
        else:
            columns.append(
                Column(
                    name=d.id,
                    kind="categorical",
                    source=d.id,
                    label=d.label,
                    privacy=privacy,
                    role=d.role,
                    categories=tuple(c.code for c in d.cases),
                    derived=True,
                )
            )
    columns.append(
        Column(
            name=RECEIVED_MONTH,
            kind="categorical",
            source=RECEIVED_MONTH,
            label={"de": "Eingangsmonat", "en": "Month received"},
            privacy="quasi_identifier",
            coarsened=True,
        )
    )
    return DatasetSchema(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        columns=tuple(columns),
        multi_select=tuple(groups),
        excluded=tuple(excluded),
    )

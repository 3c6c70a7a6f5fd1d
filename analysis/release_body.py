"""The stored form of a release (see :mod:`.release`), checked before anything reads it.

Releases are stored as JSON and read back by ``release show``/``export``, the
tidy exports and the reports, which look their parts up by key. A body that
was edited in the store, or damaged, is found here, with the path of each
problem (``tables[2].cells[5].estimate``), instead of a KeyError in whatever
reads it first. Keys the readers do not rely on are let through, so older and
newer bodies alike are read.

:func:`public_body` is the body as it may leave the analysts (``release show
--json``, exports, reports): without the dataset's keyed MAC, and with every
suppressed cell reduced to its place and status. Bodies stored before that
rule carried a plain SHA-256 of the dataset and a share status in suppressed
cells; they are read as they are and published without either.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.budget import MAX_RHO
from analysis.estimates import hide
from analysis.plans.model import TableKind

Number = Annotated[float, Field(allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Budget = Annotated[float, Field(ge=0, allow_inf_nan=False)]

#: The first problems found are named: one is enough to know the body cannot be trusted.
SHOWN = 5


class _Stored(BaseModel):
    # strict: a number stored as text is damage, not something to convert; extra: keys readers do not need.
    model_config = ConfigDict(extra="allow", frozen=True, strict=True)


class StoredCell(_Stored):
    status: Literal["shown", "uncertain", "suppressed"]
    by: dict[str, str]
    measure: str | None = None
    row: str | None = None
    estimate: Number | None = None
    low: Number | None = None
    high: Number | None = None
    n: Number | None = None
    base: Number | None = None
    share: Number | None = None
    share_low: Number | None = None
    share_high: Number | None = None
    share_status: Literal["shown", "imprecise"] | None = None
    reference: Number | None = None
    ratio: Number | None = None
    ratio_low: Number | None = None
    ratio_high: Number | None = None

    @model_validator(mode="after")
    def _complete(self) -> StoredCell:
        if self.status != "suppressed" and None in (self.estimate, self.low, self.high, self.n):
            raise ValueError("a cell that is shown has an estimate, low, high and n")
        if self.share is not None and None in (self.share_low, self.share_high, self.share_status):
            raise ValueError("a share comes with share_low, share_high and share_status")
        if self.ratio is not None and None in (self.ratio_low, self.ratio_high, self.reference):
            raise ValueError("a ratio comes with ratio_low, ratio_high and its reference")
        return self


class StoredNoise(_Stored):
    mechanism: str
    sensitivity: Number
    scale: Number
    rho: Budget


class StoredTable(_Stored):
    id: str
    kind: TableKind
    measure: str
    by: list[str]
    rho: Budget
    noise: dict[str, StoredNoise]
    cells: list[StoredCell]


class StoredPlanTable(_Stored):
    id: str


class StoredPlan(_Stored):
    id: str
    tables: list[StoredPlanTable]


class StoredInstrument(_Stored):
    id: str
    version: str


class StoredDataset(_Stored):
    mac: str | None = None
    fingerprint: str | None = None  # releases made before the MAC: a plain SHA-256, read but never published

    @model_validator(mode="after")
    def _one(self) -> StoredDataset:
        if self.mac is None and self.fingerprint is None:
            raise ValueError("a release names its dataset by a mac")
        return self


class StoredPrivacy(_Stored):
    rho: Annotated[float, Field(ge=0, le=MAX_RHO, allow_inf_nan=False)]
    epsilon: Budget
    delta: Share


class StoredPublication(_Stored):
    suppress_below: Budget
    flag_below: Budget
    max_relative_error: Budget
    protection: Budget | None = None  # releases before secondary suppression have none: the threshold stands in

    @property
    def protection_width(self) -> float:
        return float(self.suppress_below if self.protection is None else self.protection)


class PublicBody(_Stored):
    """A release as it may be published (:func:`public_body`): everything but its private parts."""

    format: int
    simulated_responses: Annotated[int, Field(ge=0)] | None = None  # releases made before it was recorded: none
    plan: StoredPlan
    plan_hash: str
    instrument: StoredInstrument
    privacy: StoredPrivacy
    publication: StoredPublication
    created_at: str
    tables: list[StoredTable]


class StoredBody(PublicBody):
    dataset: StoredDataset


#: Parts of a stored body kept with the analysts: the dataset's keyed MAC (:mod:`.release`).
PRIVATE = frozenset({"dataset"})


#: The first line of a release's machine-readable exports when its data were simulated.
SIMULATED_NOTICE = (
    "SIMULATED DATA: this release was computed from responses generated by eqsurvey's simulator,"
    " not given by real people; its figures describe no real population."
)


def simulated(body: dict[str, Any]) -> bool:
    """Whether the release's dataset held simulated responses (as its body records; older bodies: no)."""
    value = body.get("simulated_responses")
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def public_body(body: dict[str, Any]) -> dict[str, Any]:
    """The body without its private parts and with suppressed cells as bare labels (a new dict; tables copied)."""
    out = {k: v for k, v in body.items() if k not in PRIVATE}
    tables = body.get("tables")
    if isinstance(tables, list):
        out["tables"] = [_public_table(t) if isinstance(t, dict) else t for t in tables]
    return out


def _public_table(table: dict[str, Any]) -> dict[str, Any]:
    cells = table.get("cells")
    if not isinstance(cells, list):
        return dict(table)
    hidden = [hide(c) if isinstance(c, dict) and c.get("status") == "suppressed" else c for c in cells]
    return table | {"cells": hidden}


def body_problems(body: Any) -> list[str]:
    """What is wrong with a stored release body, each as ``path: problem`` (the first :data:`SHOWN`); [] if none."""
    if not isinstance(body, dict):
        return ["(the body): not a JSON object"]
    try:
        StoredBody.model_validate(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        found = [f"{_path(e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}" for e in errors[:SHOWN]]
        return found + ([f"… {len(errors) - SHOWN} more"] if len(errors) > SHOWN else [])
    return []


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "(the body)"

"""A release as a typed, frozen value, and its exact round trip to the JSON body the ledger stores.

What each field says is documented in :mod:`analysis.releases.making`, which makes
releases. :meth:`Release.from_body` reads a stored body (checked: a damaged
one is a user error naming the release, each problem's path and the fix) and
:meth:`Release.to_body` writes it back key for key (:mod:`.parts`), so the
ledger's bodies, their JSON and the release ids stay as they are.

A release read for publishing (reports, exports: :meth:`Release.public`) has
no ``dataset`` (the keyed MAC stays with the analysts) and its suppressed
cells are reduced to their place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import Field, ValidationError, model_validator

from analysis.releases.parts import AS_TUPLE, Fraction, NonNegative, Number, Part, Rho
from analysis.releases.review import ReviewRecord
from analysis.releases.tables import PublishedTable
from kernel.errors import EqSurveyError, Location, Problem

#: The first problems found are named: one is enough to know the body cannot be trusted.
SHOWN = 5


class PlanTableRecord(Part):
    """A plan's table as the release stored it; the reports read its label and reference shares."""

    id: str
    label: dict[str, str] | None = None
    reference: dict[str, Fraction] | None = None


class PlanRecord(Part):
    """The analysis plan the release measured (the whole plan is kept; these are the parts read back)."""

    id: str
    tables: tuple[PlanTableRecord, ...] = AS_TUPLE

    def table(self, table_id: str) -> PlanTableRecord | None:
        return next((t for t in self.tables if t.id == table_id), None)


class InstrumentRef(Part):
    id: str
    version: str


class DatasetRef(Part):
    mac: str | None = None
    fingerprint: str | None = None  # releases made before the MAC: a plain SHA-256, read but never published

    @model_validator(mode="after")
    def _one(self) -> Self:
        if self.mac is None and self.fingerprint is None:
            raise ValueError("a release names its dataset by a mac")
        return self


class BudgetChange(Part):
    """A change of the survey's total budget, as the ledger recorded it (the total as exact decimal text)."""

    total: str | Number
    set_at: str
    reason: str


class BudgetRecord(Part):
    """The survey's total budget when the release was made, and its changes after the first."""

    rho: Number | None = None
    changes: tuple[BudgetChange, ...] = Field((), strict=False)


class PrivacyRecord(Part):
    """The budget the release spent: ρ (zCDP) and the (ε, δ) it amounts to."""

    unit: str | None = None
    rho: Rho
    rho_measured: NonNegative | None = None
    epsilon: NonNegative
    delta: Fraction
    threshold_delta: Fraction | None = None
    total: BudgetRecord | None = None
    definition: str | None = None


class PublicationRules(Part):
    """The thresholds the cells were published under."""

    suppress_below: NonNegative
    flag_below: NonNegative
    max_relative_error: NonNegative
    protection: NonNegative | None = None  # releases before secondary suppression have none: the threshold stands in

    @property
    def protection_width(self) -> float:
        return float(self.suppress_below if self.protection is None else self.protection)


class SuppressionRecord(Part):
    """How many count cells were suppressed for being small (primary) and to protect those (secondary)."""

    primary: Annotated[int, Field(ge=0)] | None = None
    secondary: Annotated[int, Field(ge=0)] | None = None
    protection: NonNegative | None = None


Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class WaveRecord(Part):
    """The survey wave a release measured (surveys with several waves): its responses are those received in
    its days, and it spent that wave's own budget (:mod:`kernel.waves`)."""

    number: Annotated[int, Field(ge=1)]
    name: Annotated[str, Field(min_length=1, max_length=40)]
    starts: Day | None = None
    """The wave's first day (ISO); none for the first wave, which starts with the survey."""
    ends: Day | None = None
    """The wave's last day (ISO), the day before the next wave starts; none while it is the latest."""

    @model_validator(mode="after")
    def _days(self) -> Self:
        # a wave is recorded only once the survey has several: each has a first day or a last one
        if self.starts is None and self.ends is None:
            raise ValueError("a wave needs its first day (starts) or its last day (ends)")
        if self.starts is not None and self.ends is not None and self.ends < self.starts:
            raise ValueError("a wave's last day (ends) is before its first day (starts)")
        return self


class WeightingRecord(Part):
    """How a calibrated release weighted its weighted tables (:mod:`analysis.calibration`), and those tables."""

    variables: tuple[str, ...] = AS_TUPLE
    method: Literal["poststratify", "rake"]
    source: str
    trim: tuple[NonNegative, NonNegative] = AS_TUPLE
    trimmed_cells: Annotated[int, Field(ge=0)]
    population: NonNegative
    respondents: NonNegative
    """Respondents in a calibration cell (a noisy count)."""
    design_effect: NonNegative
    """Kish's design effect of the weights, from the noisy counts of the calibration cells."""
    effective_respondents: NonNegative
    rho: NonNegative
    statement: str
    """What weighting corrects and what it does not, in plain words."""
    tables: tuple[PublishedTable, ...] = AS_TUPLE

    def table(self, table_id: str) -> PublishedTable | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def public(self) -> WeightingRecord:
        """The record with its tables' suppressed cells reduced to their place (:meth:`PublishedTable.public`)."""
        tables = tuple(t.public() for t in self.tables)
        if all(p is t for p, t in zip(tables, self.tables, strict=True)):
            return self
        return self.model_copy(update={"tables": tables})


class Release(Part):
    """One stored release (see the module's docstring); ``id`` is the ledger's, not part of the body."""

    id: str
    format: int
    publisher: str | None = None
    plan: PlanRecord
    plan_hash: str
    instrument: InstrumentRef
    review: ReviewRecord | None = None  # releases made before reviews were recorded: none ("not recorded")
    dataset: DatasetRef | None = None
    privacy: PrivacyRecord
    publication: PublicationRules
    suppression: SuppressionRecord | None = None
    pooling: dict[str, Any] | None = None  # hidden cells' noisy values, for a regional pool only (never published)
    sample: Literal["non_probability", "probability"] | None = None
    simulated_responses: Annotated[int, Field(ge=0)] | None = None  # releases made before it was recorded: none
    intervals: dict[str, str] | None = None
    software: dict[str, str] | None = None
    created_at: str
    tables: tuple[PublishedTable, ...] = AS_TUPLE
    weighting: WeightingRecord | None = None  # calibrated plans only (releases before calibration: none)
    wave: WaveRecord | None = None  # surveys with several waves only (releases before waves: none)

    @classmethod
    def from_body(cls, release_id: str, body: Mapping[str, Any], file: str | None = None) -> Release:
        """The release ``release_id`` from its stored body; a user error naming what is damaged (and the
        ``file`` it was read from, if any)."""
        data = {"id": release_id, **body} if isinstance(body, Mapping) else body
        found = problems(cls, data)
        if found:
            raise damaged(release_id, found, file)
        return cls.model_validate(data)

    @classmethod
    def from_shown(cls, document: Mapping[str, Any], file: str | None = None) -> Release:
        """A release as ``eqsurvey release show ID --json`` printed it (its id beside the public body)."""
        release_id = document.get("id")
        if not isinstance(release_id, str):
            raise damaged("(no id)", ["id: missing or not text"], file)
        return cls.from_body(release_id, {k: v for k, v in document.items() if k != "id"}, file)

    def to_body(self) -> dict[str, Any]:
        """The stored body, key for key as it was read or made (without the id, which the ledger keeps)."""
        return {k: v for k, v in self.stored().items() if k != "id"}

    def shown(self) -> dict[str, Any]:
        """The public release as ``release show --json`` prints it: its id, then the public body."""
        return {"id": self.id, **self.public().to_body()}

    def public(self) -> Release:
        """The release as it may leave the analysts: no dataset MAC, no hidden cells' values for a pool
        (``pooling``), suppressed cells reduced to their place."""
        tables = tuple(t.public() for t in self.tables)
        weighting = self.weighting.public() if self.weighting is not None else None
        same = all(p is t for p, t in zip(tables, self.tables, strict=True)) and weighting is self.weighting
        if self.dataset is None and self.pooling is None and same:
            return self
        body = self.to_body()
        body.pop("dataset", None)
        body.pop("pooling", None)
        body["tables"] = [t.stored() for t in tables]
        if weighting is not None:
            body["weighting"] = weighting.stored()
        public = Release.model_validate({"id": self.id, **body})
        return public

    @property
    def simulated(self) -> bool:
        """Whether the release's dataset held simulated responses (older bodies record nothing: no)."""
        return (self.simulated_responses or 0) > 0

    @property
    def non_probability(self) -> bool:
        """Whether the respondents are a non-probability sample (what a release says unless it says otherwise)."""
        return (self.sample or "non_probability") == "non_probability"

    def table(self, table_id: str) -> PublishedTable | None:
        return next((t for t in self.tables if t.id == table_id), None)


class StoredRelease(Release):
    """A release as the ledger must hold it: with its dataset's MAC."""

    dataset: DatasetRef


def problems(model: type[Part], data: object) -> list[str]:
    """What is wrong with ``data`` as a ``model``, each as ``path: problem`` (the first :data:`SHOWN`); [] if none."""
    if not isinstance(data, dict):
        return ["(the body): not a JSON object"]
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        found = [f"{_path(e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}" for e in errors[:SHOWN]]
        return found + ([f"… {len(errors) - SHOWN} more"] if len(errors) > SHOWN else [])
    return []


def damaged(release_id: str, found: list[str], file: str | None = None) -> EqSurveyError:
    """The user error for a release whose stored form does not read (each problem as ``path: problem``); a
    release handed over as a ``file`` is asked for again, one in the store restored or made again."""
    code, fix = (
        ("release-file", "ask for the file again; it is written by: eqsurvey release show ID --json > FILE.json")
        if file is not None
        else (
            "damaged-release",
            "restore the release from a backup of the project, or make it again (eqsurvey release)",
        )
    )
    return EqSurveyError(
        Problem(
            code,
            Location(file=file, field=f"release {release_id}: {problem.split(':', 1)[0]}"),
            problem.split(":", 1)[-1].strip(),
            fix,
        )
        for problem in found
    )


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "(the body)"

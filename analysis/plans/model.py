"""Analysis plans: which tables one release publishes, and with how much of the budget.

A plan is YAML that analysts and community partners read together::

    id: musterstadt-main
    instrument: musterstadt-2026
    budget_share: 0.5            # of the project's total ρ, spent by one release of this plan
    publication: {suppress_below: 20, flag_below: 50, max_relative_error: 0.5}  # protection: 20
    tables:
      - id: discrimination_by_racialisation
        kind: counts             # counts, matrix, mean, representation, write_ins
        measure: discr_any_12m   # a question or derived variable of the instrument
        by: [rac_self]           # breakdowns; several make an intersection
      - id: domains_by_gender
        kind: matrix
        measure: discr_5y
        by: [gender_group]

The publication defaults follow the EU Fundamental Rights Agency's practice
for survey tables: cells of fewer than 20 respondents are not shown, cells of
20–49 are flagged as uncertain. Cells that would let a reader work a hidden
one out (by subtracting shown figures from a total) are hidden too, until
every hidden count could lie anywhere in a range at least ``protection``
respondents wide (by default the threshold itself, as τ-Argus's protection
levels do).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from instruments.questions import Strict
from instruments.text import Identifier, LocalText, Slug

TableKind = Literal["counts", "matrix", "mean", "representation", "write_ins"]

Share = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]


class Publication(Strict):
    suppress_below: int = Field(20, ge=0)
    """Cells with a noisy count below this are not shown."""
    flag_below: int = Field(50, ge=0)
    """Cells with a noisy count below this (and not suppressed) are flagged as uncertain."""
    max_relative_error: float = Field(0.5, gt=0)
    """A share whose confidence interval's half-width exceeds this fraction of it is flagged as imprecise (still shown)."""
    protection: float | None = Field(None, ge=0, allow_inf_nan=False)
    """How wide, in respondents, the range of every hidden count must stay for a reader of all published figures
    (secondary suppression hides further cells until it does); left out, the suppression threshold."""

    @property
    def protection_width(self) -> float:
        return float(self.suppress_below if self.protection is None else self.protection)

    @model_validator(mode="after")
    def _ordered(self) -> Publication:
        if self.flag_below < self.suppress_below:
            raise ValueError("flag_below must not be smaller than suppress_below")
        return self


class Table(Strict):
    id: Identifier
    kind: TableKind
    measure: Identifier
    by: list[Identifier] = Field(default_factory=list, max_length=3)
    label: LocalText | None = None
    weight: float = Field(1.0, ge=1e-6, le=1e6)
    """How much this table's accuracy matters against the others when the budget is split.

    Bounded so that the split's arithmetic (square roots of weighted costs) stays finite and exact enough."""
    share: Share | None = None
    """This table's share of the plan's budget; left out everywhere, the split that minimises error is used."""
    reference: dict[str, Annotated[float, Field(ge=0, le=1)]] | None = None
    """Representation tables: each group's share in the reference population (e.g. the city's staff)."""


Sample = Literal["non_probability", "probability"]

Method = Literal["poststratify", "rake"]


class PopulationRow(Strict):
    """One cell of a population margin: a category of one calibration variable, or of a cross of two."""

    codes: dict[Identifier, str] = Field(min_length=1, max_length=2)
    count: float = Field(ge=0, allow_inf_nan=False)


class Calibration(Strict):
    """Weighting to population margins (see :mod:`analysis.calibration`): which variables, which figures, how.

    ``margins`` names a CSV file beside the plan (:mod:`analysis.plans.margins`);
    the loader reads it into ``population`` so that the release stores the figures it was weighted to.
    """

    variables: list[Identifier] = Field(min_length=1, max_length=3)
    source: str = Field(min_length=3, max_length=500)
    """Where the population figures come from (register or Zensus 2022, table name and date)."""
    margins: str | None = Field(None, min_length=1, max_length=200)
    population: list[PopulationRow] | None = Field(None, max_length=2000)
    method: Method = "rake"
    trim: tuple[Annotated[float, Field(gt=0, le=1)], Annotated[float, Field(ge=1, le=100)]] = (0.3, 3.0)
    """Lowest and highest weight, relative to the mean weight."""
    share: Share = 0.5
    """The part of a release's budget spent on the weighted tables and the calibration cells' counts."""
    tables: list[Identifier] | None = None
    """The counts tables published weighted as well; left out, every counts table."""


class AnalysisPlan(Strict):
    id: Slug
    instrument: Slug
    budget_share: Share
    sample: Sample = "non_probability"
    """How respondents were found: a probability sample (e.g. invitations to a random draw) or not."""
    publication: Publication = Field(default_factory=Publication)
    tables: list[Table] = Field(min_length=1)
    calibration: Calibration | None = None
    """Weighted tables as well: calibrated to population margins (see :class:`Calibration`)."""

    def weighted_tables(self) -> list[Table]:
        """The tables a calibrated plan also publishes weighted (none without calibration)."""
        if self.calibration is None:
            return []
        named = self.calibration.tables
        return [t for t in self.tables if t.kind == "counts" and (named is None or t.id in named)]

"""A published cell: where it sits (row, answer, groups), its status and, unless suppressed, its numbers.

What the numbers are is said in :mod:`analysis.suppression`. A suppressed cell
says where it sits and that it is suppressed, nothing else
(:meth:`PublishedCell.hidden`): any other field would follow from its hidden
noisy values. Cells stored before that rule may carry a share's status; they
are read as they are and published without it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple, Self

from pydantic import Field, model_validator

from analysis.releases.parts import Fraction, NonNegative, Number, Part


class CellStatus(StrEnum):
    """Whether a cell's numbers are shown, shown with a flag (few respondents), or withheld."""

    SHOWN = "shown"
    UNCERTAIN = "uncertain"
    SUPPRESSED = "suppressed"


class ShareStatus(StrEnum):
    """Whether a cell's share is shown plainly or flagged for its wide interval."""

    SHOWN = "shown"
    IMPRECISE = "imprecise"


class Estimate(NamedTuple):
    """A published number and its 95 % interval."""

    value: float
    low: float
    high: float


#: All a suppressed cell says (:meth:`PublishedCell.hidden`).
SUPPRESSED_KEYS = ("row", "measure", "by", "status")


class PublishedCell(Part):
    """One published cell of a table (see the module's docstring)."""

    status: CellStatus = Field(strict=False)  # read from JSON text: strict would want the enum
    by: dict[str, str]
    """The groups the cell is in: breakdown variable → category code."""
    measure: str | None = None
    """The answer counted (a category code, a write-in's text); None in a mean's cells."""
    row: str | None = None
    """A matrix's item; None elsewhere."""
    estimate: Number | None = None
    low: Number | None = None
    high: Number | None = None
    n: NonNegative | None = None
    base: NonNegative | None = None
    share: Fraction | None = None
    share_low: Number | None = None
    share_high: Number | None = None
    share_status: ShareStatus | None = Field(None, strict=False)
    reference: Number | None = None
    ratio: Number | None = None
    ratio_low: Number | None = None
    ratio_high: Number | None = None
    unclamped: Number | None = None
    """A count measured below zero and shown as 0: its unbiased value, for sums."""
    share_unclamped: Number | None = None
    coverage: Number | None = None
    share_coverage: Number | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.status is not CellStatus.SUPPRESSED and None in (self.estimate, self.low, self.high, self.n):
            raise ValueError("a cell that is shown has an estimate, low, high and n")
        if self.share is not None and None in (self.share_low, self.share_high, self.share_status):
            raise ValueError("a share comes with share_low, share_high and share_status")
        if self.ratio is not None and None in (self.ratio_low, self.ratio_high, self.reference):
            raise ValueError("a ratio comes with ratio_low, ratio_high and its reference")
        return self

    @property
    def suppressed(self) -> bool:
        return self.status is CellStatus.SUPPRESSED

    @property
    def uncertain(self) -> bool:
        return self.status is CellStatus.UNCERTAIN

    @property
    def imprecise(self) -> bool:
        """Whether the cell has a share flagged as imprecise."""
        return self.share is not None and self.share_status is ShareStatus.IMPRECISE

    @property
    def place(self) -> tuple[str | None, str | None, tuple[tuple[str, str], ...]]:
        """Where the cell sits in its table: row, answer and groups (sorted), whatever else it shows."""
        return self.row, self.measure, tuple(sorted(self.by.items()))

    @property
    def shown(self) -> Estimate:
        """The cell's estimate and interval; asking a suppressed cell for them is a bug."""
        if self.estimate is None or self.low is None or self.high is None:
            raise ValueError(f"cell {self.place} is suppressed: it publishes no estimate")
        return Estimate(self.estimate, self.low, self.high)

    @property
    def count(self) -> float:
        """The cell's published n (the noisy count it was judged by); asking a suppressed cell is a bug."""
        if self.n is None:
            raise ValueError(f"cell {self.place} is suppressed: it publishes no n")
        return self.n

    @property
    def share_shown(self) -> Estimate | None:
        """The cell's share and its interval, if it has one (the validator ensures all three together)."""
        if self.share is None or self.share_low is None or self.share_high is None:
            return None
        return Estimate(self.share, self.share_low, self.share_high)

    @property
    def ratio_shown(self) -> Estimate | None:
        """The share's ratio to the reference population's, and its interval, if the cell has one."""
        if self.ratio is None or self.ratio_low is None or self.ratio_high is None:
            return None
        return Estimate(self.ratio, self.ratio_low, self.ratio_high)

    @classmethod
    def checked(cls, values: dict[str, Any]) -> PublishedCell:
        """The cell of ``values`` that their caller has already checked as :meth:`model_validate` would.

        What ``model_construct`` makes (the keys given, in their order, as the fields set), without its walk
        over every field: publishing a release's cells one validation at a time cost some 40 µs a cell.
        ``values`` must be plain JSON values of the fields' types (enums for the statuses), finite, within the
        fields' ranges and complete as :meth:`_complete` demands; :mod:`analysis.published` checks its
        columns of numbers once for all its cells, and its tests compare the cells with validated ones.
        """
        cell = cls.__new__(cls)
        object.__setattr__(cell, "__dict__", _UNSET | values)  # every field, in the model's order
        object.__setattr__(cell, "__pydantic_fields_set__", set(values))
        object.__setattr__(cell, "__pydantic_extra__", {})
        object.__setattr__(cell, "__pydantic_private__", {"_order": tuple(values)})
        return cell

    def hidden(self) -> PublishedCell:
        """The cell suppressed: its place and labels, nothing else (:data:`SUPPRESSED_KEYS`)."""
        return PublishedCell(row=self.row, measure=self.measure, by=dict(self.by), status=CellStatus.SUPPRESSED)

    def public(self) -> PublishedCell:
        """The cell as it may be published: a suppressed one reduced to its place (:meth:`hidden`)."""
        if not self.suppressed or list(self.stored()) == list(SUPPRESSED_KEYS):
            return self
        return self.hidden()


_UNSET: dict[str, Any] = dict.fromkeys(PublishedCell.model_fields)

"""A published table: what it measures, by which groups, with which noise, and its cells."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from analysis.releases.cells import PublishedCell
from analysis.releases.parts import AS_TUPLE, Fraction, NonNegative, Part


class TableKind(StrEnum):
    """The kinds of table a plan asks for (:data:`analysis.plans.model.TableKind` names the same ones)."""

    COUNTS = "counts"
    MATRIX = "matrix"
    MEAN = "mean"
    REPRESENTATION = "representation"
    WRITE_INS = "write_ins"

    @property
    def counted(self) -> bool:
        """Whether the table's cells are counts of the measure's answers in each group (made consistent)."""
        return self in COUNTED


#: The kinds whose cells are counts with shares, measured in blocks made consistent with each other.
COUNTED = frozenset({TableKind.COUNTS, TableKind.MATRIX, TableKind.REPRESENTATION})

#: The noise parts of a multiple choice measured centred (:mod:`analysis.centred`).
CENTRED_PARTS = ("options", "statuses")


class NoiseRecord(Part):
    """The noise one part of a table was measured with (its OpenDP mechanism and scale)."""

    mechanism: str
    sensitivity: NonNegative
    scale: NonNegative
    rho: NonNegative
    delta: Fraction | None = None
    """A write-in threshold's δ; none for the plain Gaussian."""
    threshold: NonNegative | None = None
    along: str | None = None
    """A count table measured centred (parts ``options`` and ``statuses``): the multiple choice it centres."""


class PublishedTable(Part):
    """One table of a release, as published."""

    id: str
    kind: TableKind = Field(strict=False)  # read from JSON text
    measure: str
    by: tuple[str, ...] = AS_TUPLE
    rho: NonNegative
    noise: dict[str, NoiseRecord]
    cells: tuple[PublishedCell, ...] = AS_TUPLE

    @model_validator(mode="after")
    def _centred_noise_complete(self) -> Self:
        """A multiple choice measured centred states both parts, centred along one of the table's variables."""
        centred = {name for name in self.noise if name in CENTRED_PARTS}
        if not centred:
            return self
        if centred != set(CENTRED_PARTS) or "counts" in self.noise:
            raise ValueError("a table measured centred states the noise of 'options' and 'statuses', and no 'counts'")
        along = {self.noise[name].along for name in CENTRED_PARTS}
        if len(along) != 1 or next(iter(along)) not in (self.measure, *self.by):
            raise ValueError(
                "a table measured centred names in 'along' one of its own variables, the same in both parts"
            )
        return self

    def public(self) -> PublishedTable:
        """The table with its suppressed cells reduced to their place (:meth:`PublishedCell.public`)."""
        cells = tuple(c.public() for c in self.cells)
        if all(public is cell for public, cell in zip(cells, self.cells, strict=True)):
            return self
        return self.model_copy(update={"cells": cells})

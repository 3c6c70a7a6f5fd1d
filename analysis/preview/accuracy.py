"""Accuracy preview of a plan: what one release will show for N respondents, before any data exist.

It follows the release step for step: the same layouts, the same budget split
(:func:`analysis.plans.layout.split`), the same OpenDP scales
(:func:`analysis.mechanisms.gaussian_scale`), and the release's own cell
functions (:func:`analysis.published.count_cells` and ``mean_cells``) run on
the *expected* counts, with suppression turned off so that every number
shows; the plan's publication rules are then applied to the expected counts.
So a change to how the release computes an interval changes the preview with
it. What the preview cannot know, the number of respondents in each cell, it
takes from expected shares (:mod:`analysis.preview.pilot`: stated defaults, or a
pilot's figures).

Per cell it gives:

- ``expected``: the expected count, N times the cell's expected share;
- ``noise_sd`` and ``count_half_width``: the noise's standard deviation and
  the half-width of the count's 95 % interval (noise only, as published;
  before the interval is cut at zero);
- ``share_half_width``: half the width of the share's 95 % interval (noise and
  sampling, as the release computes it) at the expected count and base;
- ``p_suppressed``: the chance the cell is suppressed, normal approximation:
  the noisy count (or the group's base) falls below ``suppress_below``. Its
  spread is the noise's *and* the sampling variance of a binomial count,
  because before fielding the true count is not known either. The count is
  part of its base, so the larger of the two chances is taken;
- ``status``: the publication rules applied to the expected count and base.

Means assume each value of the scale equally likely (a uniform spread; a
pilot's shares of a scale's points replace that), and give the half-width of
the mean's interval as the release computes it at the expected sums. The margins that tables share are made consistent in the
release; that never widens intervals, so the preview is on the safe side.

:class:`Planned` works out the layouts, the split and the noise scales once and
previews any table at any number of respondents: :mod:`analysis.preview.verdicts`
searches over that number with it.

The plan's weighted error is Σ K_t / ρ_t (:meth:`TableLayout.cost`): each
table's noise variance of one cell, times its weight, summed. It is given for
the split in use and for the optimal split, so the gain of accepting the
proposal shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from statistics import NormalDist
from typing import Any

import numpy as np

from analysis.centred import Centred
from analysis.consistency import Noisy
from analysis.consistency import noise as exact_noise
from analysis.intervals import Z95
from analysis.mechanisms import gaussian_scale, threshold_scale, write_in_threshold
from analysis.plans.dimensions import Dimension, dimension
from analysis.plans.layout import OPTIONS, STATUSES, Block, Part, TableLayout, layouts, optimal_shares, split
from analysis.plans.model import AnalysisPlan, Publication, Table
from analysis.preview.pilot import DECLINED_SHARE, MISSING_SHARE, answered_share, category_shares
from analysis.preview.weighted import WeightedPreview, weighted_preview
from analysis.published import base_cells, count_cells, mean_cells
from analysis.suppression import status
from instruments.dataset import column_name, dataset_schema
from instruments.model import Instrument
from instruments.text import DECLINED

_NORMAL = NormalDist()


@dataclass(frozen=True)
class CellPreview:
    row: str | None
    measure: str | None
    by: dict[str, str]
    expected: float
    noise_sd: float
    count_half_width: float
    base: float | None = None
    share: float | None = None
    share_half_width: float | None = None
    mean: float | None = None
    mean_half_width: float | None = None
    p_suppressed: float = 0.0
    status: str = "shown"
    share_status: str | None = None


@dataclass(frozen=True)
class TablePreview:
    id: str
    kind: str
    measure: str
    by: tuple[str, ...]
    rho: float
    share: float
    """The share of the release's budget the table gets (the plan's own, or the optimal one)."""
    optimal_share: float
    noise: dict[str, float]
    """Per part (counts, sums, squares, write_ins): the noise's standard deviation."""
    cells: tuple[CellPreview, ...]
    threshold: float | None = None
    """Write-ins: an answer shows only if its noisy count clears this."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"by": list(self.by), "cells": [asdict(c) for c in self.cells]}


@dataclass(frozen=True)
class Preview:
    respondents: int
    rho: float
    own_split: bool
    """Whether the plan sets every table's share (else the optimal split is what the release uses)."""
    weighted_error: float
    optimal_weighted_error: float
    tables: tuple[TablePreview, ...]
    weighted: WeightedPreview | None = None
    """A calibrated plan's weighted tables (:mod:`.weighted`); none without calibration."""

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self) | {"tables": [t.as_dict() for t in self.tables]}
        out["weighted"] = self.weighted.as_dict() if self.weighted is not None else None
        return out


def weighted_error(tables: Sequence[TableLayout], rhos: Sequence[float]) -> float:
    """Σ K_t / ρ_t: the plan's weighted noise variance for a split of the budget (each ρ_t > 0)."""
    return sum(t.cost() / r for t, r in zip(tables, rhos, strict=True))


def preview(
    plan: AnalysisPlan,
    instrument: Instrument,
    rho: float,
    respondents: int,
    shares: Mapping[str, Mapping[str, float]] | None = None,
) -> Preview:
    """What one release of ``plan`` spending ``rho`` will show for ``respondents`` people; reads no data.

    ``shares``: per variable, the expected fraction of all respondents in some
    of its categories (see :mod:`analysis.preview.pilot`); the rest are defaults.

    Example (the Musterstadt plan, 0.15 of ρ, 2000 respondents)::

        result = preview(plan, instrument, 0.15, 2000)
        result.tables[0].noise              # {'counts': 11.3…}: the scale the release will use
        result.tables[0].cells[0].share_half_width
    """
    return Planned(plan, instrument, rho, shares).at(respondents)


class Planned:
    """A plan's layouts, budget split and noise scales, worked out once; previews at any number of respondents.

    Example: ``Planned(plan, instrument, 0.15).table(0, 800)`` previews the plan's first table alone
    (what a search over the number of respondents needs, without the other tables' cells).
    """

    def __init__(
        self,
        plan: AnalysisPlan,
        instrument: Instrument,
        rho: float,
        shares: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        if not rho > 0:
            raise ValueError("a preview needs at least one respondent and a positive budget")
        self.plan, self.rho, self.shares = plan, rho, shares or {}
        self.shapes = layouts(plan, instrument)
        # A calibrated plan spends calibration.share of the release on its weighted tables (analysis.calibration).
        self.plain_rho = rho * (1 - plan.calibration.share) if plan.calibration is not None else rho
        self.instrument = instrument
        self.rhos = split(self.shapes, self.plain_rho)
        self.optimal = optimal_shares(self.shapes)
        self.schema = dataset_schema(instrument)
        self._noise: dict[int, dict[str, float]] = {}
        self.needed: dict[int, int | None] = {}
        """Per table, the respondents needed (:func:`analysis.preview.verdicts.respondents_needed` fills it once:
        they do not depend on any one number of respondents)."""

    def at(self, respondents: int) -> Preview:
        tables = tuple(self.table(i, respondents) for i in range(len(self.shapes)))
        return Preview(
            respondents,
            self.rho,
            all(s.table.share is not None for s in self.shapes),
            weighted_error(self.shapes, self.rhos),
            weighted_error(self.shapes, [self.plain_rho * s for s in self.optimal]),
            tables,
            weighted_preview(self.plan, self.instrument, self.rho, respondents, self.shares),
        )

    def table(self, index: int, respondents: int) -> TablePreview:
        """The preview of the plan's table number ``index`` (from 0) for ``respondents`` people."""
        if respondents < 1:
            raise ValueError("a preview needs at least one respondent and a positive budget")
        shape, table_rho = self.shapes[index], self.rhos[index]
        expect = _Expect(respondents, self.shares, self.plan.publication)
        if index not in self._noise:  # OpenDP's scale search is the slow part, and it does not depend on N
            self._noise[index] = {p.name: _scale(shape, p, table_rho) for p in shape.parts}
        noise = dict(self._noise[index])
        kind, threshold = shape.table.kind, None
        if kind == "write_ins":
            cells: list[CellPreview] = []
            threshold = write_in_threshold(noise["write_ins"])
        elif kind == "mean":
            column = self.schema.column(shape.column())
            scale = dimension(self.schema, column.name) if column.kind == "integer" else None
            declined = any(c.name == column_name(column.name, DECLINED) for c in self.schema.columns)
            cells = expect.means(shape, noise, scale, declined)
        else:
            rows = [
                b.dims[0].name.removeprefix(shape.table.measure + "__") if kind == "matrix" else None
                for b in shape.blocks
            ]
            cells = [
                c
                for b, row in zip(shape.blocks, rows, strict=True)
                for c in expect.counts(shape.table, b, row, noise, shape.axis)
            ]
        t = shape.table
        return TablePreview(
            t.id, t.kind, t.measure, tuple(t.by), table_rho, table_rho / self.rho, self.optimal[index], noise,
            tuple(cells), threshold,
        )  # fmt: skip


@dataclass
class _Expect:
    respondents: int
    pilot: Mapping[str, Mapping[str, float]]
    rules: Publication

    @property
    def unsuppressed(self) -> Publication:
        """The plan's rules with nothing suppressed, so that the release's functions give every number."""
        return Publication(suppress_below=0, flag_below=0, max_relative_error=self.rules.max_relative_error)

    def shares(self, dim: Dimension) -> tuple[float, ...]:
        return category_shares(dim, self.pilot.get(dim.name))

    def expected(self, dims: tuple[Dimension, ...]) -> np.ndarray:
        """Expected counts of a block's cells: the dimensions independent, so their shares multiply."""
        out = np.full((), float(self.respondents))
        for d in dims:
            out = np.multiply.outer(out, np.asarray(self.shares(d)))
        return out

    def below(self, count: float, noise_variance: float) -> float:
        """P(noisy count < suppress_below) for a count expected to be ``count``: noise and sampling (binomial)."""
        if self.rules.suppress_below <= 0:
            return 0.0  # a count below zero is shown as 0 when the rule suppresses nothing
        fraction = min(count / self.respondents, 1.0)
        spread = math.sqrt(noise_variance + self.respondents * fraction * (1 - fraction))
        return _NORMAL.cdf((self.rules.suppress_below - count) / spread)

    def counts(
        self, table: Table, block: Block, row: str | None, noise: dict[str, float], axis: int | None
    ) -> list[CellPreview]:
        """The release's own :func:`analysis.published.count_cells` at the expected counts of the block.

        ``noise``: the table's parts' sds; ``axis``: the multiple choice a centred table centres (else None).
        """
        measure, expected = block.dims[0], self.expected(block.dims)
        if axis is None:
            noisy, errors = Noisy(block, expected, noise["counts"] ** 2), None
            variances = np.full(block.cells, noise["counts"] ** 2)
            base_variances = variances * (1 if measure.multi else len(measure.substantive))
        else:
            noisy = Centred(block, axis).noisy(expected.ravel(), noise[OPTIONS] ** 2, noise[STATUSES] ** 2)
            (errors,) = exact_noise([noisy], [base_cells(measure)])
            variances, base_variances = errors.variance, errors.base_variance
        groups = block.cells // measure.size
        cells = []
        for index, made in enumerate(count_cells(table, noisy, self.unsuppressed, row, errors)):
            flat = (index % measure.size) * groups + index // measure.size  # made group by group; flat is c·G + g
            variance, sd = float(variances[flat]), math.sqrt(float(variances[flat]))
            base_variance = float(base_variances[flat])
            n = float(made.n or 0.0)  # nothing is suppressed under these rules: every cell has its n
            likely = self.below(n, variance)
            cell = CellPreview(row, made.measure, dict(made.by), n, sd, Z95 * sd)
            if made.share is not None and made.share_low is not None and made.share_high is not None:
                base = float(made.base or 0.0)
                cell = _with(
                    cell,
                    base=base,
                    share=made.share,
                    share_half_width=(made.share_high - made.share_low) / 2,
                    share_status=made.share_status,
                )
                likely = max(likely, self.below(base, base_variance))  # the count is part of its base
            cells.append(_with(cell, p_suppressed=likely, status=status(n, cell.base, self.rules)))
        return cells

    def means(
        self, shape: TableLayout, noise: dict[str, float], scale: Dimension | None, declined: bool
    ) -> list[CellPreview]:
        """The release's own :func:`analysis.published.mean_cells` at each group's expected count and sums."""
        lo, hi = shape.limits()
        middle = (lo + hi) / 2
        if scale is not None:  # a scale's points: the pilot's shares, else each point equally likely
            shares = self.shares(scale)
            answered = answered_share(scale, shares)
            among = answered or 1.0  # a pilot may say nobody answers: then no group has a mean anyway
            points = [(float(scale.categories[i]) - middle, shares[i] / among) for i in scale.substantive]
            centred = sum(v * p for v, p in points)
            spread = sum(p * (v - centred) ** 2 for v, p in points)
        else:  # a number: uniform over its range
            answered = 1 - MISSING_SHARE - (DECLINED_SHARE if declined else 0.0)
            centred, spread = 0.0, (hi - lo) ** 2 / 12
        variances = {name: sd * sd for name, sd in noise.items()}
        n = (self.expected(shape.blocks[0].dims) * answered).ravel()
        # The sum as the release's bias correction expects it from a noisy count: it gives back `centred`.
        sums = n * centred * (1 + variances["counts"] / np.maximum(n * n, 1e-12))
        parts = {"counts": n, "sums": sums, "squares": n * (spread + centred**2)}
        made = mean_cells(parts, variances, shape.blocks[0].dims, shape.limits(), self.unsuppressed)
        sd = noise["counts"]
        # The expected n of each group, also where the release would suppress it (and so hide its n).
        return [
            CellPreview(
                None,
                None,
                dict(m.by),
                float(expected),
                sd,
                Z95 * sd,
                base=float(expected),
                mean=m.estimate,
                mean_half_width=_half(m.low, m.high) if m.estimate is not None else None,
                p_suppressed=self.below(float(expected), variances["counts"]),
                status=m.status if m.suppressed else status(float(expected), None, self.rules),
            )
            for m, expected in zip(made, n, strict=True)
        ]


def _half(low: float | None, high: float | None) -> float | None:
    return None if low is None or high is None else (high - low) / 2


def _with(cell: CellPreview, **changes: Any) -> CellPreview:
    return replace(cell, **changes)


def _scale(shape: TableLayout, part: Part, table_rho: float) -> float:
    """The scale the release's mechanism will use for the part (write-ins: the thresholded one's)."""
    if part.name == "write_ins":
        return threshold_scale(table_rho * part.fraction)
    return gaussian_scale(part.sensitivity, table_rho * part.fraction, shape.size(part))

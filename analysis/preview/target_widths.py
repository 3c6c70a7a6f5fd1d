"""The published half-width of a group's interval, for the target planner (:mod:`analysis.preview.target`).

The release's own interval functions (:func:`analysis.intervals.share_interval`,
:func:`analysis.intervals.mean_estimate`) at a number of members and a noise
scale: a factor on the noise sd of the plan's current split, since the
Gaussian's sd at ρ' is sd · √(ρ / ρ'). What is random before fielding is taken
at its worst or at a quantile, as :mod:`analysis.preview.target` explains.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from analysis.centred import largest_cell_variance, option_count_variance
from analysis.intervals import ShareNoise, mean_estimate, share_interval
from analysis.plans.layout import OPTIONS, STATUSES

if TYPE_CHECKING:
    from analysis.preview.accuracy import CellPreview, Planned
    from analysis.preview.target import Target

SHARE_GRID = tuple(i / 100 for i in range(1, 100))
"""Shares at which an unknown share's interval is worked out; the widest counts."""


class GroupWidths:
    """The published half-width of a group's interval for a number of members and a noise scale (a factor on
    the sd of the current split: the noise sd at ρ' is sd · √(ρ / ρ'), the Gaussian's own scaling)."""

    def __init__(self, planned: Planned, index: int, noise: dict[str, float], target: Target) -> None:
        self.shape = planned.shapes[index]
        self.noise = noise
        self.pilot = planned.shares
        self.kind = self.shape.table.kind
        self.alpha = 1 - target.confidence

    def _measure(self, row: str | None) -> Any:
        for block in self.shape.blocks:
            name = block.dims[0].name
            if row is None or name.endswith("__" + row):
                return block.dims[0]
        return self.shape.blocks[0].dims[0]

    def stated(self, row: str | None) -> bool:
        return self._measure(row).name in self.pilot

    def _cell_variance(self, factor: float) -> float:
        """A count cell's noise variance at ``factor``: the one scale, or a centred table's largest cell's."""
        f2 = factor * factor
        if OPTIONS not in self.noise:
            return self.noise["counts"] ** 2 * f2
        return largest_cell_variance(self.noise[OPTIONS] ** 2, self.noise[STATUSES] ** 2) * f2

    def _share_noise(self, measure: Any, factor: float) -> ShareNoise:
        """The noise of a share of ``measure`` in a group, its count and base as the table measures them."""
        if self.shape.axis == 0:  # centred along the measure: every option shares its group's "answered" noise
            f2 = factor * factor
            options, statuses = self.noise[OPTIONS] ** 2 * f2, self.noise[STATUSES] ** 2 * f2
            return ShareNoise.of_cells(option_count_variance(options, statuses), statuses / 2, statuses)
        v = self._cell_variance(factor)
        return ShareNoise.of_ratio(v, v) if measure.multi else ShareNoise.of_part(v, v * (len(measure.substantive) - 1))

    def base_variance(self, row: str | None, factor: float) -> float:
        if self.kind == "mean":
            return self.noise["counts"] ** 2 * factor * factor
        measure = self._measure(row)
        return self._share_noise(measure, factor).c

    def low_base(self, respondents: int, share: float, factor: float, row: str | None, stated: bool) -> float:
        """The published base's lower quantile: binomial sampling and the noise, normal approximation."""
        alpha = self.alpha / 2 if stated else self.alpha
        z = NormalDist().inv_cdf(1 - alpha)
        spread = respondents * share * (1 - share) + self.base_variance(row, factor)
        return respondents * share - z * math.sqrt(spread)

    def of(self, row: str | None, cells: list[CellPreview], stated: bool) -> Callable[[float, float], float]:
        """The widest half-width of the group at ``members`` and noise ``factor``."""
        if self.kind == "mean":
            return self._mean
        measure = self._measure(row)

        def share_width(members: float, factor: float) -> float:
            if members < 1:
                return math.inf
            noise = self._share_noise(measure, factor)

            def half(p: float) -> float:
                low, high = share_interval(p, members, noise)
                return (high - low) / 2

            if not stated:
                return max(half(p) for p in SHARE_GRID)
            widest = 0.0
            for cell in cells:  # a stated share: the widest within its own 95 % interval
                p = cell.expected / (cell.base or 1.0)
                margin = half(p)
                widest = max(widest, *(half(q) for q in SHARE_GRID if p - margin <= q <= p + margin), margin)
            return widest

        return share_width

    def _mean(self, members: float, factor: float) -> float:
        if members < 1:
            return math.inf
        lo, hi = self.shape.limits()
        half = (hi - lo) / 2
        f2 = factor * factor
        noise = (self.noise["counts"] ** 2 * f2, self.noise["sums"] ** 2 * f2, self.noise["squares"] ** 2 * f2)
        # Half the values at each end: the widest spread a bounded measure has (its mean in the middle).
        _, low, high = mean_estimate(members, 0.0, members * half * half, noise, (lo, hi))
        return (high - low) / 2

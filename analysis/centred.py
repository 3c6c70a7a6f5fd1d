"""A count block measured centred along a multiple choice (see :mod:`analysis.plans.layout`), and read back.

Along the multiple choice Q, with the other dimensions' cells g: ``options``
holds, per option j and g, ticked minus not ticked among those who answered
(2 · cell(j, g) − cell(answered, g)); ``statuses`` holds Q's status cells
(answered, prefer not to say, no answer) per g. Each gets its own Gaussian
noise; a ticked count is read back as (answered + centred value) / 2, so all
options of a group share the noise of its one "answered" count. That sharing
is the noise's covariance, which :class:`Sources` hands to the consistency
step and its exact trace (and so to every interval).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from analysis.consistency import Noisy, Sources
from analysis.plans.dimensions import ANSWERED, Dimension
from analysis.plans.layout import OPTIONS, STATUSES, Block
from analysis.releases.tables import NoiseRecord


@dataclass(frozen=True)
class Centred:
    """Where a block's option and status cells are, along the multiple choice at ``axis``."""

    block: Block
    axis: int

    @property
    def _dim(self) -> Dimension:
        return self.block.dims[self.axis]

    @property
    def options(self) -> list[int]:
        return [i for i in range(self._dim.size) if i not in self._dim.partition]

    @property
    def statuses(self) -> list[int]:
        return list(self._dim.partition)

    @property
    def answered(self) -> int:
        """The place of "answered" among the statuses."""
        return self.statuses.index(self._dim.categories.index(ANSWERED))

    def _along(self, values: np.ndarray) -> np.ndarray:
        """Block-shaped values as (category of the multiple choice, flat group of the other dimensions)."""
        return np.moveaxis(values.reshape(self.block.shape), self.axis, 0).reshape(self._dim.size, -1)

    def measured(self, cells: np.ndarray) -> dict[str, np.ndarray]:
        """The exact vectors of both parts, from the block's exact cells (flat or shaped)."""
        along = self._along(np.asarray(cells, dtype=float))
        answered = along[self.statuses[self.answered]]
        return {OPTIONS: (2 * along[self.options] - answered).ravel(), STATUSES: along[self.statuses].ravel()}

    def cells(self, options: np.ndarray, statuses: np.ndarray) -> np.ndarray:
        """The block's cells (shaped like it) read back from both parts' (noisy) vectors."""
        groups = len(statuses) // len(self.statuses)
        status = np.asarray(statuses, dtype=float).reshape(len(self.statuses), groups)
        along = np.empty((self._dim.size, groups))
        along[self.statuses] = status
        along[self.options] = (status[self.answered] + np.asarray(options, dtype=float).reshape(-1, groups)) / 2
        other = tuple(d.size for i, d in enumerate(self.block.dims) if i != self.axis)
        return np.moveaxis(along.reshape(self._dim.size, *other), 0, self.axis)

    def sources(self, options_variance: float, statuses_variance: float) -> Sources:
        """The cells' noise as the map of both parts' independent noise (options first, then statuses)."""
        place = self._along(np.arange(self.block.cells))  # each (category, group)'s flat cell
        groups = place.shape[1]
        m, s = len(self.options), len(self.statuses)
        group = np.arange(groups)
        rows, cols, weights = [], [], []
        for j, category in enumerate(self.options):
            rows += [place[category], place[category]]
            cols += [j * groups + group, (m + self.answered) * groups + group]
            weights += [np.full(groups, 0.5), np.full(groups, 0.5)]
        for k, category in enumerate(self.statuses):
            rows.append(place[category])
            cols.append((m + k) * groups + group)
            weights.append(np.ones(groups))
        matrix = sparse.csr_array(
            (np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
            shape=(self.block.cells, (m + s) * groups),
        )
        variances = np.concatenate([np.full(m * groups, options_variance), np.full(s * groups, statuses_variance)])
        return Sources(matrix, variances)

    def noisy(self, values: np.ndarray, options_variance: float, statuses_variance: float) -> Noisy:
        """The block's noisy cells with their noise's make-up.

        Its margins are weighed (:func:`analysis.consistency.make_consistent`)
        by a status cell's variance: every margin that sums the multiple choice
        out adds its status cells up, and only those.
        """
        sources = self.sources(options_variance, statuses_variance)
        return Noisy(self.block, values.reshape(self.block.shape), statuses_variance, sources)


def published_noisy(block: Block, noise: Mapping[str, NoiseRecord], values: np.ndarray) -> Noisy:
    """A published count block with the noise its table's records state: centred, or one scale for every cell."""
    name = noise[OPTIONS].along if OPTIONS in noise else None
    if name is None:
        return Noisy(block, values.reshape(block.shape), float(noise["counts"].scale) ** 2)
    axis = next(i for i, d in enumerate(block.dims) if d.name == name)
    return Centred(block, axis).noisy(values, float(noise[OPTIONS].scale) ** 2, float(noise[STATUSES].scale) ** 2)


def option_count_variance(options: float, statuses: float) -> float:
    """The noise variance of an option's count read back as (answered + centred value) / 2, from both parts'."""
    return (options + statuses) / 4


def largest_cell_variance(options: float, statuses: float) -> float:
    """The largest noise variance of a centred table's cells: an option's count's or a status cell's."""
    return max(option_count_variance(options, statuses), statuses)


def cell_scale(noise: Mapping[str, NoiseRecord]) -> float:
    """The largest noise standard deviation of one cell of a count table, as it was measured."""
    if OPTIONS in noise and STATUSES in noise:
        options, statuses = float(noise[OPTIONS].scale) ** 2, float(noise[STATUSES].scale) ** 2
        return math.sqrt(largest_cell_variance(options, statuses))
    counts = noise.get("counts")
    return float(counts.scale) if counts is not None else 0.0

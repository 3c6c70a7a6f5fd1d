"""The published cells of each kind of table: one tidy row per cell, with its interval and flags.

Counts arrive unbiased and unclamped (see :mod:`analysis.suppression`); a
count below zero is shown as 0, with its interval and its share worked out
from the value as measured. Numbers of suppressed cells are dropped here,
before anything is stored, so no later stage (report, export) can show them
by mistake.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.consistency import Errors, Noisy
from analysis.intervals import (
    ShareNoise,
    ShareNoises,
    count_intervals,
    mean_estimate,
    selected_estimate,
    share_estimates,
    share_intervals,
)
from analysis.intervals.conservative import mean_coverage, share_coverage
from analysis.intervals.counts import py_max, py_min
from analysis.plans.dimensions import ANSWERED, Dimension
from analysis.plans.model import Publication, Table
from analysis.releases.cells import SUPPRESSED_KEYS, CellStatus, PublishedCell, ShareStatus
from analysis.suppression import status


def _groups(dims: tuple[Dimension, ...]) -> list[tuple[tuple[int, ...], dict[str, str]]]:
    ranges = [range(d.size) for d in dims]
    return [
        (idx, {d.name: d.categories[i] for d, i in zip(dims, idx, strict=True)}) for idx in itertools.product(*ranges)
    ]


def _base(measure: Dimension, column: np.ndarray) -> tuple[float, int]:
    """Everyone in the group who gave an answer to the measure, and how many noisy cells that sums."""
    if measure.multi:
        return float(column[measure.categories.index(ANSWERED)]), 1
    return float(column[list(measure.substantive)].sum()), len(measure.substantive)


def _share_noise(measure: Dimension, variance: float, summed: int) -> ShareNoise:
    """With independent cells: a multiple choice's base is its _answered cell, measured apart from the
    option's; a single choice's is this cell plus the group's other answers."""
    if measure.multi:
        return ShareNoise.of_ratio(variance, variance)
    return ShareNoise.of_part(variance, variance * (summed - 1))


def base_cells(measure: Dimension) -> tuple[int, ...]:
    """The categories of the measure whose sum in a group is the group's answering base."""
    return (measure.categories.index(ANSWERED),) if measure.multi else tuple(measure.substantive)


def count_cells(
    table: Table,
    noisy: Noisy,
    rules: Publication,
    row: str | None = None,
    errors: Errors | None = None,
    *,
    validate: bool = False,
) -> list[PublishedCell]:
    """Counts and shares of the measure (the block's first dimension) in every group of the others.

    ``errors``: the consistent cells' exact noise (co)variances; without them each
    cell's noise is taken as measured, independent of the others. The numbers are
    worked out for all the block's cells at once and checked once; each cell is
    then made as checked (:meth:`PublishedCell.checked`), or validated one by one
    if ``validate`` or if any number is not finite (validation says which).
    """
    measure, by = noisy.block.dims[0], noisy.block.dims[1:]
    groups = _groups(by)
    values = noisy.values.reshape(measure.size, len(groups))  # flat cell c·groups + g, as the block's
    variance = errors.variance.reshape(values.shape) if errors else np.full(values.shape, noisy.variance, dtype=float)
    low, high = count_intervals(values, variance)
    based = [_base(measure, values[:, g]) for g in range(len(groups))]  # as one group's column sums them
    base = np.array([b for b, _ in based], dtype=float)[None, :]
    shared = np.zeros(values.shape, dtype=bool)
    shared[list(measure.substantive)] = True
    shared &= base > 0
    summed = based[0][1] if based else 1
    shares = _Shares.of(values, base, _noises(measure, noisy, errors, variance, summed), rules)
    checked = not validate and bool(np.isfinite(np.stack([values, low, high])).all()) and shares.finite(shared)
    columns = {"value": values, "low": low, "high": high, **shares.columns()}
    plain = {name: column.tolist() for name, column in columns.items()}
    ref = table.reference or {}
    cells: list[PublishedCell] = []
    for g, (_, labels) in enumerate(groups):
        for c, code in enumerate(measure.categories):
            value = plain["value"][c][g]  # unbiased; below zero where the noise took it there
            n = max(value, 0.0)
            cell: dict[str, Any] = {
                "row": row,
                "measure": code,
                "by": dict(labels),
                "estimate": n,
                "low": plain["low"][c][g],
                "high": plain["high"][c][g],
                "n": n,
            }
            if value < 0:
                cell["unclamped"] = value  # the unbiased value, for sums; shown as 0
            if shared[c, g]:
                cell |= _share_cell(plain, c, g, based[g][0], ref.get(code))
            cell["status"] = status(n, cell.get("base"), rules)
            cells.append(_checked(cell) if checked else _published(cell))
    return cells


def _noises(measure: Dimension, noisy: Noisy, errors: Errors | None, variance: np.ndarray, summed: int) -> ShareNoises:
    """Each cell's share noise: exact after consistency, else from cells measured apart (see _share_noise)."""
    if errors:  # as ShareNoise.of_cells, cell by cell
        shape = variance.shape
        return ShareNoises(variance, -2 * errors.base_covariance.reshape(shape), errors.base_variance.reshape(shape))
    noise = _share_noise(measure, noisy.variance, summed)
    return ShareNoises(*(np.full(variance.shape, x, dtype=float) for x in (noise.a, noise.b, noise.c)))


@dataclass(frozen=True)
class _Shares:
    """Every cell's share of its group's base, with interval and flag, worked out as count_cells' scalar
    functions would (share_estimate, share_interval, imprecise), for all cells at once."""

    ratio: np.ndarray
    share: np.ndarray
    low: np.ndarray
    high: np.ndarray
    rough: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray, base: np.ndarray, noise: ShareNoises, rules: Publication) -> _Shares:
        with np.errstate(all="ignore"):  # cells without a positive base get numbers too, never read
            ratio = share_estimates(values, base, noise)
            share = py_min(py_max(ratio, 0.0), 1.0)
            low, high = share_intervals(ratio, base, noise)
            rough = (share <= 0) | ((high - low) / 2 / share > rules.max_relative_error)
        return cls(ratio, share, low, high, rough)

    def finite(self, shown: np.ndarray) -> bool:
        return bool(np.isfinite(np.stack([self.ratio, self.share, self.low, self.high])[:, shown]).all())

    def columns(self) -> dict[str, np.ndarray]:
        return {
            "ratio": self.ratio,
            "share": self.share,
            "share_low": self.low,
            "share_high": self.high,
            "rough": self.rough,
        }


def _share_cell(plain: dict[str, list[list[Any]]], c: int, g: int, base: float, ref: float | None) -> dict[str, Any]:
    """A cell's share, its interval and flags, and its ratio to the reference share (the keys in count_cells' order)."""
    ratio, share = plain["ratio"][c][g], plain["share"][c][g]
    s_low, s_high = plain["share_low"][c][g], plain["share_high"][c][g]
    out: dict[str, Any] = {"base": base, "share": share, "share_low": s_low, "share_high": s_high}
    if ratio != share:  # tested as estimated, unclamped; shown within [0, 1] (see analysis.intervals.shares)
        out["share_unclamped"] = ratio
    out["share_status"] = ShareStatus.IMPRECISE if plain["rough"][c][g] else ShareStatus.SHOWN
    if (covers := share_coverage(s_low, s_high)) is not None:
        out["share_coverage"] = covers  # conservative: see analysis.intervals.conservative
    if ref:
        out |= {"reference": ref, "ratio": share / ref, "ratio_low": s_low / ref, "ratio_high": s_high / ref}
    return out


def _checked(cell: dict[str, Any]) -> PublishedCell:
    """A cell whose numbers were checked (plain, finite, in range), as published: reduced to its place if suppressed."""
    if cell["status"] is CellStatus.SUPPRESSED:
        return PublishedCell.checked({key: cell[key] for key in SUPPRESSED_KEYS})
    return PublishedCell.checked(cell)


def _plain_checked(cell: dict[str, Any]) -> PublishedCell:
    """A cell of a few numbers: made as checked if every number is finite, else validated (which says what is not)."""
    plain = as_json(cell)
    if all(math.isfinite(v) for v in plain.values() if isinstance(v, float)):
        return _checked(plain)
    return _published(cell)


def _published(cell: dict[str, Any]) -> PublishedCell:
    """The cell as published: checked, with plain floats, and reduced to its place if suppressed."""
    return PublishedCell.model_validate(as_json(cell)).public()


def mean_cells(
    parts: dict[str, np.ndarray],
    variances: dict[str, float],
    by: tuple[Dimension, ...],
    bounds: tuple[float, float],
    rules: Publication,
    *,
    validate: bool = False,
) -> list[PublishedCell]:
    noise = (variances["counts"], variances["sums"], variances["squares"])
    cells: list[PublishedCell] = []
    for flat, (_, labels) in enumerate(_groups(by)):
        n = max(float(parts["counts"][flat]), 0.0)
        cell: dict[str, Any] = {"row": None, "measure": None, "by": labels, "n": n, "base": n}
        if n >= max(rules.suppress_below, 1):
            mean, low, high = mean_estimate(n, parts["sums"][flat], parts["squares"][flat], noise, bounds)
            cell |= {"estimate": mean, "low": low, "high": high}
            if (covers := mean_coverage(n)) is not None:
                cell["coverage"] = covers  # conservative: see analysis.intervals.conservative
        # Fewer than one (noisy) respondent leaves nothing to average, whatever the rules allow.
        cell["status"] = status(n, None, rules) if n >= 1 else CellStatus.SUPPRESSED
        cells.append(_published(cell) if validate else _plain_checked(cell))
    return cells


def write_in_cells(
    noisy: dict[str, float], variance: float, threshold: float, rules: Publication
) -> list[PublishedCell]:
    """Answers whose noisy count cleared ``threshold`` (and the rules' floor): estimates given publication.

    ``n`` is the noisy count as measured (the publication rules read it); the
    estimate and interval account for the selection (:mod:`analysis.intervals.selected`).
    """
    cut, sd = max(threshold, float(rules.suppress_below)), variance**0.5
    cells: list[PublishedCell] = []
    for text, value in sorted(noisy.items(), key=lambda kv: (-kv[1], kv[0])):
        if status(value, None, rules) is CellStatus.SUPPRESSED:
            continue
        estimate, low, high = selected_estimate(value, sd, cut)
        cell: dict[str, Any] = {"row": None, "measure": text, "by": {}, "estimate": estimate, "low": low, "high": high}
        cells.append(_published(cell | {"n": value, "status": status(value, None, rules)}))
    return cells


def as_json(value: Any) -> Any:
    """Plain floats for numpy ones (the body is stored as JSON)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, np.floating):
        return float(value)
    return value

"""The published cells of each kind of table: one tidy row per cell, with its interval and flags.

Counts arrive unbiased and unclamped (see :mod:`analysis.suppression`); a
count below zero is shown as 0, with its interval and its share worked out
from the value as measured. Numbers of suppressed cells are dropped here,
before anything is stored, so no later stage (report, export) can show them
by mistake.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from analysis.consistency import Errors, Noisy
from analysis.intervals import (
    ShareNoise,
    count_interval,
    mean_estimate,
    selected_estimate,
    share_estimate,
    share_interval,
)
from analysis.intervals.conservative import mean_coverage, share_coverage
from analysis.plans.dimensions import ANSWERED, Dimension
from analysis.plans.model import Publication, Table
from analysis.releases.cells import CellStatus, PublishedCell, ShareStatus
from analysis.suppression import imprecise, status


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
    table: Table, noisy: Noisy, rules: Publication, row: str | None = None, errors: Errors | None = None
) -> list[PublishedCell]:
    """Counts and shares of the measure (the block's first dimension) in every group of the others.

    ``errors``: the consistent cells' exact noise (co)variances; without them each
    cell's noise is taken as measured, independent of the others.
    """
    measure, by = noisy.block.dims[0], noisy.block.dims[1:]
    shape = noisy.block.shape
    cells: list[PublishedCell] = []
    for idx, labels in _groups(by):
        column = noisy.values[(slice(None), *idx)]  # type: ignore[arg-type]  # numpy's stubs miss slices in tuples
        base, summed = _base(measure, column)
        for c, code in enumerate(measure.categories):
            flat = int(np.ravel_multi_index((c, *idx), shape))
            value = float(column[c])  # unbiased; below zero where the noise took it there
            variance = float(errors.variance[flat]) if errors else noisy.variance
            low, high = count_interval(value, variance)
            n = max(value, 0.0)
            cell: dict[str, Any] = {
                "row": row,
                "measure": code,
                "by": labels,
                "estimate": n,
                "low": low,
                "high": high,
                "n": n,
            }
            if value < 0:
                cell["unclamped"] = value  # the unbiased value, for sums; shown as 0
            if c in measure.substantive and base > 0:
                if errors:
                    noise = ShareNoise.of_cells(
                        variance, float(errors.base_covariance[flat]), float(errors.base_variance[flat])
                    )
                else:
                    noise = _share_noise(measure, noisy.variance, summed)
                # Tested as estimated, unclamped; shown within [0, 1] (see analysis.intervals.shares).
                ratio = share_estimate(value, base, noise)
                share = min(max(ratio, 0.0), 1.0)
                s_low, s_high = share_interval(ratio, base, noise)
                cell |= {"base": base, "share": share, "share_low": s_low, "share_high": s_high}
                if ratio != share:
                    cell["share_unclamped"] = ratio
                rough = imprecise(share, s_low, s_high, rules)
                cell["share_status"] = ShareStatus.IMPRECISE if rough else ShareStatus.SHOWN
                if (covers := share_coverage(s_low, s_high)) is not None:
                    cell["share_coverage"] = covers  # conservative: see analysis.intervals.conservative
                if table.reference is not None and table.reference.get(code):
                    ref = table.reference[code]
                    cell |= {
                        "reference": ref,
                        "ratio": share / ref,
                        "ratio_low": s_low / ref,
                        "ratio_high": s_high / ref,
                    }
            cell["status"] = status(n, cell.get("base"), rules)
            cells.append(_published(cell))
    return cells


def _published(cell: dict[str, Any]) -> PublishedCell:
    """The cell as published: checked, with plain floats, and reduced to its place if suppressed."""
    return PublishedCell.model_validate(as_json(cell)).public()


def mean_cells(
    parts: dict[str, np.ndarray],
    variances: dict[str, float],
    by: tuple[Dimension, ...],
    bounds: tuple[float, float],
    rules: Publication,
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
        cells.append(_published(cell))
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

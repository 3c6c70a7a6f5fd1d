"""Accuracy preview of a calibrated plan's weighted tables, before any data exist.

It follows the release (:mod:`analysis.calibration`): the same layout and
budget split (:func:`analysis.calibration.release.weighted_layout`), the same
OpenDP scales, the same weights (raking or post-stratification of the
*expected* calibration-cell counts to the plan's population margins, trimmed)
and the same linearised variance (:mod:`analysis.calibration.estimates`), run
on expected counts. The respondents' expected spread over the calibration
cells comes from the assumed shares of each calibration variable (stated
defaults, or a pilot's: :mod:`.pilot`), taken as independent; where they
differ from the population's, the weights vary and the design effect says
by how much the intervals widen. The finer cross-classification's noise and
the noise of the weights are part of each half-width. Knowing the outcome's
overall share only, the preview takes it to be the same in every calibration
cell, so the calibration explains none of it: where the outcome does vary with
the calibration variables, releases' intervals come out narrower (the
calibration's residuals are smaller than the outcome's spread), never wider.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from analysis.calibration.estimates import Inputs, share, share_interval
from analysis.calibration.release import group_labels, weighted_layout
from analysis.calibration.weights import FLOOR, calibrate, jacobian
from analysis.mechanisms import gaussian_scale
from analysis.plans.layout import Block
from analysis.plans.model import AnalysisPlan
from analysis.preview.pilot import category_shares
from analysis.published import base_cells
from instruments.model import Instrument


@dataclass(frozen=True)
class WeightedCell:
    measure: str
    by: dict[str, str]
    base: float
    """The expected respondents of the group who answered (unweighted)."""
    share: float
    share_half_width: float


@dataclass(frozen=True)
class WeightedTable:
    id: str
    rho: float
    noise_sd: float
    cells: tuple[WeightedCell, ...]


@dataclass(frozen=True)
class WeightedPreview:
    design_effect: float
    """Kish's design effect of the weights expected from the assumed shares and the population margins."""
    effective_respondents: float
    tables: tuple[WeightedTable, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "design_effect": self.design_effect,
            "effective_respondents": self.effective_respondents,
            "tables": [asdict(t) | {"cells": [asdict(c) for c in t.cells]} for t in self.tables],
        }


def weighted_preview(
    plan: AnalysisPlan,
    instrument: Instrument,
    rho: float,
    respondents: int,
    shares: Mapping[str, Mapping[str, float]] | None = None,
) -> WeightedPreview | None:
    """What a release spending ``rho`` will show in its weighted tables for ``respondents`` people; None
    for a plan without calibration."""
    if plan.calibration is None:
        return None
    pilot = shares or {}
    shape = weighted_layout(plan, instrument)
    spread = np.ones(())
    for d in shape.dims:
        assumed = np.asarray(category_shares(d, pilot.get(d.name)))
        spread = np.multiply.outer(spread, assumed[list(d.substantive)])
    members = respondents * spread.ravel()
    trim = plan.calibration.trim
    calibrated = calibrate(members, shape.margins, trim)
    floored = np.maximum(members, FLOOR)
    slope = jacobian(members, shape.margins, trim, calibrated.weights)
    w = calibrated.weights
    deff = float(floored.sum() * (floored * w * w).sum() / (floored * w).sum() ** 2)
    weighted_rho = rho * plan.calibration.share
    cells_sd = gaussian_scale(1.0, weighted_rho * shape.fractions[0], Block(shape.dims).cells)
    design = None if plan.calibration.method == "poststratify" else shape.cells.design(shape.margins)
    tables = []
    for table, block, fraction in zip(shape.tables, shape.fine, shape.fractions[1:], strict=True):
        sd = gaussian_scale(math.sqrt(block.reach), weighted_rho * fraction, block.cells)
        measure, groups = block.dims[0], block.dims[1 : 1 + len(table.by)]
        answers = np.asarray(category_shares(measure, pilot.get(measure.name)))
        base = base_cells(measure)
        cells = []
        for labels in group_labels(groups):
            in_group = math.prod(
                category_shares(d, pilot.get(d.name))[d.categories.index(labels[d.name])] for d in groups
            )
            fine = np.multiply.outer(answers * in_group, floored)
            inputs = Inputs(fine, floored, w, slope, design, sd * sd, cells_sd * cells_sd, measured=False)
            expected_base = float(fine[list(base)].sum())
            if expected_base < 1:
                continue
            for c in measure.substantive:
                found = share(inputs, c, base)
                if found is None:
                    continue
                low, high = share_interval(found.value, found.variance)
                cells.append(WeightedCell(measure.categories[c], labels, expected_base, found.value, (high - low) / 2))
        tables.append(WeightedTable(table.id, weighted_rho * fraction, sd, tuple(cells)))
    return WeightedPreview(deff, float(floored.sum()) / deff, tuple(tables))

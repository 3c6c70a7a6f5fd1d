"""The weighted tables of a calibrated plan, measured and published, and the weighting's record.

Measured (OpenDP's Gaussian mechanism, :func:`analysis.mechanisms.gaussian`):
per weighted table, its measure × breakdowns × calibration variables, at the
plain table's sensitivity (each respondent is in one calibration cell); and
the calibration variables' cross once, at sensitivity 1. The budget
``calibration.share`` of the release is split between them like the plan's
own tables (∝ √reach). All else is post-processing of those noisy vectors.

Respondents who did not answer a calibration variable (declined, skipped) are
in no calibration cell: the weighted tables describe the others (the record
states how many, noisily). A group's weighted figures are published only
where the plain table shows every answer of that group (so no hidden count
gets a weighted stand-in) and its own noisy count clears the publication rules.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.calibration.estimates import Inputs, share, share_interval, total, total_interval
from analysis.calibration.weights import FLOOR, Cells, Margin, calibrate, jacobian
from analysis.mechanisms import Noise, gaussian
from analysis.plans.dimensions import Dimension, dimension
from analysis.plans.layout import Block, layout
from analysis.plans.margins import margins_of
from analysis.plans.model import AnalysisPlan, Publication, Table
from analysis.published import as_json, base_cells
from analysis.releases.cells import CellStatus, PublishedCell, ShareStatus
from analysis.releases.tables import PublishedTable, TableKind
from analysis.suppression import imprecise, status
from analysis.tabulate import Coder, counts
from instruments.dataset import dataset_schema
from instruments.model import Instrument
from kernel.errors import InternalError

if TYPE_CHECKING:
    import pandas as pd

WHAT_IT_CORRECTS = (
    "Weighted tables are adjusted so that the respondents match the population in the calibration variables"
    " only ({variables}). They do not correct for people taking part for other reasons, such as the"
    " experiences the survey asks about; those differences remain."
)


@dataclass(frozen=True)
class Weighting:
    """What a calibrated plan adds to a release: its weighted tables and the weighting's record."""

    record: dict[str, Any]
    rho: float
    noises: tuple[Noise, ...]


def weigh(
    plan: AnalysisPlan,
    instrument: Instrument,
    frame: pd.DataFrame,
    rho: float,
    published: tuple[PublishedTable, ...],
) -> Weighting:
    """Measure and publish the weighted tables with budget ``rho``; ``published``: the plain tables as released."""
    calibration = plan.calibration
    if calibration is None:
        raise InternalError("weigh() needs a calibrated plan")
    shape = weighted_layout(plan, instrument)
    dims, tables, fine, fractions = shape.dims, shape.tables, shape.fine, shape.fractions
    coder = Coder(frame)
    cells_noisy, cells_noise = gaussian(counts(coder, Block(dims)), 1.0, rho * fractions[0])
    cells, inside, margins = shape.cells, shape.inside, shape.margins
    members = np.maximum(cells_noisy[inside], FLOOR)  # as the weights count them (analysis.calibration.weights)
    calibrated = calibrate(cells_noisy[inside], margins, calibration.trim)
    slope = jacobian(cells_noisy[inside], margins, calibration.trim, calibrated.weights)
    design = None if calibration.method == "poststratify" else cells.design(margins)
    noises = [cells_noise]
    out = []
    for table, block, fraction in zip(tables, fine, fractions[1:], strict=True):
        sensitivity = math.sqrt(block.reach)
        noisy, measured = gaussian(counts(coder, block), sensitivity, rho * fraction)
        noises.append(measured)
        context = _Context(calibrated.weights, members, slope, design, measured.scale**2, cells_noise.scale**2)
        shown = next(p for p in published if p.id == table.id)
        out.append(_table(table, block, noisy, inside, context, shown, plan.publication, measured))
    weights, n = calibrated.weights, members
    deff = float(n.sum() * (n * weights * weights).sum() / (n * weights).sum() ** 2)
    respondents = max(float(cells_noisy[inside].sum()), 0.0)
    spent = float(sum(x.rho for x in noises))
    record: dict[str, Any] = {
        "variables": list(calibration.variables),
        "method": calibration.method,
        "source": calibration.source,
        "trim": list(calibration.trim),
        "trimmed_cells": calibrated.trimmed,
        "population": float(margins[0].population.sum()),
        "respondents": respondents,
        "design_effect": deff,
        "effective_respondents": respondents / deff,
        "rho": spent,
        "noise": {"cells": cells_noise.as_dict()},
        "statement": WHAT_IT_CORRECTS.format(variables=", ".join(calibration.variables)),
        "tables": [t.stored() for t in out],
    }
    return Weighting(as_json(record), spent, tuple(noises))


@dataclass(frozen=True)
class WeightedLayout:
    """What a calibrated plan measures for its weighted tables, worked out from the plan and instrument alone."""

    dims: tuple[Dimension, ...]
    """The calibration variables."""
    tables: list[Table]
    fine: list[Block]
    """Per weighted table: measure × breakdowns × calibration variables."""
    fractions: list[float]
    """The weighting's budget split: the calibration cells' count first, then each fine table (∝ √reach)."""
    cells: Cells
    inside: np.ndarray
    margins: list[Margin]


def weighted_layout(plan: AnalysisPlan, instrument: Instrument) -> WeightedLayout:
    """The weighted tables' layout (shared by the release and the accuracy preview, which must agree)."""
    calibration = plan.calibration
    if calibration is None or calibration.population is None:
        raise InternalError("a weighted layout needs a calibrated plan with its population figures read")
    schema = dataset_schema(instrument)
    dims = tuple(dimension(schema, v) for v in calibration.variables)
    tables = plan.weighted_tables()
    fine = [Block((*layout(t, schema).blocks[0].dims, *dims)) for t in tables]
    roots = [1.0] + [math.sqrt(b.reach / math.prod(d.bound for d in dims)) for b in fine]
    cells = Cells(tuple(calibration.variables), tuple(_kept(d) for d in dims))
    margins = [cells.margin(names, figures) for names, figures in margins_of(calibration.population).items()]
    return WeightedLayout(dims, tables, fine, [r / sum(roots) for r in roots], cells, _inside(dims), margins)


def _kept(dim: Dimension) -> tuple[str, ...]:
    return tuple(dim.categories[i] for i in dim.substantive)


def _inside(dims: tuple[Dimension, ...]) -> np.ndarray:
    """The flat indices, in the cross of all categories, of the calibration cells (answers only)."""
    shape = tuple(d.size for d in dims)
    combos = list(itertools.product(*(d.substantive for d in dims)))
    return np.array([np.ravel_multi_index(c, shape) for c in combos], dtype=np.int64)


@dataclass(frozen=True)
class _Context:
    weights: np.ndarray
    members: np.ndarray
    slope: np.ndarray
    design: np.ndarray | None
    fine_variance: float
    cells_variance: float


def _table(  # noqa: PLR0917 - the pieces of one table's publication
    table: Table,
    block: Block,
    noisy: np.ndarray,
    inside: np.ndarray,
    context: _Context,
    shown: PublishedTable,
    rules: Publication,
    measured: Noise,
) -> PublishedTable:
    measure = block.dims[0]
    groups_dims = block.dims[1 : 1 + len(table.by)]
    groups = math.prod(d.size for d in groups_dims)
    values = noisy.reshape(measure.size, groups, -1)[:, :, inside]
    hidden = {(c.measure, tuple(sorted(c.by.items()))) for c in shown.cells if c.suppressed}
    base = base_cells(measure)
    out: list[PublishedCell] = []
    for g, labels in enumerate(group_labels(groups_dims)):
        key = tuple(sorted(labels.items()))
        open_group = not any((measure.categories[c], key) in hidden for c in measure.substantive)
        inputs = Inputs(
            values[:, g, :],
            context.members,
            context.weights,
            context.slope,
            context.design,
            context.fine_variance,
            context.cells_variance,
        )
        n_base = max(float(values[list(base), g, :].sum()), 0.0)
        for c in measure.substantive:
            out.append(_cell(inputs, c, base, measure.categories[c], labels, n_base, open_group, rules))
    return PublishedTable(
        id=table.id,
        kind=TableKind.COUNTS,
        measure=table.measure,
        by=tuple(table.by),
        rho=float(measured.rho),
        noise={"counts": as_json(measured.as_dict())},
        cells=tuple(out),
    )


def _cell(  # noqa: PLR0917
    inputs: Inputs,
    answer: int,
    base: tuple[int, ...],
    code: str,
    labels: dict[str, str],
    n_base: float,
    open_group: bool,
    rules: Publication,
) -> PublishedCell:
    n = max(float(inputs.fine[answer].sum()), 0.0)
    verdict = status(n, n_base, rules)
    if not open_group or verdict is CellStatus.SUPPRESSED:
        return PublishedCell(row=None, measure=code, by=labels, status=CellStatus.SUPPRESSED)
    counted = total(inputs, answer)
    low, high = total_interval(counted.value, counted.variance)
    cell: dict[str, Any] = {
        "row": None,
        "measure": code,
        "by": labels,
        "estimate": max(counted.value, 0.0),
        "low": low,
        "high": high,
        "n": n,
        "base": n_base,
    }
    weighted = share(inputs, answer, base)
    if weighted is not None:
        p = min(max(weighted.value, 0.0), 1.0)
        s_low, s_high = share_interval(weighted.value, weighted.variance)
        rough = imprecise(p, s_low, s_high, rules)
        cell |= {
            "share": p,
            "share_low": s_low,
            "share_high": s_high,
            "share_status": ShareStatus.IMPRECISE if rough else ShareStatus.SHOWN,
        }
        if p != weighted.value:
            cell["share_unclamped"] = weighted.value
    cell["status"] = verdict
    return PublishedCell.model_validate(as_json(cell))


def group_labels(dims: tuple[Dimension, ...]) -> list[dict[str, str]]:
    return [
        {d.name: d.categories[i] for d, i in zip(dims, idx, strict=True)}
        for idx in itertools.product(*(range(d.size) for d in dims))
    ]

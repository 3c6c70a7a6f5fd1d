"""The pooled count tables: the towns' noisy counts added up, published under the strictest rules.

Counts add, and so does their noise: each town's consistent cell is its true
count plus normal noise of a variance known from its release alone (the noise
scales it states, through the consistency step, :func:`analysis.consistency.noise`
on the cells' labels, as the audit works it out), the towns' noise is
independent, so a pooled cell is the region's true count plus normal noise of
the summed variance. Adding published DP outputs is post-processing: no budget
is spent and no microdata are shared.

Pooled cells are then published exactly as a town's are (:func:`analysis.published.count_cells`):
the unified interval for counts (about the people who took part), and shares
of the summed counts with their DP bias correction and the Wilson interval with
the DP variance added (noise and sampling error, as if the region's respondents
were a simple random sample). That share is the **inverse-variance** combination
of the towns' shares under a common share: each town's share weighs by the
inverse of its sampling variance p(1 − p) / base, that is by its respondents in
the group, which is the ratio of the summed counts. The towns' DP noise enters
the interval, not the weights: weights from noisy small bases would bias the
small groups pooling is for.

A pooled cell needs every town's value. A town that gave its plain public
release, not a contribution, leaves its hidden cells unknown: such a pooled cell
is not shown, and a group whose base needs an unknown cell shows none of its
cells. The publication rules are the strictest of the towns' (highest
thresholds and protection range, smallest relative error).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.audit.constraints import CountBlock, System, count_blocks
from analysis.centred import published_noisy
from analysis.consistency import Errors, Noisy, noise
from analysis.plans.model import Publication, Table
from analysis.pooling.hidden import Place
from analysis.pooling.sources import Contribution
from analysis.published import count_cells
from analysis.releases.cells import PublishedCell
from analysis.releases.model import PlanTableRecord
from analysis.releases.tables import COUNTED, NoiseRecord, PublishedTable
from kernel.errors import InternalError

MECHANISM = "sum of the towns' Gaussian noise (pooled; no budget spent)"


@dataclass(frozen=True)
class CellNoise:
    value: float | None
    variance: float
    base_variance: float
    base_covariance: float


def strictest(contributions: Sequence[Contribution]) -> Publication:
    """The publication rules every town's release agrees to: the strictest of each."""
    rules = [c.release.publication for c in contributions]
    suppress = max(math.ceil(r.suppress_below) for r in rules)
    return Publication(
        suppress_below=suppress,
        flag_below=max(suppress, *(math.ceil(r.flag_below) for r in rules)),
        max_relative_error=min(float(r.max_relative_error) for r in rules),
        protection=max(r.protection_width for r in rules),
    )


def town_cells(contribution: Contribution) -> dict[tuple[str, Place], CellNoise]:
    """Every count cell of a town's release: its noisy value (None where unknown) and its exact noise."""
    blocks = count_blocks(contribution.release.tables, System())
    exact = noise(
        [published_noisy(b.block, b.table.noise, np.zeros(b.block.cells)) for b in blocks],
        [tuple(b.base_codes()) for b in blocks],
    )
    out: dict[tuple[str, Place], CellNoise] = {}
    for b, e in zip(blocks, exact, strict=True):
        for flat, cell in enumerate(b.cells):
            out[b.table.id, cell.place] = CellNoise(
                contribution.value(b.table.id, cell.place),
                float(e.variance[flat]),
                float(e.base_variance[flat]),
                float(e.base_covariance[flat]),
            )
    return out


def pool_tables(contributions: Sequence[Contribution], rules: Publication) -> tuple[PublishedTable, ...]:
    """The pooled count tables, in the first town's order (see the module's docstring)."""
    towns = [town_cells(c) for c in contributions]
    first = contributions[0].release
    blocks = count_blocks(first.tables, System())
    pooled: dict[str, list[PublishedCell]] = {}
    for b in blocks:
        pooled.setdefault(b.table.id, []).extend(_block(b, towns, first.plan.table(b.table.id), rules))
    out = []
    for table in first.tables:
        if table.kind not in COUNTED:
            continue
        index = {c.place: c for c in pooled[table.id]}
        out.append(
            PublishedTable(
                id=table.id,
                kind=table.kind,
                measure=table.measure,
                by=table.by,
                rho=0.0,
                noise=_pooled_noise([_noise(c, table.id) for c in contributions]),
                cells=tuple(index[c.place] for c in table.cells),
            )
        )
    return tuple(out)


def _noise(contribution: Contribution, table_id: str) -> dict[str, NoiseRecord]:
    table = contribution.release.table(table_id)
    if table is None:  # check_together: every town has every count table
        raise InternalError(f"table {table_id} missing from {contribution.file} after the check")
    return table.noise


def _pooled_noise(towns: Sequence[dict[str, NoiseRecord]]) -> dict[str, NoiseRecord]:
    """The pooled table's noise: each part's towns' variances added up (the towns measured it alike: see
    :func:`analysis.pooling.sources.check_together`). The cells' intervals come from each town's exact noise."""
    out = {}
    for name, record in towns[0].items():
        scale = math.sqrt(sum(float(t[name].scale) ** 2 for t in towns))
        fields: dict[str, Any] = {"mechanism": MECHANISM, "sensitivity": record.sensitivity, "scale": scale}
        if record.along is not None:  # given only where it says something, as a release states it
            fields["along"] = record.along
        out[name] = NoiseRecord(**fields, rho=0.0)
    return out


def _block(
    b: CountBlock,
    towns: list[dict[tuple[str, Place], CellNoise]],
    plan_table: PlanTableRecord | None,
    rules: Publication,
) -> list[PublishedCell]:
    size = b.block.cells
    values, variance = np.zeros(size), np.zeros(size)
    base_variance, base_covariance = np.zeros(size), np.zeros(size)
    unknown: set[int] = set()
    for flat, cell in enumerate(b.cells):
        for town in towns:
            found = town[b.table.id, cell.place]
            if found.value is None:
                unknown.add(flat)
            else:
                values[flat] += found.value
            variance[flat] += found.variance
            base_variance[flat] += found.base_variance
            base_covariance[flat] += found.base_covariance
    reference = plan_table.reference if plan_table is not None else None
    # count_cells reads a plan table's reference shares only; the rest stays as the release stored it.
    table = Table.model_construct(id=b.table.id, kind=b.table.kind.value, measure=b.table.measure, reference=reference)
    noisy = Noisy(b.block, values.reshape(b.block.shape), float(variance.mean()))
    errors = Errors(variance, base_variance, base_covariance)
    cells = count_cells(table, noisy, rules, b.row, errors)
    hide = set(unknown)
    base_codes = set(b.base_codes())
    for flats, _ in b.groups():
        if any(f in unknown for c, f in enumerate(flats) if c in base_codes):
            hide.update(flats)  # no base, no share: the group shows nothing
    by_place = {c.place: c for c in cells}
    return [
        by_place[cell.place].hidden() if flat in hide else by_place[cell.place] for flat, cell in enumerate(b.cells)
    ]

"""The pooled mean tables: each group's mean over the region, from the towns' published means alone.

A town's mean cell publishes its mean m, its 95 % interval and n, the noisy
count of the group's respondents who gave a value. The pooled mean is the
towns' means weighted by their n, Σ nᵢ mᵢ / Σ nᵢ: the mean of the region's
respondents, as the pooled shares are of the summed counts. Its variance is
Σ (nᵢ / N)² seᵢ², each town's standard error read from its interval (the wider
side, since the interval is cut to the answer scale; both sides cut happens
only in groups too small to be shown). The interval is cut to the scale the
same way a town's is.

Only published figures are used, so a pooled mean is post-processing of what
every town already shows. A mean that some town hides is not pooled: its n is a
noisy count the town withheld, and the pooled n minus the others' would give it.
Means are not in the count tables' audit for the same reason: nothing pooled
here says more than the towns' own releases.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from analysis.intervals import Z95
from analysis.plans.model import Publication
from analysis.pooling.sources import Contribution
from analysis.releases.cells import CellStatus, PublishedCell
from analysis.releases.tables import NoiseRecord, PublishedTable, TableKind
from analysis.suppression import status
from instruments.dataset import dataset_schema
from instruments.model import Instrument

MECHANISM = "the towns' published means weighted by their respondents (pooled; no budget spent)"


def answer_scales(tables: Sequence[PublishedTable], instrument: Instrument) -> dict[str, tuple[float, float]]:
    """Each mean table's answer scale (lowest, highest), as the release measured it (:func:`analysis.plans.layout.layout`)."""
    schema = dataset_schema(instrument)
    scales = {}
    for table in tables:
        column = next((c for c in schema.columns if c.name == table.measure), None)
        if table.kind is TableKind.MEAN and column is not None and None not in (column.minimum, column.maximum):
            scales[table.id] = (float(column.minimum or 0), float(column.maximum or 0))
    return scales


def mean_tables(
    contributions: Sequence[Contribution], scales: Mapping[str, tuple[float, float]], rules: Publication
) -> tuple[tuple[PublishedTable, ...], tuple[str, ...]]:
    """The pooled mean tables, and the ids of mean tables that cannot be pooled (see the module's docstring).

    ``scales`` gives each mean table's answer scale (lowest, highest), from the
    instrument; a table without one, or that some town lacks or breaks down
    differently, is not pooled.
    """
    first = contributions[0].release
    pooled, left = [], []
    for table in first.tables:
        if table.kind is not TableKind.MEAN:
            continue
        towns = [c.release.table(table.id) for c in contributions]
        if table.id not in scales or not all(t is not None and _alike(t, table) for t in towns):
            left.append(table.id)
            continue
        pooled.append(_pooled(table, [t for t in towns if t is not None], scales[table.id], rules))
    return tuple(pooled), tuple(left)


def _alike(table: PublishedTable, first: PublishedTable) -> bool:
    return (table.kind, table.measure, table.by, [c.place for c in table.cells]) == (
        first.kind,
        first.measure,
        first.by,
        [c.place for c in first.cells],
    )


def _pooled(
    first: PublishedTable, towns: list[PublishedTable], scale: tuple[float, float], rules: Publication
) -> PublishedTable:
    cells = [
        _cell([t.cells[i] for t in towns], scale, rules) or first.cells[i].hidden() for i in range(len(first.cells))
    ]
    noise = {
        part: NoiseRecord(
            mechanism=MECHANISM,
            sensitivity=record.sensitivity,
            scale=math.sqrt(sum(float(t.noise[part].scale) ** 2 for t in towns)),
            rho=0.0,
        )
        for part, record in first.noise.items()
    }
    return PublishedTable(
        id=first.id, kind=first.kind, measure=first.measure, by=first.by, rho=0.0, noise=noise, cells=tuple(cells)
    )


def _cell(cells: list[PublishedCell], scale: tuple[float, float], rules: Publication) -> PublishedCell | None:
    """The pooled cell, or None where a town hides it (or shows no respondent to weigh it by)."""
    if any(c.suppressed for c in cells):
        return None
    total = sum(c.count for c in cells)
    if total <= 0:
        return None
    estimate, variance = 0.0, 0.0
    for c in cells:
        mean, low, high = c.shown
        weight = c.count / total
        estimate += weight * mean
        variance += (weight * max(mean - low, high - mean) / Z95) ** 2
    lo, hi = scale
    estimate = min(max(estimate, lo), hi)
    width = Z95 * math.sqrt(variance)
    found = status(total, None, rules)
    if found is CellStatus.SUPPRESSED:
        return None
    return PublishedCell(
        status=found,
        by=dict(cells[0].by),
        row=cells[0].row,
        measure=cells[0].measure,
        estimate=estimate,
        low=max(estimate - width, lo),
        high=min(estimate + width, hi),
        n=total,
        base=total,
    )

"""The noisy values of a release's hidden count cells, kept for a regional pool and never published.

A suppressed cell publishes its place only (:meth:`analysis.releases.cells.PublishedCell.hidden`).
Its value after consistency is still a differentially private output of the same
mechanisms (no budget is spent to keep it: post-processing), so the town's analysts
may hand it to the coordinator of a regional pool (:mod:`analysis.pooling.sources`),
who adds it to the other towns' values. What it must never do is appear on its own:
the pooled tables are audited together with every town's own (:mod:`.protect`), so that
no reader recovers a town's hidden cell by subtraction.

The values are made again from the release's noisy vectors as the mechanisms
returned them (:attr:`analysis.compute.Computed.raw`): the consistency step is
deterministic, so this gives every count cell exactly the value it would have
shown.
"""

from __future__ import annotations

import itertools
from typing import Any

from analysis.centred import published_noisy
from analysis.compute import Computed
from analysis.consistency import Noisy, make_consistent
from analysis.plans.layout import layouts
from analysis.plans.model import AnalysisPlan
from analysis.releases.tables import COUNTED, PublishedTable, TableKind
from instruments.model import Instrument
from instruments.text import COLUMN_SEP

NOTE = (
    "Noisy values of this release's suppressed count cells (differentially private outputs of the same mechanisms,"
    " no further budget spent), for a regional pool only: never published on their own."
)

Place = tuple[str | None, str | None, tuple[tuple[str, str], ...]]


def consistent_values(plan: AnalysisPlan, instrument: Instrument, computed: Computed) -> dict[tuple[str, Place], float]:
    """Every count cell's value after consistency, by table id and place."""
    blocks: list[tuple[str, str | None, Noisy]] = []
    for shape in layouts(plan, instrument):
        if TableKind(shape.table.kind) not in COUNTED:
            continue
        vector, start = computed.raw[shape.table.id]["counts"], 0
        noise = computed.table(shape.table.id).noise
        for block in shape.blocks:
            values = vector[start : start + block.cells].copy()
            start += block.cells
            matrix = TableKind(shape.table.kind) is TableKind.MATRIX
            row = block.dims[0].name.removeprefix(shape.table.measure + COLUMN_SEP) if matrix else None
            blocks.append((shape.table.id, row, published_noisy(block, noise, values)))
    make_consistent([b for _, _, b in blocks])
    out: dict[tuple[str, Place], float] = {}
    for table_id, row, noisy in blocks:
        measure, by = noisy.block.dims[0], noisy.block.dims[1:]
        for idx in itertools.product(*(range(d.size) for d in by)):
            labels = tuple(sorted((d.name, d.categories[i]) for d, i in zip(by, idx, strict=True)))
            for c, code in enumerate(measure.categories):
                out[table_id, (row, code, labels)] = float(noisy.values[(c, *idx)])
    return out


def hidden_section(
    plan: AnalysisPlan, instrument: Instrument, computed: Computed, tables: tuple[PublishedTable, ...]
) -> dict[str, Any]:
    """The stored body's ``pooling`` section: each hidden count cell's place and noisy value."""
    values = consistent_values(plan, instrument, computed)
    kept: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        if table.kind not in COUNTED:
            continue
        cells = [
            {"row": c.row, "measure": c.measure, "by": dict(c.by), "value": values[table.id, c.place]}
            for c in table.cells
            if c.suppressed
        ]
        if cells:
            kept[table.id] = cells
    return {"note": NOTE, "hidden": kept}

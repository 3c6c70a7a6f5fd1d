"""One release of a plan over a dataset: exact vectors → OpenDP noise → consistency → published cells.

Consistency is the linear least-squares step of :mod:`.consistency` and
nothing else: counts are not clamped at zero, so each stays unbiased, and the
exact noise variance of every consistent cell (and of its group's base) is
worked out from the step itself (:func:`.consistency.noise`) for the
intervals of :mod:`.intervals`. Negative counts are never stored as shown
numbers: they fall under any positive suppression threshold, and where the
plan suppresses nothing they are shown as 0 (see :mod:`.published`).

Each kind of table is measured into its own kind of value (:class:`Counted`,
:class:`Averaged`, :class:`WrittenIn`), which knows its noisy vectors and how
its cells are published. Nothing exact leaves this module: the result holds
the noisy vectors (for the statistical tests of the noise) and the published
tables; the exact vectors live only in local variables.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, assert_never

import numpy as np

from analysis.centred import Centred
from analysis.consistency import Errors, Noisy, make_consistent, noise
from analysis.mechanisms import Noise, gaussian, thresholded
from analysis.plans.layout import OPTIONS, STATUSES, TableLayout, layouts, split
from analysis.plans.model import AnalysisPlan, Publication
from analysis.published import as_json, base_cells, count_cells, mean_cells, write_in_cells
from analysis.releases.tables import PublishedTable, TableKind
from analysis.tabulate import Coder
from analysis.tally.tables import exact_cells
from instruments.model import Instrument

if TYPE_CHECKING:
    import pandas as pd

    from analysis.releases.cells import PublishedCell


@dataclass
class Computed:
    tables: tuple[PublishedTable, ...]
    rho: float
    delta: float
    raw: dict[str, dict[str, np.ndarray]] = field(repr=False)
    """Per table and part, the noisy vector as the mechanism returned it (before consistency)."""

    def table(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.id == table_id)


def normalise(text: str) -> str:
    """A write-in as it is counted: Unicode-normalised, case-folded, single spaces, no surrounding punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", folded).strip(" \t.,;:!?-–—\"'()[]{}")


@dataclass
class Counted:
    """A counts, matrix or representation table as measured: one noisy block per measured variable."""

    shape: TableLayout
    noises: list[Noise]
    blocks: list[Noisy]
    errors: list[Errors] | None = None
    """The consistent blocks' exact noise, once :func:`compute` has made every count table consistent."""
    measured: dict[str, np.ndarray] = field(default_factory=dict)
    """A centred table's noisy ``options`` and ``statuses`` vectors (its ``counts`` are read back from them)."""

    def raw(self) -> dict[str, np.ndarray]:
        cells = np.concatenate([b.values.ravel() for b in self.blocks])
        return {name: v.copy() for name, v in self.measured.items()} | {"counts": cells}

    def cells(self, rules: Publication) -> list[PublishedCell]:
        table = self.shape.table
        matrix = TableKind(table.kind) is TableKind.MATRIX
        rows = [b.dims[0].name.removeprefix(table.measure + "__") if matrix else None for b in self.shape.blocks]
        errors: list[Errors | None] = list(self.errors) if self.errors is not None else [None] * len(self.blocks)
        return [
            cell
            for noisy, row, exact in zip(self.blocks, rows, errors, strict=True)
            for cell in count_cells(table, noisy, rules, row, exact)
        ]


@dataclass
class Averaged:
    """A mean table as measured: noisy counts, sums and sums of squares of each group."""

    shape: TableLayout
    noises: list[Noise]
    parts: dict[str, np.ndarray]

    def raw(self) -> dict[str, np.ndarray]:
        return {name: v.copy() for name, v in self.parts.items()}

    def cells(self, rules: Publication) -> list[PublishedCell]:
        variances = {p.name: n.scale**2 for p, n in zip(self.shape.parts, self.noises, strict=True)}
        return mean_cells(self.parts, variances, self.shape.blocks[0].dims, self.shape.limits(), rules)


@dataclass
class WrittenIn:
    """A write-ins table as measured: the answers whose noisy counts cleared the threshold."""

    shape: TableLayout
    noises: list[Noise]
    texts: dict[str, float]

    def raw(self) -> dict[str, np.ndarray]:
        return {}  # the thresholded histogram is no vector: only what cleared the threshold exists

    def cells(self, rules: Publication) -> list[PublishedCell]:
        threshold = self.noises[0].threshold if self.noises[0].threshold is not None else 0.0
        return write_in_cells(self.texts, self.noises[0].scale ** 2, threshold, rules)


Measured = Counted | Averaged | WrittenIn

MAX_WORKERS = 4
"""A cap on the sampling threads: a release has tens of tables, each a few hundred values at most."""


def compute(plan: AnalysisPlan, instrument: Instrument, frame: pd.DataFrame, rho: float) -> Computed:
    """Measure every table of the plan with its share of ``rho``."""
    shapes = layouts(plan, instrument)
    exact = exact_tables(shapes, Coder(frame))
    # OpenDP samples with the GIL released: tables' noise is drawn side by side.
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        measured = list(pool.map(_measure, shapes, split(shapes, rho), exact))
    raw = {m.shape.table.id: m.raw() for m in measured}  # copies, taken before consistency changes the blocks
    counted = [m for m in measured if isinstance(m, Counted)]
    blocks = [b for m in counted for b in m.blocks]
    make_consistent(blocks)
    errors = iter(noise(blocks, [base_cells(b.block.dims[0]) for b in blocks]))
    for m in counted:
        m.errors = [next(errors) for _ in m.blocks]
    tables = tuple(_publish(m, plan.publication) for m in measured)
    spent = sum(n.rho for m in measured for n in m.noises)
    delta = sum(n.delta for m in measured for n in m.noises)
    return Computed(tables, spent, delta, raw)


def workers() -> int:
    """Threads a release samples its tables' noise in: the cores this process may use, at most :data:`MAX_WORKERS`."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


Exact = dict[str, np.ndarray] | dict[str, int]
"""A table's exact values: its parts' vectors (``counts``; a mean's ``counts``, ``sums``, ``squares``), or a
write-ins table's histogram of normalised answers."""


def exact_values(shape: TableLayout, coder: Coder) -> Exact:
    """A table's exact values, as they are measured (the privacy-map tests rebuild each measurement from them).

    A centred table's are its ``options`` and ``statuses`` vectors (see :mod:`.centred`).
    """
    exact = exact_tables([shape], coder)[0]
    if shape.axis is None:
        return exact
    return Centred(shape.blocks[0], shape.axis).measured(np.asarray(exact["counts"]))


def exact_tables(shapes: list[TableLayout], coder: Coder) -> list[Exact]:
    """Every table's exact values: counted and mean tables together, in as few passes over the data as fit."""
    counted = iter(exact_cells([s for s in shapes if s.table.kind != "write_ins"], coder))
    return [_write_ins(s, coder) if s.table.kind == "write_ins" else next(counted) for s in shapes]


def _write_ins(shape: TableLayout, coder: Coder) -> dict[str, int]:
    """A write-ins table's histogram of normalised answers."""
    texts = coder.frame[shape.column()].dropna()
    return dict(Counter(t for t in (normalise(str(v)) for v in texts) if t))


def _measure(shape: TableLayout, rho: float, exact: Exact) -> Measured:
    kind = TableKind(shape.table.kind)
    match kind:
        case TableKind.COUNTS | TableKind.MATRIX | TableKind.REPRESENTATION:
            return _counts(shape, rho, np.asarray(exact["counts"]))
        case TableKind.MEAN:
            return _mean(shape, rho, exact)
        case TableKind.WRITE_INS:
            noisy_texts, measured = thresholded({k: float(v) for k, v in exact.items()}, rho)
            return WrittenIn(shape, [measured], noisy_texts)
        case _:  # pragma: no cover - mypy checks that every kind is matched above
            assert_never(kind)


def _counts(shape: TableLayout, rho: float, vector: np.ndarray) -> Counted:
    if shape.axis is not None:
        return _centred(shape, shape.axis, rho, vector)
    part = shape.parts[0]
    noisy, measured = gaussian(vector, part.sensitivity, rho * part.fraction)
    pieces, start = [], 0
    for block in shape.blocks:
        values = noisy[start : start + block.cells].reshape(block.shape).copy()
        pieces.append(Noisy(block, values, measured.scale**2))
        start += block.cells
    return Counted(shape, [measured], pieces)


def _centred(shape: TableLayout, axis: int, rho: float, vector: np.ndarray) -> Counted:
    """A multiple choice's counts measured centred along the block's dimension ``axis`` (see :mod:`.centred`)."""
    (block,) = shape.blocks
    centred = Centred(block, axis)
    exact = centred.measured(vector)
    noisy, noises = {}, []
    for part in shape.parts:
        noisy[part.name], measured = gaussian(exact[part.name], part.sensitivity, rho * part.fraction)
        noises.append(measured)
    values = centred.cells(noisy[OPTIONS], noisy[STATUSES])
    piece = centred.noisy(values.copy(), noises[0].scale ** 2, noises[1].scale ** 2)
    return Counted(shape, noises, [piece], measured=noisy)


def _mean(shape: TableLayout, rho: float, exact: Exact) -> Averaged:
    parts: dict[str, np.ndarray] = {}
    noises = []
    for part in shape.parts:
        parts[part.name], measured = gaussian(np.asarray(exact[part.name]), part.sensitivity, rho * part.fraction)
        noises.append(measured)
    return Averaged(shape, noises, parts)


def _record(shape: TableLayout, noise: Noise) -> dict[str, object]:
    """A part's noise as the release states it; a centred table's parts name the multiple choice they centre."""
    if shape.axis is None:
        return noise.as_dict()
    return noise.as_dict() | {"along": shape.blocks[0].dims[shape.axis].name}


def _publish(measured: Measured, rules: Publication) -> PublishedTable:
    table, noises = measured.shape.table, measured.noises
    return PublishedTable(
        id=table.id,
        kind=TableKind(table.kind),
        measure=table.measure,
        by=tuple(table.by),
        rho=float(as_json(sum(n.rho for n in noises))),
        noise={p.name: as_json(_record(measured.shape, n)) for p, n in zip(measured.shape.parts, noises, strict=True)},
        cells=tuple(measured.cells(rules)),
    )

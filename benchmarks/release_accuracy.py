"""Accuracy of releases for benchmarks/release_bench.py: mean absolute error of shares and means against the exact data.

Shares are compared in groups of at least MIN_GROUP respondents (the exact
answering base), pooled over several releases, as published (after
consistency) and as measured (the noisy vectors before consistency).
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass

import numpy as np
import pandas as pd
import release_floor as floor

from analysis.compute import Computed, compute
from analysis.plans.dimensions import ANSWERED
from analysis.plans.layout import TableLayout, layouts
from analysis.plans.model import AnalysisPlan
from instruments.model import Instrument

MIN_GROUP = 100

Key = tuple[str, str | None, str, tuple[tuple[str, str], ...]]


def shares(shape: TableLayout, blocks: list[np.ndarray]) -> dict[Key, tuple[float | None, float]]:
    """Each share cell of a count table, as analysis.published computes it, with its base (answering group)."""
    table = shape.table
    out: dict[Key, tuple[float | None, float]] = {}
    for block, values in zip(shape.blocks, blocks, strict=True):
        measure, by = block.dims[0], block.dims[1:]
        row = measure.name.removeprefix(table.measure + "__") if table.kind == "matrix" else None
        for idx in itertools.product(*(range(d.size) for d in by)):
            column = values[(slice(None), *idx)]  # type: ignore[arg-type]  # numpy's stubs miss slices in tuples
            base = (
                float(column[measure.categories.index(ANSWERED)])
                if measure.multi
                else float(column[list(measure.substantive)].sum())
            )
            labels = tuple((d.name, d.categories[i]) for d, i in zip(by, idx, strict=True))
            for c in measure.substantive:
                share = min(max(float(column[c]), 0.0) / base, 1.0) if base > 0 else None
                out[(table.id, row, measure.categories[c], labels)] = (share, base)
    return out


def published_shares(computed: Computed) -> dict[Key, float | None]:
    return {
        (t.id, c.row, str(c.measure), tuple(c.by.items())): c.share
        for t in computed.tables
        if t.kind in floor.COUNTED
        for c in t.cells
    }


def raw_shares(shapes: list[TableLayout], computed: Computed) -> dict[Key, float | None]:
    """Shares from the noisy vectors as measured, before consistency."""
    out: dict[Key, float | None] = {}
    for shape in shapes:
        if shape.table.kind not in floor.COUNTED:
            continue
        vector, blocks, start = computed.raw[shape.table.id]["counts"], [], 0
        for block in shape.blocks:
            blocks.append(vector[start : start + block.cells].reshape(block.shape))
            start += block.cells
        out |= {key: share for key, (share, _) in shares(shape, blocks).items()}
    return out


def true_means(shapes: list[TableLayout], exact: floor.Exact) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for shape in shapes:
        if shape.table.kind != "mean":
            continue
        n, total, _ = exact[shape.table.id]
        dims = shape.blocks[0].dims
        for idx in itertools.product(*(range(d.size) for d in dims)):
            if n[idx] >= MIN_GROUP:
                labels = tuple((d.name, d.categories[i]) for d, i in zip(dims, idx, strict=True))
                out[(shape.table.id, labels)] = sum(shape.limits()) / 2 + total[idx] / n[idx]
    return out


@dataclass
class Errors:
    shares: list[float]
    missing: int = 0

    def add(self, truth: dict[Key, float], released: dict[Key, float | None]) -> None:
        for key, true in truth.items():
            got = released.get(key)
            if got is None:
                self.missing += 1
            else:
                self.shares.append(abs(got - true))

    def mae(self) -> float:
        return statistics.fmean(self.shares) if self.shares else float("nan")


@dataclass
class Accuracy:
    cells: int
    """Share cells of groups of at least MIN_GROUP respondents, per release."""
    consistent: Errors
    raw: Errors
    means: list[float]


def accuracy(
    plan: AnalysisPlan, instrument: Instrument, frame: pd.DataFrame, *, rho: float, exact: floor.Exact, releases: int
) -> Accuracy:
    shapes = layouts(plan, instrument)
    truth = {
        key: share
        for shape in shapes
        if shape.table.kind in floor.COUNTED
        for key, (share, base) in shares(shape, exact[shape.table.id]).items()
        if share is not None and base >= MIN_GROUP
    }
    means = true_means(shapes, exact)
    result = Accuracy(len(truth), Errors([]), Errors([]), [])
    for _ in range(releases):
        computed = compute(plan, instrument, frame, rho)
        result.consistent.add(truth, published_shares(computed))
        result.raw.add(truth, raw_shares(shapes, computed))
        for t in computed.tables:
            for c in t.cells if t.kind == "mean" else []:
                true = means.get((t.id, tuple(c.by.items())))
                if true is not None and c.estimate is not None:
                    result.means.append(abs(c.estimate - true))
    return result

"""One release of a plan over a dataset: exact vectors → OpenDP noise → consistency → published cells.

Consistency is the linear least-squares step of :mod:`.consistency` and
nothing else: counts are not clamped at zero, so each stays unbiased, and the
exact noise variance of every consistent cell (and of its group's base) is
worked out from the step itself (:func:`.consistency.noise`) for the
intervals of :mod:`.intervals`. Negative counts are never stored as shown
numbers: they fall under any positive suppression threshold, and where the
plan suppresses nothing they are shown as 0 (see :mod:`.published`).

Nothing exact leaves this module: the result holds the noisy vectors (for the
statistical tests of the noise) and the published cells; the exact vectors
live only in local variables.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.consistency import Errors, Noisy, make_consistent, noise
from analysis.mechanisms import Noise, gaussian, thresholded
from analysis.plans.layout import TableLayout, layouts, split
from analysis.plans.model import AnalysisPlan
from analysis.published import as_json, base_cells, count_cells, mean_cells, write_in_cells
from analysis.tabulate import Coder, counts, sums
from instruments.model import Instrument

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Computed:
    tables: list[dict[str, Any]]
    rho: float
    delta: float
    raw: dict[str, dict[str, np.ndarray]] = field(repr=False)
    """Per table and part, the noisy vector as the mechanism returned it (before consistency)."""


def normalise(text: str) -> str:
    """A write-in as it is counted: Unicode-normalised, case-folded, single spaces, no surrounding punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", folded).strip(" \t.,;:!?-–—\"'()[]{}")


def compute(plan: AnalysisPlan, instrument: Instrument, frame: pd.DataFrame, rho: float) -> Computed:
    """Measure every table of the plan with its share of ``rho``."""
    shapes = layouts(plan, instrument)
    rhos = split(shapes, rho)
    coder = Coder(frame)
    measured: list[tuple[TableLayout, list[Noise], Any]] = []
    raw: dict[str, dict[str, np.ndarray]] = {}
    for shape, table_rho in zip(shapes, rhos, strict=True):
        noises, values = _measure(shape, table_rho, coder)
        measured.append((shape, noises, values))
        raw[shape.table.id] = _raw(values)
    count_blocks = [b for shape, _, values in measured if shape.table.kind in _COUNTED for b in values]
    make_consistent(count_blocks)
    exact = noise(count_blocks, [base_cells(b.block.dims[0]) for b in count_blocks])
    errors: dict[int, Errors] = {id(b): e for b, e in zip(count_blocks, exact, strict=True)}
    tables = [_publish(plan, shape, noises, values, errors) for shape, noises, values in measured]
    spent = sum(n.rho for _, noises, _ in measured for n in noises)
    delta = sum(n.delta for _, noises, _ in measured for n in noises)
    return Computed(tables, spent, delta, raw)


_COUNTED = ("counts", "matrix", "representation")


def _raw(values: Any) -> dict[str, np.ndarray]:
    """Copies of the noisy vectors, taken before consistency changes the blocks in place."""
    if isinstance(values, list):
        return {"counts": np.concatenate([b.values.ravel() for b in values])}
    return {name: v.copy() for name, v in values.items() if isinstance(v, np.ndarray)}


def _measure(shape: TableLayout, rho: float, coder: Coder) -> tuple[list[Noise], Any]:
    kind = shape.table.kind
    if kind in _COUNTED:
        part = shape.parts[0]
        vector = np.concatenate([counts(coder, b) for b in shape.blocks])
        noisy, noise = gaussian(vector, part.sensitivity, rho * part.fraction)
        pieces, start = [], 0
        for block in shape.blocks:
            values = noisy[start : start + block.cells].reshape(block.shape).copy()
            pieces.append(Noisy(block, values, noise.scale**2))
            start += block.cells
        return [noise], pieces
    if kind == "mean":
        values, present = coder.numbers(shape.column(), shape.limits())
        centred = values - sum(shape.limits()) / 2
        block = shape.blocks[0]
        exact = {
            "counts": counts(coder, block, present),
            "sums": sums(coder, block, centred, present),
            "squares": sums(coder, block, centred * centred, present),
        }
        out: dict[str, Any] = {}
        noises = []
        for part in shape.parts:
            out[part.name], noise = gaussian(exact[part.name], part.sensitivity, rho * part.fraction)
            noises.append(noise)
        return noises, out
    texts = coder.frame[shape.column()].dropna()
    histogram = Counter(t for t in (normalise(str(v)) for v in texts) if t)
    noisy_texts, noise = thresholded(dict(histogram), rho)
    return [noise], {"texts": noisy_texts}


def _publish(
    plan: AnalysisPlan, shape: TableLayout, noises: list[Noise], values: Any, errors: dict[int, Errors]
) -> dict[str, Any]:
    table, rules = shape.table, plan.publication
    if table.kind in _COUNTED:
        rows = [
            b.dims[0].name.removeprefix(table.measure + "__") if table.kind == "matrix" else None for b in shape.blocks
        ]
        cells = [
            cell
            for noisy, row in zip(values, rows, strict=True)
            for cell in count_cells(table, noisy, rules, row, errors.get(id(noisy)))
        ]
    elif table.kind == "mean":
        variances = {p.name: n.scale**2 for p, n in zip(shape.parts, noises, strict=True)}
        cells = mean_cells(values, variances, shape.blocks[0].dims, shape.limits(), rules)
    else:
        threshold = noises[0].threshold if noises[0].threshold is not None else 0.0
        cells = write_in_cells(values["texts"], noises[0].scale ** 2, threshold, rules)
    published: dict[str, Any] = as_json(
        {
            "id": table.id,
            "kind": table.kind,
            "measure": table.measure,
            "by": list(table.by),
            "rho": sum(n.rho for n in noises),
            "noise": {p.name: n.as_dict() for p, n in zip(shape.parts, noises, strict=True)},
            "cells": cells,
        }
    )
    return published

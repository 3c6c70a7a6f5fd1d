"""Weights per calibration cell from noisy counts: raking (IPF) or post-stratification, then trimming.

Post-stratification is raking to one margin, the full cross of the
calibration variables. A noisy count below :data:`FLOOR` is counted as
:data:`FLOOR` (a cell that noise took to 0 or below cannot carry a weight;
its respondents, if any, get at most the trimming bound's weight). Trimming
keeps every weight within ``[low, high]`` × the mean weight (bounded raking,
:func:`calibrate`). Cells of margins whose population is 0 get weight 0.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

FLOOR = 1.0
ROUNDS = 50
SWEEPS = 200
TOLERANCE = 1e-10


@dataclass(frozen=True)
class Margin:
    """One margin over the calibration cells: each cell's category in it, and each category's population."""

    variables: tuple[str, ...]
    category: np.ndarray
    """Per calibration cell, the index of its category in this margin."""
    population: np.ndarray


@dataclass(frozen=True)
class Cells:
    """The calibration cells: every combination of the variables' categories, the last varying fastest."""

    variables: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]

    @property
    def combos(self) -> list[tuple[str, ...]]:
        return list(itertools.product(*self.categories))

    def margin(self, variables: tuple[str, ...], population: dict[tuple[str, ...], float]) -> Margin:
        at = [self.variables.index(v) for v in variables]
        keys = sorted(population)
        index = {k: i for i, k in enumerate(keys)}
        category = np.array([index[tuple(c[i] for i in at)] for c in self.combos], dtype=np.int64)
        return Margin(variables, category, np.array([population[k] for k in keys], dtype=float))

    def design(self, margins: list[Margin]) -> np.ndarray:
        """Cells × margin categories indicator matrix (the calibration's auxiliary variables)."""
        columns = []
        for m in margins:
            block = np.zeros((len(m.category), len(m.population)))
            block[np.arange(len(m.category)), m.category] = 1.0
            columns.append(block)
        return np.hstack(columns)


@dataclass(frozen=True)
class Calibrated:
    weights: np.ndarray
    trimmed: int
    """How many cells' weights the bounds cut."""


def calibrate(
    counts: np.ndarray, margins: list[Margin], trim: tuple[float, float], start: np.ndarray | None = None
) -> Calibrated:
    """Per cell, the weight of each of its respondents (``counts``: the cells' noisy counts).

    Trimming as bounded raking: a weight that leaves ``[low, high]`` × the
    mean weight (population / respondents, which calibrated weights keep) is
    fixed at its bound, and the other cells are raked to what the margins
    still need; until no weight leaves its bounds. ``start``: weights to rake
    from (a nearby solution converges in a few sweeps).
    """
    n = np.maximum(counts, FLOOR)
    total = float(margins[0].population.sum())
    mean = total / float(n.sum())
    low, high = trim[0] * mean, trim[1] * mean
    nobody = np.zeros(len(n), dtype=bool)  # cells in a category the population does not have: weight 0
    for m in margins:
        nobody |= m.population[m.category] <= 0
    w = np.where(nobody, 0.0, np.full(len(n), mean) if start is None else start)
    fixed = nobody.copy()
    for _ in range(ROUNDS):
        w = _rake(w, n, margins, fixed)
        out = ~fixed & ((w < low) | (w > high))
        if not out.any():
            break
        w[out] = np.clip(w[out], low, high)
        fixed |= out
    return Calibrated(w, int(fixed.sum()))


def _rake(w: np.ndarray, n: np.ndarray, margins: list[Margin], fixed: np.ndarray) -> np.ndarray:
    w = w.copy()
    free = ~fixed
    for _ in range(SWEEPS):
        worst = 0.0
        for m in margins:
            size = len(m.population)
            have = np.bincount(m.category, weights=w * n * free, minlength=size)
            need = m.population - np.bincount(m.category, weights=w * n * fixed, minlength=size)
            factor = np.where(have > 0, np.maximum(need, 0.0) / np.where(have > 0, have, 1.0), 1.0)
            worst = max(worst, float(np.abs(factor - 1).max()))
            w = np.where(free, w * factor[m.category], w)
        if worst < TOLERANCE:
            break
    return w


def jacobian(counts: np.ndarray, margins: list[Margin], trim: tuple[float, float], weights: np.ndarray) -> np.ndarray:
    """∂weight_h / ∂count_k by central differences (for the noise of the counts the weights come from).

    Post-processing of the noisy counts, like the weights; with trimming the
    map is piecewise smooth and the differences take the local slope. ``weights``: the solution at
    ``counts``, from which each nearby one is raked.
    """
    out = np.zeros((len(counts), len(counts)))
    for k in range(len(counts)):
        step = 1e-3 * max(abs(float(counts[k])), 1.0)
        up, down = counts.copy(), counts.copy()
        up[k] += step
        down[k] -= step
        pair = (calibrate(c, margins, trim, weights).weights for c in (up, down))
        out[:, k] = (next(pair) - next(pair)) / (2 * step)
    return out

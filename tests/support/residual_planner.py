"""ResidualPlanner for marginal workloads, written for the benchmarks: the optimum to hold releases against.

McKenna, Mullins, Sheldon and Miklau, "Optimal Measurement of Marginals with
ResidualPlanner" (NeurIPS 2023). Each person is one cell of the product of the
attributes' domains (a status such as "no answer" is a value like any other;
a multiple choice is one yes/no attribute per option). Every marginal on a set
S of attributes splits into residuals, one per subset A of S: with
Pₙ = I − J/n (the part of a vector orthogonal to the constant), the residual
of A is ⊗_{i∈A} P_{nᵢ} applied to the A-marginal, and the S-marginal is the
sum over A ⊆ S of each residual spread evenly over the attributes of S \\ A.

Measuring residual A with noise of covariance σ_A²·⊗P costs ρ_A = p_A / 2σ_A²
with p_A = ∏_{i∈A} (1 − 1/nᵢ) (one person moves it by p_A in that metric);
it adds σ_A² p_A / ∏_{i∈S\\A} nᵢ² to the variance of every cell of a marginal
S ⊇ A. For the loss Σ_S w_S · (sum of the variances of S's cells), the
optimal σ_A² under Σ ρ_A = ρ is in closed form (Lagrange):

    σ_A² = (Σ_B √(v_B c_B)) · √(c_A / v_A) / ρ,   c_A = p_A / 2,
    v_A = p_A Σ_{S ⊇ A} w_S ∏_{i∈S} nᵢ / ∏_{i∈S\\A} nᵢ².

:func:`optimum` gives those variances and each marginal's per-cell variance;
:func:`simulate` draws the measurements (numpy noise: a check of the formulas
in a benchmark, never a release) and reconstructs the marginals, so the
benchmark can confirm the closed form empirically.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Attrs = tuple[str, ...]


@dataclass(frozen=True)
class Marginal:
    attributes: Attrs
    weight: float = 1.0
    """w_S: how much the sum of this marginal's cell variances counts in the loss."""


@dataclass(frozen=True)
class Optimum:
    sizes: Mapping[str, int]
    residual_variance: dict[Attrs, float]
    """σ_A² per residual (attribute sets in sorted order)."""
    rho: float

    def cell_variance(self, attributes: Attrs) -> float:
        """The variance of every cell of the marginal on ``attributes`` (the same for all its cells)."""
        s = tuple(sorted(attributes))
        total = 0.0
        for a in _subsets(s):
            spread = math.prod(self.sizes[i] for i in s if i not in a) ** 2
            total += self.residual_variance[a] * _p(a, self.sizes) / spread
        return total


def _subsets(attributes: Attrs) -> list[Attrs]:
    return [c for k in range(len(attributes) + 1) for c in itertools.combinations(attributes, k)]


def _p(a: Attrs, sizes: Mapping[str, int]) -> float:
    return math.prod(1 - 1 / sizes[i] for i in a)


def optimum(sizes: Mapping[str, int], workload: Sequence[Marginal], rho: float) -> Optimum:
    """The variances that minimise the workload's weighted sum of cell variances at total zCDP budget ``rho``."""
    marginals = [(tuple(sorted(m.attributes)), m.weight) for m in workload]
    residuals = sorted({a for s, _ in marginals for a in _subsets(s)}, key=lambda a: (len(a), a))
    v: dict[Attrs, float] = {}
    for a in residuals:
        load = 0.0
        for s, w in marginals:
            if set(a) <= set(s):
                load += w * math.prod(sizes[i] for i in s) / math.prod(sizes[i] for i in s if i not in a) ** 2
        v[a] = _p(a, sizes) * load
    c = {a: _p(a, sizes) / 2 for a in residuals}
    total = sum(math.sqrt(v[a] * c[a]) for a in residuals)
    variance = {a: total * math.sqrt(c[a] / v[a]) / rho for a in residuals}
    spent = sum(c[a] / variance[a] for a in residuals)
    if not math.isclose(spent, rho, rel_tol=1e-9):
        raise ArithmeticError(f"the optimum spends ρ = {spent}, not {rho}")
    return Optimum(dict(sizes), variance, rho)


def _project(tensor: np.ndarray) -> np.ndarray:
    """⊗ Pₙ: subtract the mean along every axis."""
    out = tensor
    for axis in range(tensor.ndim):
        out = out - out.mean(axis=axis, keepdims=True)
    return out


def simulate(
    plan: Optimum, data: Mapping[str, np.ndarray], marginals: Sequence[Attrs], rng: np.random.Generator
) -> dict[Attrs, np.ndarray]:
    """One noisy release of the marginals (``data``: per attribute, each person's value as 0 … n−1)."""
    measured: dict[Attrs, np.ndarray] = {}
    for a, variance in plan.residual_variance.items():
        shape = tuple(plan.sizes[i] for i in a)
        exact = _marginal(data, a, plan.sizes)
        noise = rng.normal(0.0, math.sqrt(variance), size=shape) if a else rng.normal(0.0, math.sqrt(variance))
        measured[a] = _project(exact + noise) if a else np.asarray(exact + noise)
    out: dict[Attrs, np.ndarray] = {}
    for attributes in marginals:
        s = tuple(sorted(attributes))
        shape = tuple(plan.sizes[i] for i in s)
        total = np.zeros(shape)
        for a in _subsets(s):
            spread = math.prod(plan.sizes[i] for i in s if i not in a)
            index = tuple(slice(None) if i in a else np.newaxis for i in s)
            total = total + np.asarray(measured[a])[index] / spread
        out[s] = total
    return out


def _marginal(data: Mapping[str, np.ndarray], attributes: Attrs, sizes: Mapping[str, int]) -> np.ndarray:
    if not attributes:
        return np.asarray(float(len(next(iter(data.values())))))
    flat = np.zeros(len(data[attributes[0]]), dtype=np.int64)
    for i in attributes:
        flat = flat * sizes[i] + data[i]
    counts = np.bincount(flat, minlength=math.prod(sizes[i] for i in attributes)).astype(float)
    return counts.reshape([sizes[i] for i in attributes])


def exact(data: Mapping[str, np.ndarray], attributes: Attrs, sizes: Mapping[str, int]) -> np.ndarray:
    """The exact marginal, its attributes in sorted order."""
    return _marginal(data, tuple(sorted(attributes)), sizes)

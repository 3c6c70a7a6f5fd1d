"""Weighted shares and population totals of one group, with intervals from noisy counts only.

In a group, with calibration cells h, weights w_h, noisy counts a_h of the
answer and b_h of the group's answering base (the answer's share base), the
weighted total is A = Σ w_h a_h and the weighted share p = A / B, B = Σ w_h b_h.
Its variance, by linearisation, has three parts, each worked out from the
noisy counts and the mechanisms' known noise scales:

- sampling: the respondents' residuals e = y − p·x (y: gave the answer, x: in
  the base) taken off their fit on the calibration's auxiliary variables (the
  cell means for post-stratification, the margins' categories for raking,
  weighted least squares), weighted, as for a with-replacement sample
  (Σ_h w_h² Σ_{i∈h} (e_i − f_h)² / B²; Deville & Särndal's linearisation of the
  calibration estimator: calibrating to fixed totals takes out what the
  auxiliary variables explain, so only the residuals' spread counts);
- the noise of the fine counts: Σ_h w_h² σ² Σ_c coef_c² / B², coef the
  answer's and the base's coefficients in a − p·b (exact: the noise scale σ is
  the mechanism's own);
- the noise of the calibration cells' counts, through the weights: σ_c² ‖Jᵀu‖² / B²
  with u_h = a_h − p·b_h and J the weights' Jacobian in those counts.

The sampling part is worked out from the noisy counts, so it is made an
unbiased estimate of its noiseless value: its sums of squares are linear in
the counts (unbiased as they are), its quadratic terms in the noisy u exceed
their noiseless values by σ²Σcoef² times a known trace, which is taken off
(likewise for ‖Jᵀu‖²), and only the sum over all cells is cut at 0, never a
cell's own term. (Cutting each cell's term at 0, as first done, overstated
the sampling variance by 10–25 %: the cells where noise takes the term below
0 are the small, heavily weighted ones; measured in
tests/unit/analysis/test_calibration_variance.py, and in the study's coverage.)

A share's interval is Wilson's at the effective sample size p(1−p)/V (so it
stays inside [0, 1] and keeps its coverage near 0 and 1, as Korn and Graubard
recommend for weighted shares); a total's is symmetric, cut at 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analysis.intervals import Z95


@dataclass(frozen=True)
class Inputs:
    """What one group's weighted cells are worked out from (all noisy, or known from the mechanisms)."""

    fine: np.ndarray
    """The measure's categories × calibration cells: noisy counts of the group."""
    members: np.ndarray
    """Per calibration cell, its noisy count of respondents (floored as the weights were)."""
    weights: np.ndarray
    jacobian: np.ndarray
    design: np.ndarray | None
    """Cells × auxiliary variables for raking's residual fit; None: post-stratification (cell means)."""
    fine_variance: float
    cells_variance: float
    measured: bool = True
    """The counts are noisy measurements (a release); False: expected counts (the accuracy preview), which
    carry no noise of their own to take off the sampling part."""


@dataclass(frozen=True)
class Estimated:
    value: float
    variance: float


def total(inputs: Inputs, answer: int) -> Estimated:
    """The weighted population count of ``answer`` in the group."""
    a = inputs.fine[answer]
    coefficients = np.zeros(inputs.fine.shape[0])
    coefficients[answer] = 1.0
    value = float(inputs.weights @ a)
    return Estimated(value, _variance(inputs, a, a, coefficients, 1.0))


def share(inputs: Inputs, answer: int, base: tuple[int, ...]) -> Estimated | None:
    """The weighted share of ``answer`` among the group's ``base`` answers; None if the base weighs nothing."""
    a = inputs.fine[answer]
    b = inputs.fine[list(base)].sum(axis=0)
    denominator = float(inputs.weights @ b)
    if denominator <= 0:
        return None
    p = float(inputs.weights @ a) / denominator
    coefficients = np.zeros(inputs.fine.shape[0])
    coefficients[list(base)] -= p
    coefficients[answer] += 1.0
    s1 = a - p * b
    s2 = a * (1 - p) ** 2 + (b - a) * p * p
    return Estimated(p, _variance(inputs, s1, s2, coefficients, denominator))


def _variance(inputs: Inputs, s1: np.ndarray, s2: np.ndarray, coefficients: np.ndarray, scale: float) -> float:
    """``s1``, ``s2``: per cell the sum and the sum of squares of the residuals e (before their fit), noisy."""
    w, n = inputs.weights, inputs.members
    noise = inputs.fine_variance * float(coefficients @ coefficients)  # of each cell's noisy s1
    carried = noise if inputs.measured else 0.0
    hat = _hat(inputs)
    fit = hat @ s1
    # Σ_h w_h² Σ_{i∈h} (e_i − f_h)² = Σ w² s2 + s1ᵀQs1. The noisy s2 is unbiased (linear in the counts), the
    # quadratic form is not: the noise adds noise·tr(Q), taken off here. The sum over the cells is unbiased; a
    # cell's own term is not clipped at 0 (clipping the small, heavily weighted cells' noisy terms overstated the
    # sampling variance by 10-25 %), only the total is.
    quadratic = float((w * w) @ (n * fit * fit - 2 * fit * s1))
    trace = float((w * w * n) @ np.sum(hat * hat, axis=1) - 2 * (w * w) @ np.diag(hat))
    sampling = max(float((w * w) @ s2) + quadratic - carried * trace, 0.0)
    fine = float((w * w).sum() * noise)
    # Likewise ‖Jᵀs1‖² of the noisy s1 exceeds its noiseless value by noise·‖J‖²_F on average.
    spread = float(np.sum((inputs.jacobian.T @ s1) ** 2)) - carried * float(np.sum(inputs.jacobian**2))
    through_weights = inputs.cells_variance * max(spread, 0.0)
    return (sampling + fine + through_weights) / (scale * scale)


def _hat(inputs: Inputs) -> np.ndarray:
    """The residual fit as a linear map of the cells' s1: f = H s1.

    Post-stratification: the cell means (H = diag(1/n)). Raking: weighted least
    squares on the margins' indicators D with weights w·n (the regression the
    raking weights calibrate on), H = D (Dᵀ diag(w n) D)⁺ Dᵀ diag(w).
    """
    w, n = inputs.weights, inputs.members
    if inputs.design is None:
        return np.diag(1.0 / n)
    d = inputs.design
    hat: np.ndarray = d @ np.linalg.pinv(d.T @ (d * (w * n)[:, None])) @ (d.T * w[None, :])
    return hat


def share_interval(p: float, variance: float) -> tuple[float, float]:
    """Wilson's interval at the effective sample size p(1−p)/V (Wald's, cut to [0, 1], where p is at an edge)."""
    q = min(max(p, 0.0), 1.0)
    spread = q * (1 - q)
    if spread < 1e-9 or variance <= 0:
        half = Z95 * math.sqrt(max(variance, 0.0))
        return max(q - half, 0.0), min(q + half, 1.0)
    n = spread / variance
    z2 = Z95 * Z95
    centre = (q + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(spread / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def total_interval(value: float, variance: float) -> tuple[float, float]:
    """Symmetric about ``value``, cut at 0 at both ends (noise can take a total of few people below 0)."""
    half = Z95 * math.sqrt(max(variance, 0.0))
    return max(value - half, 0.0), max(value + half, 0.0)

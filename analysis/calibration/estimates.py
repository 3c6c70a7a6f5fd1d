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
  (Σ_h w_h² Σ_{i∈h} (e_i − f_h)² / B²; Deville & Särndal's linearisation);
- the noise of the fine counts: Σ_h w_h² σ² Σ_c coef_c² / B², coef the
  answer's and the base's coefficients in a − p·b;
- the noise of the calibration cells' counts, through the weights: σ_c² ‖Jᵀu‖² / B²
  with u_h = a_h − p·b_h and J the weights' Jacobian in those counts.

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
    """``s1``, ``s2``: per cell the sum and the sum of squares of the residuals e (before their fit)."""
    w, n = inputs.weights, inputs.members
    if inputs.design is None:
        fit = s1 / n
    else:
        root = np.sqrt(w * n)
        beta, *_ = np.linalg.lstsq(inputs.design * root[:, None], (s1 / n) * root, rcond=None)
        fit = inputs.design @ beta
    residual = np.maximum(s2 - 2 * fit * s1 + n * fit * fit, 0.0)  # noisy sums of squares can dip below 0
    sampling = float((w * w) @ residual)
    fine = float((w * w).sum() * inputs.fine_variance * (coefficients @ coefficients))
    through_weights = float(inputs.cells_variance * np.sum((inputs.jacobian.T @ s1) ** 2))
    return (sampling + fine + through_weights) / (scale * scale)


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
    half = Z95 * math.sqrt(max(variance, 0.0))
    return max(value - half, 0.0), value + half

"""OpenDP measurements: every bit of noise in a release comes from here.

Each part of a table is one vector measurement, OpenDP's Gaussian mechanism
on ``L2Distance`` (zero-concentrated DP, exact discrete sampling), calibrated
so that its privacy map at the part's sensitivity is within the part's ρ.
The noise is sampled on the lattice of multiples of 2^:data:`LATTICE_K`
over a vector of known length: OpenDP's default lattice for floats is the
finest one (2^-1074), whose big-integer arithmetic made sampling four times
slower, and a release of a few hundred cells spent most of its time there.
The input's rounding to the coarser lattice moves a vector by at most
√length · 2^LATTICE_K, which OpenDP's privacy map adds to the sensitivity
(about 10⁻¹² of ρ per √cell); the scale is calibrated to that map.
Write-ins use OpenDP's thresholded Gaussian on a histogram of normalised
answers: an answer appears only if its noisy count clears a threshold chosen
so that the chance of a rare answer showing is at most :data:`WRITE_IN_DELTA`.
Parts compose in zCDP by adding their ρ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np

from analysis.opendp_core import opendp

WRITE_IN_DELTA = 1e-9
"""Per write-ins table: the probability bound that an answer given by one person appears at all."""


@dataclass(frozen=True)
class Noise:
    """How one part was measured (what the release's metadata states)."""

    mechanism: str
    sensitivity: float
    scale: float
    rho: float
    delta: float = 0.0
    threshold: float | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mechanism": self.mechanism,
            "sensitivity": self.sensitivity,
            "scale": self.scale,
            "rho": self.rho,
        }
        if self.threshold is not None:
            out |= {"delta": self.delta, "threshold": self.threshold}
        return out


LATTICE_K = -40
"""The noise's lattice: multiples of 2^-40 (about 10⁻¹²), far below any count or mean a release shows."""


def gaussian_measurement(scale: float, size: int) -> Any:
    """OpenDP's Gaussian mechanism on real vectors of ``size`` values in L2 distance (zCDP)."""
    dp = opendp()
    space = (dp.vector_domain(dp.atom_domain(T=float, nan=False), size=size), dp.l2_distance(T=float))
    return dp.m.make_gaussian(*space, scale=scale, k=LATTICE_K)


def gaussian_scale(sensitivity: float, rho: float, size: int) -> float:
    """The smallest scale (to rounding) whose OpenDP privacy map at ``sensitivity`` is within ``rho``."""
    return _calibrated(sensitivity, rho, size).scale


@dataclass(frozen=True)
class _Calibrated:
    measurement: Any
    scale: float
    rho: float
    """OpenDP's privacy map of the measurement at the part's sensitivity: what the part spends."""


@lru_cache(maxsize=4096)
def _calibrated(sensitivity: float, rho: float, size: int) -> _Calibrated:
    """The measurement at the smallest scale whose map at ``sensitivity`` is within ``rho``.

    OpenDP's map is (Δ + 2^k·√size)² / 2σ² (Δ widened by the input's rounding to the lattice, see the
    module), so σ is set in closed form and the map only confirms it; a nudge up covers floating point.
    Measurements are immutable and depend only on the plan, so one is made once per process, not per release.
    """
    if rho <= 0:
        raise ValueError("a part needs a positive budget")
    # 10⁻¹⁴ over the closed form: floating point left half of the scales a hair over ρ, and each nudge costs a
    # measurement; 10⁻¹⁴ of the noise is far below anything a release shows.
    scale = (sensitivity + 2.0**LATTICE_K * math.sqrt(size)) / math.sqrt(2 * rho) * (1 + 1e-14)
    measurement = gaussian_measurement(scale, size)
    spent = measurement.map(sensitivity)
    while spent > rho:
        scale = math.nextafter(scale, math.inf) * (1 + 1e-12)
        measurement = gaussian_measurement(scale, size)
        spent = measurement.map(sensitivity)
    return _Calibrated(measurement, scale, float(spent))


def threshold_scale(rho: float) -> float:
    """The write-ins' scale: the smallest whose Gaussian map at one answer (exact, OpenDP's finest lattice) is
    within ``rho``; the thresholded measurement's own map then states the ρ and δ spent."""
    if rho <= 0:
        raise ValueError("a part needs a positive budget")
    dp = opendp()
    space = (dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l2_distance(T=float))
    scale = 1.0 / math.sqrt(2 * rho)
    while dp.m.make_gaussian(*space, scale=scale).map(1.0) > rho:
        scale = math.nextafter(scale, math.inf) * (1 + 1e-12)
    return scale


def gaussian(vector: np.ndarray, sensitivity: float, rho: float) -> tuple[np.ndarray, Noise]:
    part = _calibrated(float(sensitivity), float(rho), vector.size)
    noisy = np.asarray(part.measurement(vector.astype(float).ravel().tolist()), dtype=float).reshape(vector.shape)
    return noisy, Noise("gaussian", sensitivity, part.scale, part.rho)


def _threshold_measurement(scale: float, threshold: float) -> Any:
    dp = opendp()
    domain = dp.map_domain(dp.atom_domain(T=str), dp.atom_domain(T=float, nan=False))
    metric = dp.l02inf_distance(dp.absolute_distance(T=float))
    return dp.m.make_gaussian_threshold(domain, metric, scale=scale, threshold=threshold)


ONE_ANSWER = (1, 1.0, 1.0)
"""One respondent gives at most one write-in: one key, by at most one (L0, L2, L∞)."""


def write_in_threshold(scale: float) -> float:
    """The lowest threshold (a multiple of 1/64) at which OpenDP's δ for one respondent is at most WRITE_IN_DELTA.

    One answer of count 1 shows if its noise carries it past the threshold: δ ≈ P(N(0, σ²) > t − 1),
    so t = 1 + σ·Φ̄⁻¹(δ) starts next to the answer, and OpenDP's own map decides the last steps of 1/64.
    """
    step = 1 / 64

    def leaks(threshold: float) -> bool:
        return bool(_threshold_measurement(scale, threshold).map(ONE_ANSWER)[1] > WRITE_IN_DELTA)

    guess = 1 + scale * NormalDist().inv_cdf(1 - WRITE_IN_DELTA)
    threshold = max(math.ceil(guess / step) * step, 1.0)
    while leaks(threshold):
        threshold += step
    while threshold - step >= 1.0 and not leaks(threshold - step):
        threshold -= step
    return threshold


@lru_cache(maxsize=256)
def _threshold_calibrated(rho: float) -> tuple[Any, Noise]:
    """The write-ins' measurement at ``rho`` and what it spends: found by OpenDP's maps step by step, so made
    once per process and ρ (like :func:`_calibrated`), not per release."""
    scale = threshold_scale(rho)
    threshold = write_in_threshold(scale)
    measurement = _threshold_measurement(scale, threshold)
    spent_rho, delta = measurement.map(ONE_ANSWER)
    return measurement, Noise("gaussian_threshold", 1.0, scale, float(spent_rho), float(delta), threshold)


def thresholded(histogram: dict[str, float], rho: float) -> tuple[dict[str, float], Noise]:
    measurement, noise = _threshold_calibrated(float(rho))
    return dict(measurement({k: float(v) for k, v in histogram.items()})), noise

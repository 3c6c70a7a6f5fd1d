"""OpenDP measurements: every bit of noise in a release comes from here.

Each part of a table is one vector measurement, OpenDP's Gaussian mechanism
on ``L2Distance`` (zero-concentrated DP, exact discrete sampling), calibrated
so that its privacy map at the part's sensitivity is within the part's ρ.
Write-ins use OpenDP's thresholded Gaussian on a histogram of normalised
answers: an answer appears only if its noisy count clears a threshold chosen
so that the chance of a rare answer showing is at most :data:`WRITE_IN_DELTA`.
Parts compose in zCDP by adding their ρ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

WRITE_IN_DELTA = 1e-9
"""Per write-ins table: the probability bound that an answer given by one person appears at all."""


@cache
def _dp() -> Any:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


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


def gaussian_measurement(scale: float) -> Any:
    """OpenDP's Gaussian mechanism on real vectors in L2 distance (zCDP)."""
    dp = _dp()
    space = (dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l2_distance(T=float))
    return dp.m.make_gaussian(*space, scale=scale)


def gaussian_scale(sensitivity: float, rho: float) -> float:
    """The smallest scale (to rounding) whose OpenDP privacy map at ``sensitivity`` is within ``rho``."""
    if rho <= 0:
        raise ValueError("a part needs a positive budget")
    scale = sensitivity / math.sqrt(2 * rho)
    while gaussian_measurement(scale).map(sensitivity) > rho:
        scale = math.nextafter(scale, math.inf) * (1 + 1e-12)
    return scale


def gaussian(vector: np.ndarray, sensitivity: float, rho: float) -> tuple[np.ndarray, Noise]:
    scale = gaussian_scale(sensitivity, rho)
    measurement = gaussian_measurement(scale)
    noisy = np.asarray(measurement(vector.astype(float).tolist()), dtype=float)
    return noisy, Noise("gaussian", sensitivity, scale, float(measurement.map(sensitivity)))


def _threshold_measurement(scale: float, threshold: float) -> Any:
    dp = _dp()
    domain = dp.map_domain(dp.atom_domain(T=str), dp.atom_domain(T=float, nan=False))
    metric = dp.l02inf_distance(dp.absolute_distance(T=float))
    return dp.m.make_gaussian_threshold(domain, metric, scale=scale, threshold=threshold)


ONE_ANSWER = (1, 1.0, 1.0)
"""One respondent gives at most one write-in: one key, by at most one (L0, L2, L∞)."""


def write_in_threshold(scale: float) -> float:
    """The lowest threshold (to 1/64) at which OpenDP's δ for one respondent is at most WRITE_IN_DELTA."""
    lo, hi = 1.0, 1.0
    while _threshold_measurement(scale, hi).map(ONE_ANSWER)[1] > WRITE_IN_DELTA:
        lo, hi = hi, hi * 2
    while hi - lo > 1 / 64:
        mid = (lo + hi) / 2
        if _threshold_measurement(scale, mid).map(ONE_ANSWER)[1] > WRITE_IN_DELTA:
            lo = mid
        else:
            hi = mid
    return hi


def thresholded(histogram: dict[str, float], rho: float) -> tuple[dict[str, float], Noise]:
    scale = gaussian_scale(1.0, rho)
    threshold = write_in_threshold(scale)
    measurement = _threshold_measurement(scale, threshold)
    spent_rho, delta = measurement.map(ONE_ANSWER)
    noisy = measurement({k: float(v) for k, v in histogram.items()})
    return dict(noisy), Noise("gaussian_threshold", 1.0, scale, float(spent_rho), float(delta), threshold)

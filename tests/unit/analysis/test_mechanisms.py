"""The mechanisms' calibration: the smallest scale within a part's ρ, the lowest write-in threshold within δ.

Both used to be searches of many OpenDP measurements; they now start from
closed forms and let OpenDP's own privacy maps decide the last step, so these
tests hold the result to what OpenDP says, at budgets a user can type.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.mechanisms import (
    LATTICE_K,
    ONE_ANSWER,
    WRITE_IN_DELTA,
    _threshold_measurement,
    gaussian,
    gaussian_measurement,
    gaussian_scale,
    threshold_scale,
    write_in_threshold,
)

budgets = st.floats(1e-6, 1e3)
sensitivities = st.floats(0.5, 50.0)
sizes = st.integers(0, 100_000)


@settings(max_examples=60, deadline=None)
@given(sensitivity=sensitivities, rho=budgets, size=sizes)
def test_the_scale_is_the_smallest_within_the_budget(sensitivity: float, rho: float, size: int) -> None:
    scale = gaussian_scale(sensitivity, rho, size)
    assert gaussian_measurement(scale, size).map(sensitivity) <= rho
    assert not gaussian_measurement(scale * (1 - 1e-9), size).check(sensitivity, rho)
    # The lattice's rounding costs a hair: about 10⁻¹² of ρ per √value, never a visible change of scale.
    assert scale / (sensitivity / math.sqrt(2 * rho)) - 1 <= 1e-12 * math.sqrt(size + 1) * 2


@settings(max_examples=40, deadline=None)
@given(rho=budgets)
def test_the_write_in_threshold_is_the_lowest_step_within_delta(rho: float) -> None:
    scale = threshold_scale(rho)
    threshold = write_in_threshold(scale)
    assert threshold * 64 == int(threshold * 64)
    assert _threshold_measurement(scale, threshold).map(ONE_ANSWER)[1] <= WRITE_IN_DELTA
    assert threshold == 1.0 or _threshold_measurement(scale, threshold - 1 / 64).map(ONE_ANSWER)[1] > WRITE_IN_DELTA


def test_the_noise_lies_on_the_lattice_and_keeps_the_vectors_shape() -> None:
    exact = np.arange(12, dtype=float).reshape(3, 4)
    noisy, noise = gaussian(exact, 1.0, 0.5)
    assert noisy.shape == (3, 4)
    steps = (noisy - exact) / 2.0**LATTICE_K
    # Whole numbers sit on the lattice, and below 2¹² a float holds every step of it: the noise is whole steps.
    assert np.array_equal(steps, np.round(steps))
    assert np.abs(noisy - exact).max() > 0
    assert noise.rho <= 0.5
    assert noise.scale == gaussian_scale(1.0, 0.5, 12)

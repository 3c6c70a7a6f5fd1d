"""Weights from noisy calibration-cell counts: post-stratification, raking, trimming, and their slope."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.calibration.weights import Cells, calibrate, jacobian

CELLS = Cells(("age", "district"), (("young", "old"), ("north", "south", "east")))
CROSS: dict[tuple[str, ...], float] = {("young", "north"): 300.0, ("young", "south"): 200.0, ("young", "east"): 100.0}
CROSS |= {("old", "north"): 150.0, ("old", "south"): 150.0, ("old", "east"): 100.0}
AGE: dict[tuple[str, ...], float] = {("young",): 600.0, ("old",): 400.0}
DISTRICT: dict[tuple[str, ...], float] = {("north",): 450.0, ("south",): 350.0, ("east",): 200.0}
WIDE = (0.01, 100.0)


def test_post_stratification_gives_each_cell_its_population_over_its_count() -> None:
    counts = np.array([30.0, 10.0, 20.0, 5.0, 15.0, 20.0])
    margin = CELLS.margin(("age", "district"), CROSS)
    weights = calibrate(counts, [margin], WIDE).weights
    assert np.allclose(weights, np.array(list(CROSS.values())) / counts)


def test_raking_meets_every_margin() -> None:
    counts = np.array([30.0, 10.0, 20.0, 5.0, 15.0, 20.0])
    margins = [CELLS.margin(("age",), AGE), CELLS.margin(("district",), DISTRICT)]
    weights = calibrate(counts, margins, WIDE).weights
    for m in margins:
        assert np.allclose(np.bincount(m.category, weights=weights * counts), m.population)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-5, 200), min_size=6, max_size=6), st.floats(0.1, 0.9), st.floats(1.2, 5))
def test_trimmed_weights_stay_within_their_bounds(counts: list[float], low: float, high: float) -> None:
    """Whatever the noise did to the counts (zero, below zero), every weight stays within the bounds."""
    n = np.array(counts)
    margins = [CELLS.margin(("age",), AGE), CELLS.margin(("district",), DISTRICT)]
    calibrated = calibrate(n, margins, (low, high))
    mean = 1000.0 / np.maximum(n, 1.0).sum()
    assert np.all(calibrated.weights >= low * mean * (1 - 1e-9))
    assert np.all(calibrated.weights <= high * mean * (1 + 1e-9))


def test_trimming_still_meets_the_margins_where_the_free_cells_can() -> None:
    counts = np.array([100.0, 1.0, 20.0, 5.0, 40.0, 20.0])  # young-south: one respondent for 200 people
    margins = [CELLS.margin(("age",), AGE), CELLS.margin(("district",), DISTRICT)]
    calibrated = calibrate(counts, margins, (0.3, 3.0))
    assert calibrated.trimmed >= 1
    assert calibrated.weights.max() <= 3.0 * 1000 / counts.sum() * (1 + 1e-9)
    for m in margins:
        assert np.allclose(np.bincount(m.category, weights=calibrated.weights * counts), m.population)


def test_the_slope_of_post_stratified_weights_is_minus_population_over_count_squared() -> None:
    counts = np.array([30.0, 10.0, 20.0, 5.0, 15.0, 20.0])
    margin = CELLS.margin(("age", "district"), CROSS)
    weights = calibrate(counts, [margin], WIDE).weights
    slope = jacobian(counts, [margin], WIDE, weights)
    assert np.allclose(slope, np.diag(-np.array(list(CROSS.values())) / counts**2), rtol=1e-4, atol=1e-9)

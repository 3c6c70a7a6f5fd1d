"""The intervals of analysis.intervals, checked against their definitions (no simulation: see test_coverage)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm, truncnorm

from analysis.intervals import Z95, ShareNoise, count_interval, selected_estimate, share_interval
from analysis.intervals.counts import unified

GRID = np.linspace(-12.0, 20.0, 32001)
"""Observations (in σ) fine enough to integrate the coverage of the unified interval to about 1e-4."""


@pytest.fixture(scope="module")
def ends() -> tuple[np.ndarray, np.ndarray]:
    pairs = np.array([unified(float(x)) for x in GRID])
    return pairs[:, 0], pairs[:, 1]


@pytest.mark.parametrize("mu", [0.0, 0.01, 0.1, 0.3, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 9.0])
def test_the_unified_interval_covers_95_percent_at_every_true_count(
    ends: tuple[np.ndarray, np.ndarray], mu: float
) -> None:
    # P(μ in the interval) = ∫ φ(x − μ) over the observations whose interval holds μ: 95 %, zero included.
    low, high = ends
    held = (low <= mu + 1e-9) & (mu - 1e-9 <= high)
    weight = norm.pdf(GRID - mu) * (GRID[1] - GRID[0])
    assert float(weight[held].sum()) == pytest.approx(0.95, abs=2e-3)


@given(st.floats(-50.0, 50.0))
def test_the_unified_interval_is_never_empty_nor_below_zero(x: float) -> None:
    low, high = unified(x)
    assert 0.0 <= low <= high
    if x >= 2 * Z95:  # clear of zero (the low end at least z): the textbook interval
        assert (low, high) == pytest.approx((x - Z95, x + Z95), abs=1e-6)


@given(st.floats(-50.0, 50.0), st.floats(-50.0, 50.0))
def test_the_unified_interval_moves_up_with_the_observation(a: float, b: float) -> None:
    (la, ha), (lb, hb) = unified(min(a, b)), unified(max(a, b))
    assert la <= lb + 1e-9 and ha <= hb + 1e-9


def test_a_count_interval_is_in_counts() -> None:
    assert count_interval(-4.0, 4.0) == pytest.approx(tuple(2 * e for e in unified(-2.0)))
    assert count_interval(50.0, 9.0) == pytest.approx((50 - 3 * Z95, 50 + 3 * Z95))
    assert count_interval(-1.0, 0.0) == (0.0, 0.0)


@settings(deadline=None)
@given(
    st.floats(1.0, 80.0),
    st.floats(0.5, 8.0),
    st.floats(2.0, 60.0),
    st.sampled_from([(0.975, 1), (0.5, 0), (0.025, 2)]),
)
def test_the_selected_interval_inverts_the_truncated_normal(
    mu: float, sd: float, cut: float, quantile: tuple[float, int]
) -> None:
    # Observe the q-quantile of N(μ, sd²) cut to [cut, ∞): the end (or estimate) that q defines is μ again.
    q, which = quantile
    a = (cut - mu) / sd
    if norm.sf(a) < 1e-12:  # μ so far below the cut that it is never published
        return
    value = float(truncnorm.ppf(q, a, math.inf, loc=mu, scale=sd))
    found = selected_estimate(value, sd, cut)
    assert found[1] <= found[0] <= found[2]
    assert found[which] == pytest.approx(mu, rel=1e-5, abs=1e-5 * sd)


def test_far_above_the_threshold_the_selected_interval_is_the_plain_one() -> None:
    estimate, low, high = selected_estimate(100.0, 2.0, 10.0)
    assert (estimate, low, high) == pytest.approx((100.0, 100 - 2 * Z95, 100 + 2 * Z95), abs=1e-6)


@given(st.floats(-0.5, 1.5), st.floats(5.0, 5000.0), st.floats(0.0, 60.0), st.floats(0.0, 200.0))
def test_a_share_interval_stays_within_0_and_1_whatever_the_ratio(
    ratio: float, base: float, cell: float, others: float
) -> None:
    # Never empty: where no share is within z of the ratio, the interval is the nearest edge.
    low, high = share_interval(ratio, base, ShareNoise.of_part(cell, others))
    assert 0.0 <= low <= high <= 1.0

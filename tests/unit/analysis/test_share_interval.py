"""The share interval: Wilson's score interval, widened by the DP variance as a function of the share tested."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.intervals import Z95, ShareNoise, share_dp_variance, share_interval


def test_without_noise_it_is_wilson_s_interval() -> None:
    # 3 of 10: Wilson's formula, (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n), gives 0.1078–0.6032.
    low, high = share_interval(0.3, 10, 0.0)
    assert low == pytest.approx(0.1078, abs=1e-4)
    assert high == pytest.approx(0.6032, abs=1e-4)
    assert share_interval(0.0, 10, ShareNoise(0.0, 0.0, 0.0))[0] == 0.0


def test_a_constant_variance_is_the_same_whichever_way_it_is_given() -> None:
    assert share_interval(0.2, 40, 0.004) == pytest.approx(share_interval(0.2, 40, ShareNoise(0.004 * 1600, 0, 0)))


def test_the_delta_method_variances() -> None:
    # A single choice's share x / (x + others); a multiple choice's x / answered, the base a cell of its own.
    for p in (0.0, 0.2, 0.5, 0.9):
        single = ShareNoise.of_part(4.0, 12.0)
        assert (single.a + single.b * p + single.c * p * p) / 900 == pytest.approx(share_dp_variance(p, 30, 4.0, 12.0))
        multi = ShareNoise.of_ratio(4.0, 4.0)
        assert (multi.a + multi.b * p + multi.c * p * p) / 900 == pytest.approx((4.0 + p * p * 4.0) / 900)


def test_a_base_swamped_by_its_noise_says_nothing() -> None:
    assert share_interval(0.4, 3, ShareNoise.of_ratio(25.0, 25.0)) == (0.0, 1.0)


@given(
    st.floats(0.0, 1.0),
    st.floats(5.0, 5000.0),
    st.floats(0.0, 60.0),
    st.floats(0.0, 200.0),
    st.booleans(),
)
def test_it_holds_the_shares_whose_score_is_within_z(
    share: float, base: float, cell: float, others: float, multi: bool
) -> None:
    noise = ShareNoise.of_ratio(cell, others) if multi else ShareNoise.of_part(cell, others)
    low, high = share_interval(share, base, noise)
    quiet = share_interval(share, base, 0.0)
    assert 0.0 <= low <= share <= high <= 1.0
    assert low <= quiet[0] + 1e-12 and quiet[1] <= high + 1e-12  # noise only ever widens it

    def score(p: float) -> float:
        variance = p * (1 - p) / base + (noise.a + noise.b * p + noise.c * p * p) / (base * base)
        return (share - p) ** 2 - Z95 * Z95 * variance

    if (low, high) != (0.0, 1.0):
        # Each end not cut at 0 or 1 is where the score reaches z; inside, it is below.
        for end in (low, high):
            if 0.0 < end < 1.0:
                assert score(end) == pytest.approx(0.0, abs=1e-9)
        assert score((low + high) / 2) <= 1e-12

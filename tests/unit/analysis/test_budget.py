"""Budgets in zCDP and their (ε, δ) equivalent (the budget itself: tests/unit/kernel/test_privacy_budget.py)."""

from __future__ import annotations

import math

import opendp.prelude as dp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.budget import PrivacyBudget, approx_dp_epsilon, describe, epsilon_of, is_conventional

dp.enable_features("contrib")


@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0, 10.0])
def test_the_epsilon_of_a_gaussian_release_is_the_one_opendp_gives_it(scale: float) -> None:
    # An independent route: a Gaussian count with sensitivity 2, converted by OpenDP directly.
    space = dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float)
    release = dp.m.make_gaussian(*space, scale=scale)
    rho = float(release.map(2.0))  # type: ignore[no-untyped-call]  # opendp's Measurement.map is untyped
    expected = dp.c.make_zCDP_to_approxDP(release).map(2.0).epsilon(1e-6)  # type: ignore[no-untyped-call]  # as above
    assert approx_dp_epsilon(rho, 1e-6) == pytest.approx(expected, rel=1e-9)


@given(st.floats(1e-4, 10), st.floats(1e-4, 10))
def test_more_budget_means_a_larger_epsilon_and_never_worse_than_the_textbook_bound(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert approx_dp_epsilon(lo) <= approx_dp_epsilon(hi) + 1e-12
    assert approx_dp_epsilon(hi) <= hi + 2 * math.sqrt(hi * math.log(1e6)) + 1e-9


def test_no_budget_is_no_loss_and_nonsense_is_refused() -> None:
    assert approx_dp_epsilon(0.0) == 0.0
    for rho, delta in [(-1.0, 1e-6), (math.inf, 1e-6), (1.0, 0.0), (1.0, 1.0)]:
        with pytest.raises(ValueError):
            approx_dp_epsilon(rho, delta)


def test_conventional_levels() -> None:
    assert is_conventional(PrivacyBudget("0.1"))
    assert not is_conventional(PrivacyBudget(1))
    assert describe(PrivacyBudget(0.1)).startswith("ρ = 0.1 (ε = ")


@given(st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1000)))  # OpenDP's own floor: no subnormal ρ
def test_the_epsilon_of_a_budget_is_the_one_of_its_rho(rho: float) -> None:
    assert epsilon_of(PrivacyBudget(rho)) == approx_dp_epsilon(rho)

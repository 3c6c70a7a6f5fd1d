"""The benchmarks' ResidualPlanner (tests/support/residual_planner.py) and standard workload hold what they claim.

The optimality benchmark (benchmarks/release_optimality.py) holds releases
against ResidualPlanner's closed-form variances: these tests make the closed
form something that could be wrong. It spends exactly ρ; simulated
measurements reconstruct every marginal without bias and with the stated
per-cell variance (a chi-square test at α = 1e-4 per marginal); and no other
split of the same ρ between residuals has a smaller loss. The workload's
columns are checked against DatasetBuilder's for the same respondents.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2

from tests.support import residual_planner as rp
from tests.support import standard_workload

SIZES = {"a": 3, "b": 2, "c": 4}
WORKLOAD = [rp.Marginal(("a",)), rp.Marginal(("a", "b")), rp.Marginal(("c",), 2.0), rp.Marginal(("b", "c"), 0.5)]


def loss(plan: rp.Optimum, workload: list[rp.Marginal]) -> float:
    return sum(
        m.weight * math.prod(SIZES[a] for a in m.attributes) * plan.cell_variance(m.attributes) for m in workload
    )


def spent(plan: rp.Optimum) -> float:
    return sum(math.prod(1 - 1 / SIZES[i] for i in a) / (2 * v) for a, v in plan.residual_variance.items())


def test_simulated_releases_have_the_stated_variance_and_no_bias() -> None:
    plan = rp.optimum(SIZES, WORKLOAD, 0.5)
    rng = np.random.default_rng(3)
    data = {k: rng.integers(0, v, size=500) for k, v in SIZES.items()}
    rounds = 2000
    errors: dict[tuple[str, ...], list[np.ndarray]] = {tuple(sorted(m.attributes)): [] for m in WORKLOAD}
    for _ in range(rounds):
        noisy = rp.simulate(plan, data, list(errors), rng)
        for s, found in errors.items():
            found.append((noisy[s] - rp.exact(data, s, SIZES)).ravel())
    for s, found in errors.items():
        e = np.array(found)
        stated = plan.cell_variance(s)
        for cell in e.T:  # each cell: Σ e² / σ² ~ χ² with `rounds` degrees of freedom
            statistic = float((cell**2).sum() / stated)
            assert chi2.ppf(0.5e-4, rounds) < statistic < chi2.isf(0.5e-4, rounds), (s, statistic / rounds)
            assert abs(cell.mean()) < 5 * math.sqrt(stated / rounds)


@settings(max_examples=30, deadline=None)
@given(
    rho=st.floats(1e-3, 10.0),
    factors=st.lists(st.floats(0.5, 2.0), min_size=6, max_size=6),
)
def test_the_closed_form_spends_rho_and_no_other_split_does_better(rho: float, factors: list[float]) -> None:
    plan = rp.optimum(SIZES, WORKLOAD, rho)
    assert spent(plan) == pytest.approx(rho, rel=1e-9)
    # Any other variances, rescaled to spend the same ρ, lose at least as much.
    other = {a: v * f for (a, v), f in zip(plan.residual_variance.items(), factors, strict=False)}
    scale = spent(rp.Optimum(SIZES, other, rho)) / rho
    rival = rp.Optimum(SIZES, {a: v * scale for a, v in other.items()}, rho)
    assert spent(rival) == pytest.approx(rho, rel=1e-9)
    assert loss(rival, WORKLOAD) >= loss(plan, WORKLOAD) * (1 - 1e-9)


def test_the_standard_workload_frame_is_datasetbuilders() -> None:
    standard_workload.check(n=600, seed=11)
    assert standard_workload.asked() == 12 + 3 + 10 + 13 * 4 + 8 * 2 * 12 + 3 * 12 + 3 + 10

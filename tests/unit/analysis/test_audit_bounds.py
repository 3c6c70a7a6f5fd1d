"""The attack's bounds: one HiGHS model re-solved from warm starts gives what separate programs give."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from analysis.audit.attack import implied_bounds, inequalities
from analysis.audit.constraints import System, Target


def _system(lower: float, rows: list[tuple[list[int], list[float], float, float]], unknowns: int) -> System:
    system = System()
    system.unknowns(unknowns, lower)
    for columns, coefficients, low, high in rows:
        system.row(np.array(columns), np.array(coefficients), low, high)
    for k in range(unknowns):
        system.targets.append(Target("r", "t", "q", None, str(k), (), k))
    return system


def _separately(system: System) -> dict[int, tuple[float, float]]:
    """Each end as a fresh program of its own (scipy's HiGHS with presolve): the reference."""
    a_ub, b_ub = inequalities(system)
    bounds = [(lo, None if math.isinf(hi) else hi) for lo, hi in zip(system.lower, system.upper, strict=True)]
    out = {}
    for target in system.targets:
        ends = []
        for sign in (1.0, -1.0):
            cost = np.zeros(len(system.lower))
            cost[target.variable] = sign
            found = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            ends.append(sign * found.fun if found.status == 0 else (-math.inf if sign > 0 else math.inf))
        out[target.variable] = (ends[0], ends[1])
    return out


def test_a_program_the_warm_started_simplex_left_without_verdict_is_bounded() -> None:
    # Found in a calibrated release (8 finer cells, differences of noisy counts floored at −18.26): from
    # the warm start of the bound before, HiGHS stopped with status "Unknown", which the audit read as
    # figures that contradict each other, and secondary suppression then gave up after six rounds.
    floor = -18.257418583505537
    rows = [
        ([0, 1, 2, 3, 4, 5, 6, 7], [1, 1, 1, 1, -1, -1, -1, -1], 78.02430329908671, 78.02433129908678),
        ([0, 4], [1, -1], 17.925297283383603, 17.925309283383587),
        ([1, 5], [1, -1], 41.34166354052664, 41.34167554052661),
        ([2, 3, 6, 7], [1, 1, -1, -1], 18.75734047517655, 18.75734847517656),
    ]
    system = _system(floor, [(c, [float(x) for x in k], lo, hi) for c, k, lo, hi in rows], 8)
    found, expected = implied_bounds(system), _separately(system)
    for k in range(8):
        assert found[k][0] == np.float64(expected[k][0]) or math.isclose(found[k][0], expected[k][0], abs_tol=1e-6)
        assert found[k][1] == math.inf == expected[k][1]
    assert found[0][0] > floor and found[1][0] > floor  # the rows do narrow these two


_rows = st.lists(
    st.tuples(
        st.lists(st.integers(0, 5), min_size=1, max_size=6, unique=True),
        st.lists(st.sampled_from([1.0, -1.0]), min_size=6, max_size=6),
        st.floats(-40, 80),
        st.floats(0, 1e-3),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(rows=_rows, floor=st.sampled_from([0.0, -18.257418583505537]))
def test_warm_started_bounds_equal_separate_programs(
    rows: list[tuple[list[int], list[float], float, float]], floor: float
) -> None:
    # Feasible by construction: every row holds at one point, the floor, shifted by its value.
    point = np.full(6, floor) + 5.0
    system = _system(floor, [], 6)
    for columns, signs, _, width in rows:
        coefficients = np.array([signs[c] for c in columns])
        value = float(coefficients @ point[columns])
        system.row(np.array(columns), coefficients, value - width, value + width)
    found, expected = implied_bounds(system), _separately(system)
    for k in range(6):
        for got, want in zip(found[k], expected[k], strict=True):
            assert got == want or math.isclose(got, want, rel_tol=1e-7, abs_tol=1e-6)

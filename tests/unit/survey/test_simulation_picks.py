"""Weighted draws for whole columns: counting the cumulative weights reached draws what a binary search does."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from survey.simulation.picks import FEW, pick, tick, usable

_weights = st.lists(st.one_of(st.just(0.0), st.floats(1e-6, 10.0), st.floats(-1.0, 0.0)), min_size=1, max_size=2 * FEW)
_uniforms = hnp.arrays(np.float32, st.integers(0, 200), elements=st.floats(0.0, 1.0, width=32, exclude_max=True))


def _searched(u: np.ndarray, weights: list[float]) -> np.ndarray:
    cumulative = np.cumsum(usable(np.array(weights))).astype(u.dtype)
    found = np.searchsorted(cumulative, u * cumulative[-1], side="right")
    capped: np.ndarray = np.minimum(found, len(cumulative) - 1)
    return capped


@settings(max_examples=300, deadline=None)
@given(_uniforms, _weights)
def test_a_draw_is_the_option_the_search_finds(u: np.ndarray, weights: list[float]) -> None:
    drawn = pick(u, np.array(weights))
    assert drawn.tolist() == _searched(u, weights).tolist()


def test_edges_of_the_few_options() -> None:
    # Uniform numbers on and next to every boundary, and one that rounds up to the total.
    weights = np.array([0.25, 0.0, 0.5, 0.25])
    bounds = np.cumsum(weights).astype(np.float32)
    u = np.concatenate([bounds, np.nextafter(bounds, np.float32(0)), [0.0, np.float32(1) - np.float32(2**-24)]])
    u = u[u < 1].astype(np.float32)
    assert pick(u, weights).tolist() == _searched(u, weights.tolist()).tolist()
    assert set(pick(u, weights).tolist()) <= {0, 2, 3}  # an option of weight 0 is never drawn


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 30), st.integers(1, 9), st.data())
def test_ticks_land_where_two_indexes_put_them(height: int, width: int, data: st.DataObject) -> None:
    cells = st.tuples(st.integers(0, height - 1), st.integers(0, width - 1))
    chosen = data.draw(st.lists(cells, max_size=3 * height))
    rows = np.array([r for r, _ in chosen], dtype=np.intp)
    columns = np.array([c for _, c in chosen], dtype=np.intp)
    ticked, expected = np.zeros((height, width), dtype=bool), np.zeros((height, width), dtype=bool)
    tick(ticked, rows, columns)
    expected[rows, columns] = True
    assert (ticked == expected).all()


def test_a_grid_that_is_not_c_ordered_is_refused() -> None:
    with pytest.raises(ValueError, match="C-ordered"):
        tick(np.zeros((4, 3), dtype=bool).T, np.array([0]), np.array([1]))

"""Rows sent to import workers as one string come back as the same cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from survey.intake.workers import _packed, _unpacked


@given(st.integers(1, 10**6), st.lists(st.text(alphabet=st.sampled_from(["a", ",", '"', "\n", "\x1f", "ü"]))))
def test_cells_survive_the_trip(number: int, cells: list[str]) -> None:
    assert _unpacked(_packed((number, cells))) == (number, cells)

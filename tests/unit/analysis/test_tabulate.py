"""Exact tabulation: :mod:`analysis.tabulate`'s bincounts agree with a plain pandas groupby on random frames.

The frames and the reference count are :mod:`tests.unit.analysis.counting_reference`'s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from analysis.plans.dimensions import ANSWERED, NO_ANSWER
from analysis.plans.layout import Block
from analysis.tabulate import Coder, counts, sums
from instruments.text import DECLINED
from kernel.errors import EqSurveyError
from tests.unit.analysis import synthetic
from tests.unit.analysis.counting_reference import DIMENSIONS, blocks, frames, reference


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(frames(), blocks)
def test_counts_are_a_groupby_of_each_respondent_s_categories(frame: pd.DataFrame, block: Block) -> None:
    np.testing.assert_array_equal(counts(Coder(frame), block), reference(frame, block.dims))


@settings(max_examples=100, deadline=None)
@given(frames(), blocks.filter(lambda b: "trust" not in {d.name for d in b.dims}))
def test_sums_are_a_groupby_of_the_clamped_values_of_those_who_gave_one(frame: pd.DataFrame, block: Block) -> None:
    coder = Coder(frame)
    values, present = coder.numbers("trust", (1.0, 5.0))
    given_values = frame["trust"].astype(float).dropna().clip(1.0, 5.0)
    np.testing.assert_allclose(sums(coder, block, values, present), reference(frame, block.dims, given_values))
    np.testing.assert_array_equal(counts(coder, block, present), reference(frame, block.dims, given_values * 0 + 1))


@settings(max_examples=100, deadline=None)
@given(frames())
def test_every_respondent_is_in_one_status_and_at_most_max_selections_options(frame: pd.DataFrame) -> None:
    grounds = DIMENSIONS["grounds"]
    cells = counts(Coder(frame), Block((grounds,)))
    assert cells[list(grounds.partition)].sum() == len(frame)
    assert cells[: len(synthetic.OPTIONS)].sum() <= (grounds.bound - 1) * len(frame)
    assert grounds.bound - 1 == 2


def test_the_first_options_in_questionnaire_order_are_kept_and_declined_loses_to_an_answer() -> None:
    frame = synthetic.frame(synthetic.draw(np.random.default_rng(0), 3))
    for option in synthetic.OPTIONS:
        frame[f"grounds__{option}"] = pd.array([True, False, None], dtype="boolean")
    frame["grounds__prefer_not_to_say"] = pd.array([True, True, None], dtype="boolean")
    grounds = DIMENSIONS["grounds"]
    cells = dict(zip(grounds.categories, counts(Coder(frame), Block((grounds,))), strict=True))
    assert cells == {"a": 1, "b": 1, "c": 0, "d": 0, ANSWERED: 1, DECLINED: 1, NO_ANSWER: 1}


def test_a_category_the_instrument_does_not_have_is_refused() -> None:
    frame = synthetic.frame(synthetic.draw(np.random.default_rng(0), 5))
    frame["group"] = pd.Categorical(["big", "elves", "big", "small", None])
    with pytest.raises(EqSurveyError, match="'elves'"):
        counts(Coder(frame), Block((DIMENSIONS["group"],)))
    with pytest.raises(EqSurveyError, match="no column 'discr'"):
        counts(Coder(frame.drop(columns="discr")), Block((DIMENSIONS["discr"],)))

"""The release's exact cells (:mod:`analysis.tally`): a plain pandas groupby of each respondent's categories.

Several tables at a time, so that blocks share passes over the data; frames
and reference from :mod:`tests.unit.analysis.counting_reference` (missing
values everywhere, too many ticks, "prefer not to say" beside answers, values
outside the scale). Multiple choices of up to 18 options (and of 33, beyond
patterns) and categoricals of hundreds of categories are made by hand, since
they decide how a dimension is coded (patterns in two- or four-byte bit sets,
or analysis.tabulate's memberships; one- or two-byte category codes).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block, Part, TableLayout
from analysis.plans.model import Table
from analysis.tabulate import Coder
from analysis.tally.tables import exact_cells
from instruments.text import DECLINED
from kernel.errors import EqSurveyError
from tests.unit.analysis import synthetic
from tests.unit.analysis.counting_reference import DIMENSIONS, frames, reference

BOUNDS = [(1.0, 5.0), (0.0, 7.0), (2.0, 3.0), (1.5, 4.5)]
"""A mean's bounds: whole numbers (counted in passes, values clamped) and not (counted by analysis.tabulate)."""


def counted(table_id: str, dims: tuple[Dimension, ...]) -> TableLayout:
    table = Table(id=table_id, kind="counts", measure="counted")  # the cells follow the layout, not the table
    return TableLayout(table, (Block(dims),), (Part("counts", 1.0, 1.0),))


def mean(table_id: str, by: tuple[Dimension, ...], bounds: tuple[float, float]) -> TableLayout:
    table = Table(id=table_id, kind="mean", measure="trust")
    parts = tuple(Part(p, 1.0, 1 / 3) for p in ("counts", "sums", "squares"))
    return TableLayout(table, (Block(by),), parts, value="trust", bounds=bounds)


names = st.lists(st.sampled_from(sorted(DIMENSIONS)), min_size=1, max_size=3, unique=True)


@st.composite
def plans(draw: Any) -> list[TableLayout]:
    shapes = []
    for i in range(draw(st.integers(1, 6))):
        dims = tuple(DIMENSIONS[n] for n in draw(names))
        if draw(st.booleans()):
            shapes.append(counted(f"t{i}", dims))
        else:
            shapes.append(mean(f"t{i}", dims[: draw(st.integers(0, 2))], draw(st.sampled_from(BOUNDS))))
    return shapes


def expected(frame: pd.DataFrame, shape: TableLayout) -> dict[str, np.ndarray]:
    dims = shape.blocks[0].dims
    if shape.table.kind == "counts":
        return {"counts": reference(frame, dims)}
    lo, hi = shape.limits()
    centred = frame["trust"].astype(float).dropna().clip(lo, hi) - (lo + hi) / 2
    weights = {"counts": centred * 0 + 1, "sums": centred, "squares": centred * centred}
    if not dims:
        return {part: np.array([w.sum()]) for part, w in weights.items()}
    return {part: reference(frame, dims, w) for part, w in weights.items()}


@settings(max_examples=150, deadline=None)
@given(frames(), plans())
def test_every_table_is_the_groupby_of_its_respondents_categories(
    frame: pd.DataFrame, shapes: list[TableLayout]
) -> None:
    for shape, parts in zip(shapes, exact_cells(shapes, Coder(frame)), strict=True):
        want = expected(frame, shape)
        assert set(parts) == set(want)
        for part, cells in want.items():
            np.testing.assert_allclose(parts[part], cells, rtol=1e-12, atol=1e-9, err_msg=f"{shape.table.id} {part}")
            if part == "counts" or shape.limits() != (1.5, 4.5):  # whole numbers: every sum exact
                np.testing.assert_array_equal(parts[part], cells)


def many(options: int, bound: int, declined: bool) -> Dimension:
    codes = tuple(f"o{j:02d}" for j in range(options))
    status = (ANSWERED, DECLINED, NO_ANSWER) if declined else (ANSWERED, NO_ANSWER)
    return Dimension(
        name="many",
        categories=codes + status,
        partition=tuple(range(options, options + len(status))),
        substantive=tuple(range(options)),
        bound=bound,
        columns=tuple(f"many__{c}" for c in codes) + ((f"many__{DECLINED}",) if declined else ()),
        kind="multi",
    )


@st.composite
def multiple_choices(draw: Any) -> tuple[Dimension, pd.DataFrame]:
    options = draw(st.one_of(st.integers(1, 18), st.just(33)))
    dim = many(options, draw(st.integers(2, options + 2)), draw(st.booleans()))
    frame = draw(frames(max_rows=20))
    ticks = st.lists(st.sampled_from([True, True, False, None]), min_size=len(frame), max_size=len(frame))
    for column in dim.columns:
        frame[column] = pd.array(draw(ticks), dtype="boolean")
    return dim, frame


@settings(max_examples=150, deadline=None)
@given(multiple_choices(), st.sampled_from([(), ("group",), ("agree", "discr")]))
def test_a_multiple_choice_of_any_size_keeps_its_first_options_up_to_its_bound(
    chosen: tuple[Dimension, pd.DataFrame], by: tuple[str, ...]
) -> None:
    dim, frame = chosen
    dims = (dim, *(DIMENSIONS[n] for n in by))
    shapes = [counted("many", dims), mean("trust_by_many", (dim,), (1.0, 5.0))]
    got = exact_cells(shapes, Coder(frame))
    np.testing.assert_array_equal(got[0]["counts"], reference(frame, dims))
    np.testing.assert_array_equal(got[1]["sums"], expected(frame, shapes[1])["sums"])


def test_a_categorical_of_hundreds_of_categories_in_its_own_order_is_counted_by_the_instrument_s() -> None:
    codes = tuple(f"c{i:03d}" for i in range(300))
    dim = Dimension(
        "wide", (*codes, DECLINED, NO_ANSWER), tuple(range(302)), tuple(range(300)), 1, ("wide",), "categorical"
    )
    rng = np.random.default_rng(3)
    frame = synthetic.frame(synthetic.draw(rng, 500))
    present = list(rng.permutation([*codes[::2], DECLINED]))  # every other category, shuffled: int16 codes
    frame["wide"] = pd.Categorical(rng.choice([*present, None], size=500), categories=present)
    dims = (dim, DIMENSIONS["group"])
    np.testing.assert_array_equal(
        exact_cells([counted("wide", dims)], Coder(frame))[0]["counts"], reference(frame, dims)
    )


def test_columns_not_stored_as_nullable_types_are_counted_the_same() -> None:
    frame = synthetic.frame(synthetic.draw(np.random.default_rng(5), 300))
    plain = frame.copy()
    plain["agree"] = frame["agree"].astype(object)
    plain["grounds__a"] = frame["grounds__a"].astype(object)
    plain["trust"] = frame["trust"].astype(float)
    shapes = [counted("a", (DIMENSIONS["agree"], DIMENSIONS["grounds"])), mean("m", (DIMENSIONS["agree"],), (1.0, 5.0))]
    for mine, theirs in zip(exact_cells(shapes, Coder(plain)), exact_cells(shapes, Coder(frame)), strict=True):
        for part in theirs:
            np.testing.assert_array_equal(mine[part], theirs[part])


def test_a_category_the_instrument_does_not_have_or_a_missing_column_is_refused() -> None:
    frame = synthetic.frame(synthetic.draw(np.random.default_rng(0), 5))
    frame["group"] = pd.Categorical(["big", "elves", "big", "small", None])
    with pytest.raises(EqSurveyError, match="'elves'"):
        exact_cells([counted("g", (DIMENSIONS["group"],))], Coder(frame))
    with pytest.raises(EqSurveyError, match="no column 'grounds__b'"):
        exact_cells([counted("d", (DIMENSIONS["grounds"],))], Coder(frame.drop(columns="grounds__b")))


def test_a_multiple_choice_showing_more_patterns_than_two_bytes_number_is_counted_by_memberships() -> None:
    # 20 options ticked at random by 80,000 respondents: some 77,000 distinct patterns, more than a uint16 numbers.
    from analysis.tally.patterns import MAX_PATTERNS, patterns

    dim = many(20, 21, declined=False)
    rng = np.random.default_rng(11)
    frame = synthetic.frame(synthetic.draw(rng, 80_000))
    for column in dim.columns:
        frame[column] = pd.array(rng.random(len(frame)) < 0.5, dtype="boolean")
    frame.loc[frame.index[:500], list(dim.columns)] = pd.NA  # who did not answer
    assert patterns(frame, dim) is None  # past MAX_PATTERNS: analysis.tabulate's memberships count it
    distinct = frame[list(dim.columns)].drop_duplicates()
    assert len(distinct) > MAX_PATTERNS
    dims = (dim, DIMENSIONS["group"])
    shapes = [counted("wide_multi", dims), mean("trust_by_wide", (dim,), (1.0, 5.0))]
    got = exact_cells(shapes, Coder(frame))
    np.testing.assert_array_equal(got[0]["counts"], reference(frame, dims))
    np.testing.assert_array_equal(got[1]["sums"], expected(frame, shapes[1])["sums"])

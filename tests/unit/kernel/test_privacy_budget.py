"""PrivacyBudget: exact decimals, ordered, never NaN, infinite or negative, and stored as text that reads back."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kernel.privacy_budget import PrivacyBudget

# Budgets as people write them (short decimals) and as code makes them (any finite float of zero or more).
written = st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=6)
floats = st.floats(min_value=0, max_value=1e300, allow_nan=False, allow_infinity=False)
budgets = st.one_of(written.map(PrivacyBudget), floats.map(PrivacyBudget))


@given(st.lists(budgets, max_size=20))
def test_sums_are_exact(parts: list[PrivacyBudget]) -> None:
    total = PrivacyBudget.sum_of(parts)
    assert Fraction(total.rho) == sum((Fraction(p.rho) for p in parts), Fraction(0))


@given(budgets, budgets)
def test_what_is_left_after_a_spend_adds_back_to_the_whole(a: PrivacyBudget, b: PrivacyBudget) -> None:
    whole, part = max(a, b), min(a, b)
    assert (whole - part) + part == whole
    assert part.left_after(whole) == PrivacyBudget(0)
    assert whole.left_after(part) == whole - part


@given(budgets, budgets)
def test_a_budget_below_zero_is_refused_not_made(a: PrivacyBudget, b: PrivacyBudget) -> None:
    if a < b:
        with pytest.raises(ValueError, match="cannot be negative"):
            a - b
    else:
        assert a - b >= PrivacyBudget(0)


@given(budgets, budgets)
def test_order_is_the_order_of_the_numbers(a: PrivacyBudget, b: PrivacyBudget) -> None:
    assert (a < b) == (Fraction(a.rho) < Fraction(b.rho))
    assert (a == b) == (Fraction(a.rho) == Fraction(b.rho))
    assert (a == b) <= (hash(a) == hash(b))


def test_a_tenth_three_times_is_three_tenths() -> None:
    tenth = PrivacyBudget(0.1)
    assert tenth + tenth + tenth == PrivacyBudget("0.3")  # binary floats give 0.30000000000000004
    assert PrivacyBudget(0.3) - PrivacyBudget(0.1) == PrivacyBudget("0.2")


@given(floats)
def test_a_float_is_the_shortest_decimal_that_is_it(rho: float) -> None:
    budget = PrivacyBudget(rho)
    assert float(budget) == rho
    assert budget.rho == Decimal(repr(rho))


@given(budgets)
def test_the_stored_text_reads_back_as_the_same_budget(budget: PrivacyBudget) -> None:
    back = PrivacyBudget(budget.text)
    assert back == budget and back.text == budget.text
    assert PrivacyBudget(str(budget)) == budget  # the plain notation the commands print reads back too


@given(written)
def test_every_way_of_writing_a_budget_is_the_same_budget(value: Decimal) -> None:
    assert PrivacyBudget(value) == PrivacyBudget(str(value)) == PrivacyBudget(f" {value} ")
    if value == int(value):
        assert PrivacyBudget(int(value)) == PrivacyBudget(value)


@given(
    st.one_of(
        st.floats(max_value=-1e-300),
        st.decimals(max_value=Decimal("-1e-30"), allow_nan=False),
        st.integers(max_value=-1),
        st.sampled_from([math.nan, math.inf, -math.inf, "nan", "NaN", "sNaN", "inf", "-Infinity", Decimal("NaN")]),
    )
)
def test_nan_infinities_and_negatives_are_refused(rho: float | Decimal | int | str) -> None:
    with pytest.raises(ValueError, match="privacy budget"):
        PrivacyBudget(rho)


@pytest.mark.parametrize("wrong", ["", "0.5 rho", "1/2", "0,5", True, False, None, [0.5], b"0.5"])
def test_text_that_is_no_number_and_values_of_other_types_are_refused(wrong: object) -> None:
    with pytest.raises(ValueError, match="privacy budget"):
        PrivacyBudget(wrong)  # type: ignore[arg-type]  # what the type checker refuses, the object refuses too


def test_zero_is_one_zero_however_written() -> None:
    assert PrivacyBudget("-0") == PrivacyBudget("0E-7") == PrivacyBudget(-0.0) == PrivacyBudget.zero()
    assert PrivacyBudget("-0").text == "0"


def test_printed_without_exponent_or_trailing_zeros() -> None:
    assert str(PrivacyBudget("0.500")) == "0.5"
    assert str(PrivacyBudget(1e-6)) == "0.000001"
    assert str(PrivacyBudget("2E+1")) == "20"
    assert PrivacyBudget(5e-324).text == "5E-324"
    assert repr(PrivacyBudget("0.25")) == "PrivacyBudget('0.25')"


def test_a_budget_is_frozen() -> None:
    budget = PrivacyBudget("0.5")
    with pytest.raises(AttributeError):
        budget.rho = Decimal(1)  # type: ignore[misc]  # frozen: the point of the test


def test_a_sum_too_fine_to_keep_exactly_is_refused_not_rounded() -> None:
    with pytest.raises(ValueError, match="digits"):
        PrivacyBudget("1e600") + PrivacyBudget("1e-600")


def test_a_share_is_the_float_product_a_plan_always_gave() -> None:
    assert PrivacyBudget(0.5).share(0.3) == PrivacyBudget(0.3 * 0.5)
    assert PrivacyBudget("0.5").share(0.3) == PrivacyBudget("0.15")

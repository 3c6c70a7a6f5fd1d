"""Numbers, percentages and dates formatted by Babel from CLDR, for any language tag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from kernel.i18n import NumberFormat, babel_locale, format_date, format_decimal, format_integer, format_percent


def test_each_language_writes_its_own_separators_and_percent_sign() -> None:
    assert format_decimal(1234.5, "de") == "1.234,50"
    assert format_decimal(1234.5, "en", digits=1) == "1,234.5"
    assert format_decimal(1234.5, "fr") == "1\u202f234,50"
    assert format_integer(12345.4, "de-CH") == "12'345"
    assert format_percent(0.1234, "de") == "12,3\xa0%"
    assert format_percent(0.1234, "en", digits=0) == "12%"
    assert format_date(dt.date(2026, 12, 6), "de") == "6. Dezember 2026"
    assert format_date(dt.date(2026, 12, 6), "en", "short") == "12/6/26"


def test_easy_german_formats_as_german_and_an_unknown_language_as_english() -> None:
    assert str(babel_locale("de-x-ls")) == "de"
    assert format_percent(0.5, "de-x-ls") == format_percent(0.5, "de") == "50,0\xa0%"
    assert str(babel_locale("de-XX")) == "de"
    assert format_decimal(0.5, "qqq-x-private") == "0.50"


def test_a_value_that_rounds_to_zero_has_no_sign() -> None:
    assert format_decimal(-0.004, "de") == "0,00"
    assert format_percent(-0.0004, "en") == "0.0%"
    assert format_decimal(-0.006, "de") == "-0,01"


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(["en", "de", "fr", "de-x-ls", "es-MX", "hi"]),
)
def test_the_written_number_reads_back_as_the_rounded_value(value: float, digits: int, tag: str) -> None:
    written = format_decimal(value, tag, digits)
    back = parse_decimal(written, locale=babel_locale(tag), strict=True)
    assert abs(float(back) - value) <= 0.5 * 10**-digits + 1e-9 * max(1.0, abs(value))


@given(
    st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda v: "e" not in repr(v)),
    ),
    st.sampled_from([("en", "."), ("en-GB", "."), ("de", ","), ("de-x-ls", ",")]),
)
def test_a_plain_number_is_written_as_before_cldr_with_the_language_decimal_sign(
    value: float, tag_and_sign: tuple[str, str]
) -> None:
    # Before CLDR, questions and conditions wrote numbers as Python does, the catalogue's sign for the point.
    tag, sign = tag_and_sign
    before = str(int(value) if isinstance(value, float) and value.is_integer() else value).replace(".", sign)
    assert NumberFormat(tag).plain(value) == before


def test_a_plain_number_has_no_grouping_and_the_language_decimal_sign() -> None:
    assert NumberFormat("de").plain(1500.25) == "1500,25"
    assert NumberFormat("fr").plain(0.5) == "0,5"
    assert NumberFormat("en").plain(-0.0) == "0"


def test_a_formatter_remembers_texts_without_mixing_a_float_with_an_equal_decimal() -> None:
    numbers = NumberFormat("en")
    # Babel reads the float 2.675 as "2.675" (rounding half to even up); the equal Decimal by its exact digits.
    assert [numbers.decimal(2.675), numbers.decimal(Decimal.from_float(2.675)), numbers.decimal(2.675)] == [
        "2.68",
        "2.67",
        "2.68",
    ]
    assert numbers.percent(0.5) == numbers.percent(0.5) == "50.0%"
    assert numbers.decimal(0.5, 1) == "0.5" and numbers.decimal(0.5, 0) == "0"


def test_a_formatter_writes_right_past_the_number_of_texts_it_remembers() -> None:
    numbers = NumberFormat("de")
    written = [numbers.integer(value) for value in range(10_000)]
    assert written[1234] == "1.234" and written[9999] == "9.999" and numbers.integer(1234) == "1.234"
    assert written == [format_integer(value, "de") for value in range(10_000)]

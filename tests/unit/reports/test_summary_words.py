"""The summary's figures in plain words: "about 1 in 4", whole percentages, ranges rounded outwards, scale ends."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.questions import Scale
from reports.catalogue import Catalogue
from reports.labels import Labels
from reports.summary.plain import decimal_range, fraction, percent, percent_range, scale_ends, share_words
from tests.unit.analysis.synthetic import INSTRUMENT

EN, DE = Catalogue("en"), Catalogue("de")


@pytest.mark.parametrize(
    ("share", "said"),
    [
        (0.25, (1, 4)), (0.27, (1, 4)), (0.10, (1, 10)), (0.30, (3, 10)), (0.333, (1, 3)), (0.48, (1, 2)),
        (0.648, (2, 3)), (0.75, (3, 4)), (0.02, (1, 50)), (0.05, (1, 20)), (0.947, (19, 20)), (0.985, (49, 50)),
    ],
)  # fmt: skip
def test_a_share_is_said_as_the_simple_fraction_a_reader_expects(share: float, said: tuple[int, int]) -> None:
    assert fraction(share) == said


def test_words_in_each_language_and_beyond_1_in_100() -> None:
    assert share_words(0.25, EN) == "about 1 in 4"
    assert share_words(0.25, DE) == "etwa 1 von 4"
    assert share_words(0.004, EN) == "fewer than 1 in 100" and fraction(0.004) is None
    assert share_words(0.996, DE) == "mehr als 99 von 100"


@given(st.floats(min_value=0.01, max_value=0.99))
def test_the_fraction_said_is_close_to_the_share(share: float) -> None:
    found = fraction(share)
    assert found is not None
    a, b = found
    assert 0 < a < b <= 100
    # Between 1 in 10 and 9 in 10 within 6 points; below, within half the share (1 in 14 for 7 %); above, 3 points.
    bound = 0.06 if 0.1 <= share <= 0.9 else share / 2 if share < 0.1 else 0.03
    assert abs(a / b - share) <= bound, (share, found)


@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0))
def test_a_rounded_range_holds_the_published_range_and_is_at_most_a_point_wider_at_each_end(x: float, y: float) -> None:
    low, high = min(x, y), max(x, y)
    ends = [int(re.sub(r"\D", "", e)) for e in percent_range(low, high, EN)]
    assert ends[0] <= 100 * low + 1e-6 and ends[1] >= 100 * high - 1e-6
    assert ends[0] > 100 * low - 1 - 1e-6 and ends[1] < 100 * high + 1 + 1e-6
    assert 0 <= ends[0] <= ends[1] <= 100


@given(st.floats(min_value=1.0, max_value=5.0), st.floats(min_value=1.0, max_value=5.0))
def test_a_means_range_is_rounded_outwards_to_one_decimal(x: float, y: float) -> None:
    low, high = min(x, y), max(x, y)
    a, b = (float(e) for e in decimal_range(low, high, EN))
    assert a <= low + 1e-9 and b >= high - 1e-9 and b - a < high - low + 0.2 + 1e-9


def test_whole_percentages_as_each_language_writes_them() -> None:
    assert percent(0.2549, EN) == "25%" and percent(0.2551, DE) == "26\u00a0%"
    assert percent_range(0.2149, 0.2901, DE) == ("21\u00a0%", "30\u00a0%")
    assert percent_range(0.21, 0.29, EN) == ("21%", "29%")  # 0.29 is 28.999…% in binary: still 29


def test_scale_ends_are_the_labels_without_the_number_put_before_them() -> None:
    scale = INSTRUMENT.question_map["trust"]
    assert isinstance(scale, Scale)
    assert scale_ends(scale, Labels(INSTRUMENT, EN)) == {
        "low": 1, "low_label": "not at all", "high": 5, "high_label": "very much"
    }  # fmt: skip
    numbered = scale.model_copy(
        update={"points": [p.model_copy(update={"label": {"de": f"{p.value} – Stufe {p.value}", "en": f"{p.value}: level"}})
                           for p in scale.points]}
    )  # fmt: skip
    assert scale_ends(numbered, Labels(INSTRUMENT, DE))["high_label"] == "Stufe 5"
    assert scale_ends(numbered, Labels(INSTRUMENT, EN))["low_label"] == "level"

"""Survey waves' days: every day belongs to exactly one wave, the one whose days hold it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kernel.errors import EqSurveyError
from kernel.waves import FIRST_WAVE, Wave, check_new_wave, days_of, find, wave_of

days = st.dates(date(2020, 1, 1), date(2035, 12, 31))


def _waves(starts: list[date]) -> list[Wave]:
    return [FIRST_WAVE, *(Wave(i + 2, f"w{i + 2}", d.isoformat()) for i, d in enumerate(sorted(set(starts))))]


@given(st.lists(days, max_size=5), days)
def test_a_day_is_in_the_wave_whose_days_hold_it(starts: list[date], day: date) -> None:
    waves = _waves(starts)
    number = wave_of(day.isoformat(), waves)
    first, until = days_of(number, waves)
    assert first <= day.isoformat() and (until is None or day.isoformat() < until)
    others = [w.number for w in waves if w.number != number]
    for other in others:  # and in no other
        a, b = days_of(other, waves)
        assert not (a <= day.isoformat() and (b is None or day.isoformat() < b))


def test_a_wave_is_found_by_number_or_name_and_the_latest_by_default() -> None:
    waves = _waves([date(2027, 3, 1)])
    assert find(waves, None).number == 2 and find(waves, "w2").number == 2 and find(waves, "1") == FIRST_WAVE
    with pytest.raises(EqSurveyError, match=r"no wave 'x'; its waves: 1 \(1\), 2 \(w2\)"):
        find(waves, "x")


@given(st.text(max_size=60))
def test_a_wave_name_is_short_and_plain_or_refused(name: str) -> None:
    plain = 1 <= len(name) <= 40 and name[0].isascii() and name[0].isalnum()
    plain = plain and all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    try:
        check_new_wave([FIRST_WAVE], name, "2027-01-01", None)
    except EqSurveyError as exc:
        assert not plain or (exc.problems[0].code == "wave-name" and name == "1"), exc.render()
    else:
        assert plain


def test_the_next_wave_starts_after_the_last_one_and_its_releases() -> None:
    waves = _waves([date(2027, 3, 1)])
    day = (date(2027, 3, 1) + timedelta(days=1)).isoformat()
    check_new_wave(waves, "w3", day, "2027-03-01")
    for starts, last, problem in (
        ("2027-03-01", None, "must start after it"),
        (day, day, "cannot start on or before"),
        ("2027-13-01", None, "not a day"),
    ):
        with pytest.raises(EqSurveyError, match=problem):
            check_new_wave(waves, "w3", starts, last)

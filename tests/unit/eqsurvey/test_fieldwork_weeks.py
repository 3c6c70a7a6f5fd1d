"""Responses per ISO week from the store's days: sums kept, weeks consecutive, year ends as ISO 8601 has them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from eqsurvey.workflows.fieldwork import weekly


def test_days_sum_into_their_iso_weeks_with_empty_weeks_shown() -> None:
    weeks = weekly({"2026-12-31": 2, "2027-01-03": 1, "2026-12-28": 4, "2027-01-18": 1})
    assert [(w.label, w.monday.isoformat(), w.responses) for w in weeks] == [
        ("2026-W53", "2026-12-28", 7),
        ("2027-W01", "2027-01-04", 0),
        ("2027-W02", "2027-01-11", 0),
        ("2027-W03", "2027-01-18", 1),
    ]


def test_no_days_no_weeks() -> None:
    assert weekly({}) == []


@given(st.dictionaries(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(1, 500), max_size=40))
def test_weekly_keeps_every_response_and_every_week(days: dict[date, int]) -> None:
    weeks = weekly({d.isoformat(): n for d, n in days.items()})
    assert sum(w.responses for w in weeks) == sum(days.values())
    assert all(b.monday - a.monday == timedelta(weeks=1) for a, b in itertools.pairwise(weeks))
    for d, n in days.items():
        [week] = [w for w in weeks if w.monday <= d < w.monday + timedelta(weeks=1)]
        assert (week.year, week.week) == d.isocalendar()[:2] and week.responses >= n

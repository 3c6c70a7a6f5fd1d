"""A release of one wave of several says which wave, which days and that the wave has its own budget."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from analysis.releases.model import Release, WaveRecord
from reports.catalogue import LANGUAGES, Catalogue
from reports.labels import Labels
from reports.method import methodology
from reports.tables import release_views
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed

WAVES: dict[str, dict[str, Any]] = {
    "later, latest": {"number": 2, "name": "2027", "starts": "2027-03-01", "ends": None},
    "later, closed": {"number": 2, "name": "2027", "starts": "2027-03-01", "ends": "2028-02-29"},
    "first, closed": {"number": 1, "name": "1", "starts": None, "ends": "2027-02-28"},
}


def _fieldwork(body: dict[str, Any], lang: str) -> list[str]:
    made = typed(body)
    labels = Labels(INSTRUMENT, Catalogue(lang))
    return methodology(made, INSTRUMENT, labels, release_views(made, labels), None).fieldwork


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("case", sorted(WAVES))
def test_the_method_section_names_the_wave_and_its_days_in_every_language(case: str, lang: str) -> None:
    wave = WAVES[case]
    lines = _fieldwork(release(1) | {"wave": wave}, lang)
    said = [line for line in lines if wave["name"] in line and str(wave["number"]) in line]
    assert len(said) == 1, lines
    assert "{" not in said[0], "a placeholder left unfilled"
    t = Catalogue(lang)
    for day in (wave["starts"], wave["ends"]):
        if day is not None:
            assert t.date(day) in said[0], f"the day {day} is not stated"


def test_a_release_without_a_wave_says_nothing_of_waves() -> None:
    lines = _fieldwork(release(1), "en")
    assert not [line for line in lines if "wave" in line]


def test_the_wave_survives_the_stored_body_and_the_public_release() -> None:
    body = release(1) | {"wave": WAVES["later, closed"]}
    made = typed(body)
    assert made.wave is not None and made.wave.stored() == WAVES["later, closed"]
    assert made.public().to_body()["wave"] == WAVES["later, closed"]
    assert Release.from_shown(made.shown()).wave == made.wave


@pytest.mark.parametrize(
    "broken",
    [
        {"number": 2, "name": "2027"},  # neither day
        {"number": 0, "name": "x", "starts": "2027-01-01"},
        {"number": 2, "name": "", "starts": "2027-01-01"},
        {"number": 2, "name": "x", "starts": "1 March"},
        {"number": 2, "name": "x", "starts": "2027-03-01", "ends": "2027-02-01"},
    ],
)
def test_a_damaged_wave_is_named_as_damage(broken: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        WaveRecord.model_validate(broken)


@given(st.dates(), st.dates())
def test_any_ordered_pair_of_days_is_a_wave(a: Any, b: Any) -> None:
    first, last = sorted((a, b))
    wave = WaveRecord.model_validate({"number": 3, "name": "w", "starts": first.isoformat(), "ends": last.isoformat()})
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", wave.starts or "")

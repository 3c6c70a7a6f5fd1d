"""The sourced reference file of city types: every figure cited, turned into shares of respondents."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.preview.pilot import answered_share, category_shares, variables
from analysis.preview.reference import city_types, reference_figures, reference_shares
from instruments.dataset import dataset_schema
from instruments.loader import load_instrument
from kernel.errors import EqSurveyError

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "musterstadt" / "instrument.yaml"


def test_every_figure_names_its_source_and_is_a_share() -> None:
    types = city_types()
    assert set(types) == {"germany", "largest_cities"}
    for name, city in types.items():
        assert city["label"]["de"] and city["label"]["en"], name
        for figure in reference_figures(name):
            assert 0 < figure.share < 1
            assert {"publication", "table", "year", "url"} <= set(figure.source), figure
            assert figure.source["url"].startswith("https://")
            assert 2000 <= int(figure.source["year"]) <= 2030


def test_population_shares_become_shares_of_those_who_answer() -> None:
    instrument = load_instrument(EXAMPLE).instrument
    shares, used = reference_shares("germany", instrument)
    dim = variables(dataset_schema(instrument))["mh_birth_country"][0]
    answering = answered_share(dim, category_shares(dim))
    assert shares["mh_birth_country"]["other_country"] == pytest.approx(0.19 * answering)
    assert {f.variable for f in used} == set(shares)


def test_an_unknown_city_type_is_a_user_error_naming_the_known_ones() -> None:
    with pytest.raises(EqSurveyError) as caught:
        reference_figures("village")
    assert "germany" in caught.value.problems[0].fix and "largest_cities" in caught.value.problems[0].fix

"""Keyed pseudonyms: stable within a survey, unlinkable across surveys, secret-dependent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.pseudonyms import PseudonymSecret, normalise_code
from instruments.errors import EqSurveyError

codes = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=20).filter(
    lambda c: normalise_code(c) != ""
)
SECRET = PseudonymSecret.generate()


printed_codes = st.from_regex(r"[A-Za-z0-9]{1,12}", fullmatch=True)  # what invitation letters carry


@given(printed_codes)
def test_same_code_same_survey_same_pseudonym(code: str) -> None:
    assert SECRET.pseudonym("survey-a", code) == SECRET.pseudonym("survey-a", f" {code.lower()} ".upper())


@given(codes)
def test_same_code_in_two_surveys_gives_unlinkable_pseudonyms(code: str) -> None:
    assert SECRET.pseudonym("survey-a", code) != SECRET.pseudonym("survey-b", code)


@given(codes)
def test_another_secret_gives_another_pseudonym(code: str) -> None:
    assert SECRET.pseudonym("s", code) != PseudonymSecret.generate().pseudonym("s", code)


def test_typing_variants_of_a_printed_code_match() -> None:
    assert SECRET.pseudonym("s", "ab12-cd34") == SECRET.pseudonym("s", "AB12 CD34")
    assert SECRET.pseudonym("s", "AB12CD34") != SECRET.pseudonym("s", "AB12CD35")


def test_separators_cannot_be_shifted_between_domain_and_code() -> None:
    assert SECRET.pseudonym("ab", "CD") != SECRET.pseudonym("a", "BCD")


def test_random_pseudonyms_look_alike_and_differ() -> None:
    values = {PseudonymSecret.random_pseudonym() for _ in range(100)}
    assert len(values) == 100
    assert all(len(v) == len(SECRET.pseudonym("s", "X")) for v in values)


def test_empty_code_and_broken_secret_files() -> None:
    with pytest.raises(EqSurveyError):
        SECRET.pseudonym("s", " - ")
    assert PseudonymSecret.from_json(SECRET.to_json(), "s.json") == SECRET
    for text in ("", "{}", '{"format": "eqsurvey-pseudonym-secret", "secret": "AAAA"}'):
        with pytest.raises(EqSurveyError):
            PseudonymSecret.from_json(text, "s.json")

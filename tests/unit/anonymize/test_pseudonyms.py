"""Keyed pseudonyms: stable within a survey, unlinkable across surveys, secret-dependent."""

from __future__ import annotations

import re

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


def test_receipt_codes_are_uniform_over_their_alphabet_in_every_position() -> None:
    from collections import Counter

    from anonymize.pseudonyms import RECEIPT_GROUPS, new_receipt_code, normalise_code

    codes = [new_receipt_code() for _ in range(6400)]
    assert all(re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", c) for c in codes)
    assert len(set(codes)) == len(codes)
    flat = [normalise_code(c) for c in codes]
    for position in range(4 * RECEIPT_GROUPS):
        counts = Counter(code[position] for code in flat)
        assert len(counts) == 32, f"position {position} misses symbols"
        # Chi-square, 31 degrees of freedom: 78.7 is its quantile at 1 - 1e-4/20, so a fair generator fails
        # one of the 20 positions with probability 1e-4; a symbol drawn twice as often as it should fails always.
        expected = len(flat) / 32
        chi2 = sum((n - expected) ** 2 / expected for n in counts.values())
        assert chi2 < 78.7, (position, chi2)

"""Keyed pseudonyms: stable within a survey, unlinkable across surveys, secret-dependent."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.pseudonyms import PseudonymSecret, normalise_code
from kernel.errors import EqSurveyError

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


def test_random_pseudonyms_drawn_at_once_look_alike_and_differ() -> None:
    values = PseudonymSecret.random_pseudonyms(500)
    assert len(set(values)) == 500
    assert all(len(v) == len(SECRET.pseudonym("s", "X")) and int(v, 16) >= 0 for v in values)
    assert PseudonymSecret.random_pseudonyms(0) == []


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


_RECEIPT_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INVITATION_CHARS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _typed(draw: st.DrawFn, code: str) -> str:
    """The code as a person might type it back: look-alikes, lower case, other grouping."""
    chars = [draw(st.sampled_from({"1": "1IiLl", "0": "0Oo"}.get(c, c + c.lower()))) for c in code]
    cut = draw(st.integers(1, 6))
    return draw(st.sampled_from([" ", "-", "", "  "])).join(
        "".join(chars[i : i + cut]) for i in range(0, len(chars), cut)
    )


@st.composite
def receipts_as_typed(draw: st.DrawFn) -> tuple[str, str]:
    code = "".join(draw(st.lists(st.sampled_from(_RECEIPT_CHARS), min_size=20, max_size=20)))
    return code, _typed(draw, code)


@st.composite
def invitations_as_typed(draw: st.DrawFn) -> tuple[str, str]:
    code = "".join(draw(st.lists(st.sampled_from(_INVITATION_CHARS), min_size=16, max_size=16)))
    return code, _typed(draw, code)


@given(receipts_as_typed())
def test_a_receipt_typed_with_look_alikes_has_the_issued_receipts_hash(pair: tuple[str, str]) -> None:
    code, typed = pair
    issued = "-".join(code[i : i + 4] for i in range(0, 20, 4))
    assert SECRET.receipt_hash("s", typed) == SECRET.receipt_hash("s", issued)


@given(invitations_as_typed())
def test_an_invitation_code_typed_loosely_has_the_issued_codes_hash(pair: tuple[str, str]) -> None:
    code, typed = pair
    assert SECRET.invitation_hash("s", typed) == SECRET.invitation_hash("s", code)


@given(receipts_as_typed())
def test_issued_codes_hash_as_before_the_look_alike_rule(pair: tuple[str, str]) -> None:
    """Hashes stored before I/L/O were read as 1/0 still match: an issued code is its own Crockford form."""
    import hashlib
    import hmac

    code = pair[0]
    message = b"".join(len(p).to_bytes(4, "big") + p for p in (b"eqsurvey-receipt-v1", b"s", code.encode()))
    assert SECRET.receipt_hash("s", code) == hmac.new(SECRET.value, message, hashlib.sha256).hexdigest()


def test_platform_access_tokens_keep_every_letter() -> None:
    """A LimeSurvey token may hold I, L and O: there they are not look-alikes but different respondents."""
    assert SECRET.pseudonym("s", "ABI") != SECRET.pseudonym("s", "AB1")
    assert SECRET.pseudonym("s", "lo") != SECRET.pseudonym("s", "10")

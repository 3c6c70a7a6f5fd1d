"""Invitation codes: typeable, unambiguous, ≥ 60 random bits, hashed under a label of their own."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from anonymize.invitations import ALPHABET, BITS, is_invitation_code, new_invitation_code, new_invitation_codes
from anonymize.pseudonyms import PseudonymSecret

SECRET = PseudonymSecret.generate()
SHAPE = re.compile(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}")

# Codes as a person might type them back: any case, spaces or dashes anywhere.
separators = st.sampled_from(["", " ", "-", "  ", " - "])
codes_drawn = st.text(st.sampled_from(ALPHABET), min_size=16, max_size=16)


def test_the_alphabet_has_no_look_alikes_and_enough_entropy() -> None:
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert BITS >= 79, "at least 60 bits asked for"


def test_new_codes_have_the_printed_shape() -> None:
    made = [new_invitation_code() for _ in range(500)]
    assert all(SHAPE.fullmatch(c) for c in made)
    assert all(set(c.replace("-", "")) <= set(ALPHABET) for c in made)
    assert len(set(made)) == 500
    assert set("".join(made).replace("-", "")) == set(ALPHABET), "every character is used"


def test_a_batch_of_codes_is_distinct() -> None:
    batch = new_invitation_codes(2000)
    assert len(batch) == len(set(batch)) == 2000


@given(codes_drawn, st.lists(separators, min_size=17, max_size=17), st.booleans())
def test_a_code_typed_back_in_any_way_hashes_the_same(raw: str, seps: list[str], lower: bool) -> None:
    printed = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    typed = "".join(s + c for s, c in zip(seps, raw, strict=False)) + seps[-1]
    typed = typed.lower() if lower else typed
    assert is_invitation_code(printed) and is_invitation_code(typed)
    assert SECRET.invitation_hash("survey-a", typed) == SECRET.invitation_hash("survey-a", printed)
    assert SECRET.invitation_hash("survey-b", typed) != SECRET.invitation_hash("survey-a", printed)


@given(codes_drawn)
def test_an_invitation_hash_is_neither_the_pseudonym_nor_the_receipt_hash(raw: str) -> None:
    hashed = SECRET.invitation_hash("s", raw)
    assert len(hashed) == 64 and raw not in hashed.upper()
    assert hashed not in (SECRET.pseudonym("s", raw), SECRET.receipt_hash("s", raw))
    assert hashed != PseudonymSecret.generate().invitation_hash("s", raw)


@given(st.text(max_size=24))
def test_only_sixteen_alphabet_characters_form_a_code(text: str) -> None:
    normal = re.sub(r"[\s-]+", "", text).upper()
    expected = len(normal) == 16 and set(normal) <= set(ALPHABET)
    assert is_invitation_code(text) == expected


def test_look_alikes_and_wrong_lengths_are_not_codes() -> None:
    assert not is_invitation_code("ABCD-EFGH-JKMN-PQR0")
    assert not is_invitation_code("ABCD-EFGH-JKMN-PQRI")
    assert not is_invitation_code("ABCD-EFGH-JKMN")
    assert not is_invitation_code("ABCD-EFGH-JKMN-PQRS-T")
    assert is_invitation_code("abcd efgh jkmn pqrs")

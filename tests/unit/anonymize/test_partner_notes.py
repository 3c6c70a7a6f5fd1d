"""Partners' tokens and sealed notes: random, keyed, and opened only by the analysts' key, unaltered, in place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.keys.pair import PrivateKey, SuiteName
from anonymize.partner_notes import SealedNote, is_partner_token, new_partner_token, open_note, seal_note
from anonymize.pseudonyms import PseudonymSecret
from kernel.errors import EqSurveyError


def test_tokens_are_random_url_safe_and_their_hashes_keyed_per_survey_and_case() -> None:
    tokens = {new_partner_token() for _ in range(200)}
    assert len(tokens) == 200 and all(is_partner_token(t) for t in tokens)
    token = next(iter(tokens))
    secret, other = PseudonymSecret.generate(), PseudonymSecret.generate()
    assert secret.partner_link_hash("s", token) == secret.partner_link_hash("s", token)
    assert secret.partner_link_hash("s", token) != other.partner_link_hash("s", token)
    assert secret.partner_link_hash("s", token) != secret.partner_link_hash("t", token)
    assert secret.partner_link_hash("s", token) != secret.partner_link_hash("s", token.swapcase())
    assert secret.partner_link_hash("s", token) != secret.invitation_hash("s", token)
    assert not is_partner_token(token[:-1]) and not is_partner_token(token + "=") and not is_partner_token("")


@pytest.mark.parametrize("suite", list(SuiteName))
def test_a_note_opens_with_the_key_and_not_altered_moved_or_with_another_key(suite: SuiteName) -> None:
    key = PrivateKey.generate(suite)
    note = {"by": "Verein", "comment": "Bitte „divers“ ergänzen", "decision": "changes"}
    sealed = seal_note(key.public_key(), "s", note)
    assert b"divers" not in sealed.sealed
    assert open_note([key], sealed) == note
    flipped = SealedNote(
        sealed.note_id, "s", sealed.key_id, sealed.suite, bytes([sealed.sealed[0] ^ 1]) + sealed.sealed[1:]
    )
    moved = SealedNote("0" * 32, "s", sealed.key_id, sealed.suite, sealed.sealed)
    other_survey = SealedNote(sealed.note_id, "t", sealed.key_id, sealed.suite, sealed.sealed)
    for bad in (flipped, moved, other_survey):
        with pytest.raises(EqSurveyError) as info:
            open_note([key], bad)
        assert info.value.problems[0].code == "sealed-damaged"
    with pytest.raises(EqSurveyError) as info:
        open_note([PrivateKey.generate(suite)], sealed)
    assert info.value.problems[0].code == "unknown-key"


@given(st.dictionaries(st.text(max_size=10), st.text(max_size=50) | st.none(), max_size=5))
def test_any_note_round_trips(note: dict[str, str | None]) -> None:
    key = PrivateKey.generate()
    assert open_note([key], seal_note(key.public_key(), "s", note)) == note

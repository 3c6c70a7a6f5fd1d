"""Sealing answers: round trips for any answers; moved or altered ciphertexts do not open."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymize.columnar.payload import canonical
from anonymize.keys.pair import PrivateKey, SuiteName
from anonymize.sealing import Opener, RowContext, Sealer, SealError

KEYS = {s: PrivateKey.generate(s) for s in SuiteName}
CONTEXT = RowContext("a" * 64, "musterstadt-2026", "1.0.0")

# Integers beyond 64 bits and finite floats too: the payload encoder must not lose or refuse any of them.
scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()
)
values = st.one_of(
    scalars,
    st.lists(st.text(max_size=10), max_size=5),
    st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=10), max_size=4),
)
answer_sets = st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(SuiteName)), st.lists(answer_sets, min_size=1, max_size=5))
def test_seal_then_open_gives_the_answers_back(suite: SuiteName, batch: list[dict[str, Any]]) -> None:
    key = KEYS[suite]
    sealer = Sealer(key.public_key())
    rows = [sealer.seal(dataclasses.replace(CONTEXT, pseudonym=f"{i:064x}"), a) for i, a in enumerate(batch)]
    opener = Opener([key])
    assert [opener.open(sealer.envelope, r) for r in rows] == batch


def _sealed(answers: dict[str, Any]) -> tuple[Sealer, Any]:
    sealer = Sealer(KEYS[SuiteName.x25519].public_key())
    return sealer, sealer.seal(CONTEXT, answers)


@pytest.mark.parametrize(
    "change",
    [
        {"pseudonym": "b" * 64},
        {"instrument_id": "another-survey"},
        {"instrument_version": "1.0.1"},
    ],
    ids=["other-row", "other-survey", "other-version"],
)
def test_a_ciphertext_moved_elsewhere_does_not_open(change: dict[str, str]) -> None:
    sealer, row = _sealed({"gender": ["woman"]})
    moved = dataclasses.replace(row, context=dataclasses.replace(CONTEXT, **change))
    with pytest.raises(SealError) as info:
        Opener([KEYS[SuiteName.x25519]]).open(sealer.envelope, moved)
    assert "moved" in info.value.problems[0].problem


def test_every_single_byte_change_is_detected() -> None:
    sealer, row = _sealed({"q": "a fairly distinctive answer"})
    opener = Opener([KEYS[SuiteName.x25519]])
    for i in range(len(row.ciphertext)):
        altered = bytearray(row.ciphertext)
        altered[i] ^= 0x01
        with pytest.raises(SealError):
            opener.open(sealer.envelope, dataclasses.replace(row, ciphertext=bytes(altered)))


def test_a_row_from_another_batch_or_key_does_not_open() -> None:
    sealer_a, row_a = _sealed({"q": 1})
    sealer_b, _ = _sealed({"q": 2})
    opener = Opener([KEYS[SuiteName.x25519]])
    with pytest.raises(SealError):
        opener.open(sealer_b.envelope, dataclasses.replace(row_a, envelope_id=sealer_b.envelope.envelope_id))
    with pytest.raises(SealError) as info:
        Opener([KEYS[SuiteName.mlkem768_x25519]]).open(sealer_a.envelope, row_a)
    assert info.value.problems[0].code == "unknown-key"


def test_the_answers_are_not_in_the_ciphertext() -> None:
    _, row = _sealed({"free_text": "Ich wurde im Bürgeramt beleidigt"})
    assert "Bürgeramt".encode() not in row.ciphertext
    assert b"free_text" not in row.ciphertext


@given(st.integers(min_value=2**63, max_value=2**200) | st.integers(max_value=-(2**63), min_value=-(2**200)))
def test_integers_beyond_64_bits_come_back_exactly(big: int) -> None:
    key = KEYS[SuiteName.x25519]
    sealer = Sealer(key.public_key())
    opened = Opener([key]).open(sealer.envelope, sealer.seal(CONTEXT, {"n": big, "m": 1.5}))
    assert opened == {"n": big, "m": 1.5} and type(opened["n"]) is int


@given(st.lists(st.text(st.characters(blacklist_categories=["Cs"])), min_size=5, max_size=5))
def test_the_bindings_are_the_canonical_json_of_the_five_fields(fields: list[str]) -> None:
    # Stores sealed before the bindings were built from cached parts must keep opening.
    envelope, instrument, key, pseudonym, version = fields
    expected = canonical(
        {"envelope": envelope, "instrument": instrument, "key": key, "pseudonym": pseudonym, "version": version}
    )
    assert RowContext(pseudonym, instrument, version).aad(key, envelope) == expected


def test_rows_coded_and_sealed_together_open_as_those_sealed_one_by_one() -> None:
    from anonymize.columnar.layout import Layout
    from anonymize.sealing import SealedRow
    from survey.simulation.simulator import simulate
    from tests.support.builders import example_instrument

    instrument = example_instrument()
    layout = Layout.of(instrument)
    people = simulate(instrument, 40, seed=3)
    plains = [layout.encode(p) for p in people]
    pseudonyms = [f"p{i}" for i in range(len(people))]
    key = KEYS[SuiteName.x25519]
    sealer = Sealer(key.public_key(), layout)
    nonces, ciphertexts = sealer.seal_coded_many(instrument.id, instrument.version, pseudonyms, plains)
    assert len(set(nonces)) == len(people) and all(len(n) == 12 for n in nonces)
    opener = Opener([key])
    for pseudonym, nonce, ciphertext, person in zip(pseudonyms, nonces, ciphertexts, people, strict=True):
        context = RowContext(pseudonym, instrument.id, instrument.version)
        row = SealedRow(sealer.envelope.envelope_id, context, nonce, ciphertext)
        assert opener.open(sealer.envelope, row) == layout.decode(layout.encode(person))
        moved = SealedRow(row.envelope_id, dataclasses.replace(context, pseudonym="other"), nonce, ciphertext)
        with pytest.raises(SealError):  # bound to its pseudonym, as a row sealed alone is
            opener.open(sealer.envelope, moved)
    with pytest.raises(ValueError):
        Sealer(key.public_key()).seal_coded_many(instrument.id, instrument.version, pseudonyms[:1], plains[:1])

"""Key pairs and key files: round trips, wrong passphrases, altered files."""

from __future__ import annotations

import json

import pytest

from anonymize.keys.pair import KeyFileError, PrivateKey, PublicKey, SuiteName

FAST = 2**10  # scrypt cost for tests; the files record it, so nothing else changes


@pytest.fixture(params=list(SuiteName), ids=str)
def key(request: pytest.FixtureRequest) -> PrivateKey:
    return PrivateKey.generate(request.param)


def test_private_key_file_round_trip(key: PrivateKey) -> None:
    text = key.encrypt("correct horse battery staple", FAST)
    again = PrivateKey.decrypt(text, "correct horse battery staple", "k.json")
    assert again == key and again.key_id == key.key_id
    assert key.raw.hex() not in text, "the private key never appears in clear"


def test_public_key_file_round_trip(key: PrivateKey) -> None:
    public = key.public_key()
    again = PublicKey.from_json(public.to_json(), "p.json")
    assert again == public
    assert len(public.key_id) == 16


def test_key_ids_differ_between_key_pairs() -> None:
    ids = {PrivateKey.generate(s).key_id for s in SuiteName for _ in range(5)}
    assert len(ids) == 10


def test_wrong_passphrase_is_a_clear_error(key: PrivateKey) -> None:
    text = key.encrypt("correct horse battery staple", FAST)
    with pytest.raises(KeyFileError) as info:
        PrivateKey.decrypt(text, "correct horse battery stapler", "k.json")
    (problem,) = info.value.problems
    assert problem.code == "wrong-passphrase" and problem.where.file == "k.json"
    assert "correct horse" not in info.value.render(), "the passphrase is never echoed"


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(key_id="0" * 16),
        lambda d: d["kdf"].update(n=2**11),
        lambda d: d.update(suite="mlkem768-x25519" if d["suite"] == "x25519" else "x25519"),
        lambda d: d.update(ciphertext=d["ciphertext"][:-4] + ("AAAA" if d["ciphertext"][-4:] != "AAAA" else "BBBB")),
    ],
    ids=["key-id", "kdf-cost", "suite", "ciphertext"],
)
def test_an_altered_private_key_file_does_not_open(key: PrivateKey, edit: object) -> None:
    data = json.loads(key.encrypt("correct horse battery staple", FAST))
    assert callable(edit)
    edit(data)
    with pytest.raises(KeyFileError) as info:
        PrivateKey.decrypt(json.dumps(data), "correct horse battery staple", "k.json")
    assert info.value.problems[0].code in {"wrong-passphrase", "key-file"}


def test_an_altered_public_key_file_is_refused(key: PrivateKey) -> None:
    data = json.loads(key.public_key().to_json())
    other = PrivateKey.generate(key.suite).public_key()
    data["public_key"] = json.loads(other.to_json())["public_key"]
    with pytest.raises(KeyFileError) as info:
        PublicKey.from_json(json.dumps(data), "p.json")
    assert "altered" in info.value.problems[0].problem


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"format": "eqsurvey-private-key", "version": 9}', "not json"])
def test_garbage_is_not_a_key_file(text: str) -> None:
    with pytest.raises(KeyFileError):
        PrivateKey.decrypt(text, "whatever", "k.json")
    with pytest.raises(KeyFileError):
        PublicKey.from_json(text, "p.json")

"""Key files are checked field by field, and scrypt's cost bounded, before any work is done with them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymize.keys.file_format import SCRYPT_N
from anonymize.keys.keyring import Keyring
from anonymize.keys.pair import KeyFileError, PrivateKey, PublicKey, SuiteName
from anonymize.pseudonyms import PseudonymSecret
from kernel.errors import EqSurveyError, InternalError
from tests.support.hostile_files import key_file_edit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "keys"
PASS = "correct horse battery staple"
FAST = 2**10


@pytest.fixture(scope="module")
def sealed() -> tuple[PrivateKey, str]:
    key = PrivateKey.generate()
    return key, key.encrypt(PASS, FAST)


def refusal(text: str) -> str:
    start = time.perf_counter()
    with pytest.raises(KeyFileError) as info:
        PrivateKey.decrypt(text, PASS, "k.json")
    assert time.perf_counter() - start < 1, "refused before scrypt runs"
    ((problem,),) = [info.value.problems]
    assert (problem.code, problem.where.file) == ("key-file", "k.json")
    assert "restore the key file from your backup" in problem.fix or "check the path" in problem.fix
    return problem.problem


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda d: d["kdf"].update(p=100_000), "p = 100000) would take 1 MiB of memory and 781 times the usual work"),
        (lambda d: d["kdf"].update(n=2**30), "1,048,576 MiB of memory"),
        (lambda d: d["kdf"].update(r=2**20), "MiB of memory"),
        (lambda d: d["kdf"].update(n=2**18, p=4), "8 times the usual work"),
        (lambda d: d["kdf"].update(n=3000), "not a power of two"),
        (lambda d: d["kdf"].update(n=2**9), "not a power of two from 1024"),
        (lambda d: d["kdf"].update(n=True), "n is not a positive whole number"),
        (lambda d: d["kdf"].update(r=0), "r is not a positive whole number"),
        (lambda d: d["kdf"].update(p="1"), "p is not a positive whole number"),
        (lambda d: d["kdf"].pop("salt"), "salt is missing"),
        (lambda d: d["kdf"].update(salt="AAAA"), "salt has 3 bytes, not 16"),
        (lambda d: d["kdf"].update(name="argon2id"), "no scrypt settings"),
        (lambda d: d.update(kdf=[1, 2]), "no scrypt settings"),
        (lambda d: d.update(nonce=12), "nonce is missing"),
        (lambda d: d.update(nonce="AAAA"), "nonce has 3 bytes, not 12"),
        (lambda d: d.update(ciphertext="not base64!"), "encrypted key is not valid base64"),
        (lambda d: d.update(ciphertext="AAAA"), "encrypted key has 3 bytes, not 48"),
        (lambda d: d.update(key_id="../../etc/passwd"), "key id is missing or damaged"),
        (lambda d: d.update(suite=["x25519"]), "unknown suite"),
        (lambda d: d.update(version=True), "version True is not supported"),
    ],
)
def test_hostile_fields_are_refused_before_scrypt(
    sealed: tuple[PrivateKey, str], edit: Callable[[dict[str, Any]], object], says: str
) -> None:
    assert says in refusal(key_file_edit(sealed[1], edit))


@pytest.mark.parametrize("text", ["[" * 50_000, '{"format": "eqsurvey-private-key", "version": ' + "9" * 5000 + "}"])
def test_json_that_python_cannot_hold_is_not_a_key_file(text: str) -> None:
    assert "not JSON" in refusal(text)
    with pytest.raises(KeyFileError):
        PublicKey.from_json(text, "p.json")


def test_a_tampered_cost_within_bounds_fails_like_a_wrong_passphrase(sealed: tuple[PrivateKey, str]) -> None:
    text = key_file_edit(sealed[1], lambda d: d["kdf"].update(n=2**11))
    with pytest.raises(KeyFileError) as info:
        PrivateKey.decrypt(text, PASS, "k.json")
    assert info.value.problems[0].code == "wrong-passphrase"


def test_a_cost_outside_the_bounds_is_never_written() -> None:
    with pytest.raises(InternalError):
        PrivateKey.generate().encrypt(PASS, scrypt_n=SCRYPT_N * 4)


@pytest.mark.parametrize("suite", list(SuiteName), ids=str)
def test_files_written_before_the_checks_still_open(suite: SuiteName) -> None:
    """These files were written by eqsurvey before the fields were checked (main at ee34e0c)."""
    text = (FIXTURES / f"private-{suite}-v1.json").read_text(encoding="utf-8")
    key = PrivateKey.decrypt(text, "an old passphrase from before the checks", "old.json")
    assert key.suite is suite and key.key_id == json.loads(text)["key_id"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=30) | st.sampled_from([2**10, 2**17]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_FIELDS = ["format", "version", "suite", "key_id", "kdf", "nonce", "ciphertext"]
_KDF_FIELDS = ["name", "n", "r", "p", "salt"]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_change_to_a_field_opens_the_same_key_or_is_a_key_file_error(
    sealed: tuple[PrivateKey, str], data: st.DataObject
) -> None:
    key, text = sealed
    document = json.loads(text)
    for _ in range(data.draw(st.integers(1, 3))):
        inner = data.draw(st.booleans())
        target = document["kdf"] if inner and isinstance(document.get("kdf"), dict) else document
        field = data.draw(st.sampled_from(_KDF_FIELDS if target is not document else _FIELDS))
        if data.draw(st.booleans()):
            target.pop(field, None)
        else:
            target[field] = data.draw(json_values)
    start = time.perf_counter()
    try:
        assert PrivateKey.decrypt(json.dumps(document), PASS, "k.json") == key
    except KeyFileError as exc:
        assert all(p.where.file == "k.json" for p in exc.problems)
    assert time.perf_counter() - start < 3


@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from(["format", "version", "suite", "key_id", "public_key"]), value=json_values)
def test_any_change_to_a_public_key_field_is_the_same_key_or_a_key_file_error(field: str, value: object) -> None:
    public = PrivateKey.generate().public_key()
    document = json.loads(public.to_json())
    document[field] = value
    try:
        assert PublicKey.from_json(json.dumps(document), "p.json") == public
    except KeyFileError as exc:
        assert exc.problems[0].where.file == "p.json"


@pytest.mark.parametrize("text", ["[" * 50_000, '{"secret": ' + "9" * 5000 + "}", '{"format": [[[]]]}'])
def test_a_hostile_pseudonym_secret_file_is_a_user_error(text: str) -> None:
    with pytest.raises(EqSurveyError) as info:
        PseudonymSecret.from_json(text, "s.json")
    assert info.value.problems[0].where.file == "s.json"


def test_the_keyring_refuses_an_oversized_key_file_and_a_current_key_that_is_a_path(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    keyring.init(PASS, SuiteName.x25519, scrypt_n=FAST)
    private = keyring.private_file(keyring.current_key_id())
    private.write_text(" " * 70_000 + private.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KeyFileError) as info:
        keyring.private_keys(PASS)
    assert (info.value.problems[0].code, info.value.problems[0].where.file) == ("file-too-large", str(private))
    keyring.current_file.write_text("../../../etc/hostname\n", encoding="utf-8")
    with pytest.raises(KeyFileError) as info:
        keyring.public_key()
    assert "16 hexadecimal digits" in info.value.problems[0].problem


@settings(max_examples=25, deadline=None)
@given(
    passphrase=st.text(max_size=40),
    salt=st.binary(min_size=16, max_size=16),
    n=st.sampled_from([2**10, 2**11, 2**12]),
    r=st.integers(1, 8),
    p=st.integers(1, 3),
)
def test_the_passphrase_key_is_scrypts_as_every_implementation_derives_it(
    passphrase: str, salt: bytes, n: int, r: int, p: int
) -> None:
    """Derived by OpenSSL (hashlib, which lets other threads run): the same key as cryptography's scrypt, which
    wrote the key files made so far, so they still open."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt as ScryptKdf

    from anonymize.keys.file_format import Scrypt
    from anonymize.keys.pair import _derive

    expected = ScryptKdf(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    assert _derive(passphrase, Scrypt(n, r, p, salt)) == expected

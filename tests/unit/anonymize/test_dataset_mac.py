"""The dataset MAC a release stores instead of a plain fingerprint, and the analysts' key it is made under."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from anonymize.dataset_mac import DatasetMacKey
from anonymize.keys.keyring import Keyring
from kernel.errors import EqSurveyError
from tests.unit.instruments.test_private_files import mode, open_umask  # noqa: F401 - a fixture

DIGEST = "sha256:" + hashlib.sha256(b"one dataset").hexdigest()
OTHER = "sha256:" + hashlib.sha256(b"another dataset").hexdigest()


def test_a_mac_matches_its_dataset_under_its_key_only() -> None:
    key = DatasetMacKey.generate()
    mac = key.mac(DIGEST)
    assert key.matches(mac, DIGEST)
    assert not key.matches(mac, OTHER)
    assert not DatasetMacKey.generate().matches(mac, DIGEST)


def test_two_macs_of_one_dataset_differ_and_contain_nothing_of_its_digest() -> None:
    key = DatasetMacKey.generate()
    first, second = key.mac(DIGEST), key.mac(DIGEST)
    assert first != second and key.matches(first, DIGEST) and key.matches(second, DIGEST)
    assert DIGEST.removeprefix("sha256:") not in first + second


@pytest.mark.parametrize("mac", ["", "sha256:abc", "hmac-sha256:v1:zz:00", "hmac-sha256:v1:00:00", "hmac-sha256:v1:"])
def test_a_malformed_mac_matches_nothing(mac: str) -> None:
    assert not DatasetMacKey.generate().matches(mac, DIGEST)


def test_the_key_survives_its_file() -> None:
    key = DatasetMacKey.generate()
    assert DatasetMacKey.from_json(key.to_json(), "k.json") == key
    with pytest.raises(EqSurveyError) as info:
        DatasetMacKey.from_json('{"format": "eqsurvey-dataset-mac-key", "key": "c2hvcnQ="}', "k.json")
    assert info.value.problems[0].code == "key-file" and info.value.problems[0].where.file == "k.json"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.usefixtures("open_umask")
def test_the_keyring_makes_the_key_once_private_and_keeps_it(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    with pytest.raises(EqSurveyError) as info:
        keyring.dataset_mac_key(create=False)
    assert info.value.problems[0].code == "no-dataset-key"
    key = keyring.dataset_mac_key(create=True)
    assert keyring.dataset_mac_file.parent.name == "private"
    assert mode(keyring.dataset_mac_file) == 0o600 and mode(keyring.dataset_mac_file.parent) == 0o700
    assert keyring.dataset_mac_key(create=False) == key == keyring.dataset_mac_key(create=True)
    assert [p.name for p in keyring.dataset_mac_file.parent.iterdir()] == ["dataset-mac.json"]  # no temporary left


def test_first_releases_at_once_share_one_key(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    got: list[DatasetMacKey] = []
    threads = [threading.Thread(target=lambda: got.append(keyring.dataset_mac_key(create=True))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and len(set(got)) == 1
    assert keyring.dataset_mac_key(create=False) == got[0]

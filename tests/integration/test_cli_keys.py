"""eqsurvey keys init / rotate / list in a real project, with the real scrypt cost."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from anonymize.sealing import Opener, RowContext, Sealer
from tests.integration.conftest import Eqsurvey

PASS = "five random words for the test"
NEW = "five other random words here"


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return project


def test_init_creates_what_collectors_and_analysts_need(keyed: Path, eqsurvey: Eqsurvey) -> None:
    keys = keyed / "keys"
    key_id = (keys / "current").read_text().strip()
    assert (keys / "public" / f"{key_id}.json").is_file()
    private = keys / "private" / f"{key_id}.json"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE((keys / "pseudonym-secret.json").stat().st_mode) == 0o600
    assert PASS not in private.read_text()
    assert json.loads(private.read_text())["kdf"]["n"] >= 2**17, "memory-hard at the real cost"
    listing = eqsurvey("keys", "list").stdout
    assert key_id in listing and "current" in listing and "private key here" in listing
    run = eqsurvey("keys", "init", expect=1)
    assert "already holds keys" in run.stderr


def test_rotation_keeps_old_responses_readable(
    keyed: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = Keyring(keyed / "keys")
    old_sealer = Sealer(keyring.public_key())
    context = RowContext("c" * 64, "musterstadt-2026", "1.0.0")
    old_row = old_sealer.seal(context, {"q": "before rotation"})
    monkeypatch.setenv("EQSURVEY_NEW_PASSPHRASE", NEW)
    new_id = eqsurvey("keys", "rotate", "--post-quantum").stdout.strip()
    assert keyring.current_key_id() == new_id and keyring.public_key().suite == "mlkem768-x25519"
    new_sealer = Sealer(keyring.public_key())
    new_row = new_sealer.seal(context, {"q": "after rotation"})
    opener = Opener(keyring.private_keys(NEW))
    assert opener.open(old_sealer.envelope, old_row) == {"q": "before rotation"}
    assert opener.open(new_sealer.envelope, new_row) == {"q": "after rotation"}
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    run = eqsurvey("keys", "rotate", expect=1)
    assert "passphrase is wrong" in run.stderr and PASS not in run.stderr


def test_weak_or_missing_passphrases(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", "short")
    assert "fewer than 12" in eqsurvey("keys", "init", expect=1).stderr
    assert not (project / "keys").exists()
    monkeypatch.delenv("EQSURVEY_PASSPHRASE")
    run = eqsurvey("keys", "init", expect=None)
    assert run.exit_code != 0, "no passphrase on stdin: nothing is created"
    assert not (project / "keys" / "current").exists()


def test_keys_need_a_project(eqsurvey: Eqsurvey) -> None:
    assert "not inside an eqsurvey project" in eqsurvey("keys", "list", expect=1).stderr


def test_key_operations_are_in_the_audit_log(keyed: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> None:
    from survey.store import open_store

    first = eqsurvey("keys", "list").stdout.split()[0]
    monkeypatch.setenv("EQSURVEY_NEW_PASSPHRASE", PASS + " and more")
    second = eqsurvey("keys", "rotate").stdout.strip()
    store = open_store("sqlite:///data/responses.sqlite", keyed)
    try:
        log = [(e.action, e.detail) for e in store.audit_log()]
    finally:
        store.close()
    assert log == [
        ("key-init", {"key_id": first, "suite": "x25519"}),
        ("key-rotate", {"key_id": second, "suite": "x25519", "previous": first}),
    ]
    secret = json.loads((keyed / "keys" / "pseudonym-secret.json").read_text())["secret"]
    assert secret not in json.dumps(log)


def test_init_without_a_terminal_or_passphrase_says_how_to_give_one(project: Path) -> None:
    """The real command with stdin not a terminal: no getpass warning, no bare "Aborted.", nothing created."""
    env = {k: v for k, v in os.environ.items() if k != "EQSURVEY_PASSPHRASE"}
    run = subprocess.run(
        [sys.executable, "-m", "eqsurvey", "keys", "init"],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "no-passphrase" in run.stderr and "EQSURVEY_PASSPHRASE is not set" in run.stderr
    assert "set EQSURVEY_PASSPHRASE" in run.stderr
    assert "Warning" not in run.stderr and "Aborted" not in run.stderr and "Traceback" not in run.stderr
    assert not (project / "keys" / "current").exists()

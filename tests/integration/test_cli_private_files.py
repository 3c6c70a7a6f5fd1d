"""Keys, codes, stores and the dataset through the real command: private from the first byte, kept out of git,
refused when others can read them, and new passphrases that are worth their scrypt cost."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from survey.store import open_store
from tests.integration.conftest import Eqsurvey
from tests.unit.instruments.test_private_files import mode, open_umask  # noqa: F401 - the same helpers and fixture

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

PASS = "five random words for the test"
FIX = "make it yours alone: "


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return project


def fix_command(stderr: str) -> str:
    """The shell command the refusal names as its fix."""
    line = next(line for line in stderr.splitlines() if FIX in line)
    return line.split(FIX, 1)[1]


def test_the_generated_gitignore_keeps_keys_codes_and_data_out_of_git(project: Path) -> None:
    secret_paths = [
        "keys/private/K.json",
        "keys/pseudonym-secret.json",
        "letters/codes.csv",
        "data/responses.sqlite",
        "data/dataset.parquet",
        "data/dataset.dictionary.json",
        "exports/suf.parquet",
        "responses.sqlite-journal",
    ]
    for name in [*secret_paths, "instrument.yaml", "plan.yaml", "report.html"]:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).touch()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *secret_paths, "instrument.yaml", "plan.yaml", "report.html"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert ignored == secret_paths


@pytest.mark.usefixtures("open_umask")
def test_keys_codes_store_and_dataset_are_readable_by_their_owner_only(
    project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    keys = project / "keys"
    key_id = (keys / "current").read_text().strip()
    assert mode(keys) == mode(keys / "private") == 0o700
    assert mode(keys / "private" / f"{key_id}.json") == mode(keys / "pseudonym-secret.json") == 0o600
    assert mode(keys / "public" / f"{key_id}.json") == 0o666, "public keys keep the usual rights"

    eqsurvey("invitations", "create", "5", "-o", "letters/codes.csv")
    assert mode(project / "letters") == mode(project / "data") == 0o700
    assert mode(project / "letters" / "codes.csv") == mode(project / "data" / "responses.sqlite") == 0o600
    (project / "letters" / "codes.csv").chmod(0o644)
    eqsurvey("invitations", "create", "5", "-o", "letters/codes.csv", "--force")
    assert mode(project / "letters" / "codes.csv") == 0o600, "a replaced file does not keep the old rights"

    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        with store._transaction() as cur:  # a write under way: its rollback journal exists until the commit
            store._execute(cur, "INSERT INTO erasures VALUES ('s', 'p', '-')")  # the collection file
            store._execute(cur, "INSERT INTO audit_log (at, action, detail) VALUES ('-', 'test', '{}')")  # the ledger
            beside = sorted((project / "data").glob("responses*.sqlite-*"))
            assert [p.name for p in beside] == ["responses-ledger.sqlite-journal", "responses.sqlite-journal"]
            assert all(mode(p) == 0o600 for p in beside)
        assert not list((project / "data").glob("responses*.sqlite-*")), "nothing beside the store at rest"
        assert mode(project / "data" / "responses-ledger.sqlite") == 0o600, "the ledger is the owner's only"
    finally:
        store.close()

    eqsurvey("responses", "simulate", "--n", "40", "-o", "pilot.csv")
    assert mode(project / "pilot.csv") == 0o666, "synthetic responses are no personal data"
    eqsurvey("responses", "import", "pilot.csv")
    eqsurvey("dataset", "export", "-o", "data/dataset.parquet")
    eqsurvey("dataset", "export", "-o", "exports/new/suf.parquet")
    for written in ("data/dataset.parquet", "data/dataset.dictionary.json", "exports/new/suf.parquet"):
        assert mode(project / written) == 0o600, written
    assert mode(project / "exports") == mode(project / "exports" / "new") == 0o700


def test_a_private_key_others_can_read_is_refused_with_the_fix_and_works_after_it(
    keyed: Path, eqsurvey: Eqsurvey
) -> None:
    keys = keyed / "keys"
    key_id = (keys / "current").read_text().strip()
    private = keys / "private" / f"{key_id}.json"
    private.chmod(0o644)
    (keys / "private").chmod(0o777)
    run = eqsurvey("keys", "rotate", expect=1)
    assert "[loose-permissions]" in run.stderr and "mode 0644" in run.stderr
    assert fix_command(run.stderr) == f"chmod 600 {private} && chmod 700 {keys / 'private'}"
    assert (keys / "current").read_text().strip() == key_id, "nothing was rotated"
    subprocess.run(["/bin/sh", "-c", fix_command(run.stderr)], cwd=keyed, check=True)
    assert (mode(private), mode(keys / "private")) == (0o600, 0o700)
    assert eqsurvey("keys", "rotate").stdout.strip() != key_id


def test_a_private_key_folder_others_can_write_to_is_refused(keyed: Path, eqsurvey: Eqsurvey) -> None:
    folder = keyed / "keys" / "private"
    folder.chmod(0o757)  # others could put their own key file here
    run = eqsurvey("dataset", "export", "-o", "data/dataset.parquet", expect=1)
    assert "folder other accounts on this computer can write to" in run.stderr
    assert not (keyed / "data" / "dataset.parquet").exists()
    folder.chmod(0o755)  # readable only: it shows file names (the public key ids), not keys
    eqsurvey("dataset", "export", "-o", "data/dataset.parquet")


def test_a_pseudonym_secret_others_can_read_is_refused_on_the_collecting_side(keyed: Path, eqsurvey: Eqsurvey) -> None:
    secret = keyed / "keys" / "pseudonym-secret.json"
    secret.chmod(0o640)
    run = eqsurvey("invitations", "create", "3", "-o", "letters/codes.csv", expect=1)
    assert "the pseudonym secret" in run.stderr and "[loose-permissions]" in run.stderr
    assert json.loads(secret.read_text())["secret"] not in run.stderr + run.stdout
    assert not (keyed / "letters" / "codes.csv").exists()
    subprocess.run(["/bin/sh", "-c", fix_command(run.stderr)], cwd=keyed, check=True)
    eqsurvey("invitations", "create", "3", "-o", "letters/codes.csv")


@pytest.mark.parametrize("weak", ["", " " * 12, "\t" * 20, "aaaaaaaaaaaaaaa", "x y z w v u t s r q"])
def test_keys_init_refuses_blank_whitespace_short_and_monotonous_passphrases(
    project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch, weak: str
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", weak)
    run = eqsurvey("keys", "init", expect=1)
    assert "[weak-passphrase]" in run.stderr and "at least 12 characters" in run.stderr
    assert not (project / "keys").exists(), "nothing is created"


def test_rotate_checks_a_new_passphrase_and_old_keys_still_open_with_theirs(
    keyed: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = Keyring(keyed / "keys")
    old_id = keyring.current_key_id()
    # A key from before the rule: its passphrase is twelve spaces, which `keys init` now refuses.
    old = " " * 12
    (key,) = keyring.private_keys(PASS)
    keyring.private_file(old_id).write_text(key.encrypt(old), encoding="utf-8")
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", old)
    monkeypatch.setenv("EQSURVEY_NEW_PASSPHRASE", "a" * 30)
    run = eqsurvey("keys", "rotate", expect=1)
    assert "[weak-passphrase]" in run.stderr and keyring.current_key_id() == old_id
    monkeypatch.delenv("EQSURVEY_NEW_PASSPHRASE")
    new_id = eqsurvey("keys", "rotate").stdout.strip()  # unattended: keeps the old passphrase, and may
    assert new_id != old_id and {k.key_id for k in keyring.private_keys(old)} == {old_id, new_id}
    monkeypatch.setenv("EQSURVEY_NEW_PASSPHRASE", PASS)
    eqsurvey("keys", "rotate")
    assert {old_id, new_id} < {k.key_id for k in keyring.private_keys(PASS)}

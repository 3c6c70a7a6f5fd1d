"""eqsurvey invitations create / count in a real project: codes in the CSV, only keyed hashes in the store."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from anonymize.pseudonyms import PseudonymSecret
from survey.store import open_store
from tests.integration.conftest import Eqsurvey

SURVEY = "musterstadt-2026"
SHAPE = re.compile(r"[2-9A-HJKMNP-Z]{4}(?:-[2-9A-HJKMNP-Z]{4}){3}")


@pytest.fixture
def collector(project: Path) -> PseudonymSecret:
    """A project with only what a collecting machine holds for invitations: the pseudonym secret."""
    secret = PseudonymSecret.generate()
    keyring = Keyring(project / "keys")
    keyring.secret_file.parent.mkdir(parents=True)
    keyring.secret_file.write_text(secret.to_json(), encoding="utf-8")
    keyring.secret_file.chmod(0o600)  # copied as the README says: readable by its owner only
    return secret


def codes_in(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row["access_code"] for row in csv.DictReader(handle)]


def stored_hashes(project: Path) -> list[str]:
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        return [row[0] for row in store._query("SELECT code_hash FROM invitations")]
    finally:
        store.close()


def test_create_writes_n_codes_and_stores_only_their_hashes(
    project: Path, eqsurvey: Eqsurvey, collector: PseudonymSecret
) -> None:
    run = eqsurvey("invitations", "create", "300", "-o", "letters/codes.csv")
    assert run.stdout == "" and "300" in run.stderr and "79" in run.stderr
    out = project / "letters" / "codes.csv"
    assert out.read_text(encoding="utf-8").splitlines()[0] == "access_code"
    codes = codes_in(out)
    assert len(codes) == len(set(codes)) == 300 and all(SHAPE.fullmatch(c) for c in codes)
    hashes = stored_hashes(project)
    assert sorted(hashes) == sorted(collector.invitation_hash(SURVEY, c) for c in codes)
    assert not {c.replace("-", "") for c in codes} & {h.upper() for h in hashes}
    raw = b"".join(p.read_bytes() for p in (project / "data").iterdir())
    for code in codes:
        assert code.encode() not in raw and code.replace("-", "").encode() not in raw, code
    assert json.loads(eqsurvey("invitations", "count", "--json").stdout) == {
        "instrument": SURVEY,
        "created": 300,
        "used": 0,
        "unused": 300,
    }
    assert eqsurvey("invitations", "count").stdout.strip() == "created 300, used 0, unused 300"


def test_an_existing_file_is_kept_unless_forced(project: Path, eqsurvey: Eqsurvey, collector: PseudonymSecret) -> None:
    eqsurvey("invitations", "create", "5", "-o", "codes.csv")
    first = (project / "codes.csv").read_text(encoding="utf-8")
    run = eqsurvey("invitations", "create", "5", "-o", "codes.csv", expect=1)
    assert "already exists" in run.stderr and "--force" in run.stderr
    assert (project / "codes.csv").read_text(encoding="utf-8") == first
    assert len(stored_hashes(project)) == 5, "a refused run stores nothing"
    eqsurvey("invitations", "create", "7", "-o", "codes.csv", "--force", "--serial")
    with (project / "codes.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["serial"] for r in rows] == [str(i) for i in range(1, 8)]
    assert not {r["access_code"] for r in rows} & set(codes_in_text(first))
    assert eqsurvey("invitations", "count").stdout.strip() == "created 12, used 0, unused 12"
    eqsurvey("invitations", "create", "1", "-o", ".", expect=1)


def codes_in_text(text: str) -> list[str]:
    return text.splitlines()[1:]


def test_a_project_without_keys_gets_a_clear_error(project: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("invitations", "create", "5", "-o", "codes.csv", expect=1)
    assert "no-keys" in run.stderr and "eqsurvey keys init" in run.stderr
    assert not (project / "codes.csv").exists()
    assert eqsurvey("invitations", "count").stdout.strip() == "created 0, used 0, unused 0"


def test_usage_errors_exit_2(project: Path, eqsurvey: Eqsurvey, collector: PseudonymSecret) -> None:
    eqsurvey("invitations", "create", "0", "-o", "codes.csv", expect=2)
    eqsurvey("invitations", "create", "5", expect=2)
    eqsurvey("invitations", "create", "many", "-o", "codes.csv", expect=2)
    assert not (project / "codes.csv").exists()
    assert "create" in eqsurvey("invitations", "--help").stdout


def test_outside_a_project(eqsurvey: Eqsurvey) -> None:
    assert "no-project" in eqsurvey("invitations", "create", "5", "-o", "c.csv", expect=1).stderr

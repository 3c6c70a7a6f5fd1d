"""Simulate, import and count responses through the real command, on a real SQLite store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from anonymize.sealing import Opener
from survey.store import open_store
from tests.builders import GENDER, instrument_yaml
from tests.integration.conftest import Eqsurvey

PASS = "a long passphrase for tests"


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return project


def opened(project: Path, instrument_id: str) -> list[dict[str, object]]:
    store = open_store("sqlite:///data/responses.sqlite", project)
    opener = Opener(Keyring(project / "keys").private_keys(PASS))
    try:
        return [opener.open(env, r.row) for env, rows in store.batches(instrument_id) for r in rows]
    finally:
        store.close()


def test_simulate_import_count_and_reimport(keyed: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("responses", "simulate", "--n", "300", "--seed", "4", "-o", "pilot.csv")
    assert "stored 300, rejected 0" in eqsurvey("responses", "import", "pilot.csv").stdout
    assert "responses 300" in eqsurvey("responses", "count").stdout
    assert "stored 0, rejected 0, unchanged 300" in eqsurvey("responses", "import", "pilot.csv").stdout
    assert len(opened(keyed, "musterstadt-2026")) == 300


def test_bad_rows_are_reported_and_good_rows_stored(keyed: Path, eqsurvey: Eqsurvey) -> None:
    text = eqsurvey("responses", "simulate", "--n", "5", "--seed", "2").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[1]["ms_district"] = "atlantis"
    rows[3]["ms_consent"] = "maybe"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (keyed / "mixed.csv").write_text(out.getvalue(), encoding="utf-8")
    run = eqsurvey("responses", "import", "mixed.csv", expect=1)
    assert "stored 3, rejected 2" in run.stdout
    assert "row 3" in run.stderr and "atlantis" in run.stderr
    assert "row 5" in run.stderr
    assert "responses 3" in eqsurvey("responses", "count").stdout


def test_identifiers_go_to_unlinked_contacts_and_nothing_is_in_clear(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    project = tmp_path / "p"
    questions = GENDER + (
        "- id: email\n  type: text\n  label: {de: E-Mail, en: E-mail}\n  privacy: direct_identifier\n"
        "- id: story\n  type: text\n  label: {de: Erzählen Sie, en: Tell us}\n"
    )
    (project / "instrument.yaml").write_text(instrument_yaml(questions), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    story = "Der Hausmeister Qwertz hat mich 2024 beleidigt"
    (project / "r.csv").write_text(
        f"access_code,gender,email,story\nAB12-CD34,woman,zora@beispiel.example,{story}\n,man,,kurz\n", encoding="utf-8"
    )
    assert "stored 2, rejected 0" in eqsurvey("responses", "import", "r.csv").stdout
    assert "contacts 1" in eqsurvey("responses", "count").stdout
    answers = opened(project, "test-survey")
    assert {a.get("story") for a in answers} == {story, "kurz"}
    assert all("email" not in a for a in answers), "identifiers never travel with the answers"
    raw = b"".join(p.read_bytes() for p in (project / "data").iterdir())
    for secret in (story, "zora@beispiel.example", "AB12", "Qwertz", "woman"):
        assert secret.encode() not in raw, secret


def test_import_needs_keys_and_a_readable_file(
    project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "eqsurvey keys init" in eqsurvey("responses", "import", "nope.csv", expect=1).stderr
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    assert "cannot read" in eqsurvey("responses", "import", "nope.csv", expect=1).stderr
    (project / "bad.csv").write_text("what,ever\n1,2\n", encoding="utf-8")
    assert "does not name any question" in eqsurvey("responses", "import", "bad.csv", expect=1).stderr
    (project / "extra.csv").write_text("ms_consent,shoe_size\nyes,44\n", encoding="utf-8")
    assert "unknown column(s): shoe_size" in eqsurvey("responses", "import", "extra.csv", expect=1).stderr
    assert "responses 0" in eqsurvey("responses", "count").stdout

"""``eqsurvey dataset export`` and ``eqsurvey responses erase`` through the real command on a real store."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from anonymize.keys.keyring import Keyring
from anonymize.pseudonyms import new_receipt_code
from anonymize.sealing import RowContext, Sealer
from survey.store import open_store
from tests.builders import GENDER, instrument_yaml
from tests.integration.conftest import Eqsurvey, fresh_database, store_in

PASS = "a long passphrase for tests"
STORY = "Frau Qwertz schrieb mir an qwertz.privat@example.org und rief von 0171 2345678 an"

QUESTIONS = (
    GENDER
    + """\
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
  privacy: quasi_identifier
  coarsen: {bands: [25, 35, 50, 65]}
- id: postcode
  type: text
  label: {de: Postleitzahl, en: Postcode}
  privacy: quasi_identifier
  coarsen:
    groups:
      - {code: innenstadt, label: {de: Innenstadt, en: City centre}, values: ["10115", "10117"]}
      - {code: nord, label: {de: Nord, en: North}, values: ["133*"]}
- id: story
  type: text
  label: {de: Erzählen Sie, en: Tell us}
- id: email
  type: text
  label: {de: E-Mail, en: E-mail}
  privacy: direct_identifier
"""
)

ROWS = [
    ("CODE-0001", "woman", "24", "10115", STORY, "a@b.example"),
    ("CODE-0002", "man", "25", "13357", "alles gut", ""),
    ("CODE-0003", "woman trans", "99", "99999", "", ""),
    ("CODE-0004", "prefer_not_to_say", "prefer_not_to_say", "prefer_not_to_say", "Zxqv-einmalig", ""),
]


@pytest.fixture
def small(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    project = tmp_path / "p"
    (project / "instrument.yaml").write_text(instrument_yaml(QUESTIONS), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    lines = ["access_code,gender,age,postcode,story,email"] + [",".join(r) for r in ROWS]
    (project / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "stored 4, rejected 0" in eqsurvey("responses", "import", "r.csv").stdout
    return project


def export(eqsurvey: Eqsurvey, project: Path, *extra: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    eqsurvey("dataset", "export", "-o", "out/ds.parquet", *extra)
    dictionary = json.loads((project / "out" / "ds.dictionary.json").read_text(encoding="utf-8"))
    return pd.read_parquet(project / "out" / "ds.parquet"), dictionary


def test_export_is_typed_coarsened_and_redacted(small: Path, eqsurvey: Eqsurvey) -> None:
    frame, dictionary = export(eqsurvey, small)
    assert len(frame) == 4 and dictionary["rows"] == 4
    assert "email" not in frame.columns and dictionary["excluded_direct_identifiers"] == ["email"]
    assert list(frame["age"].cat.categories) == ["16-24", "25-34", "35-49", "50-64", "65-99", "prefer_not_to_say"]
    assert sorted(frame["age"].astype(str)) == ["16-24", "25-34", "65-99", "prefer_not_to_say"]
    assert sorted(frame["postcode"].astype(str)) == ["innenstadt", "nord", "other", "prefer_not_to_say"]
    stories = set(frame["story"].dropna())
    assert "[E-MAIL]" in next(s for s in stories if "Qwertz" in s or "[NAME]" in s)
    assert not any("example.org" in s or "2345678" in s for s in stories)
    assert dictionary["redactions"] == {"story": {"email": 1, "phone": 1}}
    # Multi-choice: ticked / not ticked for those who answered; empty for the one who declined.
    woman = frame["gender__woman"]
    assert int(woman.sum()) == 2 and int(woman.isna().sum()) == 1
    assert int(frame["gender__prefer_not_to_say"].sum()) == 1
    assert set(frame["received_month"].astype(str)) == {date.today().isoformat()[:7]}
    assert not any("pseudonym" in c for c in frame.columns)
    columns = {c["name"]: c for c in dictionary["columns"]}
    assert columns["postcode"]["coarsened"] is True
    labels = {c["code"]: c["label"]["en"] for c in columns["postcode"]["categories"]}
    assert labels["innenstadt"] == "City centre" and labels["other"] == "Other"
    parquet = small / "out" / "ds.parquet"
    assert dictionary["parquet_sha256"] == "sha256:" + hashlib.sha256(parquet.read_bytes()).hexdigest()
    embedded = json.loads(pq.read_schema(parquet).metadata[b"eqsurvey"])
    assert embedded["instrument"] == dictionary["instrument"]
    store = open_store("sqlite:///data/responses.sqlite", small)
    try:
        (entry,) = [e for e in store.audit_log() if e.action == "dataset-export"]
    finally:
        store.close()
    assert entry.detail["rows"] == 4 and entry.detail["parquet_sha256"] == dictionary["parquet_sha256"]


def test_names_from_a_list_are_redacted(small: Path, eqsurvey: Eqsurvey) -> None:
    (small / "names.txt").write_text("Qwertz\n", encoding="utf-8")
    frame, dictionary = export(eqsurvey, small, "--names", "names.txt")
    assert not any("Qwertz" in s for s in frame["story"].dropna())
    assert dictionary["redactions"] == {"story": {"email": 1, "name": 1, "phone": 1}}


def test_erasure_by_access_code_reaches_every_later_export(small: Path, eqsurvey: Eqsurvey) -> None:
    assert "erased 1 response" in eqsurvey("responses", "erase", "--access-code", "code-0004").stdout
    frame, _ = export(eqsurvey, small)
    assert len(frame) == 3 and "Zxqv-einmalig" not in set(frame["story"].dropna())
    again = eqsurvey("responses", "erase", "--access-code", "CODE-0004", expect=1)
    assert "no stored response" in again.stderr and "CODE-0004" not in again.stderr
    # The same export imported again, or inside another file, does not bring the response back.
    assert "stored 0" in eqsurvey("responses", "import", "r.csv").stdout
    lines = (small / "r.csv").read_text(encoding="utf-8").splitlines()
    (small / "again.csv").write_text("\n".join([lines[0], lines[4]]) + "\n", encoding="utf-8")
    assert (
        "stored 0, rejected 0, unchanged 0, replaced 0, erased earlier 1"
        in eqsurvey("responses", "import", "again.csv").stdout
    )
    assert "responses 3" in eqsurvey("responses", "count").stdout
    store = open_store("sqlite:///data/responses.sqlite", small)
    try:
        log = store.audit_log()
    finally:
        store.close()
    (erasure,) = [e for e in log if e.action == "erasure"]
    assert erasure.detail == {"instrument": "test-survey", "responses": 1, "reason": "access-code"}
    assert "CODE" not in json.dumps([e.detail for e in log])


def test_erasure_by_receipt_works_once(small: Path, eqsurvey: Eqsurvey) -> None:
    keyring = Keyring(small / "keys")
    secret, receipt = keyring.pseudonym_secret(), new_receipt_code()
    pseudonym = secret.random_pseudonym()
    sealer = Sealer(keyring.public_key())
    row = sealer.seal(RowContext(pseudonym, "test-survey", "1.0.0"), {"story": "über das Formular"})
    store = open_store("sqlite:///data/responses.sqlite", small)
    try:
        hashed = secret.receipt_hash("test-survey", receipt)
        store.add_batch(sealer.envelope, [row], source="web", receipts=[(hashed, "test-survey", pseudonym)])
    finally:
        store.close()
    raw = (small / "data" / "responses.sqlite").read_bytes()
    assert receipt.encode() not in raw and receipt.replace("-", "").encode() not in raw
    # Typed back in lower case and without dashes, the receipt still matches.
    assert "erased 1" in eqsurvey("responses", "erase", "--receipt", receipt.lower().replace("-", "")).stdout
    assert "responses 4" in eqsurvey("responses", "count").stdout
    assert "no stored response" in eqsurvey("responses", "erase", "--receipt", receipt, expect=1).stderr


def test_erasure_by_a_receipt_typed_with_i_l_and_o(small: Path, eqsurvey: Eqsurvey) -> None:
    """The receipt's alphabet has no I, L or O: typed for 1 and 0, they are read as 1 and 0."""
    keyring = Keyring(small / "keys")
    secret, receipt = keyring.pseudonym_secret(), "1K0Q-M9XD-4HTR-P0WZ-3FJ1"
    pseudonym = secret.random_pseudonym()
    sealer = Sealer(keyring.public_key())
    row = sealer.seal(RowContext(pseudonym, "test-survey", "1.0.0"), {"story": "x"})
    store = open_store("sqlite:///data/responses.sqlite", small)
    try:
        store.add_batch(
            sealer.envelope,
            [row],
            source="web",
            receipts=[(secret.receipt_hash("test-survey", receipt), "test-survey", pseudonym)],
        )
    finally:
        store.close()
    assert "erased 1" in eqsurvey("responses", "erase", "--receipt", "iKoq m9xd 4HTR PoWZ 3FJl").stdout
    assert "no stored response" in eqsurvey("responses", "erase", "--receipt", receipt, expect=1).stderr


def test_erase_needs_exactly_one_code(small: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("responses", "erase", expect=2)
    eqsurvey("responses", "erase", "--receipt", "A", "--access-code", "B", expect=2)


def test_a_wrong_passphrase_writes_nothing(small: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", "not the passphrase at all")
    run = eqsurvey("dataset", "export", "-o", "out/ds.parquet", expect=1)
    assert "passphrase" in run.stderr and "not the passphrase" not in run.stderr + run.stdout
    assert not (small / "out").exists()


def test_scientific_use_is_refused_below_k_and_explains_why(small: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("dataset", "export", "-o", "out/suf.parquet", "--scientific-use", "--k", "2", expect=1)
    assert "k-anonymity" in run.stderr and "4 of 4 records" in run.stderr
    assert "age=16-24" in run.stderr, "the rarest combinations are named"
    assert "--drop" in run.stderr
    assert not (small / "out").exists(), "nothing is written when the check fails"


def test_scientific_use_passes_once_coarse_enough(
    project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "400", "--seed", "7", "-o", "pilot.csv")
    eqsurvey("responses", "import", "pilot.csv")
    refused = eqsurvey("dataset", "export", "-o", "suf.parquet", "--scientific-use", expect=1)
    assert "k-anonymity" in refused.stderr
    qis = json.loads(
        (project / "suf.dictionary.json").read_text() if (project / "suf.dictionary.json").exists() else "{}"
    )
    assert qis == {}, "a refused export leaves no dictionary behind"
    keep = "ms_district"
    full, dictionary = _columns_and_dictionary(eqsurvey, project)
    drop = sorted({c["source"] for c in dictionary["columns"] if c["privacy"] == "quasi_identifier"} - {keep})
    args = [a for source in drop for a in ("--drop", source)]
    eqsurvey("dataset", "export", "-o", "suf.parquet", "--scientific-use", "--k", "3", *args)
    suf = json.loads((project / "suf.dictionary.json").read_text(encoding="utf-8"))
    assert suf["disclosure_check"]["quasi_identifiers"] == [keep]
    assert suf["disclosure_check"]["smallest_group"] >= 3
    kinds = {c["kind"] for c in suf["columns"]}
    assert "text" not in kinds, "no free text leaves the analysts' hands"
    assert len(pd.read_parquet(project / "suf.parquet")) == len(full)


def _columns_and_dictionary(eqsurvey: Eqsurvey, project: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    eqsurvey("dataset", "export", "-o", "full.parquet")
    return (
        pd.read_parquet(project / "full.parquet"),
        json.loads((project / "full.dictionary.json").read_text(encoding="utf-8")),
    )


def test_the_same_flow_on_a_postgresql_store(small: Path, eqsurvey: Eqsurvey, postgres: tuple[str, Path]) -> None:
    url = fresh_database(postgres, "cli")
    store_in(small, url)
    assert "stored 4, rejected 0" in eqsurvey("responses", "import", "r.csv").stdout
    assert "erased 1" in eqsurvey("responses", "erase", "--access-code", "CODE-0004").stdout
    assert "stored 0" in eqsurvey("responses", "import", "r.csv").stdout
    frame, _ = export(eqsurvey, small)
    assert len(frame) == 3 and "Zxqv-einmalig" not in set(frame["story"].dropna())
    assert sorted(frame["age"].astype(str)) == ["16-24", "25-34", "65-99"]
    dump = subprocess.run([str(postgres[1] / "pg_dump"), url], check=True, capture_output=True).stdout
    for secret in ("Qwertz", "a@b.example", "CODE-0001", "13357", "Zxqv"):
        assert secret.encode() not in dump, secret
    assert b"dataset-export" in dump and b"erasure" in dump, "the audit log is in the server's store"

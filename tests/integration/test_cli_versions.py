"""Responses collected under two instrument versions, exported together through the version mapping."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from tests.support.builders import instrument_yaml
from tests.support.cli import Eqsurvey
from tests.support.databases import fresh_database, store_in
from tests.unit.instruments.versions_builders import MAPPING_1_2, V1, V2

PASS = "a long passphrase for tests"

V1_ROWS = [  # gender, district, trust, remarks
    ("CODE-0001", "woman trans", "east", "3", "hallo"),
    ("CODE-0002", "nb", "north", "1", ""),
    ("CODE-0003", "trans", "east", "2", ""),
    ("CODE-0004", "woman man nb", "south", "3", "gut"),  # three ticks: 2.0.0 allows two
]
V2_ROWS = [  # gender, district, trust, age
    ("CODE-0101", "non_binary diverse", "south", "2", "40"),
    ("CODE-0102", "man", "north", "1", "33"),
]


def _csv(path: Path, header: str, rows: Sequence[tuple[str, ...]]) -> None:
    path.write_text("\n".join([header] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")


def _counts(column: pd.Series) -> dict[str, int]:
    return {str(k): int(n) for k, n in column.value_counts().items() if n}


def _store_two_versions(eqsurvey: Eqsurvey, tmp_path: Path, url: str | None = None) -> Path:
    """A project that stored 4 responses under 1.0.0 and then 2 under 2.0.0."""
    eqsurvey("init", "p")
    project = tmp_path / "p"
    if url is not None:
        store_in(project, url)
    (project / "instrument.yaml").write_text(instrument_yaml(V1), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    _csv(project / "r1.csv", "access_code,gender,district,trust,remarks", V1_ROWS)
    assert "stored 4, rejected 0" in eqsurvey("responses", "import", "r1.csv").stdout
    shutil.copy(project / "instrument.yaml", project / "instrument-1.0.0.yaml")
    v2 = instrument_yaml(V2).replace("version: 1.0.0", "version: 2.0.0", 1)
    (project / "instrument.yaml").write_text(v2, encoding="utf-8")
    _csv(project / "r2.csv", "access_code,gender,district,trust,age", V2_ROWS)
    assert "stored 2, rejected 0" in eqsurvey("responses", "import", "r2.csv").stdout
    return project


@pytest.fixture
def two_versions(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    return _store_two_versions(eqsurvey, tmp_path)


def test_export_without_a_mapping_is_refused(two_versions: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("dataset", "export", "-o", "out/ds.parquet", expect=1)
    assert "4 stored response(s) were collected under version 1.0.0" in run.stderr
    assert "current instrument is 2.0.0" in run.stderr and "instrument versions draft" in run.stderr
    assert not (two_versions / "out" / "ds.parquet").exists()


def test_export_carries_mapped_answers_and_reports_the_rest(two_versions: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "versions", "draft", "instrument-1.0.0.yaml")
    kept = two_versions / "versions" / "1.0.0"
    drafted = (kept / "mapping.yaml").read_text(encoding="utf-8")
    assert 'renamed: {"nb": "non_binary"}' in drafted and "remarks:" in drafted
    # The officer reviews the draft: east now belongs to "south and east", trust 3 to "somewhat or very".
    (kept / "mapping.yaml").write_text(MAPPING_1_2, encoding="utf-8")
    check = eqsurvey("instrument", "versions", "check").stdout
    assert "1.0.0 → 2.0.0: 1 question(s) removed, 0 renamed; 3 code(s) renamed or merged, 1 removed" in check

    run = eqsurvey("dataset", "export", "-o", "out/ds.parquet")
    assert "4 response(s) collected under 1.0.0 carried to 2.0.0" in run.stdout
    assert "question 'gender' 'trans' in 2 response(s)" in run.stdout
    assert "question 'gender' in 1 response(s) collected under 1.0.0 (too-many-selections" in run.stdout
    frame = pd.read_parquet(two_versions / "out" / "ds.parquet")
    dictionary = json.loads((two_versions / "out" / "ds.dictionary.json").read_text(encoding="utf-8"))
    assert len(frame) == 6
    assert _counts(frame["district"]) == {"south": 4, "north": 2}  # east merged into south
    assert _counts(frame["trust"]) == {"2": 4, "1": 2}  # point 3 merged into 2
    assert int(frame["gender__non_binary"].sum()) == 2  # nb under 1.0.0, non_binary under 2.0.0
    # Whoever ticked only "trans", or three options, has no gender answer now, not "every option unticked".
    assert int(frame["gender__woman"].isna().sum()) == 2
    versions = dictionary["versions"]
    assert versions["current"] == "2.0.0" and versions["responses_by_version"] == {"1.0.0": 4, "2.0.0": 2}
    lost = {(x["question"], x["code"], x["reason"]): x["responses"] for x in versions["not_carried"]}
    assert lost == {
        ("gender", "trans", "option-removed"): 2,
        ("gender", None, "too-many-selections"): 1,
        ("remarks", None, "question-removed"): 2,
    }
    # DP bounds stay the current instrument's: no option column the current version lacks, never >2 ticks.
    ticks = frame[[c for c in frame.columns if c.startswith("gender__") and c != "gender__prefer_not_to_say"]]
    assert "gender__trans" not in frame.columns and int(ticks.fillna(False).sum(axis=1).max()) <= 2


def test_a_mapping_with_a_gap_is_refused_with_its_line(two_versions: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "versions", "draft", "instrument-1.0.0.yaml")
    mapping = two_versions / "versions" / "1.0.0" / "mapping.yaml"
    mapping.write_text(MAPPING_1_2.replace("      removed: [trans]\n", ""), encoding="utf-8")
    run = eqsurvey("dataset", "export", "-o", "out/ds.parquet", expect=1)
    assert f"{mapping}:6, question 'gender'" in run.stderr and "trans" in run.stderr
    assert eqsurvey("instrument", "versions", "check", expect=1).exit_code == 1


def test_draft_refuses_to_overwrite_a_reviewed_mapping(two_versions: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "versions", "draft", "instrument-1.0.0.yaml")
    run = eqsurvey("instrument", "versions", "draft", "1.0.0", expect=1)
    assert "already exists" in run.stderr and "--force" in run.stderr
    eqsurvey("instrument", "versions", "draft", "1.0.0", "--force")
    missing = eqsurvey("instrument", "versions", "draft", "0.9.0", expect=1)
    assert "neither an instrument file nor a kept version" in missing.stderr
    earlier = two_versions / "instrument-1.0.0.yaml"
    earlier.write_text(earlier.read_text(encoding="utf-8").replace("Bezirk", "Stadtbezirk"), encoding="utf-8")
    other = eqsurvey("instrument", "versions", "draft", "instrument-1.0.0.yaml", expect=1)
    assert "already keeps another text of version 1.0.0" in other.stderr


def test_two_versions_on_a_postgresql_store(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres: tuple[str, Path]
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    project = _store_two_versions(eqsurvey, tmp_path, fresh_database(postgres, "versions"))
    assert "under version 1.0.0" in eqsurvey("dataset", "export", "-o", "ds.parquet", expect=1).stderr
    eqsurvey("instrument", "versions", "draft", "instrument-1.0.0.yaml")
    (project / "versions" / "1.0.0" / "mapping.yaml").write_text(MAPPING_1_2, encoding="utf-8")
    run = eqsurvey("dataset", "export", "-o", "ds.parquet")
    assert "question 'gender' 'trans' in 2 response(s)" in run.stdout
    assert len(pd.read_parquet(project / "ds.parquet")) == 6


def test_an_option_removed_without_a_new_version_is_refused(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The case without a version change: the stored ticks of "trans" must not vanish into "unticked".
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    project = tmp_path / "p"
    (project / "instrument.yaml").write_text(instrument_yaml(V1), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    _csv(project / "r1.csv", "access_code,gender,district,trust,remarks", V1_ROWS)
    eqsurvey("responses", "import", "r1.csv")
    edited = instrument_yaml(V1.replace("    - {code: trans, label: {de: trans, en: trans}}\n", ""))
    (project / "instrument.yaml").write_text(edited, encoding="utf-8")
    run = eqsurvey("dataset", "export", "-o", "ds.parquet", expect=1)
    assert "question 'gender'" in run.stderr and "2 stored tick(s)" in run.stderr and "trans (2)" in run.stderr
    assert "instrument versions draft" in run.stderr and not (project / "ds.parquet").exists()

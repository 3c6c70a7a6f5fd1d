"""KoboToolbox exports mixing submissions of two form versions: each row stored under the version it names."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.integration.test_cli_platforms import FORMPACK
from tests.support.cli import Eqsurvey
from tests.support.databases import fresh_database, store_in

PASS = "a long passphrase for tests"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "kobo_versions"
V1, V2 = "vQ3GrKj8Lz2mNpW5xYtB7c", "vT9hUe4SaR6dFwK2pLmC3n"
KEPT = f"1.0.0+{V1}"
CURRENT = f"1.0.0+{V2}"

SUBMISSIONS = [  # uuid, gender, district, version: 'trans' was removed in v2
    ("u1", "woman trans", "north", V1),
    ("u2", "trans", "south", V1),
    ("u3", "man", "south", V2),
    ("u4", "woman", "north", V2),
    ("u5", "man", "north", V1),
]


def _json(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    results: list[dict[str, Any]] = [
        {"_id": i, "_uuid": u, "gender": g, "district": d, "__version__": v, "_submission_time": "2026-01-01T10:00:00"}
        for i, (u, g, d, v) in enumerate(rows, start=1)
    ]
    path.write_text(json.dumps({"count": len(results), "results": results}), encoding="utf-8")


def _csv(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """As KoboToolbox exports a form of several versions: the columns of all of them, per-choice 1/0 too."""
    lines = ["gender;gender/woman;gender/man;gender/trans;district;_uuid;__version__"]
    for u, g, d, v in rows:
        ticks = ";".join("1" if c in g.split() else "0" for c in ("woman", "man", "trans"))
        lines.append(f"{g};{ticks};{d};{u};{v}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _kobo_project(eqsurvey: Eqsurvey, tmp_path: Path, url: str | None = None) -> Path:
    """A project whose instrument is version 2 of the Kobo form, with version 1 kept and its mapping reviewed."""
    eqsurvey("init", "p")
    project = tmp_path / "p"
    if url is not None:
        store_in(project, url)
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    eqsurvey("instrument", "import", FIXTURES / "asset-v1.json", "-o", "v1.yaml")
    eqsurvey("instrument", "import", FIXTURES / "asset-v2.json", "-o", "instrument.yaml", "--force")
    eqsurvey("instrument", "versions", "draft", "v1.yaml")
    mapping = (project / "versions" / KEPT / "mapping.yaml").read_text(encoding="utf-8")
    assert 'removed: ["trans"]' in mapping  # the reviewed draft: nothing else changed
    return project


def _xlsx(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """KoboToolbox's XLSX export: the CSV's columns on the first sheet, 1/0 and ids as numbers, times as dates."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Neighbourhood survey"
    heading = ["gender", "gender/woman", "gender/man", "gender/trans", "district", "_id", "_submission_time"]
    sheet.append([*heading, "_uuid", "__version__"])
    for i, (u, g, d, v) in enumerate(rows, start=1):
        ticks = [1 if c in g.split() else 0 for c in ("woman", "man", "trans")]
        sheet.append([g, *ticks, d, i, datetime.datetime(2026, 1, 1, 10, 0), u, v])
    book.create_sheet("repeat_group")  # formpack writes each repeat group on a sheet of its own
    book.save(path)


@pytest.fixture
def kobo(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    return _kobo_project(eqsurvey, tmp_path)


def _export(eqsurvey: Eqsurvey, project: Path) -> tuple[pd.DataFrame, dict[str, Any], str]:
    run = eqsurvey("dataset", "export", "-o", "out/ds.parquet")
    frame = pd.read_parquet(project / "out" / "ds.parquet")
    dictionary = json.loads((project / "out" / "ds.dictionary.json").read_text(encoding="utf-8"))
    return frame, dictionary["versions"], run.stdout


def test_the_imported_form_keeps_the_version_id_submissions_carry(kobo: Path) -> None:
    current = (kobo / "instrument.yaml").read_text(encoding="utf-8")
    assert f"source_version: {V2}" in current and f"version: {CURRENT}" in current
    kept = (kobo / "versions" / KEPT / "instrument.yaml").read_text(encoding="utf-8")
    assert f"source_version: {V1}" in kept
    assert "__version__" not in current  # KoboToolbox's calculate is the version, not a question


@pytest.mark.parametrize(("write", "name"), [(_json, "export.json"), (_csv, "export.csv"), (_xlsx, "export.xlsx")])
def test_mixed_versions_are_stored_each_under_its_own_and_carried(
    kobo: Path, eqsurvey: Eqsurvey, write: Any, name: str
) -> None:
    source = kobo / name
    write(source, SUBMISSIONS)
    run = eqsurvey("responses", "import", source.name)
    assert "stored 5, rejected 0" in run.stdout
    assert f"3 under {KEPT}" in run.stderr
    # The same submissions again: recognised by their uuid whatever version they were read under.
    assert "stored 0, rejected 0, unchanged 5" in eqsurvey("responses", "import", source.name).stdout
    frame, versions, stdout = _export(eqsurvey, kobo)
    assert len(frame) == 5
    assert versions["responses_by_version"] == {KEPT: 3, CURRENT: 2}
    lost = {(x["question"], x["code"], x["reason"]): x["responses"] for x in versions["not_carried"]}
    assert lost == {("gender", "trans", "option-removed"): 2}
    assert "gender__trans" not in frame.columns
    assert int(frame["gender__woman"].fillna(False).sum()) == 2
    assert int(frame["gender__woman"].isna().sum()) == 1  # only 'trans' ticked: no gender answer now
    assert "'trans' in 2 response(s)" in stdout


def test_before_versions_were_told_apart_the_removed_option_was_refused(kobo: Path, eqsurvey: Eqsurvey) -> None:
    # Without version 1 kept, rows naming it are refused by count, not read against version 2.
    (kobo / "versions" / KEPT / "instrument.yaml").unlink()
    _json(kobo / "export.json", SUBMISSIONS)
    run = eqsurvey("responses", "import", "export.json", expect=1)
    assert "stored 2, rejected 3" in run.stdout
    assert f"3 row(s) (1, 2, 5) name form version '{V1}'" in run.stderr
    assert "instrument versions draft" in run.stderr
    assert run.stderr.count("version-unknown") == 1


def test_an_unknown_version_is_refused_by_count(kobo: Path, eqsurvey: Eqsurvey) -> None:
    rows = [*SUBMISSIONS, ("u6", "man", "north", "vUnknown1"), ("u7", "woman", "south", "vUnknown1")]
    rows.append(("u8", "woman", "south", ""))
    _csv(kobo / "export.csv", rows)
    run = eqsurvey("responses", "import", "export.csv", expect=1)
    assert "stored 5, rejected 3" in run.stdout
    assert "2 row(s) (7, 8) name form version 'vUnknown1'" in run.stderr
    assert "1 row(s) (9) name no form version" in run.stderr
    _, versions, _ = _export(eqsurvey, kobo)
    assert versions["responses_by_version"] == {KEPT: 3, CURRENT: 2}


def test_a_v2_row_answering_with_the_removed_option_is_still_refused(kobo: Path, eqsurvey: Eqsurvey) -> None:
    _json(kobo / "export.json", [("u1", "trans", "north", V2), ("u2", "trans", "north", V1)])
    run = eqsurvey("responses", "import", "export.json", expect=1)
    assert "stored 1, rejected 1" in run.stdout and "row 1" in run.stderr


def _unversioned_project(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instrument whose version follows another scheme than the ids the submissions carry."""
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "q")
    project = tmp_path / "q"
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    form = json.loads((FIXTURES / "asset-v1.json").read_text(encoding="utf-8"))
    for key in ("version_id", "deployed_version_id"):
        del form[key]
    form["content"]["survey"] = form["content"]["survey"][:2]
    form["content"]["settings"] = {"version": "3"}
    (project / "form.json").write_text(json.dumps(form), encoding="utf-8")
    eqsurvey("instrument", "import", "form.json", "-o", "instrument.yaml", "--force")
    return project


def test_unrecognised_versions_are_stored_only_if_every_row_fits(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _unversioned_project(eqsurvey, tmp_path, monkeypatch)
    _json(project / "ok.json", [r for r in SUBMISSIONS if r[1] != "trans"])
    run = eqsurvey("responses", "import", "ok.json")
    assert "stored 4, rejected 0" in run.stdout
    assert run.stderr.count("none of which is the current instrument (3)") == 1
    bad = [("u9", "woman", "north", V2), ("u10", "nonsense", "north", V1)]
    _json(project / "bad.json", bad)
    refused = eqsurvey("responses", "import", "bad.json", expect=1)
    assert "1 of 2 row(s) are not valid under the current instrument; nothing was stored" in refused.stderr
    assert "row 2" in refused.stderr
    assert "responses 4" in eqsurvey("responses", "count").stdout


def test_a_file_without_versions_is_read_as_before(kobo: Path, eqsurvey: Eqsurvey) -> None:
    path = kobo / "export.json"
    _json(path, SUBMISSIONS[2:4])
    data = json.loads(path.read_text(encoding="utf-8"))
    for sub in data["results"]:
        del sub["__version__"]
    path.write_text(json.dumps(data), encoding="utf-8")
    run = eqsurvey("responses", "import", "export.json")
    assert "stored 2, rejected 0" in run.stdout and "form version" not in run.stderr


def test_formpack_submissions_are_routed_by_the_version_they_name(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # formpack names a form version by its `version` and a submission's by `__version__`: the same id.
    form = FORMPACK / "dietary_needs" / "v1.json"
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "d")
    project = tmp_path / "d"
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    eqsurvey("instrument", "import", form, "-o", "instrument.yaml", "--force")
    data = json.loads(form.read_text(encoding="utf-8"))
    submissions = [{**s, "__version__": data["version"]} for s in data["submissions"]]
    submissions[-1]["__version__"] = "dietv0"
    (project / "subs.json").write_text(json.dumps({"submissions": submissions}), encoding="utf-8")
    run = eqsurvey("responses", "import", "subs.json", expect=1)
    assert f"stored {len(submissions) - 1}, rejected 1" in run.stdout
    assert f"1 row(s) ({len(submissions)}) name form version 'dietv0'" in run.stderr


def test_mixed_versions_on_a_postgresql_store(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres: tuple[str, Path]
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    project = _kobo_project(eqsurvey, tmp_path, fresh_database(postgres, "kobo_versions"))
    _json(project / "export.json", SUBMISSIONS)
    assert "stored 5, rejected 0" in eqsurvey("responses", "import", "export.json").stdout
    assert "unchanged 5" in eqsurvey("responses", "import", "export.json").stdout
    frame, versions, _ = _export(eqsurvey, project)
    assert len(frame) == 5 and versions["responses_by_version"] == {KEPT: 3, CURRENT: 2}


def test_a_submission_edited_under_the_new_version_replaces_the_old_one(kobo: Path, eqsurvey: Eqsurvey) -> None:
    _json(kobo / "before.json", SUBMISSIONS[:1])
    assert "stored 1" in eqsurvey("responses", "import", "before.json").stdout
    # Edited in KoboToolbox after version 2 was deployed: a new uuid naming the old one, and version 2's id.
    edited = {"_uuid": "e1", "meta/deprecatedID": "uuid:u1", "gender": "woman", "district": "north", "__version__": V2}
    (kobo / "after.json").write_text(json.dumps([edited]), encoding="utf-8")
    assert "replaced 1" in eqsurvey("responses", "import", "after.json").stdout
    frame, versions, _ = _export(eqsurvey, kobo)
    assert len(frame) == 1 and versions["responses_by_version"] == {CURRENT: 1}


def test_kept_versions_are_read_only_when_rows_name_a_version(kobo: Path, eqsurvey: Eqsurvey) -> None:
    stray = kobo / "versions" / "0.1.0"
    stray.mkdir()
    (stray / "instrument.yaml").write_text(
        (kobo / "instrument.yaml").read_text(encoding="utf-8").replace("id: akv7qmft3x", "id: other", 1),
        encoding="utf-8",
    )
    path = kobo / "plain.json"
    path.write_text(json.dumps([{"_uuid": "p1", "gender": "man", "district": "north"}]), encoding="utf-8")
    assert "stored 1, rejected 0" in eqsurvey("responses", "import", "plain.json").stdout
    _json(kobo / "export.json", SUBMISSIONS)
    refused = eqsurvey("responses", "import", "export.json", expect=1)
    assert "this is instrument 'other'" in refused.stderr and "versions/0.1.0/instrument.yaml" in refused.stderr

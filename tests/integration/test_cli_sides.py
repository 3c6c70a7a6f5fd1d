"""README step 5 on SQLite: responses travel from the server to the analysts in bundles, never as a copied store.

Two project folders stand for the two machines: the analysts' (with the
private key) and the server's, copied from it without ``keys/private/`` and
``data/``, as step 2 says.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey

PASS = "correct horse battery staple"
SURVEY = "musterstadt-2026"


def server_copy(analysts: Path, where: Path) -> Path:
    """The project as copied to the web server: no private key, no data."""
    shutil.copytree(analysts, where, ignore=shutil.ignore_patterns("private", "data", "*.csv", "*.eqbundle"))
    return where


def with_codes(eqsurvey: Eqsurvey, n: int, seed: int, name: str) -> str:
    """An eqsurvey CSV of ``n`` simulated respondents, each with an access code of its own (CODE-<seed>-<i>)."""
    eqsurvey("responses", "simulate", "--n", str(n), "--seed", str(seed), "-o", name)
    path = eqsurvey.cwd / name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for i, row in enumerate(rows):
        row["access_code"] = f"CODE-{seed}-{i}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return name


def merged(run_stdout: str) -> dict[str, int]:
    """The counts a merge prints, by their words."""
    words = {
        "new": "new ",
        "already": "already here ",
        "replaced": "replaced ",
        "erased": "erased (not merged) ",
        "erased_here": "erased here by the server's erasures ",
    }
    return {key: int(run_stdout.split(word, 1)[1].split(",", maxsplit=1)[0]) for key, word in words.items()}


@pytest.fixture
def sides(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Eqsurvey, Eqsurvey]:
    """(analysts, server): the Musterstadt project with keys, and its copy on the server."""
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    analysts = Eqsurvey(project)
    analysts("keys", "init")
    server = Eqsurvey(server_copy(project, tmp_path / "server"))
    return analysts, server


def budget(eqsurvey: Eqsurvey) -> dict[str, object]:
    data: dict[str, object] = json.loads(eqsurvey("budget", "--json").stdout)
    return data


def count(eqsurvey: Eqsurvey) -> int:
    return int(eqsurvey("responses", "count").stdout.split()[1].rstrip(","))


@pytest.mark.slow
def test_step_5_bundles_and_merges_and_no_copy_can_lower_the_budget_or_bring_an_erasure_back(
    sides: tuple[Eqsurvey, Eqsurvey],
) -> None:
    analysts, server = sides
    server("responses", "import", with_codes(server, 300, 1, "wave1.csv"))
    wrote = server("responses", "bundle", "-o", "b1.eqbundle")
    assert wrote.stdout.startswith("wrote 300 responses") and "responses merge b1.eqbundle" in wrote.stderr
    shutil.copy(server.cwd / "b1.eqbundle", analysts.cwd / "b1.eqbundle")

    assert merged(analysts("responses", "merge", "b1.eqbundle").stdout) == {
        "new": 300, "already": 0, "replaced": 0, "erased": 0, "erased_here": 0,
    }  # fmt: skip
    assert merged(analysts("responses", "merge", "b1.eqbundle").stdout)["already"] == 300, "merging again adds nothing"
    analysts("release", "--yes")
    analysts("release", "--yes")
    spent = budget(analysts)["rho_spent"]
    assert spent == pytest.approx(0.3)
    analysts("responses", "erase", "--access-code", "CODE-1-7")  # a request that reached the analysts

    # More answers on the server, and an erasure there; a second bundle brings both.
    server("responses", "import", with_codes(server, 50, 2, "wave2.csv"))
    server("responses", "erase", "--access-code", "CODE-1-8")
    server("responses", "bundle", "-o", "b2.eqbundle")
    shutil.copy(server.cwd / "b2.eqbundle", analysts.cwd / "b2.eqbundle")
    second = merged(analysts("responses", "merge", "b2.eqbundle").stdout)
    assert second == {"new": 50, "already": 298, "replaced": 0, "erased": 1, "erased_here": 1}
    assert count(analysts) == 348

    older = analysts("responses", "merge", "b1.eqbundle", expect=1)
    assert "[bundle-older]" in older.stderr and "bundle 1 of its server, but bundle 2 was merged" in older.stderr

    # What README step 5 used to say: copy the server's store over the analysts'.
    shutil.copy(server.cwd / "data" / "responses.sqlite", analysts.cwd / "data" / "responses.sqlite")
    after = budget(analysts)
    assert after["rho_spent"] == pytest.approx(spent), "the ledger is not in the copied file"
    assert len(json.loads(analysts("release", "list", "--json").stdout)) == 2
    assert count(analysts) == 348, "the response erased on the analysts' side does not come back with the copy"
    erased = analysts("responses", "erase", "--access-code", "CODE-1-7", expect=1)
    assert "[nothing-to-erase]" in erased.stderr
    log = [e["action"] for e in map(json.loads, _audit_details(analysts.cwd))]
    assert "erasure-kept" in log and log.count("release") == 2


def _audit_details(project: Path) -> list[str]:
    with closing(sqlite3.connect(project / "data" / "responses-ledger.sqlite")) as db:
        return [json.dumps({"action": a}) for (a,) in db.execute("SELECT action FROM audit_log ORDER BY entry_id")]


def test_a_bundle_of_another_project_or_not_a_bundle_is_refused_by_name(
    sides: tuple[Eqsurvey, Eqsurvey], tmp_path: Path
) -> None:
    analysts, server = sides
    other = Eqsurvey(tmp_path)
    other("init", "other", "--example", "musterstadt")
    other.cwd = tmp_path / "other"
    other("keys", "init")
    other("responses", "import", with_codes(other, 5, 3, "o.csv"))
    other("responses", "bundle", "-o", "other.eqbundle")
    refused = analysts("responses", "merge", tmp_path / "other" / "other.eqbundle", expect=1)
    assert "[bundle-other-project]" in refused.stderr and "another project of survey musterstadt-2026" in refused.stderr
    assert count(analysts) == 0

    (tmp_path / "notes.eqbundle").write_text("hello", encoding="utf-8")
    bad = analysts("responses", "merge", tmp_path / "notes.eqbundle", expect=1)
    assert "[bundle-invalid]" in bad.stderr and "notes.eqbundle" in bad.stderr and "not a database file" in bad.stderr
    server("invitations", "create", "3", "-o", "codes.csv")
    server("invitations", "bundle", "-o", "codes.eqbundle")
    wrong = analysts("responses", "merge", server.cwd / "codes.eqbundle", expect=1)
    assert "[bundle-kind]" in wrong.stderr and "eqsurvey invitations merge FILE" in wrong.stderr
    exists = server("responses", "bundle", "-o", "codes.eqbundle", expect=1)
    assert "[output-exists]" in exists.stderr


def test_a_corrected_reimport_on_the_server_replaces_the_merged_answers(sides: tuple[Eqsurvey, Eqsurvey]) -> None:
    analysts, server = sides
    server("responses", "simulate", "--n", "20", "--seed", "4", "--format", "limesurvey", "-o", "ls.csv")
    server("responses", "import", "ls.csv")
    server("responses", "bundle", "-o", analysts.cwd / "b1.eqbundle")
    assert merged(analysts("responses", "merge", "b1.eqbundle").stdout)["new"] == 20
    text = (server.cwd / "ls.csv").read_text(encoding="utf-8").splitlines()
    header, first = text[0].split(","), text[1].split(",")
    district = header.index("ms_district")
    first[district] = "nordstadt" if first[district] != "nordstadt" else "suedstadt"
    (server.cwd / "ls.csv").write_text("\n".join([text[0], ",".join(first), *text[2:]]) + "\n", encoding="utf-8")
    assert "replaced 1" in server("responses", "import", "ls.csv").stdout
    server("responses", "bundle", "-o", analysts.cwd / "b2.eqbundle")
    second = analysts("responses", "merge", "b2.eqbundle")
    assert merged(second.stdout) == {"new": 0, "already": 19, "replaced": 1, "erased": 0, "erased_here": 0}
    assert count(analysts) == 20


def test_a_damaged_bundle_is_refused_by_row_and_nothing_is_merged(sides: tuple[Eqsurvey, Eqsurvey]) -> None:
    analysts, server = sides
    server("responses", "import", with_codes(server, 10, 5, "w.csv"))
    server("responses", "bundle", "-o", analysts.cwd / "b.eqbundle")
    with closing(sqlite3.connect(analysts.cwd / "b.eqbundle")) as db:
        db.execute("UPDATE responses SET nonce = x'00' WHERE rowid = 7")
        db.commit()
    refused = analysts("responses", "merge", "b.eqbundle", expect=1)
    assert "[bundle-damaged]" in refused.stderr and "response 7 of the bundle" in refused.stderr
    assert "the nonce is 1 bytes long" in refused.stderr and "nothing was merged" in refused.stderr
    assert count(analysts) == 0

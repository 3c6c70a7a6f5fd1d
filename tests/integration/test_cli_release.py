"""eqsurvey release / budget through the real command, on a project with simulated, sealed responses."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from survey.store import open_store
from tests.integration.conftest import Eqsurvey, fresh_database, store_in

PASS = "release tests passphrase"


@pytest.fixture
def fielded(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Musterstadt example with keys and 600 simulated responses imported.

    At 600 the plan preview expects a little over half of the example's cells suppressed, and several tests
    release the same data again: their releases confirm with --yes (the guard rails: test_cli_release_guard).
    """
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "600", "--seed", "3", "-o", "r.csv")
    assert "stored 600, rejected 0" in eqsurvey("responses", "import", "r.csv").stdout
    return project


def _budget(eqsurvey: Eqsurvey) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(eqsurvey("budget", "--json").stdout)
    return data


def test_a_release_is_stored_with_its_spend_and_metadata(fielded: Path, eqsurvey: Eqsurvey) -> None:
    assert _budget(eqsurvey)["rho_spent"] == 0
    made = json.loads(eqsurvey("release", "--json", "--yes").stdout)
    assert made["rho_spent"] == pytest.approx(0.15) and made["rho_remaining"] == pytest.approx(0.35)
    budget = _budget(eqsurvey)
    assert (budget["rho_total"], budget["rho_spent"], budget["rho_remaining"]) == (0.5, 0.15, 0.35)
    listed = json.loads(eqsurvey("release", "list", "--json").stdout)
    assert [r["id"] for r in listed] == [made["id"]]
    body = json.loads(eqsurvey("release", "show", made["id"], "--json").stdout)
    assert body["instrument"] == {"id": "musterstadt-2026", "version": "1.0.0"}
    assert body["plan_hash"].startswith("sha256:") and "dataset" not in body  # its MAC stays in the store
    assert body["privacy"]["rho"] == 0.15 and body["privacy"]["rho_measured"] <= 0.15
    assert body["sample"] == "non_probability" and "do not represent" in body["intervals"]["sample"]
    assert "seed" not in json.dumps(body)
    for table in body["tables"]:
        for part in table["noise"].values():
            assert part["scale"] > 0 and part["sensitivity"] >= 1
    text = eqsurvey("release", "show", made["id"]).stdout
    assert "discrimination_by_identity (counts)" in text and "σ =" in text
    hidden = body["suppression"]
    assert made["suppressed"] == hidden
    assert f"hidden: {hidden['primary']} cell(s) under the threshold, {hidden['secondary']} more" in text


def test_exports_have_one_row_per_cell_and_suppressed_cells_carry_no_numbers(fielded: Path, eqsurvey: Eqsurvey) -> None:
    rid = eqsurvey("release", "--yes").stdout.strip()
    eqsurvey("release", "export", rid, "--format", "csv", "-o", "cells.csv")
    eqsurvey("release", "export", rid, "--format", "json", "-o", "cells.json")
    rows = list(csv.DictReader(io.StringIO((fielded / "cells.csv").read_text(encoding="utf-8"))))
    document = json.loads((fielded / "cells.json").read_text(encoding="utf-8"))
    assert len(rows) == len(document["cells"]) > 100
    assert document["release"]["id"] == rid and "cells" not in document["release"]["tables"][0]
    suppressed = [r for r in rows if r["status"] == "suppressed"]
    shown = [r for r in rows if r["status"] in ("shown", "uncertain")]
    assert suppressed and shown  # 600 respondents: small identity groups fall under 20
    assert all(r["estimate"] == r["share"] == r["n"] == "" for r in suppressed)
    for r in shown:
        assert float(r["low"]) <= float(r["estimate"]) <= float(r["high"])
        assert float(r["estimate"]) >= 0
    gender = [r for r in rows if r["table"] == "discrimination_gender_x_racialisation"]
    assert {r["by_1"] for r in gender} == {"gender_group"} and {r["by_2"] for r in gender} == {"rac_racialised"}


def test_tables_that_share_a_margin_agree_on_it(fielded: Path, eqsurvey: Eqsurvey) -> None:
    plan = fielded / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("suppress_below: 20", "suppress_below: 0").replace("flag_below: 50", "flag_below: 0"))
    rid = eqsurvey("release", "--yes").stdout.strip()
    tables = {t["id"]: t for t in json.loads(eqsurvey("release", "show", rid, "--json").stdout)["tables"]}

    def margin(table: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for cell in tables[table]["cells"]:
            # A count below zero is shown as 0 and keeps its value as "unclamped": the margins agree on those.
            out[cell["measure"]] = out.get(cell["measure"], 0.0) + cell.get("unclamped", cell["estimate"])
        return out

    # Every respondent is in one group of each breakdown: each table's measure totals are the same people.
    by_racialisation, by_gender, by_both = (
        margin(t) for t in ("discrimination_12m", "discrimination_by_gender", "discrimination_gender_x_racialisation")
    )
    assert set(by_racialisation) == {"true", "false", "_no_answer"}
    for code, value in by_racialisation.items():
        # Nothing is clamped after consistency: the margins agree to rounding.
        assert value == pytest.approx(by_gender[code], abs=1e-6) == pytest.approx(by_both[code], abs=1e-6)


def test_a_release_from_an_exported_dataset_file(fielded: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("dataset", "export", "-o", "data/ds.parquet")
    rid = eqsurvey("release", "--dataset", "data/ds.parquet", "--yes").stdout.strip()
    body = json.loads(eqsurvey("release", "show", rid, "--json").stdout)
    assert "dataset" not in body
    (fielded / "broken.parquet").write_bytes(b"PAR1 not really")
    before = _budget(eqsurvey)
    run = eqsurvey("release", "--dataset", "broken.parquet", expect=1)
    assert "broken.parquet: not a readable Parquet file" in run.stderr
    assert _budget(eqsurvey) == before


def _stored_body(project: Path, release_id: str) -> dict[str, Any]:
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        release = store.release(release_id)
    finally:
        store.close()
    assert release is not None
    return release.body


@pytest.mark.slow
def test_the_store_keeps_a_keyed_mac_of_the_dataset_that_only_the_analysts_can_check(
    fielded: Path, eqsurvey: Eqsurvey
) -> None:
    eqsurvey("dataset", "export", "-o", "data/ds.parquet")
    from_file = eqsurvey("release", "--dataset", "data/ds.parquet", "--yes").stdout.strip()
    from_store = eqsurvey("release", "--yes").stdout.strip()
    digest = hashlib.sha256((fielded / "data/ds.parquet").read_bytes()).hexdigest()
    for rid in (from_file, from_store):
        mac = _stored_body(fielded, rid)["dataset"]["mac"]
        assert mac.startswith("hmac-sha256:v1:") and digest not in mac
        shown = eqsurvey("release", "show", rid)
        assert mac not in shown.stdout and "never published" in shown.stdout
        for fmt in ("csv", "json"):
            eqsurvey("release", "export", rid, "--format", fmt, "-o", f"cells.{fmt}")
            assert mac.split(":")[-1] not in (fielded / f"cells.{fmt}").read_text(encoding="utf-8")
    assert (fielded / "keys/private/dataset-mac.json").exists()
    checked = eqsurvey("release", "verify", from_file, "--dataset", "data/ds.parquet")
    assert "was made from data/ds.parquet" in checked.stdout
    assert "was made from the responses in the store" in eqsurvey("release", "verify", from_store).stdout
    eqsurvey("responses", "simulate", "--n", "5", "--seed", "4", "-o", "more.csv")
    eqsurvey("responses", "import", "more.csv")
    eqsurvey("dataset", "export", "-o", "data/more.parquet")
    for args in ((from_file, "--dataset", "data/more.parquet"), (from_store,)):
        refused = eqsurvey("release", "verify", *args, expect=1)
        assert "was not made from" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.slow
def test_an_overspending_release_is_refused_and_spends_nothing(fielded: Path, eqsurvey: Eqsurvey) -> None:
    for _ in range(3):
        eqsurvey("release", "--yes")
    before = _budget(eqsurvey)
    assert before["rho_remaining"] == pytest.approx(0.05)
    run = eqsurvey("release", "--json", expect=1)
    assert "Requested 0.15 / Remaining 0.05 / Difference 0.1" in run.stderr and run.stdout == ""
    assert _budget(eqsurvey) == before
    assert len(json.loads(eqsurvey("release", "list", "--json").stdout)) == 3


def test_unknown_releases_and_missing_keys_are_user_errors(fielded: Path, eqsurvey: Eqsurvey) -> None:
    assert "no release 'r-nope'" in eqsurvey("release", "show", "r-nope", expect=1).stderr
    assert "see eqsurvey release list" in eqsurvey("release", "export", "r-nope", "-o", "x.csv", expect=1).stderr
    assert not (fielded / "x.csv").exists()


def _release_in_a_process(project: str, results: multiprocessing.Queue[int]) -> None:
    from typer.testing import CliRunner

    from eqsurvey.cli import app

    os.chdir(project)
    results.put(CliRunner().invoke(app, ["release", "--dataset", "ds.parquet", "--yes"]).exit_code)


@pytest.mark.slow
def test_two_releases_at_once_cannot_overspend(fielded: Path, eqsurvey: Eqsurvey) -> None:
    plan = fielded / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("budget_share: 0.3 ", "budget_share: 0.6 "))
    eqsurvey("dataset", "export", "-o", "ds.parquet")
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[int] = context.Queue()
    racers = [context.Process(target=_release_in_a_process, args=(str(fielded), results)) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(120)
    assert sorted(results.get(timeout=5) for _ in racers) == [0, 1]
    budget = _budget(eqsurvey)
    assert budget["rho_spent"] == pytest.approx(0.3) and len(budget["releases"]) == 1


def test_releases_and_the_budget_on_a_postgresql_store(
    project: Path, eqsurvey: Eqsurvey, postgres: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    url = fresh_database(postgres, "release")
    store_in(project, url)
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "300", "--seed", "5", "-o", "r.csv")
    eqsurvey("responses", "import", "r.csv")
    made = [json.loads(eqsurvey("release", "--json", "--yes").stdout) for _ in range(3)]
    assert [m["rho_remaining"] for m in made] == pytest.approx([0.35, 0.2, 0.05])
    run = eqsurvey("release", expect=1)
    assert "Requested 0.15 / Remaining 0.05 / Difference 0.1" in run.stderr
    budget = _budget(eqsurvey)
    assert [r["id"] for r in budget["releases"]] == [m["id"] for m in made]
    with psycopg.connect(url) as conn:
        logged = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'release'").fetchone()
    assert logged == (3,)

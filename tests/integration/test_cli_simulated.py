"""Simulated responses through the real commands: imported as such, released from the store, reported as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eqsurvey.resources import project_store
from tests.integration.conftest import Eqsurvey


def test_a_release_from_the_store_records_its_simulated_responses(
    project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eqsurvey.config import load_project

    monkeypatch.setenv("EQSURVEY_PASSPHRASE", "simulated responses passphrase")
    eqsurvey("keys", "init")
    made = eqsurvey("responses", "simulate", "--n", "400", "--seed", "4", "-o", "sim.csv")
    assert "import them with --simulated" in made.stderr
    eqsurvey("responses", "simulate", "--n", "50", "--seed", "5", "-o", "more.csv")
    assert "stored 400" in eqsurvey("responses", "import", "--simulated", "sim.csv").stdout
    assert "stored 50" in eqsurvey("responses", "import", "more.csv").stdout  # taken as real: not counted
    store = project_store(load_project(project))
    try:
        imports = [e.detail for e in store.audit_log() if e.action == "import"]
    finally:
        store.close()
    assert [d["simulated"] for d in imports] == [True, False]
    release_id = eqsurvey("release", "--yes").stdout.strip()  # no --dataset: opened from the store
    assert json.loads(eqsurvey("release", "show", release_id, "--json").stdout)["simulated_responses"] == 400
    eqsurvey("report", "build", release_id, "--lang", "en", "-o", "report.html")
    html = (project / "report.html").read_text(encoding="utf-8")
    assert html.index('<aside class="simulated-banner"') < html.index('id="summary"')


def test_random_weights_are_still_there_and_an_unknown_population_is_a_user_error(
    project: Path, eqsurvey: Eqsurvey
) -> None:
    eqsurvey("responses", "simulate", "--n", "30", "--population", "random", "-o", "random.csv")
    assert len((project / "random.csv").read_text(encoding="utf-8").splitlines()) == 31
    run = eqsurvey("responses", "simulate", "--n", "30", "--population", "atlantis", expect=1)
    assert "[unknown-population]" in run.stderr and "germany-city" in run.stderr and "Traceback" not in run.stderr

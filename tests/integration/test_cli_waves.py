"""Survey waves through the real command: each wave's releases spend its own budget; changes between waves."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli_release import fielded  # noqa: F401 - the same fixture
from tests.support.cli import Eqsurvey

TODAY = date.today().isoformat()
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def _json(eqsurvey: Eqsurvey, *args: str) -> Any:
    return json.loads(eqsurvey(*args).stdout)


def _store(project: Path) -> sqlite3.Connection:
    return sqlite3.connect(project / "data" / "responses.sqlite")


def _second_wave_arrives(project: Path, eqsurvey: Eqsurvey) -> None:
    """600 more responses, simulated, received tomorrow: imported now and dated so in the store (days only)."""
    with closing(_store(project)) as db:
        (before,) = db.execute("SELECT MAX(row_id) FROM responses").fetchone()
    eqsurvey("responses", "simulate", "--n", "600", "--seed", "4", "-o", "r2.csv")
    assert "stored 600" in eqsurvey("responses", "import", "--simulated", "r2.csv").stdout
    with closing(_store(project)) as db, db:
        db.execute("UPDATE responses SET received_day = ? WHERE row_id > ?", (TOMORROW, before))


@pytest.mark.slow
def test_each_wave_is_released_on_its_own_budget_and_its_changes_reported(
    fielded: Path,  # noqa: F811
    eqsurvey: Eqsurvey,
) -> None:
    first = _json(eqsurvey, "release", "--json", "--yes")
    assert first["wave"] == 1

    refused = eqsurvey("wave", "start", "2027", "--from", TODAY, "--reason", "too soon", expect=1)
    assert "[wave-start]" in refused.stderr and "Traceback" not in refused.stderr
    assert "[wave-reason]" in eqsurvey("wave", "start", "2027", "--reason", " ", expect=1).stderr
    eqsurvey("wave", "start", "2027", "--reason", "second wave approved by the council")
    _second_wave_arrives(fielded, eqsurvey)

    second = _json(eqsurvey, "release", "--json", "--yes")  # the latest wave by default
    assert second["wave"] == 2 and second["rho_spent"] == pytest.approx(0.15)
    assert second["rho_remaining"] == pytest.approx(0.35), "wave 2 spends its own budget"
    again = _json(eqsurvey, "release", "--wave", "1", "--json", "--yes")
    assert again["wave"] == 1 and again["rho_remaining"] == pytest.approx(0.2)
    simulated = {
        r: _json(eqsurvey, "release", "show", r, "--json")["simulated_responses"] for r in (second["id"], again["id"])
    }
    assert simulated == {second["id"]: 600, again["id"]: 0}, "each release counts its own wave's simulated responses"
    shown = {r: _json(eqsurvey, "release", "show", r, "--json") for r in (first["id"], second["id"], again["id"])}
    assert "wave" not in shown[first["id"]], "a release made while the survey had one wave names none"
    assert shown[second["id"]]["wave"] == {"number": 2, "name": "2027", "starts": TOMORROW, "ends": None}
    assert shown[again["id"]]["wave"] == {"number": 1, "name": "1", "starts": None, "ends": TODAY}
    eqsurvey("report", "build", second["id"], "--lang", "en", "-o", "wave2.html")
    wave_page = (fielded / "wave2.html").read_text(encoding="utf-8")
    assert "survey wave 2 (2027)" in wave_page and "its own privacy budget" in wave_page
    eqsurvey("report", "build", again["id"], "--lang", "de", "-o", "wave1.html")
    assert "Befragungswelle 1 (1)" in (fielded / "wave1.html").read_text(encoding="utf-8")

    budget = _json(eqsurvey, "budget", "--json")
    found = [(w["number"], w["name"], w["respondents"], w["rho_spent"]) for w in budget["waves"]]
    assert found == [(1, "1", 600, pytest.approx(0.3)), (2, "2027", 600, pytest.approx(0.15))]
    assert "sum of both" in budget["note"]
    assert "wave 2 (2027): from " + TOMORROW in eqsurvey("wave").stdout
    listed = _json(eqsurvey, "release", "list", "--json")
    assert sorted((r["id"], r["wave"]) for r in listed) == sorted(
        [(first["id"], 1), (second["id"], 2), (again["id"], 1)]
    )
    file_refused = eqsurvey("release", "--dataset", "r2.csv", "--yes", expect=1)
    assert "[wave-dataset-file]" in file_refused.stderr and "nothing was spent" in file_refused.stderr
    assert "[unknown-wave]" in eqsurvey("release", "--wave", "2030", "--yes", expect=1).stderr

    eqsurvey("report", "changes", first["id"], second["id"], "--lang", "en", "-o", "changes.html")
    page = (fielded / "changes.html").read_text(encoding="utf-8")
    assert "Changes between survey waves" in page and "wave 2 (2027)" in page
    assert ("spent no privacy budget" in page and "not shown" in page) or "no clear change" in page
    eqsurvey("report", "changes", first["id"], second["id"], "--lang", "de", "-o", "changes.csv")
    rows = list(csv.DictReader(io.StringIO((fielded / "changes.csv").read_text(encoding="utf-8"))))
    assert rows and {r["reading"] for r in rows} <= {"höher", "niedriger", "keine klare Veränderung", ""}
    for row in rows:
        if row["change"]:
            change, b, a = float(row["change"]), float(row["wave_b"]), float(row["wave_a"])
            assert change == pytest.approx(b - a) and float(row["change_low"]) <= change <= float(row["change_high"])
    assert _json(eqsurvey, "budget", "--json")["waves"][1]["rho_spent"] == pytest.approx(0.15), "nothing spent"

    same = eqsurvey("report", "changes", first["id"], again["id"], expect=1)
    assert "[changes-same-wave]" in same.stderr and "not independent" in same.stderr
    assert "[changes-order]" in eqsurvey("report", "changes", second["id"], first["id"], expect=1).stderr

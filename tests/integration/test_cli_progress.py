"""eqsurvey responses progress: invitations answered and responses per ISO week, from a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli_responses import PASS
from tests.support.cli import Eqsurvey


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return project


def set_days(project: Path, days: list[str]) -> None:
    """Give the stored responses these received days in turn (the store writes today's; fieldwork spans weeks)."""
    import sqlite3

    db = sqlite3.connect(project / "data" / "responses.sqlite")
    try:
        rowids = [r[0] for r in db.execute("SELECT rowid FROM responses ORDER BY rowid")]
        for rowid, day in zip(rowids, days, strict=True):
            db.execute("UPDATE responses SET received_day = ? WHERE rowid = ?", (day, rowid))
        db.commit()
    finally:
        db.close()


def test_progress_shows_invitations_answered_and_weeks(keyed: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("invitations", "create", "40", "-o", "codes.csv")
    eqsurvey("responses", "simulate", "--n", "6", "--seed", "3", "-o", "pilot.csv")
    eqsurvey("responses", "import", "pilot.csv")
    set_days(keyed, ["2026-11-30", "2026-12-01", "2026-12-06", "2026-12-21", "2026-12-22", "2026-12-22"])
    run = eqsurvey("responses", "progress")
    assert run.stdout.splitlines() == [
        "invitations: 0 of 40 answered (0.0 %), 40 not yet",
        "responses: 6",
        "2026-W49 (from 2026-11-30): 3",
        "2026-W50 (from 2026-12-07): 0",
        "2026-W51 (from 2026-12-14): 0",
        "2026-W52 (from 2026-12-21): 3",
    ]
    assert "not for publication" in " ".join(eqsurvey("responses", "progress", "--help").stdout.split())
    body = json.loads(eqsurvey("responses", "progress", "--json").stdout)
    assert body["invitations"] == {"created": 40, "used": 0, "unused": 40} and body["responses"] == 6
    assert [w["responses"] for w in body["weeks"]] == [3, 0, 0, 3] and body["weeks"][0]["week"] == "2026-W49"


def test_progress_of_a_survey_without_invitations_or_responses(project: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("responses", "progress")
    assert run.stdout == "responses: 0\n" and "release" in run.stderr

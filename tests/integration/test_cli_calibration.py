"""A calibrated plan through the real commands: validate, a broken margins file, release, show and report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calibration"
PASS = "calibration tests passphrase"


@pytest.fixture
def calibrated(project: Path) -> Path:
    """The Musterstadt example with the calibrated example plan and its margins file beside it."""
    shutil.copy(EXAMPLE / "plan.yaml", project / "plan.yaml")
    shutil.copy(EXAMPLE / "population.csv", project / "population.csv")
    return project


def test_the_calibrated_example_validates(calibrated: Path, eqsurvey: Eqsurvey) -> None:
    out = eqsurvey("plan", "validate").stdout
    assert "valid — plan musterstadt-weighted" in out
    # The weighting stated: variables, method, the margins' file and source, its part of the budget.
    assert "rake to age_band, ms_district from population.csv (Musterstadt, Einwohnermelderegister" in out
    assert "50% of each release's budget" in out
    summary = json.loads(eqsurvey("plan", "validate", "--json").stdout)["calibration"]
    assert summary["variables"] == ["age_band", "ms_district"] and summary["share"] == 0.5
    assert summary["rho_per_release"] > 0 and summary["margins"] == "population.csv"


def test_a_broken_margins_file_is_refused_with_its_line_and_fix(calibrated: Path, eqsurvey: Eqsurvey) -> None:
    margins = calibrated / "population.csv"
    margins.write_text(margins.read_text().replace(",am_hafen,12000", ",am_hafn,12000"))
    run = eqsurvey("plan", "validate", expect=1)
    assert "population.csv:17" in run.stderr and "'am_hafn' is not a category of 'ms_district'" in run.stderr
    assert "Traceback" not in run.stderr
    margins.write_text(margins.read_text().replace(",am_hafn,12000", ",am_hafen,-5"))
    run = eqsurvey("plan", "validate", expect=1)
    assert "population.csv:17" in run.stderr and "not a count of people" in run.stderr


def test_a_calibrated_release_states_its_weighting_and_its_report_shows_it(
    calibrated: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "800", "--seed", "5", "-o", "r.csv")
    eqsurvey("responses", "import", "r.csv")
    made = json.loads(eqsurvey("release", "--json", "--yes").stdout)
    assert made["rho_spent"] == pytest.approx(0.15)
    body = json.loads(eqsurvey("release", "show", made["id"], "--json").stdout)
    assert body["privacy"]["rho_measured"] <= 0.15
    weighting = body["weighting"]
    assert weighting["variables"] == ["age_band", "ms_district"] and weighting["method"] == "rake"
    assert "Einwohnermelderegister" in weighting["source"] and weighting["population"] == 120000
    assert weighting["design_effect"] >= 1 and [t["id"] for t in weighting["tables"]] == [
        "discrimination_12m",
        "discrimination_by_gender",
    ]
    assert body["plan"]["calibration"]["population"][0] == {"codes": {"age_band": "16_24"}, "count": 13000.0}
    assert "weighted" in body["intervals"]
    text = eqsurvey("release", "show", made["id"]).stdout
    assert "weighted (rake) to age_band × ms_district from Musterstadt, Einwohnermelderegister" in text
    assert "discrimination_by_gender (weighted): " in text
    eqsurvey("report", "build", made["id"], "--lang", "de", "-o", "out/bericht.html")
    html = (calibrated / "out" / "bericht.html").read_text(encoding="utf-8")
    assert "Gewichtete Tabellen" in html and "Die Gewichtung gleicht nur" in html
    assert "Einwohnermelderegister" in html


def test_the_preview_covers_the_weighted_tables(calibrated: Path, eqsurvey: Eqsurvey) -> None:
    data = json.loads(eqsurvey("plan", "preview", "--respondents", "1500", "--json").stdout)
    assert sum(t["rho"] for t in data["tables"]) == pytest.approx(0.15 * 0.5)
    weighted = data["weighted"]
    assert weighted["design_effect"] >= 1 and [t["id"] for t in weighted["tables"]] == [
        "discrimination_12m",
        "discrimination_by_gender",
    ]
    assert all(c["share_half_width"] > 0 for t in weighted["tables"] for c in t["cells"])
    text = eqsurvey("plan", "preview", "--respondents", "1500", "--lang", "en").stdout
    assert "Weighted tables: design effect" in text

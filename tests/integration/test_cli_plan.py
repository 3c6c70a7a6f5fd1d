"""eqsurvey plan validate through the real command, in a project made by eqsurvey init."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.conftest import Eqsurvey


def test_the_example_plan_validates_and_shows_its_budget(project: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("plan", "validate")
    assert "valid — plan musterstadt-main for musterstadt-2026" in run.stdout
    assert "ρ = 0.15 (ε = " in run.stdout and "of the survey's ρ = 0.5" in run.stdout
    data = json.loads(eqsurvey("plan", "validate", "--json").stdout)
    assert data["rho_per_release"] == 0.15 and data["rho_total"] == 0.5
    assert 2 < data["epsilon_per_release"] < 3 and data["kinds"]["counts"] >= 4


def test_the_starter_project_gets_a_draft_plan_that_validates(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    eqsurvey("init", "starter", "--example", "starter")
    eqsurvey.cwd = tmp_path / "starter"
    assert "valid — plan main" in eqsurvey("plan", "validate").stdout


def test_a_broken_plan_is_refused_with_file_line_and_fix(project: Path, eqsurvey: Eqsurvey) -> None:
    plan = project / "plan.yaml"
    plan.write_text(plan.read_text().replace("measure: ta_police", "measure: ta_polize"))
    run = eqsurvey("plan", "validate", expect=1)
    assert "plan.yaml:" in run.stderr and "ta_polize" in run.stderr and "did you mean 'ta_police'" in run.stderr


def test_a_large_spend_is_warned_about_and_a_broken_budget_refused(project: Path, eqsurvey: Eqsurvey) -> None:
    config = project / "eqsurvey.toml"
    config.write_text(config.read_text().replace("total_rho = 0.5", "total_rho = 4"))
    run = eqsurvey("plan", "validate")
    assert "weak-guarantee" in run.stderr and "valid" in run.stdout
    config.write_text(config.read_text().replace("total_rho = 4", 'total_rho = "lots"'))
    run = eqsurvey("plan", "validate", expect=1)
    assert "[analysis] total_rho must be a positive number" in run.stderr


def test_a_plan_outside_a_project_needs_its_instrument(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "musterstadt"
    run = eqsurvey("plan", "validate", root / "plan.yaml", "--instrument", root / "instrument.yaml")
    assert "valid" in run.stdout
    assert "eqsurvey.toml" in eqsurvey("plan", "validate", root / "plan.yaml", expect=1).stderr

"""eqsurvey plan validate and preview through the real command, in a project made by eqsurvey init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.support.cli import Eqsurvey


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


def test_the_preview_gives_every_table_and_cell_as_json_without_the_store(project: Path, eqsurvey: Eqsurvey) -> None:
    data = json.loads(eqsurvey("plan", "preview", "--respondents", "1500", "--json").stdout)
    plan = yaml.safe_load((project / "plan.yaml").read_text())
    assert data["plan"] == plan["id"] and data["respondents"] == 1500 and data["shares_file"] is None
    assert [t["id"] for t in data["tables"]] == [t["id"] for t in plan["tables"]]
    assert data["rho"] == 0.15 and sum(t["rho"] for t in data["tables"]) == pytest.approx(0.15)
    assert sum(t["optimal_share"] for t in data["tables"]) == pytest.approx(1)
    assert data["optimal_weighted_error"] <= data["weighted_error"] * (1 + 1e-9)
    counts = next(t for t in data["tables"] if t["kind"] == "counts")
    cell = counts["cells"][0]
    assert {"expected", "noise_sd", "count_half_width", "share_half_width", "p_suppressed", "status"} <= set(cell)
    assert cell["noise_sd"] == counts["noise"]["counts"] > 0 and 0 <= cell["p_suppressed"] <= 1
    write_ins = next(t for t in data["tables"] if t["kind"] == "write_ins")
    assert write_ins["threshold"] > 0 and write_ins["cells"] == []
    assert not (project / "data").exists()  # no store opened, none made


def test_the_preview_for_people_caps_cells_and_proposes_a_split(project: Path, eqsurvey: Eqsurvey) -> None:
    out = eqsurvey("plan", "preview", "-n", "800", "--lang", "en").stdout
    assert "Accuracy preview of plan.yaml for 800 respondents" in out
    assert "Cells not listed here: 42, among them those of “no answer”" in out and "(--all lists every one)" in out
    assert "How the privacy budget is split across the tables" in out and "Best share" in out
    assert "Table 2: Discrimination in the past 12 months by self-identification" in out
    assert "not listed" not in eqsurvey("plan", "preview", "-n", "800", "--all", "--lang", "en").stdout


def test_a_pilot_file_changes_what_is_expected(project: Path, eqsurvey: Eqsurvey) -> None:
    (project / "pilot.csv").write_text("variable,category,share\ngender_group,tin,0.01\n")
    data = json.loads(eqsurvey("plan", "preview", "-n", "1000", "--shares", "pilot.csv", "--json").stdout)
    table = next(t for t in data["tables"] if t["id"] == "discrimination_by_gender")
    tin = [c for c in table["cells"] if c["by"] == {"gender_group": "tin"}]
    assert sum(c["expected"] for c in tin) == pytest.approx(10) and all(c["status"] == "suppressed" for c in tin)


def test_the_preview_refuses_a_missing_or_silly_number_of_respondents(project: Path, eqsurvey: Eqsurvey) -> None:
    assert "--respondents" in eqsurvey("plan", "preview", expect=2).stderr
    assert "--respondents" in eqsurvey("plan", "preview", "--respondents", "0", expect=2).stderr


def test_a_broken_pilot_file_is_refused_with_file_line_and_fix(project: Path, eqsurvey: Eqsurvey) -> None:
    (project / "pilot.csv").write_text("variable,category,share\ngender_group,tin,0.04\ngender_grup,tin,0.04\n")
    run = eqsurvey("plan", "preview", "-n", "1000", "--shares", "pilot.csv", expect=1)
    assert "pilot.csv:3: error [pilot-variable]" in run.stderr and "did you mean 'gender_group'" in run.stderr
    assert "fix:" in run.stderr and run.stdout == ""
    assert "there is no file" in eqsurvey("plan", "preview", "-n", "9", "--shares", "nope.csv", expect=1).stderr


@pytest.mark.parametrize("share", ["1e-320", "0", ".nan", ".inf", "1e308"])
def test_a_budget_share_that_buys_no_usable_noise_is_a_user_error(
    project: Path, eqsurvey: Eqsurvey, share: str
) -> None:
    plan = project / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("budget_share: 0.3 ", f"budget_share: {share} "), encoding="utf-8")
    for command in (("plan", "validate"), ("plan", "preview", "-n", "1000"), ("release",)):
        run = eqsurvey(*command, expect=1)
        assert "plan.yaml:5: error [" in run.stderr and "budget_share" in run.stderr, run
        assert "internal error" not in run.stderr


def test_a_total_budget_beyond_any_guarantee_is_refused(project: Path, eqsurvey: Eqsurvey) -> None:
    config = project / "eqsurvey.toml"
    config.write_text(config.read_text().replace("total_rho = 0.5", "total_rho = 1e308"))
    run = eqsurvey("plan", "validate", expect=1)
    assert "total_rho must be a positive number up to 1000, not 1e+308" in run.stderr

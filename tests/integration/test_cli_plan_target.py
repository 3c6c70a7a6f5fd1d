"""eqsurvey plan target through the real command: respondents and budget for a target accuracy, and its errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.cli import Eqsurvey


def target_json(eqsurvey: Eqsurvey, *more: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(eqsurvey("plan", "target", "--format", "json", *more).stdout)
    return data


def test_the_planner_answers_per_group_and_a_smaller_group_needs_more(project: Path, eqsurvey: Eqsurvey) -> None:
    data = target_json(eqsurvey, "--half-width", "0.05", "--table", "discrimination_by_gender")
    [table] = data["tables"]
    by_group = {g["by"]["gender_group"]: g for g in table["groups"]}
    assert set(by_group) == {"tin", "cis_woman", "cis_man"}
    tin, woman = by_group["tin"], by_group["cis_woman"]
    # The plan's reference shares: 3 % TIN*, 49 % cis women, among those who answer.
    assert tin["share"] < 0.04
    assert woman["share"] > 0.4
    assert tin["members"] == woman["members"]  # the same interval needs the same members
    assert tin["respondents"] > 10 * woman["respondents"]
    assert data["respondents"] == table["respondents"] == tin["respondents"]
    assert data["shares"]["sources"] == {"gender_group": "plan"}
    assert data["skipped"] == {}
    assert all(g["reach"] == "reachable" for g in table["groups"])


def test_a_cap_and_a_fixed_number_of_respondents_put_groups_out_of_reach(project: Path, eqsurvey: Eqsurvey) -> None:
    data = target_json(
        eqsurvey, "--half-width", "0.05", "--table", "discrimination_by_gender", "--max-respondents", "5000"
    )
    reach = {g["by"]["gender_group"]: g["reach"] for g in data["tables"][0]["groups"]}
    assert reach == {"tin": "beyond_cap", "cis_woman": "reachable", "cis_man": "reachable"}
    assert data["respondents"] is None
    fixed = target_json(eqsurvey, "--half-width", "0.05", "--table", "discrimination_by_gender", "-n", "3000")
    reach = {g["by"]["gender_group"]: g["reach"] for g in fixed["tables"][0]["groups"]}
    assert reach["tin"] == "sampling" and reach["cis_woman"] == "reachable"
    assert fixed["at"] == 3000 and fixed["rho_needed"] is None
    # Just enough TIN* members for the target without noise: only more than the project's whole ρ (0.5) would do.
    short = target_json(eqsurvey, "--half-width", "0.05", "--table", "discrimination_by_gender", "-n", "14700")
    tin = next(g for g in short["tables"][0]["groups"] if g["by"]["gender_group"] == "tin")
    assert tin["reach"] == "budget" and tin["rho"] > short["rho_total"] == 0.5


def test_the_text_names_groups_in_the_language_asked_and_says_what_is_assumed(
    project: Path, eqsurvey: Eqsurvey
) -> None:
    text = eqsurvey(
        "plan", "target", "--half-width", "0.05", "--mean-half-width", "0.3", "--group", "tin", "--lang", "en"
    ).stdout
    assert "Target: 95 % intervals of at most ± 5 points for shares, ± 0.3 for means" in text
    assert "TIN*" in text and "cis woman" not in text.lower()
    assert "the plan's reference shares (gender_group)" in text
    assert "Not planned: gender_write_ins (write-ins have no interval to target)" in text
    assert "trust_police_by_gender: mean of ta_police by gender_group, ± 0.3" in text


def test_the_city_type_fills_shares_the_plan_does_not_give(project: Path, eqsurvey: Eqsurvey) -> None:
    data = target_json(eqsurvey, "--half-width", "0.05", "--city-type", "germany", "--table", "discrimination_12m")
    assert data["shares"]["sources"]["mh_birth_country"] == "reference"
    assert {r["source"]["url"] for r in data["references"]} == {"https://www.presseportal.de/pm/32102/5820800"}


def test_a_pilot_file_and_a_pilots_release_give_the_shares(project: Path, eqsurvey: Eqsurvey) -> None:
    (project / "pilot.csv").write_text("variable,category,share\nrac_self,black,0.02\n", encoding="utf-8")
    data = target_json(
        eqsurvey, "--half-width", "0.05", "--table", "discrimination_by_identity", "--shares", "pilot.csv"
    )
    black = next(g for g in data["tables"][0]["groups"] if g["by"]["rac_self"] == "black")
    assert 0.015 < black["share"] < 0.025
    assert data["shares"]["sources"]["rac_self"] == "pilot"


def test_bad_input_is_a_user_error_with_a_fix(project: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("plan", "target", "--half-width", "5", expect=1)
    assert "[bad-half-width]" in run.stderr and "write 0.05 for ± 5 points" in run.stderr
    run = eqsurvey("plan", "target", "--half-width", "0.05", "--table", "nope", expect=1)
    assert "[unknown-table]" in run.stderr and "discrimination_by_gender" in run.stderr
    run = eqsurvey(
        "plan", "target", "--half-width", "0.05", "--group", "nope", "--table", "discrimination_by_gender", expect=1
    )
    assert "[unknown-group]" in run.stderr and "cis_woman" in run.stderr
    run = eqsurvey("plan", "target", "--half-width", "0.05", "--city-type", "village", expect=1)
    assert "[unknown-city-type]" in run.stderr and "largest_cities" in run.stderr
    (project / "broken.json").write_text("{not json", encoding="utf-8")
    run = eqsurvey("plan", "target", "--half-width", "0.05", "--shares", "broken.json", expect=1)
    assert "broken.json" in run.stderr and "Traceback" not in run.stderr
    (project / "pilot.csv").write_text("variable,category,share\nrac_self,martian,0.02\n", encoding="utf-8")
    run = eqsurvey("plan", "target", "--half-width", "0.05", "--shares", "pilot.csv", expect=1)
    assert "pilot.csv:2" in run.stderr and "martian" in run.stderr


def test_a_pilots_release_file_gives_the_shares_from_its_noisy_counts(tmp_path: Path) -> None:
    from tests.support.released_example import released_example

    eqsurvey, release = released_example(tmp_path, "five random words for the target", n=800, seed=4)
    shown = eqsurvey("release", "show", release, "--json").stdout
    (eqsurvey.cwd / "pilot.json").write_text(shown, encoding="utf-8")
    data = target_json(
        eqsurvey, "--half-width", "0.05", "--shares", "pilot.json", "--table", "discrimination_by_gender"
    )
    assert data["shares"]["sources"]["gender_group"] == "release"  # the release beats the plan's reference shares
    shares = {g["by"]["gender_group"]: g["share"] for g in data["tables"][0]["groups"]}
    # The simulated population's gender groups, as the release's noisy counts show them.
    assert 0.3 < shares["cis_woman"] < 0.7 and shares["tin"] < 0.2

"""The draft analysis plan written by eqsurvey init."""

from __future__ import annotations

import yaml

from instruments.loader import parse_instrument
from survey.project_init import draft_plan
from tests.builders import GENDER, instrument_yaml

QUESTIONS = (
    GENDER
    + """\
- id: discr
  type: single_choice
  label: {de: D, en: D}
  role: outcome
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
- id: reported
  type: single_choice
  label: {de: R, en: R}
  role: outcome
  relevant: discr == 'yes'
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
"""
)
DERIVED = """\
derived:
  - {id: tin, type: boolean, label: {de: T, en: T}, when: "selected(gender, 'trans') or selected(gender, 'nonbinary')"}
  - {id: woman, type: boolean, label: {de: F, en: W}, when: "selected(gender, 'woman')"}
"""


def tables(extra: str = DERIVED) -> dict[str, list[str]]:
    inst = parse_instrument(instrument_yaml(QUESTIONS, extra), "t.yaml").instrument
    plan = yaml.safe_load(draft_plan(inst))
    return {t["id"]: t["by"] for t in plan["tables"]}


def test_follow_ups_only_overall_and_derived_groups_with_an_intersection() -> None:
    found = tables()
    assert found == {
        "discr_overall": [],
        "reported_overall": [],
        "discr_by_tin": ["tin"],
        "discr_by_woman": ["woman"],
        "discr_by_tin_x_woman": ["tin", "woman"],
    }


def test_without_derived_groups_the_breakdown_questions_are_used() -> None:
    found = tables("")
    assert found == {"discr_overall": [], "reported_overall": [], "discr_by_gender": ["gender"]}


def test_project_option_may_stand_anywhere() -> None:
    from survey.cli import hoist_global_options

    assert hoist_global_options(["instrument", "validate", "--project", "p"]) == [
        "--project",
        "p",
        "instrument",
        "validate",
    ]
    assert hoist_global_options(["instrument", "--project=p", "validate"]) == ["--project=p", "instrument", "validate"]
    assert hoist_global_options(["--project", "p", "init", "x"]) == ["--project", "p", "init", "x"]
    assert hoist_global_options(["instrument", "import", "--", "--project", "f"]) == [
        "instrument",
        "import",
        "--",
        "--project",
        "f",
    ]

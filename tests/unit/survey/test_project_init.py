"""The draft analysis plan written by eqsurvey init."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from analysis.plans.loader import PlanError, parse_plan
from eqsurvey.workflows.new_project import draft_plan
from instruments.loader import load_instrument, parse_instrument
from instruments.model import Instrument
from tests.support.builders import GENDER, ROOT, instrument_yaml
from tests.support.strategies import instruments

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
    from eqsurvey.cli import hoist_global_options

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


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments())
def test_the_draft_plan_of_any_instrument_is_a_valid_plan(instrument: Instrument) -> None:
    publishable = [
        q
        for q in instrument.questions()
        if q.privacy != "direct_identifier" and (q.type != "text" or getattr(q, "coarsen", None) is not None)
    ]
    if not publishable:  # nothing a table could show: the draft says so, and validating it does too
        with pytest.raises(PlanError):
            parse_plan(draft_plan(instrument), "plan.yaml", instrument)
        return
    loaded = parse_plan(draft_plan(instrument), "plan.yaml", instrument)
    outcomes = {q.id for q in instrument.questions() if q.role == "outcome"}
    assert {t.measure for t in loaded.plan.tables} <= (outcomes or {q.id for q in publishable})


def test_the_draft_plan_of_the_starter_is_valid() -> None:
    inst = load_instrument(ROOT / "examples" / "starter" / "instrument.yaml").instrument
    assert parse_plan(draft_plan(inst), "plan.yaml", inst).plan.tables

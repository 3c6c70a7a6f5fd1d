"""Budget shares: any number a plan gives is a plan whose noise OpenDP can calibrate, or a user error with file:line."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.budget import epsilon_of
from analysis.mechanisms import gaussian_scale, threshold_scale
from analysis.plans.layout import layouts, split
from analysis.plans.loader import PlanError, parse_plan
from analysis.plans.scales import MAX_NOISE_RATIO
from kernel.privacy_budget import PrivacyBudget
from tests.support.builders import example_instrument

EXAMPLE = example_instrument()
TOTAL = 0.5


def plan_text(budget_share: object, shares: tuple[object, object] | None = None, weight: object = 1.0) -> str:
    tables: list[dict[str, object]] = [
        {"id": "discrimination", "kind": "counts", "measure": "discr_any_12m", "by": ["gender_group"]},
        {"id": "trust", "kind": "mean", "measure": "ta_police", "weight": weight},
    ]
    if shares is not None:
        for table, share in zip(tables, shares, strict=True):
            table["share"] = share
    plan = {"id": "main", "instrument": "musterstadt-2026", "budget_share": budget_share, "tables": tables}
    return yaml.safe_dump(plan, sort_keys=False)


def refusal(text: str) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml", EXAMPLE, PrivacyBudget(TOTAL))
    return [(p.where.line, p.code, p.problem, p.fix) for p in caught.value.problems if p.severity == "error"]


@pytest.mark.parametrize("share", [0.0, -1.0, math.nan, math.inf, -math.inf, 1e308, 1.5])
def test_a_budget_share_outside_0_to_1_is_refused_on_its_line(share: float) -> None:
    ((line, code, problem, fix),) = refusal(plan_text(share))
    assert (line, code) == (3, "invalid-value") and "budget_share" in problem
    assert "above 0 and at most 1" in fix


@pytest.mark.parametrize("share", [1e-320, 5e-324, 1e-300, 1e-30])
def test_a_budget_share_too_small_for_usable_noise_names_the_share_it_needs(share: float) -> None:
    ((line, code, problem, fix),) = refusal(plan_text(share))
    assert (line, code) == (3, "noise-too-large")
    assert "nothing but noise" in problem and "trust" in problem
    needed = float(fix.split("at least ")[1].split(",")[0])
    assert 1e-18 < needed < 1e-15
    parse_plan(plan_text(needed), "plan.yaml", EXAMPLE, PrivacyBudget(TOTAL))  # the share the fix names is enough


def test_a_table_share_too_small_is_refused_on_the_tables_line() -> None:
    text = plan_text(0.5, shares=(1 - 1e-320, 1e-320))
    ((line, code, problem, fix),) = refusal(text)
    assert code == "noise-too-large" and "table 'trust'" in problem and "this table's share (now 1e-320" in fix
    assert line is not None and text.splitlines()[line - 1].strip() == "share: 1.0e-320"


@pytest.mark.parametrize("weight", [0.0, 1e-320, math.nan, math.inf, 1e308])
def test_a_weight_that_would_break_the_split_is_refused(weight: float) -> None:
    ((_, code, problem, fix),) = refusal(plan_text(0.5, weight=weight))
    assert code == "invalid-value" and "'weight'" in problem and "from 0.000001 to 1000000" in fix


finite_or_not = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([5e-324, 1e-320, 1e-17, 1e-16, 1.0])


@settings(max_examples=60, deadline=None)
@given(budget_share=finite_or_not, shares=st.none() | st.tuples(finite_or_not, finite_or_not))
def test_any_share_is_a_usable_plan_or_a_user_error(budget_share: float, shares: tuple[float, float] | None) -> None:
    try:
        plan = parse_plan(plan_text(budget_share, shares), "plan.yaml", EXAMPLE, PrivacyBudget(TOTAL)).plan
    except PlanError as exc:
        assert all(p.where.line is not None for p in exc.problems)
        return
    rho = plan.budget_share * TOTAL
    assert 0 <= epsilon_of(PrivacyBudget(rho)) < math.inf
    shapes = layouts(plan, EXAMPLE)
    for shape, table_rho in zip(shapes, split(shapes, rho), strict=True):
        for part in shape.parts:
            # OpenDP calibrates every part
            scale = (
                threshold_scale(table_rho)
                if part.name == "write_ins"
                else gaussian_scale(part.sensitivity, table_rho * part.fraction, shape.size(part))
            )
            assert 0 < scale <= part.sensitivity * MAX_NOISE_RATIO * (1 + 1e-9)

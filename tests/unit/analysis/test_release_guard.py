"""The rules release's guard rails apply before any budget is spent (analysis.releases.guard)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from analysis.plans.loader import load_plan
from analysis.plans.model import Publication
from analysis.releases.guard import (
    MOST_SUPPRESSED,
    Earlier,
    Expected,
    Facts,
    Freshness,
    Spend,
    expected_suppressed,
    minimum,
    statement,
    too_few,
    warnings,
)
from kernel.errors import Location
from kernel.privacy_budget import PrivacyBudget
from tests.support.builders import ROOT, example_instrument

INSTRUMENT = example_instrument()
PLAN = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", INSTRUMENT).plan


def _facts(**changes: object) -> Facts:
    fresh = Facts(
        plan_id="p",
        plan_file="plan.yaml",
        dataset="ds.parquet",
        spend=Spend(PrivacyBudget("0.15"), PrivacyBudget("0.5"), PrivacyBudget(0)),
        respondents=800,
        expected=Expected(800, 338, 0.47),
        freshness=Freshness("2026-12-01", 800, 800, "2026-12-01", 0),
    )
    return replace(fresh, **changes)  # type: ignore[arg-type]


def test_the_minimum_is_the_plans_threshold_unless_the_config_raises_it() -> None:
    assert minimum(Publication(), None).respondents == 20
    assert minimum(Publication(suppress_below=0, flag_below=0), None).respondents == 1
    raised = minimum(Publication(), 100)
    assert (raised.respondents, raised.configured) == (100, 100) and "min_respondents = 100" in raised.reason()
    lower = minimum(Publication(), 5)
    assert (lower.respondents, lower.configured) == (20, None) and "suppress_below: 20" in lower.reason()


def test_too_few_refuses_strictly_below_the_minimum() -> None:
    least = minimum(Publication(), None)
    problem = too_few(19, least, Location(file="ds.parquet"))
    assert problem is not None and problem.code == "too-few-respondents" and problem.severity == "error"
    assert problem.render().startswith("ds.parquet: error [too-few-respondents] the dataset holds 19 respondent(s)")
    assert too_few(20, least, Location()) is None


@given(
    rows=st.integers(0, 10_000),
    stored=st.integers(0, 10_000),
    after=st.integers(0, 10_000),
)
def test_what_a_dataset_lacks_is_a_lower_bound_from_both_days_and_numbers(rows: int, stored: int, after: int) -> None:
    fresh = Freshness("2026-12-01", rows, stored, "2026-12-02", min(after, stored))
    assert fresh.missing >= stored - rows and fresh.missing >= min(after, stored) and fresh.missing >= 0
    assert fresh.erased == max(rows - stored, 0)
    codes = [p.code for p in warnings(_facts(freshness=fresh))]
    assert ("dataset-older-than-store" in codes) == (fresh.missing > 0 or fresh.erased > 0)


def test_a_dataset_with_erased_respondents_is_warned_about() -> None:
    found = warnings(_facts(freshness=Freshness("2026-12-01", 800, 797, "2026-11-30", 0)))
    assert [p.code for p in found] == ["dataset-older-than-store"]
    assert "at least 3 were erased since it was exported" in found[0].problem


def test_the_size_warning_fires_above_half_the_cells_expected_suppressed() -> None:
    at_half = _facts(expected=Expected(600, 338, MOST_SUPPRESSED))
    assert warnings(at_half) == []
    above = warnings(_facts(expected=Expected(600, 338, 0.51)))
    assert [p.code for p in above] == ["dataset-too-small"] and "about 51% of the plan's 338 cells" in above[0].problem


def test_a_repeat_points_to_the_stored_release() -> None:
    found = warnings(_facts(repeats=(Earlier("r-1", "2026-12-02T10:00:00+00:00"), Earlier("r-2", "2026-12-03"))))
    assert [p.code for p in found] == ["release-repeated"]
    assert "release r-1 of 2026-12-02 (and 1 more)" in found[0].problem
    assert "eqsurvey report build r-1 -o report.html" in found[0].fix and "--yes" in found[0].fix


def test_the_statement_says_what_is_spent_on_what() -> None:
    lines = statement(
        _facts(
            spend=Spend(PrivacyBudget("0.15"), PrivacyBudget("0.5"), PrivacyBudget("0.15")),
            dataset=None,
            freshness=None,
        )
    )
    assert lines[0] == "about to release plan p (plan.yaml) on the responses in the store, opened now:"
    assert lines[1] == (
        "  spend ρ = 0.15: 30% of the survey's total ρ = 0.5 and 43% of the ρ = 0.35 that remains"
        " (ρ = 0.2 left after it)"
    )
    assert lines[2] == "  respondents in the dataset: 800"
    assert lines[3].startswith("  expected suppressed: about 47% of the plan's 338 cells")


def test_the_expected_share_falls_as_respondents_grow() -> None:
    shares = [expected_suppressed(PLAN, INSTRUMENT, 0.15, n).suppressed for n in (20, 200, 800, 5000)]
    assert shares == sorted(shares, reverse=True) and shares[0] > MOST_SUPPRESSED > shares[-1]

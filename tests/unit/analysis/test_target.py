"""The target planner: its answers invert the release's own intervals, and its promise holds in simulation."""

from __future__ import annotations

import math

import pytest

from analysis.preview.accuracy import Planned
from analysis.preview.target import Reach, Target, plan_target
from analysis.preview.target_widths import GroupWidths
from tests.unit.analysis import synthetic, target_study


@pytest.fixture(scope="module")
def planned() -> Planned:
    return Planned(target_study.PLAN, synthetic.INSTRUMENT, target_study.RHO, target_study.PILOT)


def test_members_needed_are_the_fewest_that_meet_the_target(planned: Planned) -> None:
    result = plan_target(planned, target_study.TARGET)
    for index, need in enumerate(result.tables):
        noise = planned.table(index, 1000).noise
        widths = GroupWidths(planned, index, noise, target_study.TARGET)
        for group in need.groups:
            assert group.members is not None
            width = widths.of(group.row, [c for c in planned.table(index, 10**6).cells if c.by == group.by
                                           and c.measure in ("yes", "no", None)], group.stated)  # fmt: skip
            assert width(group.members, 1.0) <= need.half_width < width(group.members - 1, 1.0)


def test_a_smaller_group_needs_more_respondents_and_the_plan_the_most(planned: Planned) -> None:
    result = plan_target(planned, target_study.TARGET)
    for need in result.tables:
        big, small = need.groups[0], need.groups[1]
        assert big.by == {"group": "big"}
        assert big.members == small.members  # the same interval needs the same members
        assert big.respondents is not None and small.respondents is not None
        assert small.respondents > big.respondents * 2  # 0.28 against 0.62 of everyone
        assert need.respondents == small.respondents
    assert result.respondents == max(t.respondents or 0 for t in result.tables)


def test_a_tighter_target_needs_about_the_square_more(planned: Planned) -> None:
    wide = plan_target(planned, Target(0.05)).tables[0].groups[0].members
    narrow = plan_target(planned, Target(0.025)).tables[0].groups[0].members
    assert wide is not None and narrow is not None
    assert 3.5 < narrow / wide < 4.5


def test_rho_needed_meets_the_target_and_less_does_not(planned: Planned) -> None:
    at = 1650
    result = plan_target(planned, Target(0.05, respondents=at))
    need = result.tables[0]
    assert need.rho_needed is not None
    # Fewer respondents than recommended: the table needs more than its share of the budget now.
    assert need.rho_needed > need.rho
    more = Planned(target_study.PLAN, synthetic.INSTRUMENT, target_study.RHO * need.rho_needed / need.rho * 1.01,
                   target_study.PILOT)  # fmt: skip
    assert plan_target(more, Target(0.05)).tables[0].respondents <= at  # type: ignore[operator]
    less = Planned(target_study.PLAN, synthetic.INSTRUMENT, target_study.RHO * need.rho_needed / need.rho * 0.9,
                   target_study.PILOT)  # fmt: skip
    assert plan_target(less, Target(0.05)).tables[0].respondents > at  # type: ignore[operator]


def test_out_of_reach_beyond_the_cap_and_where_sampling_alone_misses(planned: Planned) -> None:
    capped = plan_target(planned, Target(0.01, max_respondents=5000))
    assert capped.respondents is None
    assert {g.reach for g in capped.tables[0].groups} == {Reach.BEYOND_CAP}
    few = plan_target(planned, Target(0.05, respondents=300))
    small = few.tables[0].groups[1]
    assert small.reach is Reach.SAMPLING and small.rho is None  # 84 members: ± 10 points without any noise
    assert few.rho_needed is None


def test_a_table_that_would_need_more_than_the_whole_budget_is_out_of_reach(planned: Planned) -> None:
    at = 1650  # a little short of the 1,733 recommended: the small group needs about twice the table's ρ
    free = plan_target(planned, Target(0.05, respondents=at)).tables[0]
    needed = free.groups[1].rho
    assert needed is not None and needed > free.rho
    capped = plan_target(planned, Target(0.05, respondents=at, max_rho=needed * 0.99)).tables[0]
    assert capped.groups[1].reach is Reach.BUDGET and capped.groups[0].reach is Reach.REACHABLE
    assert plan_target(planned, Target(0.05, respondents=at, max_rho=needed * 1.01)).tables[0].groups[1].reach is (
        Reach.REACHABLE
    )


def test_means_and_write_ins_are_skipped_without_their_own_target(planned: Planned) -> None:
    result = plan_target(planned, Target(0.05))
    assert [t.id for t in result.tables] == ["discrimination"]
    assert result.skipped == {"trust": "mean"}
    with pytest.raises(ValueError, match="positive"):
        plan_target(planned, Target(0.0))


def test_the_promise_is_met_in_95_percent_of_simulated_surveys() -> None:
    """The CI version of benchmarks/target_study.py: 150 surveys per table (the README's figures: 1,000)."""
    plan, tally = target_study.run(150, workers=1, seed=7)
    for key in tally.seen:
        # 95 % promised; 150 surveys give an SE of about 1.8 %: allow two.
        assert tally.rate(key) >= 0.95 - 2 * math.sqrt(0.95 * 0.05 / tally.seen[key]), key
    assert plan.respondents is not None

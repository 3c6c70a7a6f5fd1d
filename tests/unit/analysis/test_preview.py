"""The accuracy preview: it predicts the release (same scales, same split, same intervals) from no data."""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import pytest

from analysis.compute import compute
from analysis.plans.dimensions import ANSWERED, NO_ANSWER, dimension
from analysis.plans.loader import load_plan, parse_plan
from analysis.plans.model import AnalysisPlan
from analysis.preview.accuracy import Preview, preview
from analysis.preview.pilot import DECLINED_SHARE, MISSING_SHARE, PilotError, category_shares, parse_pilot
from anonymize.analysis_dataset import DatasetBuilder
from instruments.dataset import dataset_schema
from instruments.loader import parse_instrument
from instruments.text import DECLINED
from survey.simulation.simulator import simulate
from tests.support.builders import GENDER, ROOT, example_instrument, instrument_yaml

INSTRUMENT = example_instrument()
SCHEMA = dataset_schema(INSTRUMENT)
PLAN = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", INSTRUMENT).plan
RHO = 0.15


@cache
def frame(n: int, seed: int) -> pd.DataFrame:
    """Simulated respondents of the example instrument, as the analysis dataset."""
    builder = DatasetBuilder(INSTRUMENT)
    builder.add([(f"p{i:05d}", a, "2026-11-05") for i, a in enumerate(simulate(INSTRUMENT, n, seed))])
    return builder.finish().frame


@cache
def example(respondents: int) -> Preview:
    return preview(PLAN, INSTRUMENT, RHO, respondents)


def single_table_plan(table: str, publication: str = "{}") -> AnalysisPlan:
    text = f"id: one\ninstrument: musterstadt-2026\nbudget_share: 1\npublication: {publication}\ntables:\n  - {table}\n"
    return parse_plan(text, "plan.yaml", INSTRUMENT).plan


def test_the_noise_is_exactly_what_a_release_adds() -> None:
    released = compute(PLAN, INSTRUMENT, frame(200, 1), RHO)
    predicted = example(1000)
    assert [t.id for t in predicted.tables] == [t.id for t in released.tables]
    for table, made in zip(predicted.tables, released.tables, strict=True):
        assert table.noise == {part: noise.scale for part, noise in made.noise.items()}
        assert table.rho == pytest.approx(made.rho, rel=1e-6)
        if table.kind == "write_ins":
            assert table.threshold == made.noise["write_ins"].threshold
        if "options" in made.noise:  # centred: an option's cell reads (answered + centred) / 2
            options, statuses = made.noise["options"].scale ** 2, made.noise["statuses"].scale ** 2
            along = made.noise["options"].along
            for cell in table.cells:
                category = cell.measure if along == table.measure else cell.by[str(along)]
                status = category in ("_answered", "_no_answer", "prefer_not_to_say")
                expected = math.sqrt(statuses if status else (options + statuses) / 4)
                assert cell.noise_sd == pytest.approx(expected, rel=1e-9)
        elif table.kind != "mean":
            for cell in table.cells:
                assert cell.noise_sd == made.noise["counts"].scale
    assert sum(t.rho for t in predicted.tables) == pytest.approx(RHO)


def test_more_respondents_give_narrower_intervals_and_fewer_suppressions() -> None:
    few, many = example(300), example(3000)
    suppressed = [sum(c.status == "suppressed" for t in p.tables for c in t.cells) for p in (few, many)]
    assert suppressed[0] > suppressed[1]
    for small, large in zip(few.tables, many.tables, strict=True):
        assert small.noise == large.noise  # the noise does not depend on the data
        for a, b in zip(small.cells, large.cells, strict=True):
            assert (a.measure, a.by) == (b.measure, b.by)
            assert b.expected == pytest.approx(10 * a.expected)
            assert b.p_suppressed <= a.p_suppressed + 1e-12
            if a.share_half_width is not None and b.share_half_width is not None:
                # Below a few people the interval is all of [0, 1] either way.
                assert b.share_half_width < a.share_half_width or b.share_half_width == a.share_half_width == 0.5
            if a.mean_half_width is not None and b.mean_half_width is not None:
                assert b.mean_half_width <= a.mean_half_width


def test_a_cell_far_below_the_threshold_is_suppressed_and_one_far_above_is_not() -> None:
    plan = single_table_plan("{id: t, kind: counts, measure: gender_group}", "{suppress_below: 20, flag_below: 50}")
    cells = {
        c.measure: c for c in preview(plan, INSTRUMENT, 0.1, 2000, {"gender_group": {"tin": 0.002}}).tables[0].cells
    }
    assert cells["tin"].expected == pytest.approx(4)
    assert cells["tin"].p_suppressed > 0.9 and cells["tin"].status == "suppressed"
    assert cells["cis_woman"].p_suppressed < 1e-6 and cells["cis_woman"].status == "shown"
    assert cells["tin"].share_status == "imprecise"


@pytest.mark.slow
def test_predicted_share_intervals_match_a_release_at_the_same_shares() -> None:
    data = frame(3000, 3)
    plan = single_table_plan("{id: t, kind: counts, measure: ms_district, by: [rac_racialised]}")
    pilot = {name: observed(data, name) for name in ("ms_district", "rac_racialised")}
    predicted = preview(plan, INSTRUMENT, 0.02, len(data), pilot).tables[0].cells
    released = compute(plan, INSTRUMENT, data, 0.02).tables[0].cells
    compared = 0
    for guess, made in zip(predicted, released, strict=True):
        assert (guess.measure, guess.by) == (made.measure, made.by)
        # Shares near 0 or 1 of small bases move with the noise; the rest must be predicted closely.
        if guess.share is not None and 0.1 <= guess.share <= 0.9 and guess.base is not None and guess.base >= 100:
            assert made.share_high is not None and made.share_low is not None
            assert guess.share_half_width == pytest.approx((made.share_high - made.share_low) / 2, rel=0.3)
            compared += 1
    assert compared >= 6


def observed(data: pd.DataFrame, name: str) -> dict[str, float]:
    """A variable's shares in the data, as a pilot would report them."""
    column = data[name].astype(object).map(lambda v: NO_ANSWER if pd.isna(v) else str(v).lower())
    return {str(k): float(v) for k, v in column.value_counts(normalize=True).items()}


def test_a_mean_narrows_with_respondents_and_follows_a_pilots_scale() -> None:
    plan = single_table_plan("{id: t, kind: mean, measure: ta_police, by: [gender_group]}")
    few, many = (preview(plan, INSTRUMENT, 0.05, n).tables[0].cells for n in (500, 5000))
    widths = [(a.mean_half_width, b.mean_half_width) for a, b in zip(few, many, strict=True)]
    assert all(a is not None and b is not None and b < a for a, b in widths)
    assert few[0].mean == pytest.approx(3.0)  # each point of 1–5 equally likely
    high = preview(plan, INSTRUMENT, 0.05, 500, {"ta_police": {"5": 0.9}}).tables[0].cells[0]
    assert high.mean is not None and high.mean > 4.5


def test_a_plans_own_split_is_used_and_compared_with_the_optimal_one() -> None:
    plan = PLAN.model_copy(update={"tables": [t.model_copy(update={"share": 0.1}) for t in PLAN.tables]})
    result = preview(plan, INSTRUMENT, RHO, 1000)
    assert result.own_split and all(t.share == pytest.approx(0.1) for t in result.tables)
    assert result.optimal_weighted_error < result.weighted_error
    assert [t.optimal_share for t in result.tables] == [t.optimal_share for t in example(1000).tables]
    assert not example(1000).own_split
    assert example(1000).weighted_error == pytest.approx(example(1000).optimal_weighted_error)


def test_default_shares_are_the_documented_ones() -> None:
    single = dimension(SCHEMA, "ms_district")  # six districts, prefer not to say, no answer
    shares = dict(zip(single.categories, category_shares(single), strict=True))
    assert shares[NO_ANSWER] == MISSING_SHARE and shares[DECLINED] == DECLINED_SHARE
    assert shares["altstadt"] == pytest.approx((1 - MISSING_SHARE - DECLINED_SHARE) / 6)
    assert sum(shares.values()) == pytest.approx(1)
    multi = dimension(SCHEMA, "dg_grounds")
    ticks = dict(zip(multi.categories, category_shares(multi), strict=True))
    assert ticks["racist"] == pytest.approx(ticks[ANSWERED] / len(multi.substantive))
    assert sum(ticks[multi.categories[i]] for i in multi.partition) == pytest.approx(1)


def test_categories_a_pilot_leaves_out_share_what_is_left() -> None:
    dim = dimension(SCHEMA, "gender_group")  # tin, cis_woman, cis_man, no answer
    shares = dict(zip(dim.categories, category_shares(dim, {"tin": 0.04, NO_ANSWER: 0.06}), strict=True))
    assert shares == pytest.approx({"tin": 0.04, "cis_woman": 0.45, "cis_man": 0.45, NO_ANSWER: 0.06})
    multi = dimension(SCHEMA, "dg_grounds")
    ticks = dict(zip(multi.categories, category_shares(multi, {ANSWERED: 0.5, "racist": 0.3}), strict=True))
    assert ticks["racist"] == 0.3 and ticks["gender"] == pytest.approx(0.5 / len(multi.substantive))


def test_a_pilot_file_is_read_with_its_matrix_rows_semicolons_and_decimal_commas() -> None:
    text = "\ufeffVariable;Share;Category\ngender_group;0,04;tin\n\ndiscr_5y;0.2;yes\ndiscr_5y__work;0.5;yes\n"
    pilot = parse_pilot(text, "pilot.csv", INSTRUMENT)
    assert pilot["gender_group"] == {"tin": 0.04}
    assert pilot["discr_5y__work"] == {"yes": 0.5} and pilot["discr_5y__police"] == {"yes": 0.2}


@pytest.mark.parametrize(
    ("rows", "line", "code", "words"),
    [
        ("gender_grop,tin,0.04", 2, "pilot-variable", "did you mean 'gender_group'"),
        ("gender_group,elves,0.04", 2, "pilot-category", "use one of: tin, cis_woman, cis_man, _no_answer"),
        ("gender_group,tin,1.5", 2, "pilot-share", "not a number from 0 to 1"),
        ("gender_group,tin,-0.1", 2, "pilot-share", "not a number from 0 to 1"),
        ("gender_group,tin,four", 2, "pilot-share", "'four'"),
        ("gender_group,tin,0.5\ngender_group,cis_man,0.6", 3, "pilot-over-one", "add up to 1.1"),
        ("gender_group,tin,0.1\ngender_group,tin,0.2", 3, "pilot-duplicate", "already given on line 2"),
        ("dg_grounds,_answered,0.4\ndg_grounds,racist,0.6", 3, "pilot-option-over-answered", "more than the 0.4"),
        (
            "so_lgbq,true,0.1\nso_lgbq,false,0.1\nso_lgbq,_no_answer,0.1",
            4,
            "pilot-under-one",
            "add up to 0.3, less than everyone",
        ),
        ("ta_police,7,0.2", 2, "pilot-category", "use one of: 1, 2, 3, 4, 5"),
        ("gi_self_description,x,0.1", 2, "pilot-variable", "sorts respondents into groups"),
    ],
)
def test_a_broken_pilot_file_names_the_line_and_the_fix(rows: str, line: int, code: str, words: str) -> None:
    with pytest.raises(PilotError) as caught:
        parse_pilot(f"variable,category,share\n{rows}\n", "pilot.csv", INSTRUMENT)
    [problem] = caught.value.problems
    assert (problem.where.file, problem.where.line, problem.code) == ("pilot.csv", line, code)
    assert words in f"{problem.problem} {problem.fix}"


def test_a_pilot_file_without_its_header_is_refused() -> None:
    with pytest.raises(PilotError) as caught:
        parse_pilot("gender_group,tin,0.04\n", "pilot.csv", INSTRUMENT)
    assert caught.value.problems[0].code == "pilot-header" and caught.value.problems[0].where.line == 1


def test_no_respondents_or_no_budget_is_a_bug_in_the_caller() -> None:
    with pytest.raises(ValueError, match="at least one respondent"):
        preview(PLAN, INSTRUMENT, RHO, 0)
    assert math.isfinite(example(1).weighted_error)


def test_a_pilot_where_nobody_answers_gives_no_means_and_suppresses_everything() -> None:
    plan = single_table_plan("{id: t, kind: mean, measure: ta_police, by: [gender_group]}")
    nobody = {"ta_police": {str(v): 0.0 for v in range(1, 6)} | {NO_ANSWER: 1.0}}
    cells = preview(plan, INSTRUMENT, 0.05, 1000, nobody).tables[0].cells
    assert all(c.expected == 0 and c.mean is None and c.status == "suppressed" for c in cells)


HOURS = """\
- id: hours
  type: number
  label: {de: Stunden, en: Hours}
  min: 0
  max: 40
  integer: false
"""


def test_a_number_is_assumed_uniform_over_its_range() -> None:
    inst = parse_instrument(instrument_yaml(GENDER + HOURS), "t.yaml").instrument
    text = "id: p\ninstrument: test-survey\nbudget_share: 1\ntables:\n  - {id: t, kind: mean, measure: hours, by: [gender]}\n"
    plan = parse_plan(text, "plan.yaml", inst).plan
    cells = {c.by["gender"]: c for c in preview(plan, inst, 1.0, 100_000).tables[0].cells}
    woman = cells["woman"]  # ticked by one in five of those who answer (five options)
    answered = 1 - MISSING_SHARE - DECLINED_SHARE  # both questions offer "prefer not to say"
    assert woman.expected == pytest.approx(100_000 * answered / 5 * answered)
    assert woman.mean == pytest.approx(20)
    # Far from the noise, the interval is the sampling one: 1.96 · (40 / √12) / √n.
    assert woman.mean_half_width == pytest.approx(1.96 * 40 / math.sqrt(12 * woman.expected), rel=0.02)

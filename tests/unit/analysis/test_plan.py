"""Analysis plans: the example's is valid; every broken plan is refused with file, line and fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analysis.plans.loader import PlanError, load_plan, parse_plan
from kernel.errors import EqSurveyError
from kernel.privacy_budget import PrivacyBudget
from tests.support.builders import ROOT, example_instrument

EXAMPLE = example_instrument()
HEAD = """\
id: main
instrument: musterstadt-2026
budget_share: 0.2
tables:
"""


def refused(tables: str, head: str = HEAD) -> list[tuple[int | None, str, str]]:
    text = head + textwrap.indent(textwrap.dedent(tables).strip("\n") + "\n", "  ")
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml", EXAMPLE)
    return [(p.where.line, p.code, p.problem) for p in caught.value.problems if p.severity == "error"]


def test_the_example_plan_is_valid_and_warns_about_a_large_share() -> None:
    loaded = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", EXAMPLE, PrivacyBudget(1.0))
    assert [t.kind for t in loaded.plan.tables].count("counts") >= 4
    assert [w.code for w in loaded.warnings] == ["weak-guarantee"]
    assert not load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", EXAMPLE, PrivacyBudget(0.2)).warnings


def test_an_unknown_key_is_named_with_its_line_and_a_suggestion() -> None:
    found = refused(
        """
        - id: a
          kind: counts
          measure: discr_any_12m
          mesure: ms_district
        """
    )
    assert found == [(8, "unknown-key", "unknown key 'mesure' (did you mean 'measure'?)")]


def test_ids_are_checked_against_the_instrument() -> None:
    found = refused(
        """
        - id: a
          kind: counts
          measure: discr_any_12
          by: [gender_grop]
        """
    )
    assert (
        7,
        "unknown-id",
        "'discr_any_12' is no question or derived variable of the instrument (did you mean 'discr_any_12m'?)",
    ) in found
    assert any(line == 8 and code == "unknown-id" and "gender_group" in m for line, code, m in found)


@pytest.mark.parametrize(
    ("table", "code"),
    [
        ("- {id: a, kind: mean, measure: ms_district}", "wrong-measure"),
        ("- {id: a, kind: matrix, measure: discr_any_12m}", "wrong-measure"),
        ("- {id: a, kind: write_ins, measure: ta_police}", "wrong-measure"),
        ("- {id: a, kind: counts, measure: discr_any_12m, by: [ms_suggestions]}", "wrong-breakdown"),
        ("- {id: a, kind: counts, measure: discr_any_12m, by: [discr_5y]}", "wrong-breakdown"),
        ("- {id: a, kind: counts, measure: discr_any_12m, by: [discr_any_12m]}", "self-breakdown"),
        ("- {id: a, kind: counts, measure: discr_any_12m, by: [ms_district, ms_district]}", "repeated-breakdown"),
        ("- {id: a, kind: write_ins, measure: gi_self_description, by: [ms_district]}", "write-ins-by"),
        ("- {id: a, kind: representation, measure: gender_group}", "missing-reference"),
        ("- {id: a, kind: representation, measure: gender_group, reference: {elves: 0.1}}", "unknown-group"),
        (
            "- {id: a, kind: representation, measure: ms_district, reference: {altstadt: 0.7, nordstadt: 0.7}}",
            "reference-over-one",
        ),
        ("- {id: a, kind: counts, measure: ms_district, reference: {altstadt: 0.5}}", "stray-reference"),
        ("- {id: a, kind: counts, measure: ms_district}\n- {id: a, kind: counts, measure: age_band}", "duplicate-id"),
        (
            "- {id: a, kind: counts, measure: ms_district, share: 0.5}\n- {id: b, kind: counts, measure: age_band}",
            "partial-split",
        ),
        (
            "- {id: a, kind: counts, measure: ms_district, share: 0.7}\n- {id: b, kind: counts, measure: age_band, share: 0.7}",
            "overspent-split",
        ),
    ],
)
def test_tables_that_cannot_be_made_are_refused(table: str, code: str) -> None:
    assert code in {c for _, c, _ in refused(table)}


def test_the_instrument_and_the_publication_rules_are_checked() -> None:
    head = HEAD.replace("musterstadt-2026", "other-survey").replace(
        "tables:", "publication: {suppress_below: 50, flag_below: 20}\ntables:"
    )
    found = refused("- {id: a, kind: counts, measure: ms_district}", head)
    assert {c for _, c, _ in found} == {"invalid-value"}  # the model first: flag_below < suppress_below
    found = refused("- {id: a, kind: counts, measure: ms_district}", HEAD.replace("musterstadt-2026", "other-survey"))
    assert [(line, code) for line, code, _ in found] == [(2, "wrong-instrument")]


def test_a_plan_that_is_no_mapping_or_no_yaml(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="mapping"):
        parse_plan("- just\n- a list\n", "plan.yaml", EXAMPLE)
    with pytest.raises(EqSurveyError, match=r"plan\.yaml:2:1: error \[yaml-syntax\]"):
        parse_plan("id: [unclosed\n", "plan.yaml", EXAMPLE)
    with pytest.raises(PlanError, match="there is no file"):
        load_plan(tmp_path / "missing.yaml", EXAMPLE)


def test_table_shares_that_leave_budget_unused_are_warned_about() -> None:
    tables = "- {id: a, kind: counts, measure: ms_district, share: 0.3}\n- {id: b, kind: counts, measure: age_band, share: 0.3}"
    loaded = parse_plan(HEAD + textwrap.indent(tables, "  "), "plan.yaml", EXAMPLE)
    assert [(w.code, w.severity) for w in loaded.warnings] == [("unused-budget", "warning")]
    assert "add up to 0.6" in loaded.warnings[0].problem


def test_every_problem_is_placed_at_its_path_into_the_plan_with_the_words_parse_plan_raises() -> None:
    from analysis.plans.loader import check_plan_text

    broken = HEAD + (
        "  - {id: a, kind: counts, measure: discr_any_12m, by: [ms_district, nowhere]}\n"
        "  - {id: b, kind: mean, measure: gender_group}\n"
    )
    checked = check_plan_text(broken, "plan.yaml", EXAMPLE)
    placed = {(p.path, p.problem.code) for p in checked.problems}
    assert placed == {(("tables", 0, "by", 1), "unknown-id"), (("tables", 1, "measure"), "wrong-measure")}
    assert checked.plan is not None and len(checked.errors) == 2
    with pytest.raises(PlanError) as caught:
        parse_plan(broken, "plan.yaml", EXAMPLE)
    assert list(caught.value.problems) == [p.problem for p in checked.problems]

    unreadable = check_plan_text(HEAD + "  - {id: a, kind: sideways, measure: discr_any_12m}\n", "plan.yaml", EXAMPLE)
    assert unreadable.plan is None
    assert [(p.path, p.problem.code) for p in unreadable.problems] == [(("tables", 0, "kind"), "invalid-value")]
    assert unreadable.problems[0].problem.where.line == 5

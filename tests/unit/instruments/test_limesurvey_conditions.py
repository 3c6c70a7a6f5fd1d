"""LimeSurvey's conditions table as eqsurvey conditions: LimeSurvey's rules, checked against a plain statement of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.expressions import syntax as ex
from instruments.expressions.evaluation import evaluate
from instruments.limesurvey.conditions import SgqaNames, translate_conditions
from instruments.limesurvey.expressions import UntranslatableError, Var
from instruments.limesurvey.importer import import_lss
from instruments.limesurvey.reading import LsCondition, LsQuestion
from instruments.submission import check_answers

SID = "7"
LIST = LsQuestion("10", "1", "L", "A", 1, 1)
NUMBER = LsQuestion("11", "1", "N", "N", 2, 2)
MULTI = LsQuestion("12", "1", "M", "M", 3, 3)
SUBS = [LsQuestion(str(20 + i), "1", "T", f"SQ{i}", i, 4) for i in range(1, 4)]
MULTI.subquestions = SUBS
QUESTIONS = {q.qid: q for q in (LIST, NUMBER, MULTI, *SUBS)}
NAMES = {
    "A": Var("choice", ex.Ref("a")),
    "N": Var("number", ex.Ref("n")),
    **{f"M_SQ{i}": Var("item", ex.Ref("m"), code=f"SQ{i}") for i in range(1, 4)},
}
CODES = ["A1", "A2", "A3"]


def row(cqid: str, field: str, method: str, value: str, scenario: int = 1) -> LsCondition:
    return LsCondition("99", cqid, field, method, value, scenario, 1)


def translated(rows: list[LsCondition]) -> str:
    return ex.unparse(translate_conditions(rows, SgqaNames(QUESTIONS, SID), NAMES))


def test_limesurvey_rules_by_example() -> None:
    a = f"{SID}X1X10"
    assert translated([row("10", a, "==", "A1"), row("10", a, "==", "A2")]) == "a == 'A1' or a == 'A2'"
    both = [row("10", a, "==", "A1"), row("11", f"{SID}X1X11", ">", "3")]
    assert translated(both) == "a == 'A1' and n > 3"
    assert translated([row("10", a, "==", "A1", 1), row("10", a, "==", "A2", 2)]) == "a == 'A1' or a == 'A2'"
    ticks = [row("12", f"{SID}X1X12", "==", "SQ1"), row("12", f"{SID}X1X12", "==", "SQ2")]
    assert translated(ticks) == "selected(m, 'SQ1') or selected(m, 'SQ2')"
    plus = [row("12", f"+{SID}X1X12SQ1", "==", "Y"), row("12", f"+{SID}X1X12SQ2", "==", "Y")]
    assert translated(plus) == "selected(m, 'SQ1') and selected(m, 'SQ2')"
    assert translated([row("10", a, "==", " ")]) == "not answered(a)"
    assert translated([row("10", a, "!=", "A1")]) == "not answered(a) or a != 'A1'"
    assert translated([row("10", a, "==", f"@{SID}X1X10@")]) == "a == a"
    assert translated([row("10", "Q10", "==", "A1")]) == "a == 'A1'"  # LimeSurvey 7's field names


@pytest.mark.parametrize(
    ("condition", "said"),
    [
        (row("0", "{TOKEN:ATTRIBUTE_1}", "==", "x"), "participant attribute"),
        (row("10", f"{SID}X1X10", "RX", "^A"), "regular-expression"),
        (row("10", f"{SID}X1X10", "==", "{A.NAOK}"), "expression"),
        (row("10", f"{SID}X1X99", "==", "A1"), "not imported"),
        (row("10", "8X1X10", "==", "A1"), "not imported"),  # another survey's code
        (row("10", f"{SID}X1X10", "<", "A2"), "numbers only"),
        (row("10", f"{SID}X1X10", "~", "A2"), "unknown"),
        (LsCondition("99", "10", f"{SID}X1X10", "==", "", 1, 1, "the value was lost"), "the value was lost"),
    ],
)
def test_what_cannot_be_carried_is_refused(condition: LsCondition, said: str) -> None:
    with pytest.raises(UntranslatableError) as info:
        translated([condition])
    assert said in info.value.message


# --- LimeSurvey's rules, stated plainly, against the translation ------------------------------------


@st.composite
def conditions(draw: st.DrawFn) -> LsCondition:
    kind = draw(st.sampled_from(["list", "number", "tick", "plus"]))
    scenario = draw(st.integers(1, 3))
    if kind == "list":
        value = draw(st.sampled_from([*CODES, ""]))
        return row("10", f"{SID}X1X10", draw(st.sampled_from(["==", "!="])), value, scenario)
    if kind == "number":
        method = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return row("11", f"{SID}X1X11", method, str(draw(st.integers(0, 4))), scenario)
    code = f"SQ{draw(st.integers(1, 3))}"
    if kind == "tick":
        return row("12", f"{SID}X1X12", draw(st.sampled_from(["==", "!="])), code, scenario)
    return row("12", f"+{SID}X1X12{code}", draw(st.sampled_from(["==", "!="])), "Y", scenario)


def _holds(c: LsCondition, answers: dict[str, Any]) -> bool:
    """One row as LimeSurvey evaluates it (an unanswered question is empty: '' equals nothing but '')."""
    if c.cqid == "10":
        answer: str = answers.get("a", "")
    elif c.cqid == "11":
        number: int | None = answers.get("n")
        if number is None:
            return c.method == "!="
        return {"==": number == int(c.value), "!=": number != int(c.value), "<": number < int(c.value),
                "<=": number <= int(c.value), ">": number > int(c.value), ">=": number >= int(c.value)}[c.method]  # fmt: skip
    else:
        code = c.value if not c.cfieldname.startswith("+") else c.cfieldname[-3:]
        answer = "Y" if code in answers.get("m", []) else ""
        return (answer == "Y") == (c.method == "==")
    return (answer == c.value) == (c.method == "==")


def _shown(rows: list[LsCondition], answers: dict[str, Any]) -> bool:
    """Scenarios are alternatives; in one, every field must hold; rows on one field are alternatives."""
    for scenario in {c.scenario for c in rows}:
        fields: dict[object, list[LsCondition]] = {}
        for n, c in enumerate(r for r in rows if r.scenario == scenario):
            key = (n, c.cfieldname) if c.cfieldname.startswith("+") else (c.cqid, c.cfieldname)
            fields.setdefault(key, []).append(c)
        if all(any(_holds(c, answers) for c in group) for group in fields.values()):
            return True
    return False


answer_sets = st.fixed_dictionaries(
    {},
    optional={
        "a": st.sampled_from(CODES),
        "n": st.integers(0, 4),
        "m": st.lists(st.sampled_from(["SQ1", "SQ2", "SQ3"]), min_size=1, max_size=3, unique=True),
    },
)


@settings(max_examples=300)
@given(st.lists(conditions(), min_size=1, max_size=7), answer_sets)
def test_the_translation_asks_exactly_whom_limesurvey_asks(rows: list[LsCondition], answers: dict[str, Any]) -> None:
    node = translate_conditions(rows, SgqaNames(QUESTIONS, SID), NAMES)
    # eqsurvey asks a question when its condition is true (unknown: not asked), as the web form's checks do.
    assert (evaluate(node, answers) is True) == _shown(rows, answers)
    assert ex.unparse(ex.parse(ex.unparse(node))) == ex.unparse(node)  # what is written reads back the same


# --- the imported survey, checked as the web form checks a submission --------------------------------


def _problems(answers: dict[str, Any]) -> set[tuple[str | None, str]]:
    survey = Path(__file__).resolve().parents[2] / "fixtures" / "limesurvey" / "conditions_survey_123456.lss"
    instrument = import_lss(survey).instrument
    return {(p.where.question, p.code) for p in check_answers(instrument, answers).problems}


def test_the_carried_conditions_decide_what_is_asked_and_required() -> None:
    # Not in paid work: nothing about work is asked, so nothing of it is required, and an answer to it is refused.
    assert _problems({"employed": "A2", "discrim": "N"}) == set()
    assert _problems({"employed": "A2", "discrim": "N", "hours": 20}) == {("hours", "not-asked")}
    # In paid work: hours and the satisfaction rows are required (scenario 1 holds once hours >= 10).
    assert _problems({"employed": "A1", "discrim": "N"}) == {("hours", "required")}
    missing = _problems({"employed": "A1", "hours": 12, "discrim": "N"})
    assert missing == {("satisfaction", "required")}
    # A student: scenario 2 asks the satisfaction rows whatever the hours.
    assert ("satisfaction", "required") in _problems({"employed": "A3", "hours": 2, "discrim": "N"})
    # Unfair treatment and not satisfied with pay: 'describe' is asked and required; the '+' tick and 'hours'
    # answered ask 'ngorole'.
    answers = {
        "employed": "A1",
        "sectors": ["SQ003"],
        "hours": 30,
        "ngoname": "Tafel",
        "satisfaction": {"SQ001": "AO2", "SQ002": "AO2"},
        "discrim": "Y",
    }
    assert _problems(answers) == {("describe", "required"), ("ngorole", "required")}
    # 'staffnote' lost its condition (a participant attribute), so it is optional: never required.
    assert all(q != "staffnote" for q, _ in _problems({"employed": "A2"}))

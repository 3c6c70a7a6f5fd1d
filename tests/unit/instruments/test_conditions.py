"""Type checking and three-valued evaluation of conditions."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.expressions import checking as cond
from instruments.expressions import syntax as ex
from instruments.expressions.evaluation import evaluate
from instruments.text import DECLINED

SCOPE = cond.Scope(
    names={
        "gender": cond.VarType("codes", frozenset({"woman", "man", "trans"})),
        "work": cond.VarType("code", frozenset({"yes", "no"})),
        "age": cond.VarType("number"),
        "consent": cond.VarType("bool"),
        "discr": cond.VarType("matrix", frozenset({"yes", "no", "na"}), frozenset({"work", "housing"})),
        "note": cond.VarType("text"),
    },
    later={"future"},
)


def problems(source: str) -> list[str]:
    return [f"{p.message} | fix: {p.fix}" for p in cond.check(ex.parse(source), SCOPE)]


@pytest.mark.parametrize(
    "source",
    [
        "selected(gender, 'trans') and work == 'yes'",
        "age >= 18 and age < 65",
        "discr.work == 'yes' or discr.housing in ['yes']",
        "consent",
        "count_selected(gender) > 1",
        "answered(note) and not declined(work)",
    ],
)
def test_well_typed_conditions_pass(source: str) -> None:
    assert problems(source) == []


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("work == 'maybe'", "'maybe' is not an option of 'work'"),
        ("selected(gender, 'womna')", "'womna' is not an option of 'gender'"),
        ("future == 'x'", "forward reference"),
        ("nobody == 'x'", "unknown question id 'nobody'"),
        ("gender == 'woman'", "cannot be compared with =="),
        ("work > 'yes'", "compares numbers only"),
        ("discr == 'yes'", "must name one of its rows"),
        ("discr.school == 'yes'", "has no row 'school'"),
        ("work.x == 'yes'", "is not a matrix"),
        ("age", "is not true/false"),
        ("count_selected(work) > 1", "needs a multi-choice"),
        (f"work == '{DECLINED}'", "declined(work)"),
        ("selected(gender)", "takes 2 argument(s)"),
    ],
)
def test_type_errors_are_explained(source: str, fragment: str) -> None:
    found = problems(source)
    assert any(fragment in m for m in found), found


def run(source: str, answers: Mapping[str, object]) -> object:
    return evaluate(ex.parse(source), answers)


def test_missing_and_declined_answers_are_unknown_not_false() -> None:
    assert run("work == 'yes'", {}) is None
    assert run("work == 'yes'", {"work": DECLINED}) is None
    assert run("work != 'yes'", {"work": DECLINED}) is None
    assert run("selected(gender, 'man')", {"gender": [DECLINED]}) is None
    assert run("declined(gender)", {"gender": [DECLINED]}) is True
    assert run("answered(gender)", {"gender": [DECLINED]}) is False
    assert run("answered(gender)", {"gender": ["man"]}) is True


def test_kleene_or_and_and() -> None:
    assert run("work == 'yes' or age > 10", {"age": 30}) is True
    assert run("work == 'yes' and age > 10", {"age": 3}) is False
    assert run("work == 'yes' and age > 10", {"age": 30}) is None
    assert run("not (work == 'yes')", {}) is None


def test_matrix_rows_and_multi_select() -> None:
    answers = {"discr": {"work": "yes", "housing": "no"}, "gender": ["woman", "trans"]}
    assert run("discr.work == 'yes'", answers) is True
    assert run("discr.housing in ['yes']", answers) is False
    assert run("count_selected(gender) == 2", answers) is True
    assert run("selected(gender, 'man')", answers) is False


three = st.sampled_from([True, False, None])


@given(three, three)
def test_de_morgan_holds_in_three_valued_logic(a: bool | None, b: bool | None) -> None:
    answers = {"p": a, "q": b}
    left = run("not (p == true and q == true)", answers)
    right = run("not p == true or not q == true", answers)
    assert left == right


@given(st.lists(three, min_size=1, max_size=5))
def test_or_is_true_iff_any_true_and_unknown_iff_no_true_but_some_unknown(values: list[bool | None]) -> None:
    answers = {f"v{i}": v for i, v in enumerate(values)}
    source = " or ".join(f"v{i} == true" for i in range(len(values)))
    result = run(source, answers)
    if True in values:
        assert result is True
    elif None in values:
        assert result is None
    else:
        assert result is False


_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "a", "b", DECLINED, 1, 2, 2.5, True]),
    st.lists(st.sampled_from(["a", "b", DECLINED]), max_size=3),
)


@given(
    value=st.one_of(_VALUES, st.dictionaries(st.sampled_from(["r", "s"]), _VALUES, max_size=2)),
    op=st.sampled_from(sorted(_FLIP)),
    literal=st.sampled_from(["'a'", "2", "2.5", "true"]),
    row=st.booleans(),
)
def test_the_fast_comparison_agrees_with_the_general_one(value: object, op: str, literal: str, row: bool) -> None:
    # `q OP literal` takes the fused path; `literal FLIPPED q` the general one: Kleene results must agree.
    ref = "q.r" if row else "q"
    answers = {"q": value}
    fast = evaluate(ex.parse(f"{ref} {op} {literal}"), answers)
    general = evaluate(ex.parse(f"{literal} {_FLIP[op]} {ref}"), answers)
    assert fast == general

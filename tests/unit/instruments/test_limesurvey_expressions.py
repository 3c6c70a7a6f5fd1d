"""Translating LimeSurvey Expression Manager relevance into eqsurvey conditions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.expressions import checking as cond
from instruments.expressions import syntax as ex
from instruments.limesurvey.expressions import UntranslatableError, Var, translate

NAMES = {
    "Q1": Var("choice", ex.Ref("q1"), codes={"-oth-": "oth"}),
    "Q2_SQ001": Var("item", ex.Ref("q2"), code="SQ001"),
    "Q2_SQ002": Var("item", ex.Ref("q2"), code="SQ002"),
    "N": Var("number", ex.Ref("n")),
    "T": Var("text", ex.Ref("t")),
    "A_SQ001": Var("choice", ex.Ref("a", "SQ001")),
}
#: The same questions as eqsurvey's type checker sees them.
SCOPE = cond.Scope(
    names={
        "q1": cond.VarType("code", frozenset({"A1", "A2", "oth"})),
        "q2": cond.VarType("codes", frozenset({"SQ001", "SQ002"})),
        "n": cond.VarType("number"),
        "t": cond.VarType("text"),
        "a": cond.VarType("matrix", frozenset({"AO01", "AO02"}), frozenset({"SQ001"})),
    }
)


def text(source: str) -> str | None:
    node = translate(source, NAMES)
    return None if node is None else ex.unparse(node)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1", None),
        ("", None),
        ("  {1} ", None),
        ('Q1 == "A1"', "q1 == 'A1'"),
        ("Q1.NAOK=='A1'", "q1 == 'A1'"),
        ('Q1.value eq "A2"', "q1 == 'A2'"),
        ('"A2" == Q1', "q1 == 'A2'"),
        ('Q1 == "-oth-"', "q1 == 'oth'"),
        ('Q1 != ""', "answered(q1)"),
        ('Q1 == ""', "not answered(q1)"),
        ('Q2_SQ001 == "Y"', "selected(q2, 'SQ001')"),
        ('Q2_SQ001.NAOK=="Y"', "selected(q2, 'SQ001')"),
        ('Q2_SQ001 != "Y"', "not answered(q2) or not selected(q2, 'SQ001')"),
        ('Q1 != "A1"', "not answered(q1) or q1 != 'A1'"),  # EM: an unanswered Q1 is "", which is not "A1"
        ("N != 3", "not answered(n) or n != 3"),
        ("!is_empty(Q2_SQ002)", "selected(q2, 'SQ002')"),
        ("!is_empty(T)", "answered(t)"),
        ("is_empty(T)", "not answered(t)"),
        ("T", "answered(t)"),
        ("N > 5", "n > 5"),
        ("N ge 18 and N lt 65", "n >= 18 and n < 65"),
        ('N >= "3"', "n >= 3"),
        ("3 < N", "n > 3"),
        ("N > -1.5", "n > -1.5"),
        ('T == "yes"', "t == 'yes'"),
        ('A_SQ001 == "AO01"', "a.SQ001 == 'AO01'"),
        ('Q1 == "A1" && N > 2 || !(T == "x")', "q1 == 'A1' and n > 2 or not t == 'x'"),
        ('(Q1 == "A1" or Q1 == "A2") and N <= 10', "(q1 == 'A1' or q1 == 'A2') and n <= 10"),
        ('not (Q1 == "A1")', "not q1 == 'A1'"),
        ("0", "false"),
    ],
)
def test_translates(source: str, expected: str | None) -> None:
    assert text(source) == expected


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("N + 1 > 3", "arithmetic"),
        ("N = 3", "assignment"),
        ("count(Q1) > 1", "count()"),
        ("regexMatch('/a/', T)", "regexMatch()"),
        ("Q1.shown == 'A1'", ".shown"),
        ("Q9 == 'A1'", "not an imported question"),
        ("self.NAOK > 1", "not an imported question"),
        ("1X2X3 == 'A1'", "SGQA"),
        ("N > 'abc'", "compared with text"),
        ("Q1 > 'A1'", "compares numbers only"),
        ("Q2_SQ001 == 'A1'", "'Y' or ''"),
        ("Q1 == N", "different kinds"),
        ("Q1 == 'A1' Q1", "unexpected"),
        ("(Q1 == 'A1'", "expected ')'"),
        ("(" * 80 + "1" + ")" * 80, "nests"),
    ],
)
def test_untranslatable(source: str, reason: str) -> None:
    with pytest.raises(UntranslatableError) as info:
        translate(source, NAMES)
    assert reason in str(info.value)


_ATOMS = st.sampled_from(
    [
        'Q1 == "A1"',
        "Q1.NAOK != 'A2'",
        "Q1 eq '-oth-'",
        'Q2_SQ001 == "Y"',
        "Q2_SQ002.NAOK != ''",
        "!is_empty(T)",
        "is_empty(Q1)",
        "N > 3",
        "N le 10.5",
        "2 <= N",
        'T == "x"',
        "A_SQ001 == 'AO02'",
        "T",
        "Q2_SQ001",
        "1",
    ]
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    ops = st.sampled_from([" and ", " or ", " && ", " || ", " AND "])
    return st.one_of(
        st.tuples(children, ops, children).map("".join),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"!({c})"),
        children.map(lambda c: f"not {c}"),
    )


KNOWN = st.recursive(_ATOMS, _combine, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(KNOWN)
def test_known_names_always_translate_to_well_typed_conditions(source: str) -> None:
    node = translate(source, NAMES)
    if node is None:
        return
    printed = ex.unparse(node)
    assert ex.strip_positions(ex.parse(printed)) == ex.strip_positions(node)
    assert {r.name for r in ex.references(node)} <= set(SCOPE.names)
    assert cond.check(ex.parse(printed), SCOPE) == []


_ANY_ATOMS = st.one_of(
    _ATOMS,
    st.sampled_from(["count(Q1)", "N + 1", "Q9 == 1", "Q1.shown", "if(N, 1, 0)", "'a' == 'b'", "=", "{", "N > 'x'"]),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.recursive(_ANY_ATOMS, _combine, max_leaves=8), st.text(max_size=60)))
def test_anything_translates_or_is_refused_with_a_reason(source: str) -> None:
    try:
        node = translate(source, NAMES)
    except UntranslatableError as exc:
        assert exc.message
        return
    if node is not None:
        printed = ex.unparse(node)
        assert ex.strip_positions(ex.parse(printed)) == ex.strip_positions(node)
        assert {r.name for r in ex.references(node)} <= set(SCOPE.names)

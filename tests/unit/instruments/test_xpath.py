"""Conditions to XLSForm XPath and back: fixed examples, refusals, and round-trip properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.expressions import syntax as ex
from instruments.xlsform.xpath import XPathError, canonical, from_xpath, to_xpath

# --- writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "xpath"),
    [
        ("q == 'a'", "${q} = 'a'"),
        ("q != 'a'", "${q} != 'a'"),
        ("age >= 18", "${age} >= 18"),
        ("score < 2.5", "${score} < 2.5"),
        ("selected(q, 'a')", "selected(${q}, 'a')"),
        ("count_selected(q) > 1", "count-selected(${q}) > 1"),
        ("q in ['a', 'b', 'c']", "${q} = 'a' or ${q} = 'b' or ${q} = 'c'"),
        ("q not in ['a', 'b']", "${q} != 'a' and ${q} != 'b'"),
        ("answered(q)", "${q} != '' and not(selected(${q}, 'prefer_not_to_say'))"),
        ("declined(q)", "selected(${q}, 'prefer_not_to_say')"),
        ("discrimination_5y.work == 'often'", "${discrimination_5y__work} = 'often'"),
        ("not (a == 'x' or b == 'y')", "not(${a} = 'x' or ${b} = 'y')"),
        ("a == 'x' and (b == 'y' or c == 'z')", "${a} = 'x' and (${b} = 'y' or ${c} = 'z')"),
        ('q == "it\'s"', '${q} = "it\'s"'),
        ("q == 'say \"hi\" it\\'s'", "${q} = concat('say \"hi\" it', \"'\", 's')"),
        ("q == '${x}'", "${q} = concat('$', '{x}')"),
        ("flag == true", "${flag} = true()"),
    ],
)
def test_conditions_are_written_as_xlsform_xpath(condition: str, xpath: str) -> None:
    assert to_xpath(ex.parse(condition)) == xpath


def test_answered_gets_brackets_where_and_would_bind_wrongly() -> None:
    xpath = to_xpath(ex.parse("answered(a) or b == 1"))
    assert xpath == "${a} != '' and not(selected(${a}, 'prefer_not_to_say')) or ${b} = 1"
    xpath = to_xpath(ex.parse("not answered(a) and count_selected(b) >= 2"))
    assert xpath == "not(${a} != '' and not(selected(${a}, 'prefer_not_to_say'))) and count-selected(${b}) >= 2"
    assert (
        to_xpath(ex.parse("answered(a) == true"))
        == "(${a} != '' and not(selected(${a}, 'prefer_not_to_say'))) = true()"
    )


def test_true_false_names_are_compared_with_the_text_their_field_holds() -> None:
    flags = {"consent": "OK", "adult": "true"}
    assert to_xpath(ex.parse("consent and not adult"), flags=flags) == "${consent} = 'OK' and not(${adult} = 'true')"
    assert to_xpath(ex.parse("consent == false"), flags=flags) == "${consent} != 'OK'"
    back = from_xpath("${consent} = 'OK' and not(${adult} = 'true')", flags=flags)
    assert ex.unparse(back) == "consent and not adult"


def test_numbers_never_use_an_exponent() -> None:
    assert to_xpath(ex.Compare(">", ex.Ref("n"), ex.Literal(1e20))) == "${n} > 100000000000000000000.0"
    assert to_xpath(ex.Compare(">", ex.Ref("n"), ex.Literal(1e-7))) == "${n} > 0.0000001"


# --- reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xpath", "condition"),
    [
        ("${x} = 'v'", "x == 'v'"),
        ('${x} != "v"', "x != 'v'"),
        ("${age} < 18", "age < 18"),
        ("${age}>=18", "age >= 18"),
        ("${x} <= -2.5", "x <= -2.5"),
        ("selected(${x}, 'v')", "selected(x, 'v')"),
        ("selected( ${x} , 'v' )", "selected(x, 'v')"),
        ("not(selected(${skip_to_end}, 'yes'))", "not selected(skip_to_end, 'yes')"),
        ("${a} = 'x' and ${b} = 'y' or ${c} = 'z'", "a == 'x' and b == 'y' or c == 'z'"),
        ("${a} = 'x' and (${b} = 'y' or ${c} = 'z')", "a == 'x' and (b == 'y' or c == 'z')"),
        ("count-selected(${x}) > 1", "count_selected(x) > 1"),
        ("string-length(${x}) > 0", "answered(x)"),
        ("string-length(${x}) = 0", "not answered(x)"),
        ("${x} != ''", "x != ''"),
        ("${x} = 'a' or ${x} = 'b'", "x in ['a', 'b']"),
        ("${x} != 'a' and ${x} != 'b'", "x not in ['a', 'b']"),
        ("selected(${x}, 'prefer_not_to_say')", "declined(x)"),
        ("${x} != '' and not(selected(${x}, 'prefer_not_to_say'))", "answered(x)"),
        ("${m__work} = 'often'", "m.work == 'often'"),
        ("concat('a', \"'\", 'b') = ${x}", "'a\\'b' == x"),
        ("true()", "true"),
    ],
)
def test_the_xpath_real_forms_use_is_read(xpath: str, condition: str) -> None:
    assert ex.unparse(from_xpath(xpath)) == condition


def test_fields_map_form_names_to_references() -> None:
    fields = {"Work-Place": ex.Ref("work_place"), "freq_work": ex.Ref("freq", "work")}
    node = from_xpath("${Work-Place} = 'a' and ${freq_work} = 'often'", fields=fields)
    assert ex.unparse(node) == "work_place == 'a' and freq.work == 'often'"


@pytest.mark.parametrize(
    ("xpath", "part"),
    [
        ("regex(${x}, '^a')", "regex()"),
        ("${a} + 1 > 2", "+ 1 > 2"),
        ("/data/q = 'a'", "/data/q = 'a'"),
        ("${a} div 2 > 1", "div"),
        ("count(${x}) > 1", "count()"),
        ("string-length(${x}) > 3", "string-length(x)"),
        ("today()", "today()"),
        ("${a} = 1 = 2", "="),
        ("q = 'a'", "q"),
        (". > 3", "."),
    ],
)
def test_untranslatable_xpath_names_the_part(xpath: str, part: str) -> None:
    with pytest.raises(XPathError) as caught:
        from_xpath(xpath)
    assert caught.value.part == part
    assert caught.value.fix
    assert part in str(caught.value)


def test_unknown_fields_are_named_when_the_form_names_are_known() -> None:
    with pytest.raises(XPathError) as caught:
        from_xpath("${calc} = 1", fields={"q": ex.Ref("q")})
    assert caught.value.part == "${calc}"


@pytest.mark.parametrize("depth", [51, 400, 5000])
@pytest.mark.parametrize(("opening", "closing"), [("(", ")"), ("not(", ")"), ("selected(", ", 'a')")])
def test_nesting_deeper_than_50_is_refused_not_a_crash(depth: int, opening: str, closing: str) -> None:
    with pytest.raises(XPathError) as caught:
        from_xpath(opening * depth + "${a} = 1" + closing * depth)
    assert "more than 50 levels" in caught.value.message and caught.value.fix


def test_nesting_50_deep_is_read() -> None:
    assert ex.unparse(from_xpath("(" * 50 + "${a} = 1" + ")" * 50)) == "a == 1"
    assert ex.unparse(from_xpath("not(" * 50 + "${a} = 1" + ")" * 50)) == "not " * 50 + "a == 1"


# --- properties ------------------------------------------------------------------------------------

names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda s: s not in {"and", "or", "not", "in", "true", "false"} and "__" not in s
)
codes = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,5}[A-Za-z0-9])?", fullmatch=True).filter(lambda c: "__" not in c)


def _conditions(floats: st.SearchStrategy[float], rows: st.SearchStrategy[str]) -> st.SearchStrategy[ex.Node]:
    literals = st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=12).map(ex.Literal),
        st.integers(-(10**12), 10**12).map(ex.Literal),
        floats.map(ex.Literal),
        st.booleans().map(ex.Literal),
    )
    refs = st.builds(ex.Ref, names, st.one_of(st.none(), rows))
    declined = st.one_of(codes, st.just("prefer_not_to_say"))
    calls = st.one_of(
        st.builds(lambda r, c: ex.Call("selected", (r, ex.Literal(c))), refs, declined),
        st.builds(lambda r: ex.Call("count_selected", (r,)), refs),
        st.builds(lambda r: ex.Call("answered", (r,)), refs),
        st.builds(lambda r: ex.Call("declined", (r,)), refs),
    )
    operands = st.one_of(literals, refs, calls)
    atoms = st.one_of(
        st.builds(ex.Compare, st.sampled_from(ex.COMPARISONS), operands, operands),
        st.builds(ex.In, refs, st.lists(literals, max_size=3).map(tuple), st.booleans()),
        calls,
        refs,
    )
    return st.recursive(atoms, _trees, max_leaves=10)


def _trees(children: st.SearchStrategy[ex.Node]) -> st.SearchStrategy[ex.Node]:
    return st.one_of(
        st.builds(ex.Not, children),
        st.builds(ex.BoolOp, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3).map(tuple)),
    )


conditions = _conditions(st.floats(allow_nan=False, allow_infinity=False), codes)
# The eqsurvey parser reads numbers without an exponent, and a row code after '.' as one word only.
written_conditions = _conditions(
    st.floats(-1e15, 1e15).filter(lambda f: "e" not in repr(f)),
    st.from_regex(r"[a-z][a-z0-9_-]{0,5}", fullmatch=True).filter(
        lambda c: "__" not in c and c not in {"and", "or", "not", "in", "true", "false"} and c[-1] not in "_-"
    ),
)


@given(conditions)
def test_reading_the_xpath_back_gives_the_canonical_tree(node: ex.Node) -> None:
    assert from_xpath(to_xpath(node)) == canonical(node)


@given(conditions)
def test_canonical_trees_come_back_exactly(node: ex.Node) -> None:
    tree = canonical(node)
    assert canonical(tree) == tree
    assert from_xpath(to_xpath(tree)) == ex.strip_positions(tree)


@given(written_conditions)
def test_parsed_conditions_come_back_from_xpath(node: ex.Node) -> None:
    # A condition as a person writes it: through the eqsurvey parser first.
    parsed = ex.parse(ex.unparse(node))
    assert ex.strip_positions(from_xpath(to_xpath(parsed))) == canonical(parsed)


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_with_a_named_part(text: str) -> None:
    try:
        from_xpath(text)
    except XPathError as exc:
        assert exc.message
        assert isinstance(exc.part, str)

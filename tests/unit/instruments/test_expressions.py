"""The condition language: parsing, printing back, and refusing what it must refuse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.expressions import syntax as ex

names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda s: s not in {"and", "or", "not", "in", "true", "false"} and "__" not in s
)
codes = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9_]{0,5}[A-Za-z0-9])?", fullmatch=True).filter(lambda c: "__" not in c)
text_values = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
literals = st.one_of(
    text_values.map(ex.Literal),
    st.integers(-1000, 1000).map(ex.Literal),
    st.booleans().map(ex.Literal),
)
refs = st.builds(ex.Ref, names, st.one_of(st.none(), codes))
calls = st.one_of(
    st.builds(lambda r, c: ex.Call("selected", (r, ex.Literal(c))), refs, codes),
    st.builds(lambda r: ex.Call("count_selected", (r,)), refs),
    st.builds(lambda r: ex.Call("answered", (r,)), refs),
    st.builds(lambda r: ex.Call("declined", (r,)), refs),
)
operands = st.one_of(literals, refs, calls)
atoms = st.one_of(
    st.builds(ex.Compare, st.sampled_from(ex.COMPARISONS), operands, operands),
    st.builds(ex.In, refs, st.lists(literals, max_size=3).map(tuple), st.booleans()),
    calls,
)


def _trees(children: st.SearchStrategy[ex.Node]) -> st.SearchStrategy[ex.Node]:
    return st.one_of(
        st.builds(ex.Not, children),
        st.builds(ex.BoolOp, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3).map(tuple)),
    )


conditions = st.recursive(atoms, _trees, max_leaves=8)


@given(conditions)
def test_unparse_then_parse_gives_the_same_tree(node: ex.Node) -> None:
    text = ex.unparse(node)
    # Nested and/or keep their brackets, so the tree comes back exactly as it was.
    assert ex.strip_positions(ex.parse(text)) == node


@given(conditions)
def test_unparse_is_a_fixed_point(node: ex.Node) -> None:
    text = ex.unparse(node)
    assert ex.unparse(ex.parse(text)) == text


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_with_a_position(text: str) -> None:
    try:
        ex.parse(text)
    except ex.ExpressionSyntaxError as exc:
        assert 0 <= exc.pos <= len(text)
        assert exc.fix


def test_precedence_not_binds_tighter_than_and_than_or() -> None:
    node = ex.strip_positions(ex.parse("not a == 1 and b == 2 or c == 3"))
    assert isinstance(node, ex.BoolOp) and node.op == "or"
    left = node.operands[0]
    assert isinstance(left, ex.BoolOp) and left.op == "and"
    assert isinstance(left.operands[0], ex.Not)


def test_matrix_row_reference_and_not_in() -> None:
    node = ex.strip_positions(ex.parse("discr_5y.work not in ['no', 'not_applicable']"))
    assert node == ex.In(ex.Ref("discr_5y", "work"), (ex.Literal("no"), ex.Literal("not_applicable")), negated=True)


@pytest.mark.parametrize(
    ("source", "fragment", "pos"),
    [
        ("gender = 'woman'", "unexpected character '='", 7),
        ("age >", "expected a question id", 5),
        ("eval('1')", "unknown function 'eval'", 0),
        ("(a == 1", "expected ')'", 7),
        ("a == 1 b == 2", "unexpected 'b'", 7),
        ("", "empty", 0),
        ("x in [y]", "only fixed values", 7),
    ],
)
def test_syntax_errors_say_what_and_where(source: str, fragment: str, pos: int) -> None:
    with pytest.raises(ex.ExpressionSyntaxError) as info:
        ex.parse(source)
    assert fragment in info.value.message
    assert info.value.pos == pos


def test_strings_with_quotes_and_backslashes_survive() -> None:
    node = ex.Compare("==", ex.Ref("q"), ex.Literal("it's a \\ test"))
    assert ex.strip_positions(ex.parse(ex.unparse(node))) == node


def test_references_in_reading_order() -> None:
    node = ex.parse("selected(a, 'x') or b.r == 'y' and not answered(c)")
    assert [(r.name, r.row) for r in ex.references(node)] == [("a", None), ("b", "r"), ("c", None)]


@pytest.mark.parametrize("row", ["1a", "a.b", "in", "not", "A-1", "5y"])
def test_any_valid_row_code_can_follow_the_dot(row: str) -> None:
    node = ex.strip_positions(ex.parse(f"discr_5y.{row} == 'yes'"))
    assert node == ex.Compare("==", ex.Ref("discr_5y", row), ex.Literal("yes"))
    assert ex.strip_positions(ex.parse(ex.unparse(node))) == node


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_floats_print_without_exponents_and_read_back(value: float) -> None:
    node = ex.Compare("<", ex.Ref("age"), ex.Literal(value))
    text = ex.unparse(node)
    assert "e" not in text.split("<")[1]
    back = ex.strip_positions(ex.parse(text))
    assert isinstance(back, ex.Compare) and isinstance(back.right, ex.Literal)
    assert back.right.value == value


@pytest.mark.parametrize("depth", [ex.MAX_DEPTH + 1, 400, 5000])
def test_deep_nesting_is_a_syntax_error_not_a_crash(depth: int) -> None:
    for source in ("(" * depth + "a == 1" + ")" * depth, "not " * depth + "a == 1"):
        with pytest.raises(ex.ExpressionSyntaxError) as info:
            ex.parse(source)
        assert "levels deep" in info.value.message


def test_nesting_within_the_limit_parses() -> None:
    depth = ex.MAX_DEPTH - 2
    node = ex.parse("(" * depth + "a == 1" + ")" * depth)
    assert ex.strip_positions(node) == ex.Compare("==", ex.Ref("a"), ex.Literal(1))

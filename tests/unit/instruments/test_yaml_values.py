"""The values a YAML file stands for are counted before any is built: nested aliases, self-reference and
files of too many values are refused with file:line."""

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.loader import parse_instrument
from kernel.errors import InstrumentError
from kernel.yaml_source import load_yaml
from kernel.yaml_values import MAX_VALUES, check_values
from tests.builders import GENDER, instrument_yaml

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{x}: &{x} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, x in zip("abcdefgh", "bcdefghi", strict=True)
)


def composed(text: str) -> yaml.Node:
    """The node graph of one document, by PyYAML's pure-Python composer (the loader uses libyaml's)."""
    node = yaml.compose(text)
    assert node is not None
    return node


def refusal(text: str) -> tuple[str, int | None, str]:
    with pytest.raises(InstrumentError) as info:
        load_yaml(text, "hostile.yaml")
    ((problem,),) = [info.value.problems]
    assert problem.where.file == "hostile.yaml"
    return problem.code, problem.where.line, f"{problem.problem} | {problem.fix}"


def test_nested_aliases_are_refused_before_they_expand() -> None:
    text = LAUGHS + "languages: *i\n"
    start = time.perf_counter()
    code, line, message = refusal(text)
    assert time.perf_counter() - start < 1
    assert code == "yaml-aliases"
    assert line == 10, "the line of the alias that repeats the most"
    assert "write the value out" in message and f"{MAX_VALUES:,}" in message


def test_an_instrument_of_nested_aliases_is_refused_like_any_broken_instrument() -> None:
    text = LAUGHS + instrument_yaml(GENDER).replace("languages: [de, en]", "languages: *i")
    with pytest.raises(InstrumentError) as info:
        parse_instrument(text, "instrument.yaml")
    assert [p.code for p in info.value.problems] == ["yaml-aliases"]


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    code, line, message = refusal("id: x\nloop: &a [1, [2, *a]]\n")
    assert (code, line) == ("yaml-aliases", 2)
    assert "contains it" in message


def test_aliases_as_people_use_them_still_load() -> None:
    text = "scale: &s [1, 2, 3]\nfirst: *s\nsecond: {<<: &m {a: 1}, b: 2}\nthird: *m\n"
    assert load_yaml(text, "fine.yaml") == {
        "scale": [1, 2, 3],
        "first": [1, 2, 3],
        "second": {"a": 1, "b": 2},
        "third": {"a": 1},
    }


def test_the_bound_is_exact() -> None:
    # A mapping of two keys, the second an alias of the first's list of n scalars: 1 + 2 * (2 + n) values.
    def shared(n: int) -> str:
        return f"a: &a [{', '.join(['x'] * n)}]\nb: *a\n"

    check_values(composed(shared(48)), "t.yaml", limit=101)
    with pytest.raises(InstrumentError):
        check_values(composed(shared(49)), "t.yaml", limit=101)


def test_a_file_of_too_many_values_is_refused_as_too_large() -> None:
    code, line, message = refusal("id: [" + "a," * MAX_VALUES + "a]\n")
    assert (code, line) == ("yaml-size", None)
    assert f"{MAX_VALUES + 4:,} values" in message


def tree_size(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(1 + tree_size(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(tree_size(v) for v in value)
    return 1


@st.composite
def shared_structures(draw: st.DrawFn) -> Any:
    """A value built bottom-up in which lists and mappings may appear many times (PyYAML writes them as aliases)."""
    words = st.from_regex(r"[a-z]{1,3}", fullmatch=True).filter(lambda w: w not in ("y", "n"))
    pool: list[Any] = [draw(words)]
    for _ in range(draw(st.integers(1, 12))):
        parts = draw(st.lists(st.sampled_from(pool), max_size=6))
        if draw(st.booleans()):
            pool.append(parts)
        else:
            keys = draw(st.lists(words, min_size=len(parts), max_size=len(parts), unique=True))
            pool.append(dict(zip(keys, parts, strict=True)))
    return pool[-1]


@settings(max_examples=200, deadline=None)
@given(value=shared_structures(), limit=st.integers(0, 120))
def test_the_count_is_the_values_of_the_document_with_aliases_expanded(value: Any, limit: int) -> None:
    text = yaml.safe_dump(value)
    if tree_size(value) > limit:
        with pytest.raises(InstrumentError):
            check_values(composed(text), "t.yaml", limit)
    else:
        check_values(composed(text), "t.yaml", limit)
    if tree_size(value) <= MAX_VALUES:
        assert load_yaml(text, "t.yaml") == value

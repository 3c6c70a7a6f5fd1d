"""The parse caches (library modules, conditions) hand out results that callers may change without
changing what the next caller gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.expressions.syntax import ExpressionSyntaxError, parse
from instruments.loader import load_instrument
from instruments.modules import available, load_module, validated_module
from kernel.errors import InstrumentError
from kernel.yaml_source import MarkedDict, MarkedList, copy_marked, load_yaml

EXAMPLE_INSTRUMENT = Path(__file__).parents[3] / "examples" / "musterstadt" / "instrument.yaml"

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def _marks(node: Any) -> Any:
    """The tree with its marks, for comparing a copy with its original mark for mark."""
    if isinstance(node, MarkedDict):
        return ("map", node.file, node.line, dict(node.key_lines), {k: _marks(v) for k, v in node.items()})
    if isinstance(node, MarkedList):
        return ("seq", node.file, node.line, list(node.item_lines), [_marks(v) for v in node])
    return node


@given(_trees)
def test_a_copy_of_loaded_yaml_keeps_every_value_and_mark_and_shares_no_container(tree: Any) -> None:
    import yaml

    loaded = load_yaml(yaml.safe_dump({"root": tree}), "t.yaml")
    copied = copy_marked(loaded)
    assert _marks(copied) == _marks(loaded)
    copied["root"] = "changed"
    copied.key_lines["root"] = -1
    assert _marks(loaded) == _marks(load_yaml(yaml.safe_dump({"root": tree}), "t.yaml"))


@pytest.mark.parametrize("ref", available())
def test_a_module_changed_by_one_caller_is_whole_for_the_next(ref: str) -> None:
    first = load_module(ref)
    first.raw["questions"].clear()
    first.raw["title"].clear()
    second = load_module(ref)
    assert len(second.raw["questions"]) == len(second.module.questions) > 0
    assert dict(second.raw["title"]) and second.raw["questions"].item_lines


def test_an_instrument_loads_alike_from_the_cache() -> None:
    once, again = load_instrument(EXAMPLE_INSTRUMENT), load_instrument(EXAMPLE_INSTRUMENT)
    assert once.instrument == again.instrument and once.warnings == again.warnings


def test_a_bad_condition_raises_each_time_it_is_parsed() -> None:
    for _ in range(2):
        with pytest.raises(ExpressionSyntaxError):
            parse("q1 = ")


@pytest.mark.parametrize("ref", available())
def test_the_validated_module_alone_is_the_one_load_module_gives(ref: str) -> None:
    assert validated_module(ref) == load_module(ref).module
    assert validated_module(ref) is validated_module(ref)  # shared: a frozen model, read once


@pytest.mark.parametrize("ref", ["nonsense", "no_such_module@1", "wg_short_set@9"])
def test_a_module_that_cannot_be_had_is_refused_alike(ref: str) -> None:
    with pytest.raises(InstrumentError) as alone:
        validated_module(ref)
    with pytest.raises(InstrumentError) as loaded:
        load_module(ref)
    assert alone.value.problems == loaded.value.problems

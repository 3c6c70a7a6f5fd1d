"""Texts taken straight from their YAML nodes (kernel.yaml_source._construct) build the same documents,
value for value, type for type and mark for mark, as PyYAML's constructor builds them for every node."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.modules import available
from kernel import yaml_source
from kernel.yaml_source import MarkedDict, MarkedList, load_yaml

LIBRARY = Path(yaml_source.__file__).parents[1] / "instruments" / "library"
EXAMPLES = Path(yaml_source.__file__).parents[1] / "examples"


def _every_node_constructed(loader: Any, node: yaml.Node) -> Any:
    return loader.construct_object(node, deep=True)


def _typed(node: Any) -> Any:
    """The tree with its marks and the type of each value, to compare two loads exactly."""
    if isinstance(node, MarkedDict):
        items = {k: _typed(v) for k, v in node.items()}
        return ("map", node.file, node.line, dict(node.key_lines), items, [type(k).__name__ for k in node])
    if isinstance(node, MarkedList):
        return ("seq", node.file, node.line, list(node.item_lines), [_typed(v) for v in node])
    return (type(node).__name__, node)


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = load_yaml(text, "t.yaml")
    with monkeypatch.context() as patched:
        patched.setattr(yaml_source, "_construct", _every_node_constructed)
        every = load_yaml(text, "t.yaml")
    return fast, every


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.dates(),
    st.sampled_from(["yes", "no", "012", "16_24", "1e3", "~", "null", "2024-01-02", "=", "<<", ".inf", "a: b"]),
)
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=200)
@given(_trees, st.sampled_from([{}, {"default_flow_style": True}, {"default_style": '"'}, {"allow_unicode": True}]))
def test_any_document_loads_as_when_every_node_went_through_the_constructor(tree: Any, style: dict[str, Any]) -> None:
    text = yaml.safe_dump({"root": tree, "again": tree}, **style)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, every = _both(text, monkeypatch)
    assert _typed(fast) == _typed(every)


def test_anchors_tags_merges_and_keys_load_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "base: &b {label: Text, code: '01'}\n"
        "copy: *b\n"
        "merged: {<<: *b, extra: !!str 12}\n"
        "word: &w plain words\n"
        "again: [*w, *w, !!str true, !!int '7']\n"
        "1: one\n"
        "01: leading zero\n"
        "when: 2024-05-06\n"
        "folded: >-\n  two\n  lines\n"
    )
    fast, every = _both(text, monkeypatch)
    assert _typed(fast) == _typed(every)
    assert fast["again"][:3] == ["plain words", "plain words", "true"]
    assert fast["merged"]["extra"] == "12"
    assert fast["when"] == datetime.date(2024, 5, 6)
    assert list(fast)[-4:-2] == ["1", "01"]


@pytest.mark.parametrize("name", available())
def test_every_library_module_loads_as_before(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, every = _both((LIBRARY / f"{name}.yaml").read_text(encoding="utf-8"), monkeypatch)
    assert _typed(fast) == _typed(every)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_loads_as_before(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, every = _both(path.read_text(encoding="utf-8"), monkeypatch)
    assert _typed(fast) == _typed(every)

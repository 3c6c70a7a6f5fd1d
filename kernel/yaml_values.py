"""How many values a YAML document stands for, bounded before any value is built.

Everything after loading (pydantic validation, the lists of problems, every
later walk) costs time and memory per value, and a YAML file can stand for
far more values than it has bytes: an alias (``*name``) repeats the node its
anchor (``&name``) marks, so nine anchors of nine aliases each, a 350-byte
file, become 9**9 values (the "billion laughs"). This module counts the
values of a composed document, visiting each distinct node once, and refuses
a document of more than :data:`MAX_VALUES` or one that contains itself.

Aliases are bounded, not refused: the bundled modules share option lists and
scales through them, and people writing instruments may do the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import yaml

from kernel.errors import InstrumentError, Location, Problem

#: Values (keys, scalars, mappings, lists) one YAML document may stand for.
#: The Musterstadt instrument has 377; a real file within MAX_YAML_BYTES has
#: at most about 20 000 (some 25 bytes a value). A hostile file just under
#: this bound, of the values that give pydantic the most errors (empty
#: sections), fails validation in about 1.2 s and 200 MB (measured).
MAX_VALUES = 50_000


def check_values(root: yaml.Node, source: str, limit: int = MAX_VALUES) -> None:
    """Raise :class:`InstrumentError` if ``root`` stands for more than ``limit`` values or contains itself.

    Iterative, so that a deeply nested document is measured without recursion;
    the place of the worst alias is looked for only when the file is refused.
    """
    sizes, written = _sizes(root, source)
    total = sizes.get(id(root), 1)
    if total <= limit:
        return
    repeated = total - written
    if repeated > written:
        size, line = _worst_alias(root, sizes)
        raise _refusal(
            "yaml-aliases",
            source,
            line,
            f"the aliases (*name) in this file repeat {repeated:,} values, {size:,} at a time on this line;"
            f" eqsurvey reads files of at most {limit:,} values, aliases included",
            "write the value out instead of using the alias (&name … *name), once where it is needed",
        )
    raise _refusal(
        "yaml-size",
        source,
        None,
        f"the file holds {total:,} values; eqsurvey reads files of at most {limit:,} (an instrument has a few thousand)",
        "check the path; split what is not one instrument, plan or mapping into files of its own",
    )


def _sizes(root: yaml.Node, source: str) -> tuple[dict[int, int], int]:
    """The values each mapping or sequence stands for, by id, and the number of values written in the file.

    A scalar is counted where it is written (repeating one by alias costs no
    more than writing it out); a mapping or sequence once, however often it is
    referred to.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the path from the root to the node being visited
    written = 0
    stack = [root]
    while stack:
        node = stack[-1]
        key = id(node)
        if key in sizes or type(node) is yaml.ScalarNode:
            stack.pop()
            continue
        if key not in open_nodes:
            open_nodes.add(key)
            for slot, child in enumerate(_children(node)):
                if type(child) is not yaml.ScalarNode and id(child) not in sizes:
                    if id(child) in open_nodes:
                        raise _refusal(
                            "yaml-aliases",
                            source,
                            _slot_line(node, slot),
                            "this alias (*name) refers to a value that contains it, so the value never ends",
                            "write the value out instead of using the alias",
                        )
                    stack.append(child)
            continue
        open_nodes.discard(key)
        stack.pop()
        total = 1
        for child in _children(node):
            if type(child) is yaml.ScalarNode:
                total += 1
                written += 1
            else:
                total += sizes[id(child)]
        sizes[key] = total
    return sizes, written + len(sizes) + (type(root) is yaml.ScalarNode)


def _worst_alias(root: yaml.Node, sizes: dict[int, int]) -> tuple[int, int | None]:
    """The most values one alias repeats, and its line: a walk in document order, where the anchor comes first."""
    seen: set[int] = set()
    worst: tuple[int, int | None] = (0, None)
    stack: list[tuple[yaml.Node, yaml.Node | None, int]] = [(root, None, 0)]
    while stack:
        node, parent, slot = stack.pop()
        if id(node) in seen:
            if parent is not None and sizes[id(node)] > worst[0]:
                worst = (sizes[id(node)], _slot_line(parent, slot))
            continue
        seen.add(id(node))
        children = list(_children(node))
        stack.extend(
            (child, node, i) for i, child in reversed(list(enumerate(children))) if type(child) is not yaml.ScalarNode
        )
    return worst


def _children(node: yaml.Node) -> Iterable[yaml.Node]:
    if type(node) is yaml.MappingNode:
        return chain.from_iterable(node.value)
    if type(node) is yaml.SequenceNode:
        return node.value  # type: ignore[no-any-return]
    return ()


def _slot_line(parent: yaml.Node, slot: int) -> int:
    """The line of a child's place in its parent: the key's line in a mapping, the sequence's otherwise.

    An alias node is the anchored node itself, whose marks point at the anchor,
    so the place of the alias is known only through its parent.
    """
    if isinstance(parent, yaml.MappingNode):
        key_node: yaml.Node = parent.value[slot // 2][0]
        return int(key_node.start_mark.line) + 1
    return int(parent.start_mark.line) + 1


def _refusal(code: str, source: str, line: int | None, problem: str, fix: str) -> InstrumentError:
    return InstrumentError([Problem(code, Location(file=source, line=line), problem, fix)])

"""Bounding what YAML aliases expand to, before any value is built from them.

An alias (``*name``) repeats the node its anchor (``&name``) marks. PyYAML
builds an anchored node once and shares it, but everything after loading
(pydantic validation, the lists of problems, every later walk) treats the
values as a tree, so nine anchors of nine aliases each, a 350-byte file,
become 9**9 values: the "billion laughs". This module counts the values a
composed document stands for, visiting each distinct node once, and refuses
a document whose aliases repeat more than :data:`MAX_REPEATED` values or that
contains itself.

Aliases are bounded, not refused: the bundled modules share option lists and
scales through them, and people writing instruments may do the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .errors import InstrumentError, Location, Problem

#: Values that aliases may add to a document. The bundled modules repeat a few
#: dozen (shared option lists and scales); a hostile instrument or plan just
#: under this bound fails validation in under a second and 100 MB (measured).
MAX_REPEATED = 100_000


@dataclass
class _Repeat:
    size: int = 0
    line: int | None = None


def check_aliases(root: yaml.Node, source: str, limit: int = MAX_REPEATED) -> None:
    """Raise :class:`InstrumentError` if aliases make ``root`` repeat more than ``limit`` values or contain itself.

    Iterative, so that a deeply nested document is measured without recursion.
    """
    sizes: dict[int, int] = {}  # id(node) -> values it stands for, once finished
    first_slot: dict[int, tuple[int, int]] = {}  # id(node) -> (id(parent), index) where it was first reached
    open_nodes: set[int] = set()  # the path from the root to the node being visited
    worst = _Repeat()
    stack: list[tuple[yaml.Node, int, int, bool]] = [(root, 0, 0, False)]
    while stack:
        node, parent, index, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            for slot, child in enumerate(children):
                if first_slot[id(child)] != (key, slot) and sizes[id(child)] > worst.size:
                    worst = _Repeat(sizes[id(child)], _slot_line(node, slot))
            continue
        if key in sizes or key in first_slot:
            continue  # reached again through an alias; counted when its parent finishes
        first_slot[key] = (parent, index)
        open_nodes.add(key)
        stack.append((node, parent, index, True))
        for slot in reversed(range(len(children))):
            child = children[slot]
            if id(child) in open_nodes:
                raise _refusal(
                    source,
                    _slot_line(node, slot),
                    "this alias (*name) refers to a value that contains it, so the value never ends",
                    "write the value out instead of using the alias",
                )
            stack.append((child, key, slot, False))
    repeated = sizes[id(root)] - len(sizes)
    if repeated > limit:
        raise _refusal(
            source,
            worst.line,
            f"the aliases (*name) in this file repeat {repeated:,} values, {worst.size:,} at a time on this line;"
            f" eqsurvey reads files whose aliases repeat at most {limit:,}",
            "write the value out instead of using the alias (&name … *name), once where it is needed",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _slot_line(parent: yaml.Node, slot: int) -> int:
    """The line of a child's place in its parent: the key's line in a mapping, the sequence's otherwise.

    An alias node is the anchored node itself, whose marks point at the anchor,
    so the place of the alias is known only through its parent.
    """
    if isinstance(parent, yaml.MappingNode):
        key_node: yaml.Node = parent.value[slot // 2][0]
        return int(key_node.start_mark.line) + 1
    return int(parent.start_mark.line) + 1


def _refusal(source: str, line: int | None, problem: str, fix: str) -> InstrumentError:
    return InstrumentError([Problem("yaml-aliases", Location(file=source, line=line), problem, fix)])

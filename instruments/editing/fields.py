"""Problems keyed by the form field they concern, so that a form shows each next to its field.

A field key names a place in the instrument by ids and codes, as the edits do:
``title.de``; ``section.about_you.intro.en``; ``question.ms_district.label.de``,
``question.ms_district.relevant``, ``question.ms_district.option.nordstadt.label.en``,
``question.q.row.work.label.de`` (a matrix row), ``question.q.point.3.label.de`` (a scale
point, by value), ``question.q.min``, ``question.q.unit.de``;
``module.age_band``; ``""`` for the instrument as a whole. The validator
reports file:line (and, where it knows it, the question id); the key is found
from the line, in the file as it would be written, which is read again here
with eqsurvey's own YAML reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from kernel.errors import InstrumentError, Problem
from kernel.yaml_source import MarkedDict, MarkedList, load_yaml

_MISSING_LANG = re.compile(r"in '([^']+)'$")
_LIBRARY_FILE = re.compile(r"([a-z][a-z0-9_]*)@\d+\.yaml$")
#: A check of a whole number question about its range, reported at the question's first line.
_BOUNDS = re.compile(r"\b(min|max|bounds)\b")


def field_key(raw: Any, path: Sequence[str | int]) -> str:
    """The field key of a path into the file's data (``("sections", 0, "questions", 2, "label", "de")``)."""
    parts: list[str] = []
    node = raw
    i = 0
    while i < len(path):
        part = path[i]
        child = _child(node, part)
        if part == "sections" and isinstance(child, list) and i + 1 < len(path):
            section = _child(child, path[i + 1])
            parts = [f"section.{_ident(section, 'id')}"]
            node, i = section, i + 2
            continue
        if part == "questions" and isinstance(child, list) and i + 1 < len(path):
            item = _child(child, path[i + 1])
            if isinstance(item, dict) and "use" in item:
                return f"module.{str(item['use']).split('@')[0]}"
            parts = [f"question.{_ident(item, 'id')}"]
            node, i = item, i + 2
            continue
        if part in ("options", "rows", "points") and isinstance(child, list) and i + 1 < len(path):
            item = _child(child, path[i + 1])
            parts.append(f"{part[:-1]}.{_ident(item, 'value' if part == 'points' else 'code')}")
            node, i = item, i + 2
            continue
        parts.append(str(part))
        node, i = child, i + 1
    return ".".join(parts)


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _ident(node: Any, key: str) -> str:
    return str(node.get(key)) if isinstance(node, dict) else "?"


def _lines(node: Any, path: tuple[str | int, ...], index: dict[int, tuple[str | int, ...]]) -> None:
    """For each line, the deepest path that starts on it (later, deeper entries win)."""
    if isinstance(node, MarkedDict):
        for key, value in node.items():
            line = node.key_lines.get(key)
            if line is not None and len(path) + 1 >= len(index.get(line, ())):
                index[line] = (*path, key)
            _lines(value, (*path, key), index)
    elif isinstance(node, MarkedList):
        for i, value in enumerate(node):
            line = node.item_lines[i] if i < len(node.item_lines) else None
            if line is not None and len(path) + 1 >= len(index.get(line, ())):
                index[line] = (*path, i)
            _lines(value, (*path, i), index)


def keyed(problems: Iterable[Problem], text: str, source: str) -> dict[str, list[Problem]]:
    """``problems`` grouped by the field each concerns, for the file ``text`` read as ``source``."""
    try:
        raw = load_yaml(text, source)
    except InstrumentError:
        raw = None
    index: dict[int, tuple[str | int, ...]] = {}
    _lines(raw, (), index)
    result: dict[str, list[Problem]] = {}
    for problem in problems:
        result.setdefault(_key_of(problem, raw, index, source), []).append(problem)
    return result


def _key_of(problem: Problem, raw: Any, index: dict[int, tuple[str | int, ...]], source: str) -> str:
    where = problem.where
    if where.field is not None and where.file is None:
        return where.field  # the edits' own problems name their field
    library = _LIBRARY_FILE.search(where.file or "")
    if where.file not in (None, source) and library is not None:
        return f"module.{library.group(1)}"
    if where.file == source and where.line is not None and where.line in index:
        path = index[where.line]
        lang = _MISSING_LANG.search(problem.problem)
        if problem.code == "missing-translation" and lang is not None:
            # The validator points at the text; the field is the missing language of it.
            if path and _is_text(_at(raw, path[:-1])):
                path = path[:-1]
            return f"{field_key(raw, path)}.{lang.group(1)}"
        if len(path) == 1 and isinstance(raw, MarkedDict) and where.line == raw.line:
            # A check of the whole instrument is reported at its first line; it names the key it is about.
            named = [k for k in raw if k != path[0] and re.search(rf"\b{re.escape(k)}\b", problem.problem)]
            if named:
                return named[0]
        key = field_key(raw, path)
        if key.startswith("question.") and key.endswith(".id") and _BOUNDS.search(problem.problem):
            # The form's bounds fields (min first) are where a range is corrected.
            return key[: -len("id")] + "min"
        return key
    if where.question is not None:
        return f"question.{where.question}"
    return ""


def _at(raw: Any, path: Sequence[str | int]) -> Any:
    node = raw
    for part in path:
        node = _child(node, part)
    return node


def _is_text(node: Any) -> bool:
    return isinstance(node, dict) and all(isinstance(v, str) for v in node.values())

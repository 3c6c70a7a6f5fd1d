"""YAML reading that remembers where every value came from.

Mappings and sequences are loaded as :class:`MarkedDict` / :class:`MarkedList`,
which know their file and the line of each key or item, so that any problem
found later, by pydantic or by the semantic checks, can be reported as
``file:line``. Duplicate keys, which plain YAML loaders silently merge, are
errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from kernel.errors import EqSurveyError, InstrumentError, Location, Problem
from kernel.files import read_text
from kernel.yaml_values import check_values


class MarkedDict(dict[str, Any]):
    file: str = ""
    line: int = 0
    key_lines: dict[str, int]


class MarkedList(list[Any]):
    file: str = ""
    line: int = 0
    item_lines: list[int]


#: The largest YAML file eqsurvey reads (instrument, module, plan, mapping).
#: Instruments have tens of kilobytes; a hostile file of this size is composed
#: in about a second and 110 MB before its values are counted (yaml_values).
MAX_YAML_BYTES = 512 * 1024
_TOO_LARGE = "check the path; an instrument, plan or mapping file this large is not one eqsurvey reads"

# libyaml's parser is several times faster and gives the same marks; fall back
# to the pure-Python one where PyYAML was built without it.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader (no arbitrary objects) that records marks and refuses duplicate keys.

    Booleans follow YAML 1.2: only true/false. YAML 1.1 also reads yes/no/on/off
    as booleans, which silently turns an option code ``no`` or the Norwegian
    language tag ``no`` into False.
    """

    source_name = ""


_REPLACED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Numbers as plain decimals only. YAML 1.1 would read the option code 16_24 as
# 1624 and 012 as octal 10; here both stay text.
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
    list("-+0123456789."),
)


_STR_TAG = "tag:yaml.org,2002:str"


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """What ``loader.construct_object(node, deep=True)`` makes, a text taken straight from its node.

    Most nodes of an instrument or module are texts, and SafeLoader makes a text as its node's value;
    going through the constructor's bookkeeping for each of them was a tenth of a module's reading.
    """
    if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
        return node.value
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    result = MarkedDict()
    result.file = loader.source_name
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if not isinstance(key, str):
            # Keys are names, never numbers: keep what was written (e.g. a code 1 or 01).
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first at line {result.key_lines[key]})", key_node.start_mark
            )
        result[key] = _construct(loader, value_node)
        result.key_lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(_construct(loader, child) for child in node.value)
    result.file = loader.source_name
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def copy_marked(node: Any) -> Any:
    """A copy of loaded YAML with its marks, sharing only the (immutable) scalars.

    Several times faster than :func:`copy.deepcopy` on these trees, for callers that keep a parsed
    document and hand out copies to be changed in place. Aliased nodes become separate copies.
    """
    if isinstance(node, MarkedDict):
        mapping = MarkedDict((key, copy_marked(value)) for key, value in node.items())
        mapping.file, mapping.line = node.file, node.line
        mapping.key_lines = dict(node.key_lines)
        return mapping
    if isinstance(node, MarkedList):
        items = MarkedList(copy_marked(item) for item in node)
        items.file, items.line = node.file, node.line
        items.item_lines = list(node.item_lines)
        return items
    if isinstance(node, dict):
        return {key: copy_marked(value) for key, value in node.items()}
    if isinstance(node, list):
        return [copy_marked(item) for item in node]
    return node


def load_yaml(text: str, source_name: str) -> Any:
    """Parse YAML text; a syntax error becomes an :class:`InstrumentError` with file:line.

    The document is composed (a graph of nodes, aliases shared) and its values
    counted before any is built, so a file of nested aliases is refused before
    it can expand.
    """
    if len(text) > MAX_YAML_BYTES:  # characters: never more than the bytes read_yaml_file allows
        raise InstrumentError.single(
            "file-too-large",
            f"the file is larger than {MAX_YAML_BYTES:,} bytes, more than eqsurvey reads in a file of this kind",
            _TOO_LARGE,
            Location(file=source_name),
        )
    loader = _Loader(text)
    loader.source_name = source_name
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_values(node, source_name)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(
            file=source_name, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None
        )
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}: {problem}"
        raise InstrumentError(
            [
                Problem(
                    "yaml-syntax",
                    where,
                    f"this is not valid YAML: {problem}",
                    "check indentation (spaces, not tabs), colons after keys, and quotes around text "
                    "that contains ': ' or starts with a special character",
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        where = Location(file=source_name, line=before.count("\n") + 1, column=len(before) - before.rfind("\n"))
        char = exc.character if isinstance(exc.character, str) else chr(exc.character or 0)
        raise InstrumentError.single(
            "yaml-character",
            f"the character U+{ord(char):04X} is not allowed in YAML text",
            "delete it (it is usually invisible: a control character pasted from another program)",
            where,
        ) from None
    except yaml.YAMLError as exc:
        raise InstrumentError.single(
            "yaml-syntax", f"this is not valid YAML: {exc}", "fix the YAML syntax", Location(file=source_name)
        ) from None
    except RecursionError:
        raise InstrumentError.single(
            "yaml-depth",
            "the YAML is nested too deeply to read",
            "flatten the structure; instruments need only a few levels",
            Location(file=source_name),
        ) from None
    finally:
        loader.dispose()


def read_yaml_file(path: Path, error: type[EqSurveyError] = InstrumentError) -> Any:
    """The YAML of a user's file; a file over :data:`MAX_YAML_BYTES` is refused unread."""
    return load_yaml(read_text(path, error, MAX_YAML_BYTES, _TOO_LARGE), str(path))


def locate(root: Any, path: Sequence[str | int]) -> Location:
    """The most precise file:line and question id known for a path into the loaded data.

    Path parts that are not keys of the data (pydantic's union tags such as
    ``single_choice``) are skipped.
    """
    file, line, question = getattr(root, "file", None), getattr(root, "line", None), None
    node = root
    for part in path:
        if isinstance(node, MarkedDict) and isinstance(part, str) and part in node:
            file, line = node.file, node.key_lines.get(part, node.line)
            if "id" in node and isinstance(node.get("id"), str) and _is_question_like(node):
                question = node["id"]
            node = node[part]
        elif isinstance(node, MarkedList) and isinstance(part, int) and 0 <= part < len(node):
            file, line = node.file, node.item_lines[part]
            node = node[part]
        else:
            continue
        if isinstance(node, (MarkedDict, MarkedList)):
            file, line = node.file, node.line
    if isinstance(node, MarkedDict) and isinstance(node.get("id"), str) and _is_question_like(node):
        question = node["id"]
    return Location(file=file or None, line=line, question=question)


def _is_question_like(node: MarkedDict) -> bool:
    # Questions and derived variables have an id and a label; sections and the
    # instrument itself have a title instead.
    return "label" in node or "type" in node

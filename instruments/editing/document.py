"""The instrument file as a round-trip YAML document: comments, key order and text styles kept.

Edits work on this document, not on the validated model, so that the file stays
the person's own: a comment above a question, a folded paragraph, a flow
mapping ``{de: …, en: …}`` and the file's indentation all survive a save, and
the diff of a save shows only what was edited. Reading follows the project's
loader (YAML 1.2: ``no`` and ``yes`` stay text); the project's loader reads
every written text again before it is saved, so a document that ruamel would
write differently from how eqsurvey reads it is never saved.
"""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from kernel.errors import InstrumentError, Location

#: Texts longer than this are written as folded paragraphs, wrapped at :data:`WRAP` characters.
FOLD_FROM = 80
WRAP = 88

_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")
_ANY_KEY = re.compile(r"^( *)[^\s#-][^:#]*:")


def _yaml(mapping: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap: a text's line breaks are the person's, kept in its fold positions
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml


def detect_indent(text: str) -> tuple[int, int]:
    """The file's mapping indent and the offset of ``-`` under a key (ruamel writes one style per file)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    mapping = offset = None
    for first, second in itertools.pairwise(lines):
        key = _KEY_LINE.match(first)
        if key is None:
            continue
        dash, deeper = _DASH_LINE.match(second), _ANY_KEY.match(second)
        if dash is not None and offset is None:
            offset = max(len(dash.group(1)) - len(key.group(1)), 0)
        elif deeper is not None and mapping is None and len(deeper.group(1)) > len(key.group(1)):
            mapping = len(deeper.group(1)) - len(key.group(1))
        if mapping is not None and offset is not None:
            break
    return mapping or 2, 2 if offset is None else offset


def load_document(text: str, source: str) -> CommentedMap:
    """The file's round-trip document; a file that is not a mapping is refused as the loader refuses it."""
    try:
        doc = _yaml(2, 2).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InstrumentError.single(
            "yaml-syntax",
            f"this is not valid YAML: {getattr(exc, 'problem', None) or exc}",
            "correct the file in an editor (`eqsurvey instrument validate` shows where)",
            Location(file=source, line=mark.line + 1 if mark else None),
        ) from None
    if not isinstance(doc, CommentedMap):
        raise InstrumentError.single(
            "instrument-shape",
            "an instrument file must be a mapping of keys",
            "start it with 'id: …', 'version: …', 'title: …'",
            Location(file=source, line=1),
        )
    return doc


def dump_document(doc: CommentedMap, like: str) -> str:
    """The document as text, indented like ``like`` (the file as it was read)."""
    out = io.StringIO()
    _yaml(*detect_indent(like)).dump(doc, out)
    return out.getvalue()


def _fold_positions(text: str) -> list[int] | None:
    """Where a folded paragraph breaks (single spaces between words), or None if folding would change it."""
    if text != text.strip() or "  " in text or "\t" in text or "\n" in text:
        return None
    positions, start, last_space = [], 0, -1
    for i, char in enumerate(text):
        if char == " ":
            if i - start > WRAP and last_space > start:
                positions.append(last_space)
                start = last_space + 1
            last_space = i
    if len(text) - start > WRAP and last_space > start:
        positions.append(last_space)
    return positions


def styled(old: Any, text: str) -> Any:
    """``text`` as a YAML scalar in the style the old value had, or the style that keeps it readable."""
    if isinstance(old, str) and str(old) == text:
        return old
    if "\n" in text.strip("\n") and all(line == line.rstrip() for line in text.split("\n")) and text[:1] != " ":
        return LiteralScalarString(text)
    if isinstance(old, FoldedScalarString) or len(text) > FOLD_FROM:
        folds = _fold_positions(text)
        if folds is not None:
            folded = FoldedScalarString(text)
            folded.fold_pos = folds
            return folded
    if isinstance(old, SingleQuotedScalarString) and "\n" not in text:
        return SingleQuotedScalarString(text)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    return text


def new_map(items: dict[str, Any]) -> CommentedMap:
    result = CommentedMap()
    for key, value in items.items():
        result[key] = value
    return result


def new_seq(items: list[Any]) -> CommentedSeq:
    result = CommentedSeq()
    result.extend(items)
    return result


def _leaf(node: Any, key: Any) -> tuple[Any, Any]:
    """The container and key of the last scalar inside ``node[key]``: ruamel keeps a comment that follows a
    block on it."""
    value = node[key]
    while isinstance(value, CommentedMap | CommentedSeq) and len(value):
        node, key = value, (list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = node[key]
    return node, key


def _slot(node: Any) -> int:
    return 2 if isinstance(node, CommentedMap) else 0


def _take_comment(node: Any, key: Any) -> CommentToken | None:
    holder, leaf = _leaf(node, key)
    entry = holder.ca.items.get(leaf)
    if not entry or entry[_slot(holder)] is None:
        return None
    token: CommentToken = entry[_slot(holder)]
    entry[_slot(holder)] = None
    # An end-of-line comment was about the removed entry itself; the lines after it are about what follows.
    following = token.value[token.value.index("\n") :] if "\n" in token.value else ""
    return CommentToken(following, token.start_mark, None) if following.strip() else None


def _give_comment(node: Any, key: Any, token: CommentToken) -> None:
    holder, leaf = _leaf(node, key)
    entry = holder.ca.items.setdefault(leaf, [None, None, None, None] if _slot(holder) else [None, None])
    held = entry[_slot(holder)]
    if held is not None and held.value.endswith("\n") and token.value.startswith("\n"):
        token = CommentToken(held.value + token.value[1:], held.start_mark, None)
    entry[_slot(holder)] = token


def remove(
    container: CommentedMap | CommentedSeq, key: Any, carried: CommentToken | None = None
) -> CommentToken | None:
    """Delete ``container[key]`` keeping the comments that followed it (a comment above the next entry is held,
    in ruamel, by the entry before it). Returns the comments when nothing is left to hold them, for the caller
    to pass on when it removes the emptied container too."""
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    at = keys.index(key)
    own = _take_comment(container, key)
    token = own or carried
    if own is not None and carried is not None:
        token = CommentToken(own.value + carried.value.lstrip("\n"), own.start_mark, None)
    del container[key]
    if token is None:
        return None
    if at > 0:
        _give_comment(container, keys[at - 1], token)
        return None
    if len(container):
        # The comment stood between the removed first entry and the next, now first: it goes above it.
        lines = "".join(line.lstrip(" ") + "\n" for line in token.value.lstrip("\n").splitlines())
        if lines.strip():
            container.ca.comment = [None, [CommentToken(lines, token.start_mark, None)]]
        return None
    return token


def _following(token: CommentToken) -> tuple[CommentToken | None, CommentToken | None]:
    """A held comment split into the end-of-line comment of its own entry and the lines that follow it."""
    value = token.value
    cut = 0 if value.startswith("\n") else value.index("\n") if "\n" in value else len(value)
    own = CommentToken(value[:cut] + "\n", token.start_mark, None) if cut else None
    rest = value[cut:]
    return own, (CommentToken(rest, token.start_mark, None) if rest.strip() else None)


def put(container: CommentedMap | CommentedSeq, at: int, value: Any, key: Any = None) -> None:
    """Insert ``value`` (under ``key`` in a mapping) at position ``at``; placed last, it takes over the comment
    lines that followed the entry before it, so that a comment above the next block stays above that block."""
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    if isinstance(container, CommentedMap):
        container.insert(at, key, value)
    else:
        container.insert(at, value)
    if not keys or at < len(keys):
        return
    holder, leaf = _leaf(container, keys[-1])
    entry = holder.ca.items.get(leaf)
    if not entry or entry[_slot(holder)] is None:
        return
    own, rest = _following(entry[_slot(holder)])
    entry[_slot(holder)] = own
    if rest is not None:
        _give_comment(container, key if isinstance(container, CommentedMap) else len(keys), rest)

"""Where each table of a plan sits in its file's text, and ruamel.yaml's round trip with the file's own indentation.

Comments belong to what follows them: a comment just above a table (at its
indentation or deeper) describes that table and goes with it when it is
removed; a comment after a table's last line belongs to what comes next and
stays where it is. ruamel.yaml attaches comments to what precedes them, so the
edits here cut and splice lines of text (rendered by ruamel.yaml where new),
and the caller checks the result against an edit of the whole document.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.util import load_yaml_guess_indent


@dataclass(frozen=True)
class Span:
    """Lines (0-based, inclusive) of one table: its own comments above it, its first line, its last."""

    lead: int
    start: int
    end: int


class RoundTrip:
    """ruamel.yaml's round trip set to the indentation the file uses (guessed from its text)."""

    def __init__(self, text: str) -> None:
        indent, offset = 2, 0
        if text.strip():
            _, guessed, block_offset = load_yaml_guess_indent(text)
            indent, offset = guessed or 2, block_offset or 0
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096  # never re-wrap people's long lines
        self.yaml.indent(mapping=2, sequence=max(indent, offset + 2), offset=offset)

    def load(self, text: str) -> Any:
        return self.yaml.load(text)

    def dump(self, data: Any) -> str:
        out = io.StringIO()
        self.yaml.dump(data, out)
        return out.getvalue()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def table_spans(lines: list[str], item_lines: list[int]) -> list[Span] | None:
    """Each table's lines, from the loader's first line of each item (1-based); None for a layout
    other than a block list with ``- `` on each table's first line (then the caller edits the whole document)."""
    if not item_lines:
        return None
    starts = [n - 1 for n in item_lines]
    if any(not (0 <= s < len(lines)) or not lines[s].lstrip(" ").startswith("- ") for s in starts):
        return None
    dash = _indent(lines[starts[0]])
    if any(_indent(lines[s]) != dash for s in starts):
        return None
    spans: list[Span] = []
    previous_end = -1
    for start in starts:
        if start <= previous_end:
            return None
        following = start + 1
        while following < len(lines) and not (_content(lines[following]) and _indent(lines[following]) <= dash):
            following += 1
        end = following - 1
        while end > start and not _content(lines[end]):
            end -= 1
        lead = start
        while lead - 1 > previous_end and lines[lead - 1].strip().startswith("#") and _indent(lines[lead - 1]) >= dash:
            lead -= 1
        spans.append(Span(lead, start, end))
        previous_end = end
    return spans

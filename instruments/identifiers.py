"""Names from other tools made into eqsurvey ids and option codes.

Used by the form importers and by the response readers of other platforms'
exports, which must not load the spreadsheet libraries to do so.
"""

from __future__ import annotations

import re

from instruments.text import COLUMN_SEP

__all__ = ["to_code", "to_identifier", "unused_identifier"]

_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})


def to_identifier(name: str) -> str:
    """A valid eqsurvey id for a form's field name: lower case, '_' for anything else, starting with a letter."""
    text = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower())
    text = re.sub(r"_+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = f"q_{text}".rstrip("_")
    if text in _KEYWORDS:
        text += "_q"  # a keyword cannot be named in a condition
    return text[:64]


def unused_identifier(name: str, used: set[str]) -> tuple[str, str]:
    """(the id a name becomes, the id it would be if no other took it); the id is added to ``used``."""
    base = new = to_identifier(name)
    n = 2
    while new in used:
        new = f"{base[:60]}_{n}"
        n += 1
    used.add(new)
    return new, base


def to_code(name: str) -> str:
    """A valid option code for a choice name: letters, digits, '_', '.', '-', no '__', alphanumeric ends."""
    text = re.sub(r"[^A-Za-z0-9_.-]+", "_", name.strip())
    text = re.sub(r"_+", "_", text)
    text = re.sub(r"^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "", text)[:64]
    return re.sub(r"[^A-Za-z0-9]+$", "", text) or "option"


def matrix_row_code(group_name: str, child: str) -> str:
    """The row code of a matrix field: ``QID__ROW`` from eqsurvey, ``freq_work`` → ``work`` from others."""
    for prefix in (f"{group_name}{COLUMN_SEP}", f"{group_name}_"):
        if child.startswith(prefix) and child[len(prefix) :]:
            return child[len(prefix) :] if prefix.endswith(COLUMN_SEP) else to_code(child[len(prefix) :])
    return to_code(child)

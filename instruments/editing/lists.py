"""The coded lists of an own question: a choice or matrix question's options, a matrix's rows, a scale's points.

Options and rows are named by their code, points by their value (what the
answers store), never by position. A question without the list an edit names
is refused with the field the form showed, so that a form posted for a
question whose type changed in an editor meanwhile writes nothing.
"""

from __future__ import annotations

from typing import Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kernel.errors import InstrumentError, Location

ListKey = Literal["options", "rows", "points"]
#: The noun of one entry of each list, as field keys name it (``question.q.row.work.label.de``).
NOUN: dict[ListKey, str] = {"options": "option", "rows": "row", "points": "point"}
_HOLDERS: dict[ListKey, str] = {
    "options": "only choice and matrix questions have options",
    "rows": "only matrix questions have rows",
    "points": "only scale questions have points",
}


def _refuse(code: str, problem: str, fix: str, key: str, question: str) -> InstrumentError:
    return InstrumentError.single(code, problem, fix, Location(field=key, question=question))  # type: ignore[return-value]


def entries(node: CommentedMap, question_id: str, key: ListKey) -> CommentedSeq:
    """The question's list ``key``; refused if the question has none (it is of another type)."""
    found = node.get(key)
    if not isinstance(found, CommentedSeq):
        raise _refuse(
            f"no-{key}", f"question '{question_id}' has no {key}", _HOLDERS[key], f"question.{question_id}", question_id
        )
    return found


def _ident(entry: object, key: ListKey) -> str:
    if not isinstance(entry, CommentedMap):
        return ""
    return str(entry.get("value" if key == "points" else "code"))


def index_of(items: CommentedSeq, question_id: str, key: ListKey, ident: str) -> int:
    """Where the entry named ``ident`` (a code, or a point's value) is; refused if there is none."""
    for i, entry in enumerate(items):
        if _ident(entry, key) == ident:
            return i
    noun = NOUN[key]
    raise _refuse(
        f"unknown-{noun}",
        f"question '{question_id}' has no {noun} '{ident}'",
        "reload the page",
        f"question.{question_id}.{noun}.{ident}",
        question_id,
    )


def point_position(points: CommentedSeq, value: int) -> int:
    """Where a new point of ``value`` goes: before the first point of a higher value (points run in order)."""
    for i, entry in enumerate(points):
        held = entry.get("value") if isinstance(entry, CommentedMap) else None
        if isinstance(held, int) and not isinstance(held, bool) and held > value:
            return i
    return len(points)


def number_question(node: CommentedMap, question_id: str) -> CommentedMap:
    """The question, if it is a number question (bounds belong to no other type)."""
    if node.get("type") != "number":
        raise _refuse(
            "not-a-number-question",
            f"question '{question_id}' is not a number question",
            "only number questions have bounds",
            f"question.{question_id}",
            question_id,
        )
    return node


def as_written(value: float) -> int | float:
    """A bound as a person writes it: ``18``, not ``18.0``."""
    return int(value) if float(value).is_integer() else float(value)

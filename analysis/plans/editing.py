"""Editing a plan's YAML as people wrote it: a table added, changed or removed, everything else kept.

The plan file stays the source of truth that analysts and community partners
read and diff, so an edit changes only what it must: comments, key order,
quoting, flow or block style and indentation stay as they were (ruamel.yaml's
round trip, with the file's own indentation guessed). Each function takes the
file's text and returns the new text; an edit that changes nothing returns the
text unchanged, byte for byte. Nothing here reads or writes files:
:func:`save_if_unchanged` does that, atomically, and only when the file on disk
is still the one the edit started from (its :func:`digest`).

The text is first read by the bounded, safe loader of :mod:`kernel.yaml_source`
(size, depth, alias expansion), so a hostile file is refused before the round
trip builds anything.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from analysis.plans._layout_text import RoundTrip, Span, table_spans
from analysis.plans.loader import PlanError
from kernel.errors import EqSurveyError, Location, Problem
from kernel.files import read_text
from kernel.private_files import write_atomically
from kernel.yaml_source import MAX_YAML_BYTES, MarkedList, load_yaml

#: The longest table id (instruments' ids: at most 64 characters).
MAX_ID = 64


@dataclass(frozen=True)
class TableEdit:
    """What a person sets for a table: what it measures and how, by which groups, and its title."""

    kind: str
    measure: str
    by: tuple[str, ...] = ()
    label: dict[str, str] = field(default_factory=dict)
    """The table's title per language; empty: no title of its own (one is made from the questions)."""


def digest(text: str) -> str:
    """A fingerprint of a file's text: an edit refuses to save over a file whose fingerprint changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table_ids(text: str, source: str = "plan.yaml") -> list[str]:
    """The ids of the plan's tables, in the file's order (entries without an id are left out)."""
    return [str(t["id"]) for t in _plain_tables(_safe(text, source)) if isinstance(t, dict) and "id" in t]


def add_table(text: str, edit: TableEdit, source: str = "plan.yaml") -> tuple[str, str]:
    """The plan with a new table at the end, and the new table's id (made from what it measures)."""
    raw = _safe(text, source)
    trip = RoundTrip(text)
    data = trip.load(text)
    tables = _tables(data, create=True)
    table_id = new_table_id({str(t.get("id")) for t in tables if isinstance(t, dict)}, edit.measure, edit.by)
    item = _new_item(table_id, edit, tables)
    whole = _whole(trip, data, lambda: tables.append(item))
    spans = _spans(text, raw)
    if spans is None:
        return whole, table_id
    holder = CommentedMap()
    holder["tables"] = CommentedSeq([item])
    rendered = trip.dump(holder).splitlines(keepends=True)[1:]
    lines = text.splitlines(keepends=True)
    after = spans[-1].end + 1
    if after == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return _same_data(source, "".join([*lines[:after], *rendered, *lines[after:]]), whole), table_id


def change_table(text: str, table_id: str, edit: TableEdit, source: str = "plan.yaml") -> str:
    """The plan with table ``table_id``'s kind, measure, groups and title set; its other keys and comments kept."""
    raw = _safe(text, source)
    trip = RoundTrip(text)
    data = trip.load(text)
    index = _index(data, table_id, source)
    tables = _tables(data)
    if not _apply(tables[index], edit, tables):
        return text
    whole = trip.dump(data)
    spans = _spans(text, raw)
    if spans is None:
        return whole
    lines = text.splitlines(keepends=True)
    span = spans[index]
    part = trip.load("tables:\n" + "".join(lines[span.start : span.end + 1]))
    _apply(part["tables"][0], edit, tables)
    rendered = trip.dump(part).splitlines(keepends=True)[1:]
    if span.end + 1 == len(lines) and rendered and not lines[span.end].endswith("\n"):
        rendered[-1] = rendered[-1].removesuffix("\n")
    return _same_data(source, "".join([*lines[: span.start], *rendered, *lines[span.end + 1 :]]), whole)


def remove_table(text: str, table_id: str, source: str = "plan.yaml") -> str:
    """The plan without table ``table_id``, and without the comments just above it (they describe it)."""
    raw = _safe(text, source)
    trip = RoundTrip(text)
    data = trip.load(text)
    index = _index(data, table_id, source)
    whole = _whole(trip, data, lambda: _tables(data).pop(index))
    spans = _spans(text, raw)
    if spans is None:
        return whole
    lines = text.splitlines(keepends=True)
    span = spans[index]
    return _same_data(source, "".join([*lines[: span.lead], *lines[span.end + 1 :]]), whole)


def new_table_id(taken: set[str], measure: str, by: Sequence[str]) -> str:
    """An id for a new table, from what it measures and its groups, unlike every id in ``taken``.

    Example: ``new_table_id({"trust_by_district"}, "trust", ["district"])`` → ``"trust_by_district_2"``.
    """
    base = f"{measure}_by_{'_'.join(by)}" if by else measure
    base = re.sub(r"[^a-z0-9_]", "_", base.lower())
    base = re.sub(r"_+", "_", base).strip("_")
    if not base or not base[0].isalpha():
        base = f"table_{base}".rstrip("_")
    base = base[: MAX_ID - 4].rstrip("_")
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}_{number}"
    return found


_SAVE_LOCK = threading.Lock()


def changed_meanwhile(path: Path) -> Problem:
    """The problem of an edit made to a file that changed after it was read."""
    return Problem(
        "plan-changed",
        Location(file=str(path)),
        "the plan file was changed since this page was shown (in another window or program)",
        "look at the plan as it is now and make your change again",
    )


def save_if_unchanged(path: Path, expected: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically, if the file still has the digest ``expected``; else :class:`PlanError`.

    Two saves of one console never interleave (a lock around comparing and writing); a change made
    meanwhile by another program is caught by the digest, and nothing is written over it.
    """
    with _SAVE_LOCK:
        now = read_text(path, PlanError, MAX_YAML_BYTES)
        if digest(now) != expected:
            raise PlanError([changed_meanwhile(path)])
        if text != now:
            try:
                write_atomically(path, text.encode("utf-8"), private=False)
            except OSError as exc:
                raise PlanError.single(
                    "plan-not-written",
                    f"the plan could not be saved: {exc.strerror}",
                    "check that the project folder can be written to",
                    Location(file=str(path)),
                ) from None


# --- helpers ----------------------------------------------------------------------------------------


def _safe(text: str, source: str) -> Any:
    """The plan read by the bounded, safe loader first: a hostile file never reaches the round trip."""
    raw = load_yaml(text, source)
    if not isinstance(raw, dict):
        raise PlanError.single(
            "plan-not-mapping",
            "an analysis plan is a mapping (id, instrument, tables, …)",
            "start from examples/musterstadt/plan.yaml",
            Location(source),
        )
    return raw


def _plain_tables(raw: Any) -> list[Any]:
    tables = raw.get("tables")
    return tables if isinstance(tables, list) else []


def _spans(text: str, raw: Any) -> list[Span] | None:
    tables = raw.get("tables")
    if not isinstance(tables, MarkedList) or not tables:
        return None
    return table_spans(text.splitlines(keepends=True), tables.item_lines)


def _whole(trip: RoundTrip, data: Any, change: Callable[[], object]) -> str:
    """The edit made on the whole document (comments after a changed table may move): the reference, and the fallback."""
    change()
    return trip.dump(data)


def _same_data(source: str, spliced: str, whole: str) -> str:
    """The spliced text if it holds what the edit of the whole document holds (it keeps comments in place), else that."""
    try:
        if load_yaml(spliced, source) == load_yaml(whole, source):
            return spliced
    except EqSurveyError:
        pass
    return whole


def _tables(data: Any, *, create: bool = False) -> Any:
    tables = data.get("tables")
    if isinstance(tables, CommentedSeq):
        return tables
    if create:
        data["tables"] = CommentedSeq()
        return data["tables"]
    return CommentedSeq()


def _index(data: Any, table_id: str, source: str) -> int:
    for index, table in enumerate(_tables(data)):
        if isinstance(table, CommentedMap) and table.get("id") == table_id:
            return index
    raise PlanError.single(
        "unknown-table",
        f"the plan has no table '{table_id}'",
        "choose one of the plan's tables",
        Location(source),
    )


def _new_item(table_id: str, edit: TableEdit, tables: Any) -> CommentedMap:
    item = CommentedMap()
    item["id"] = table_id
    if edit.label:
        item["label"] = _label(edit.label, _first_label(tables))
    item["kind"] = edit.kind
    item["measure"] = edit.measure
    if edit.by or (tables and all(isinstance(t, dict) and "by" in t for t in tables)):
        item["by"] = _sequence(edit.by, flow=_by_flow(tables))
    return item


def _apply(table: CommentedMap, edit: TableEdit, tables: Any) -> bool:
    """Set the edit's values on ``table`` (in place, where each key already is); whether anything changed."""
    changed = False
    for key, value in (("kind", edit.kind), ("measure", edit.measure)):
        if table.get(key) != value:
            table[key], changed = value, True
    current = table.get("by", [])
    if not (isinstance(current, list) and list(current) == list(edit.by)):
        flow = current.fa.flow_style() if isinstance(current, CommentedSeq) and current else _by_flow(tables)
        if edit.by or "by" in table:
            table["by"] = _sequence(edit.by, flow=bool(flow) or not edit.by)
        changed = True
    old_label = table.get("label")
    before = dict(old_label) if isinstance(old_label, dict) else ("?" if "label" in table else None)
    if before != (edit.label or None):
        if edit.label:
            like = old_label if isinstance(old_label, CommentedMap) and old_label else _first_label(tables)
            if "label" in table:
                table["label"] = _label(edit.label, like)
            else:
                table.insert(1 if "id" in table else 0, "label", _label(edit.label, like))
        else:
            table.pop("label", None)
        changed = True
    return changed


def _by_flow(tables: Any) -> bool:
    """Whether the file writes groups as ``by: [a, b]`` (the first table with groups says; else yes)."""
    for t in tables:
        by = t.get("by") if isinstance(t, CommentedMap) else None
        if isinstance(by, CommentedSeq) and by:
            return bool(by.fa.flow_style())
    return True


def _first_label(tables: Any) -> CommentedMap | None:
    """A title as the file writes them (flow or block, quoted or plain), to write a new one alike."""
    for t in tables:
        label = t.get("label") if isinstance(t, CommentedMap) else None
        if isinstance(label, CommentedMap) and label:
            return label
    return None


def _label(values: dict[str, str], like: CommentedMap | None) -> CommentedMap:
    quoted = like is not None and all(isinstance(v, DoubleQuotedScalarString) for v in like.values())
    made = CommentedMap(
        {k: DoubleQuotedScalarString(v) if quoted or not _reads_back_plain(v) else v for k, v in values.items()}
    )
    if like is None or like.fa.flow_style():
        made.fa.set_flow_style()
    else:
        made.fa.set_block_style()
    return made


def _reads_back_plain(value: str) -> bool:
    """Whether the safe loader reads ``value`` written plain back as that text, in a flow mapping and in a block.

    ruamel.yaml writes some texts plain that PyYAML, which reads plans, does not
    take (``?0`` in a flow mapping): such a title is written in double quotes.
    """
    try:
        return all(yaml.safe_load(f"{doc}{value}{end}") == {"k": value} for doc, end in (("{k: ", "}"), ("k: ", "")))
    except yaml.YAMLError:
        return False


def _sequence(items: Sequence[str], *, flow: bool) -> CommentedSeq:
    seq = CommentedSeq(items)
    if flow:
        seq.fa.set_flow_style()
    else:
        seq.fa.set_block_style()
    return seq

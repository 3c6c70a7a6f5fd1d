"""One stored table as the rows and columns a reader sees: labels, estimates, intervals and flags.

Rows follow the release's order of cells. A suppressed cell keeps its row (its
labels say which group it is) but shows only the suppression mark: the stored
release holds no number for it, and nothing here makes one up. Uncertain cells
(few respondents) and imprecise shares are flagged in words, not by colour.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from analysis.plans.dimensions import ANSWERED, NO_ANSWER
from reports import table_wording as words
from reports.catalogue import Catalogue
from reports.labels import STATUS_CODES, Label, Labels

NO_VALUE = "–"
"""Shown where a number does not apply (a share of "no answer"); explained in the table's notes."""


@dataclass(frozen=True)
class Row:
    headers: tuple[Label, ...]
    values: tuple[str, ...]
    """The formatted numbers, one per value column; empty for a suppressed cell."""
    flags: str
    status: str
    cell: dict[str, Any]
    index: int = 0
    """The cell's place in the stored table (a split table's parts keep it, so readers can put rows back in order)."""


@dataclass
class TableView:
    id: str
    kind: str
    number: int
    title: Label
    intro: list[str]
    header_columns: tuple[Label, ...]
    value_columns: tuple[str, ...]
    rows: list[Row]
    notes: list[str]
    measure: str
    by: tuple[str, ...]
    plan: dict[str, Any] = field(default_factory=dict)
    secondary: bool = False
    """The release hid cells beyond the small ones (secondary suppression): "not shown" may be either."""

    @property
    def span(self) -> int:
        """How many columns the numbers (and the note) of a row take."""
        return len(self.value_columns) + 1


def title(table: dict[str, Any], plan: dict[str, Any], labels: Labels) -> Label:
    """The plan's label of the table, else the measure's label, with its breakdowns."""
    if plan.get("label"):
        return labels.text(plan["label"])
    measure = labels.variable(table["measure"])
    if not table["by"]:
        return measure
    by = labels.t(words.TABLE_AND).join(labels.variable(b) for b in table["by"])
    return Label(labels.t(words.TABLE_TITLE_BY, measure=measure, by=by), labels.t.source)


def _intro(table: dict[str, Any], labels: Labels) -> list[str]:
    t, kind, measure = labels.t, table["kind"], table["measure"]
    lines: list[str] = []
    if kind == "mean":
        scale = labels.scale(measure)
        lo, hi = scale.bounds if scale else (0, 0)
        lines.append(t(words.INTRO_MEAN, measure=labels.variable(measure), low=lo, high=hi))
        if scale is not None:
            ends = {p.value: _end(p.value, labels.text(p.label)) for p in scale.points}
            lines.append(t(words.ANNEX_SCALE_ENDS, low=lo, low_label=ends[lo], high=hi, high_label=ends[hi]))
    elif kind == "write_ins":
        threshold = table["noise"].get("write_ins", {}).get("threshold", 0.0)
        lines.append(t(words.INTRO_WRITE_INS, measure=labels.variable(measure), threshold=math.ceil(threshold)))
    elif kind == "representation":
        lines.append(t(words.INTRO_REPRESENTATION, measure=labels.variable(measure)))
    else:
        lines.append(
            t(words.INTRO_MATRIX if kind == "matrix" else words.INTRO_COUNTS, measure=labels.variable(measure))
        )
        lines.append(t(words.INTRO_MULTI if labels.is_multi(measure) else words.INTRO_SHARES))
    if table["by"] and kind != "write_ins":
        quoted = (t(words.TABLE_QUOTED).format(labels.variable(b)) for b in table["by"])
        lines.append(t(words.INTRO_BY, by=t(words.TABLE_AND).join(quoted)))
    return lines


def _end(value: int, label: str) -> str:
    """A scale point's label without the number it may start with ("1 – not at all" → "not at all")."""
    return re.sub(rf"^\s*{value}\s*[–\-:=.)]\s*", "", label) or label


def _columns(kind: str, t: Catalogue) -> tuple[str, ...]:
    count = (t(words.COLUMN_COUNT), t(words.COLUMN_COUNT_INTERVAL))
    share = (t(words.COLUMN_SHARE), t(words.COLUMN_SHARE_INTERVAL))
    if kind == "mean":
        return (t(words.COLUMN_MEAN), t(words.COLUMN_MEAN_INTERVAL), t(words.COLUMN_RESPONDENTS))
    if kind == "write_ins":
        return count
    if kind == "representation":
        return (*share, t(words.COLUMN_REFERENCE), t(words.COLUMN_RATIO), t(words.COLUMN_RATIO_INTERVAL), *count)
    return (*count, *share)


def _headers(table: dict[str, Any], labels: Labels) -> tuple[Label, ...]:
    kind, t = table["kind"], labels.t
    groups = tuple(labels.variable(b) for b in table["by"])
    if kind == "mean":
        return groups or (labels.ui(words.COLUMN_GROUP),)
    if kind == "write_ins":
        return (labels.ui(words.COLUMN_WRITE_IN),)
    answer = labels.ui(words.COLUMN_ANSWER)
    if kind == "matrix":
        return (Label(t(words.COLUMN_ITEM), t.source), *groups, answer)
    return (*groups, answer)


def _values(kind: str, cell: dict[str, Any], t: Catalogue) -> tuple[str, ...]:
    n = t.numbers
    count = (n.count(cell["estimate"]), n.count_range(cell["low"], cell["high"]))
    if kind == "mean":
        return (n.decimal_number(cell["estimate"]), n.decimal_range(cell["low"], cell["high"]), n.count(cell["n"]))
    if kind == "write_ins":
        return count
    if cell.get("share") is None:
        share: tuple[str, ...] = (NO_VALUE, NO_VALUE)
    else:
        share = (n.share(cell["share"]), n.share_range(cell["share_low"], cell["share_high"]))
    if kind != "representation":
        return (*count, *share)
    if cell.get("reference") is None:
        return (*share, NO_VALUE, NO_VALUE, NO_VALUE, *count)
    ratio = (n.decimal_number(cell["ratio"]), n.decimal_range(cell["ratio_low"], cell["ratio_high"]))
    return (*share, n.share(cell["reference"]), *ratio, *count)


def _row_headers(table: dict[str, Any], cell: dict[str, Any], labels: Labels) -> tuple[Label, ...]:
    kind = table["kind"]
    by = cell.get("by") or {}
    groups = tuple(labels.category(b, by[b]) for b in table["by"] if b in by)
    if kind == "mean":
        return groups or (labels.ui(words.TABLE_ALL_RESPONDENTS),)
    if kind == "write_ins":
        return (Label(str(cell["measure"]), labels.lang),)
    answer = labels.category(table["measure"], cell["measure"])
    if kind == "matrix":
        return (labels.row(table["measure"], cell["row"]), *groups, answer)
    return (*groups, answer)


def place(cell: dict[str, Any]) -> tuple[Any, ...]:
    """A group's place in a table: its item (of a matrix) and its breakdown codes."""
    return (cell.get("row"), *sorted((cell.get("by") or {}).items()))


def partial(cells: list[dict[str, Any]], measure: str, labels: Labels) -> set[tuple[Any, ...]]:
    """The places whose shares rest on a base with a hidden part: another answer to the same question in the
    same group (the "no" of a yes/no, any answer of a single choice, a multiple choice's respondents) is
    suppressed, though the base still counts it."""
    multi = labels.is_multi(measure)
    out = set()
    for cell in cells:
        code = str(cell.get("measure"))
        part = code == ANSWERED if multi else code not in STATUS_CODES and is_group(code)
        if part and cell["status"] == "suppressed":
            out.add(place(cell))
    return out


def flags(cell: dict[str, Any], t: Catalogue, *, hidden_part: bool = False) -> str:
    """The flags of a shown cell in words: uncertain (few respondents), imprecise share, a share whose group
    has other answers hidden (``hidden_part``), an interval that covers more than 95 % (and how much)."""
    out = []
    if cell["status"] == "uncertain":
        out.append(t(words.FLAG_UNCERTAIN))
    if cell.get("share") is not None and cell.get("share_status") == "imprecise":
        out.append(t(words.FLAG_IMPRECISE))
    if cell.get("share") is not None and hidden_part:
        out.append(t(words.FLAG_PARTIAL))
    # An interval that holds the truth more often than 95 % (analysis.intervals.conservative): say how often.
    covers = cell.get("coverage") or (cell.get("share_coverage") if cell.get("share") is not None else None)
    if isinstance(covers, (int, float)):
        out.append(t(words.FLAG_CONSERVATIVE, coverage=t.numbers.whole_percent(100 * covers)))
    return "; ".join(out)


def suppression(release: dict[str, Any]) -> dict[str, Any] | None:
    """The release's count of hidden cells (``primary``, ``secondary``, ``protection``); None for older releases."""
    found = release.get("suppression")
    return found if isinstance(found, dict) else None


def secondary(release: dict[str, Any]) -> int:
    """How many cells the release hid only so that the small ones cannot be worked out (0 for older releases)."""
    found = suppression(release)
    return int(found.get("secondary") or 0) if found else 0


def _notes(table: dict[str, Any], rows: list[Row], rules: dict[str, Any], t: Catalogue, hidden_more: bool) -> list[str]:
    statuses = {r.status for r in rows}
    notes: list[str] = []
    if "suppressed" in statuses:
        notes.append(
            t(words.NOTE_SUPPRESSED_SECONDARY if hidden_more else words.NOTE_SUPPRESSED, below=rules["suppress_below"])
        )
    if "uncertain" in statuses:
        notes.append(t(words.NOTE_UNCERTAIN, low=rules["suppress_below"], high=rules["flag_below"]))
    if any(r.cell.get("share_status") == "imprecise" and r.status != "suppressed" for r in rows):
        notes.append(t(words.NOTE_IMPRECISE, error=t.numbers.whole_percent(100 * rules["max_relative_error"])))
    if any(t(words.FLAG_PARTIAL) in r.flags for r in rows):
        notes.append(t(words.NOTE_PARTIAL))
    if any(NO_VALUE in r.values for r in rows):
        notes.append(t(words.NOTE_NO_VALUE))
    if table["kind"] == "representation":
        notes.append(t(words.NOTE_REFERENCE))
    if table["kind"] == "mean":
        notes.append(t(words.NOTE_MEAN))
    if _has_status_group(table):
        notes.append(t(words.NOTE_STATUS_GROUPS))
    return notes


def _has_status_group(table: dict[str, Any]) -> bool:
    return any(v in STATUS_CODES for cell in table["cells"] for v in (cell.get("by") or {}).values())


def table_view(
    table: dict[str, Any],
    plan: dict[str, Any],
    number: int,
    labels: Labels,
    rules: dict[str, Any],
    *,
    hidden_more: bool = False,
) -> TableView:
    """The rows and columns of one stored table (see the module docstring); ``hidden_more``: the release
    has secondary suppression, so "not shown" does not always mean few respondents."""
    t = labels.t
    rows = []
    hidden = partial(table["cells"], table["measure"], labels) if table["kind"] in ("counts", "matrix") else set()
    for index, cell in enumerate(table["cells"]):
        shown = cell["status"] != "suppressed"
        values = _values(table["kind"], cell, t) if shown else ()
        flagged = flags(cell, t, hidden_part=place(cell) in hidden) if shown else ""
        rows.append(Row(_row_headers(table, cell, labels), values, flagged, cell["status"], cell, index))
    view = TableView(
        id=table["id"],
        kind=table["kind"],
        number=number,
        title=title(table, plan, labels),
        intro=_intro(table, labels),
        header_columns=_headers(table, labels),
        value_columns=_columns(table["kind"], t),
        rows=rows,
        notes=[],
        measure=table["measure"],
        by=tuple(table["by"]),
        plan=plan,
        secondary=hidden_more,
    )
    view.notes = _notes(table, rows, rules, t, hidden_more) if rows else [t(words.NOTE_EMPTY)]
    return view


def is_group(code: str) -> bool:
    """A breakdown group that is one of the answers (not "no answer" or "prefer not to say")."""
    return code not in STATUS_CODES and code != NO_ANSWER


def release_views(release: dict[str, Any], labels: Labels) -> list[TableView]:
    """Every table of a (public) release as the reports number and show it, in the release's order."""
    plans = {p["id"]: p for p in release["plan"]["tables"]}
    hidden_more = secondary(release) > 0
    return [
        table_view(table, plans.get(table["id"], {}), number, labels, release["publication"], hidden_more=hidden_more)
        for number, table in enumerate(release["tables"], start=1)
    ]

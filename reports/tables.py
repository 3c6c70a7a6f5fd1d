"""One stored table as the rows and columns a reader sees: labels, estimates, intervals and flags.

Rows follow the release's order of cells. A suppressed cell keeps its row (its
labels say which group it is) but shows only the suppression mark: the stored
release holds no number for it, and nothing here makes one up. Uncertain cells
(few respondents) and imprecise shares are flagged in words, not by colour.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from analysis.plans.dimensions import ANSWERED, NO_ANSWER
from analysis.releases.cells import CellStatus, PublishedCell
from analysis.releases.model import PlanTableRecord, PublicationRules, Release, SuppressionRecord
from analysis.releases.tables import PublishedTable, TableKind
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
    status: CellStatus
    cell: PublishedCell
    index: int = 0
    """The cell's place in the stored table (a split table's parts keep it, so readers can put rows back in order)."""


@dataclass
class TableView:
    id: str
    kind: TableKind
    number: int
    title: Label
    intro: list[str]
    header_columns: tuple[Label, ...]
    value_columns: tuple[str, ...]
    rows: list[Row]
    notes: list[str]
    measure: str
    by: tuple[str, ...]
    plan: PlanTableRecord | None = None
    secondary: bool = False
    """The release hid cells beyond the small ones (secondary suppression): "not shown" may be either."""

    @property
    def span(self) -> int:
        """How many columns the numbers (and the note) of a row take."""
        return len(self.value_columns) + 1


def title(table: PublishedTable, plan: PlanTableRecord | None, labels: Labels) -> Label:
    """The plan's label of the table, else the measure's label, with its breakdowns."""
    if plan is not None and plan.label:
        return labels.text(plan.label)
    measure = labels.variable(table.measure)
    if not table.by:
        return measure
    by = labels.t(words.TABLE_AND).join(labels.variable(b) for b in table.by)
    return Label(labels.t(words.TABLE_TITLE_BY, measure=measure, by=by), labels.t.source)


def _intro(table: PublishedTable, labels: Labels) -> list[str]:
    t, kind, measure = labels.t, table.kind, table.measure
    lines: list[str] = []
    if kind == "mean":
        scale = labels.scale(measure)
        lo, hi = scale.bounds if scale else (0, 0)
        lines.append(t(words.INTRO_MEAN, measure=labels.variable(measure), low=lo, high=hi))
        if scale is not None:
            ends = {p.value: _end(p.value, labels.text(p.label)) for p in scale.points}
            lines.append(t(words.ANNEX_SCALE_ENDS, low=lo, low_label=ends[lo], high=hi, high_label=ends[hi]))
    elif kind == "write_ins":
        noise = table.noise.get("write_ins")
        threshold = noise.threshold if noise is not None and noise.threshold is not None else 0.0
        lines.append(t(words.INTRO_WRITE_INS, measure=labels.variable(measure), threshold=math.ceil(threshold)))
    elif kind == "representation":
        lines.append(t(words.INTRO_REPRESENTATION, measure=labels.variable(measure)))
    else:
        lines.append(
            t(words.INTRO_MATRIX if kind == "matrix" else words.INTRO_COUNTS, measure=labels.variable(measure))
        )
        lines.append(t(words.INTRO_MULTI if labels.is_multi(measure) else words.INTRO_SHARES))
    if table.by and kind != "write_ins":
        quoted = (t(words.TABLE_QUOTED).format(labels.variable(b)) for b in table.by)
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


def _headers(table: PublishedTable, labels: Labels) -> tuple[Label, ...]:
    kind, t = table.kind, labels.t
    groups = tuple(labels.variable(b) for b in table.by)
    if kind == "mean":
        return groups or (labels.ui(words.COLUMN_GROUP),)
    if kind == "write_ins":
        return (labels.ui(words.COLUMN_WRITE_IN),)
    answer = labels.ui(words.COLUMN_ANSWER)
    if kind == "matrix":
        return (Label(t(words.COLUMN_ITEM), t.source), *groups, answer)
    return (*groups, answer)


def _values(kind: TableKind, cell: PublishedCell, t: Catalogue) -> tuple[str, ...]:
    n = t.numbers
    shown = cell.shown
    count = (n.count(shown.value), n.count_range(shown.low, shown.high))
    if kind == "mean":
        return (n.decimal_number(shown.value), n.decimal_range(shown.low, shown.high), n.count(cell.count))
    if kind == "write_ins":
        return count
    found = cell.share_shown
    if found is None:
        share: tuple[str, ...] = (NO_VALUE, NO_VALUE)
    else:
        share = (n.share(found.value), n.share_range(found.low, found.high))
    if kind != "representation":
        return (*count, *share)
    ratio_shown = cell.ratio_shown
    if cell.reference is None or ratio_shown is None:
        return (*share, NO_VALUE, NO_VALUE, NO_VALUE, *count)
    ratio = (n.decimal_number(ratio_shown.value), n.decimal_range(ratio_shown.low, ratio_shown.high))
    return (*share, n.share(cell.reference), *ratio, *count)


def _row_headers(table: PublishedTable, cell: PublishedCell, labels: Labels) -> tuple[Label, ...]:
    kind = table.kind
    by = cell.by
    groups = tuple(labels.category(b, by[b]) for b in table.by if b in by)
    if kind == "mean":
        return groups or (labels.ui(words.TABLE_ALL_RESPONDENTS),)
    if kind == "write_ins":
        # Respondents' own words, in whatever language they wrote: marked as of unknown language (lang="").
        return (Label(str(cell.measure), ""),)
    answer = labels.category(table.measure, str(cell.measure))
    if kind == "matrix":
        return (labels.row(table.measure, str(cell.row)), *groups, answer)
    return (*groups, answer)


def place(cell: PublishedCell) -> tuple[Any, ...]:
    """A group's place in a table: its item (of a matrix) and its breakdown codes."""
    return (cell.row, *sorted(cell.by.items()))


def partial(cells: tuple[PublishedCell, ...], measure: str, labels: Labels) -> set[tuple[Any, ...]]:
    """The places whose shares rest on a base with a hidden part: another answer to the same question in the
    same group (the "no" of a yes/no, any answer of a single choice, a multiple choice's respondents) is
    suppressed, though the base still counts it."""
    multi = labels.is_multi(measure)
    out = set()
    for cell in cells:
        code = str(cell.measure)
        part = code == ANSWERED if multi else code not in STATUS_CODES and is_group(code)
        if part and cell.suppressed:
            out.add(place(cell))
    return out


def flags(cell: PublishedCell, t: Catalogue, *, hidden_part: bool = False) -> str:
    """The flags of a shown cell in words: uncertain (few respondents), imprecise share, a share whose group
    has other answers hidden (``hidden_part``), an interval that covers more than 95 % (and how much)."""
    out = []
    if cell.uncertain:
        out.append(t(words.FLAG_UNCERTAIN))
    if cell.imprecise:
        out.append(t(words.FLAG_IMPRECISE))
    if cell.share is not None and hidden_part:
        out.append(t(words.FLAG_PARTIAL))
    # An interval that holds the truth more often than 95 % (analysis.intervals.conservative): say how often.
    covers = cell.coverage or (cell.share_coverage if cell.share is not None else None)
    if isinstance(covers, (int, float)):
        out.append(t(words.FLAG_CONSERVATIVE, coverage=t.numbers.whole_percent(100 * covers)))
    return "; ".join(out)


def suppression(release: Release) -> SuppressionRecord | None:
    """The release's count of hidden cells (``primary``, ``secondary``, ``protection``); None for older releases."""
    return release.suppression


def secondary(release: Release) -> int:
    """How many cells the release hid only so that the small ones cannot be worked out (0 for older releases)."""
    found = release.suppression
    return int(found.secondary or 0) if found else 0


def _notes(
    table: PublishedTable, rows: list[Row], rules: PublicationRules, t: Catalogue, hidden_more: bool
) -> list[str]:
    statuses = {r.status for r in rows}
    notes: list[str] = []
    if "suppressed" in statuses:
        notes.append(
            t(words.NOTE_SUPPRESSED_SECONDARY if hidden_more else words.NOTE_SUPPRESSED, below=rules.suppress_below)
        )
    if "uncertain" in statuses:
        notes.append(t(words.NOTE_UNCERTAIN, low=rules.suppress_below, high=rules.flag_below))
    if any(r.cell.share_status == "imprecise" and not r.cell.suppressed for r in rows):
        notes.append(t(words.NOTE_IMPRECISE, error=t.numbers.whole_percent(100 * rules.max_relative_error)))
    if any(t(words.FLAG_PARTIAL) in r.flags for r in rows):
        notes.append(t(words.NOTE_PARTIAL))
    if any(NO_VALUE in r.values for r in rows):
        notes.append(t(words.NOTE_NO_VALUE))
    if table.kind == "representation":
        notes.append(t(words.NOTE_REFERENCE))
    if table.kind == "mean":
        notes.append(t(words.NOTE_MEAN))
    if _has_status_group(table):
        notes.append(t(words.NOTE_STATUS_GROUPS))
    return notes


def _has_status_group(table: PublishedTable) -> bool:
    return any(v in STATUS_CODES for cell in table.cells for v in cell.by.values())


def table_view(
    table: PublishedTable,
    plan: PlanTableRecord | None,
    number: int,
    labels: Labels,
    rules: PublicationRules,
    *,
    hidden_more: bool = False,
) -> TableView:
    """The rows and columns of one stored table (see the module docstring); ``hidden_more``: the release
    has secondary suppression, so "not shown" does not always mean few respondents."""
    t = labels.t
    rows = []
    hidden = partial(table.cells, table.measure, labels) if table.kind in ("counts", "matrix") else set()
    for index, cell in enumerate(table.cells):
        shown = not cell.suppressed
        values = _values(table.kind, cell, t) if shown else ()
        flagged = flags(cell, t, hidden_part=place(cell) in hidden) if shown else ""
        rows.append(Row(_row_headers(table, cell, labels), values, flagged, cell.status, cell, index))
    view = TableView(
        id=table.id,
        kind=table.kind,
        number=number,
        title=title(table, plan, labels),
        intro=_intro(table, labels),
        header_columns=_headers(table, labels),
        value_columns=_columns(table.kind, t),
        rows=rows,
        notes=[],
        measure=table.measure,
        by=table.by,
        plan=plan,
        secondary=hidden_more,
    )
    view.notes = _notes(table, rows, rules, t, hidden_more) if rows else [t(words.NOTE_EMPTY)]
    return view


def is_group(code: str) -> bool:
    """A breakdown group that is one of the answers (not "no answer" or "prefer not to say")."""
    return code not in STATUS_CODES and code != NO_ANSWER


def release_views(release: Release, labels: Labels) -> list[TableView]:
    """Every table of a (public) release as the reports number and show it, in the release's order."""
    hidden_more = secondary(release) > 0
    return [
        table_view(table, release.plan.table(table.id), number, labels, release.publication, hidden_more=hidden_more)
        for number, table in enumerate(release.tables, start=1)
    ]

"""How many took part, overall and in each breakdown's groups, as the release's tables show it.

Every figure is one the release publishes, or a sum of published figures; none
is worked out from what a suppressed cell must hold. A group's size is, in
this order of preference:

- its cell in a table of the breakdown itself (a representation or counts
  table without breakdown), or the sum of a table's cells for the group when
  every cell that splits it is shown: its (noisy) number of people;
- else the largest number of the group's people that some table shows (the
  base of its shares, the sum of its shown cells, a mean's respondents),
  said as "N or more": the group has at least those people, and its total
  is not shown;
- else "not shown" where a table of the breakdown itself suppresses it, and
  "no total shown" only where no table publishes any figure of the group.

Status categories (no answer, "prefer not to say", a multiple choice's
"answered") are not groups of people: they are listed apart from the groups,
and "answered" not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from analysis.plans.dimensions import ANSWERED
from analysis.releases.cells import PublishedCell
from analysis.releases.model import Release
from analysis.releases.tables import PublishedTable
from kernel.i18n import Msg
from reports.labels import STATUS_CODES, Label, Labels

_SUMMARY_SIZE_AT_LEAST_NOTE = Msg(
    "summary.size_at_least_note",
    "“or more”: one of the tables shows this many of the group's people, for example those who "
    "answered one of its questions. The group's total is not shown because not all of its "
    "parts are shown.",
)


@dataclass
class Participation:
    total: str | None
    """The noisy number of respondents, formatted; None when no table shows every part of it."""
    at_least: str | None
    groups: list[tuple[Label, list[tuple[Label, str]]]] = field(default_factory=list)
    """Each breakdown's groups of people (the answers), with their sizes."""
    unanswered: list[tuple[Label, list[tuple[Label, str]]]] = field(default_factory=list)
    """Each breakdown's people without a group: no answer, "prefer not to say" (not groups of people; a
    multiple choice's "answered" is left out, as it is the sum of people who are in some group)."""
    note: str | None = None
    """What "N or more" means, where a group's size is given so."""


@dataclass(frozen=True)
class Size:
    kind: Literal["exact", "at_least", "suppressed", "unknown"]
    value: float = 0.0

    def better(self, other: Size) -> Size:
        """The more informative of two sizes of one group (the larger of two lower bounds)."""
        rank = ("unknown", "suppressed", "at_least", "exact")
        if rank.index(other.kind) != rank.index(self.kind):
            return other if rank.index(other.kind) > rank.index(self.kind) else self
        return other if other.kind == "at_least" and other.value > self.value else self


def _shown(cell: PublishedCell) -> bool:
    return not cell.suppressed


def partition(measure: str, cells: Sequence[PublishedCell], labels: Labels) -> list[PublishedCell]:
    """The cells every respondent of a group is in exactly one of: a multiple choice's status, else all."""
    if labels.is_multi(measure):
        return [c for c in cells if c.measure in STATUS_CODES]
    return list(cells)


def complete(cells: Sequence[PublishedCell]) -> float | None:
    """The sum of the cells' estimates if every one is shown."""
    return sum(c.shown.value for c in cells) if all(_shown(c) for c in cells) else None


def _part(table: PublishedTable, cells: list[PublishedCell], labels: Labels) -> Size:
    """What the cells of one group in one place of a table (one item, one group of the other breakdowns) show."""
    if not any(_shown(c) for c in cells):
        return Size("unknown")
    if table.kind == "mean":
        return Size("at_least", max(c.count for c in cells if _shown(c)))
    split = partition(table.measure, cells, labels)
    total = complete(split)
    if total is not None:
        return Size("exact", total)
    bases = [c.base for c in cells if _shown(c) and c.base is not None]
    return Size("at_least", max([sum(c.shown.value for c in split if _shown(c)), *bases]))


def _in_table(table: PublishedTable, name: str, labels: Labels) -> dict[str, Size]:
    """The size of each group of breakdown ``name`` that one table broken down by it shows."""
    others = [b for b in table.by if b != name]
    parts: dict[str, dict[tuple[Any, ...], list[PublishedCell]]] = {}
    for c in table.cells:
        by = c.by
        key = (c.row, *(by.get(b) for b in others))
        parts.setdefault(by.get(name, ""), {}).setdefault(key, []).append(c)
    overlap = any(labels.is_multi(b) for b in others)  # a multiple choice's groups share people: no sum
    sizes: dict[str, Size] = {}
    for code, keyed in parts.items():
        rows: dict[Any, list[Size]] = {}
        for key, cells in keyed.items():
            rows.setdefault(key[0], []).append(_part(table, cells, labels))
        found = Size("unknown")
        for items in rows.values():  # every item of a matrix is answered by the same people: the largest
            known = [s for s in items if s.kind != "unknown"]
            if not known:
                continue  # nothing of the group shown here
            if overlap:
                size = Size("at_least", max(s.value for s in known))
            elif all(s.kind == "exact" for s in items):
                size = Size("exact", sum(s.value for s in items))
            else:
                # Noisy shown counts of a small group can sum to zero or below: it still has "0 or more".
                size = Size("at_least", max(sum(s.value for s in known), 0.0))
            found = found.better(size)
        sizes[code] = found
    return sizes


def group_sizes(release: Release, labels: Labels) -> dict[str, dict[str, Size]]:
    """Each breakdown's groups and their sizes (see the module docstring)."""
    names = list(dict.fromkeys(b for tb in release.tables for b in tb.by))
    names += [tb.measure for tb in release.tables if tb.kind == "representation" and tb.measure not in names]
    sizes: dict[str, dict[str, Size]] = {name: {} for name in names}
    for tb in release.tables:  # a table of the breakdown itself: its cells are the groups
        if tb.kind in ("counts", "representation") and not tb.by and tb.measure in sizes:
            if labels.is_multi(tb.measure):
                continue
            for c in tb.cells:
                size = Size("exact", c.shown.value) if _shown(c) else Size("suppressed")
                group, code = sizes[tb.measure], str(c.measure)
                group[code] = group.get(code, Size("unknown")).better(size)
    for tb in release.tables:
        if tb.kind not in ("counts", "matrix", "mean"):
            continue
        for name in tb.by:
            exact_ok = tb.kind == "counts"  # a matrix's items and a mean's scale leave people out
            for code, size in _in_table(tb, name, labels).items():
                kept = size if size.kind != "exact" or exact_ok else Size("at_least", size.value)
                group = sizes[name]
                group[code] = group.get(code, Size("unknown")).better(kept)
    return sizes


def participation(release: Release, labels: Labels) -> Participation:
    """How many took part, overall and in each breakdown's groups (noisy counts, as the tables show them)."""
    t, n = labels.t, labels.t.numbers
    total: float | None = None
    at_least = 0.0
    for tb in release.tables:
        if tb.kind not in ("counts", "representation") or any(labels.is_multi(b) for b in tb.by):
            continue  # the groups of a multiple choice overlap: their sum is not the number of people
        cells = partition(tb.measure, tb.cells, labels)
        total = total if total is not None else complete(cells)
        at_least = max(at_least, sum(c.shown.value for c in cells if _shown(c)))

    def word(size: Size) -> str:
        if size.kind == "exact":
            return n.count(size.value)
        if size.kind == "at_least":
            return t(Msg("summary.size_at_least", "{count} or more"), count=n.count(size.value))
        return (
            t(Msg("table.suppressed", "not shown"))
            if size.kind == "suppressed"
            else t(Msg("summary.size_unknown", "no figure shown"))
        )

    found = group_sizes(release, labels)

    def listed(keep: Callable[[str], bool]) -> list[tuple[Label, list[tuple[Label, str]]]]:
        out = []
        for name, sized in found.items():
            entries = [(labels.category(name, code), word(size)) for code, size in sized.items() if keep(code)]
            if entries:
                out.append((labels.variable(name), entries))
        return out

    groups = listed(lambda code: code not in STATUS_CODES)
    unanswered = listed(lambda code: code in STATUS_CODES and code != ANSWERED)
    bounded = any(size.kind == "at_least" for sized in found.values() for size in sized.values())
    return Participation(
        total=n.count(total) if total is not None else None,
        at_least=n.count(at_least) if total is None and at_least > 0 else None,
        groups=groups,
        unanswered=unanswered,
        note=t(_SUMMARY_SIZE_AT_LEAST_NOTE) if bounded else None,
    )

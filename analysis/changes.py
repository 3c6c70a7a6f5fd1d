"""Changes between two survey waves: the difference of each shared share or mean, with its 95 % interval.

Two waves ask different respondents, so their published estimates are
independent: each carries its own DP noise and its own sampling error, and
the variance of their difference is the sum of theirs. The published
intervals are not symmetric (a share's is Wilson's with the DP variance
added, cut to [0, 1]), so the difference's interval is found by Zou and
Donner's MOVER ("method of variance estimates recovery", Newcombe's hybrid
score interval for two proportions): with a = wave A's estimate in
[lₐ, uₐ] and b = wave B's in [l_b, u_b], the change d = b − a lies in

    [d − √((b − l_b)² + (uₐ − a)²),  d + √((u_b − b)² + (a − lₐ)²)],

each side adding the squared half-widths that push the difference that way.
For symmetric intervals this is d ± z √(σₐ² + σ_b²).

Only published numbers are used: this is post-processing of two DP releases
and spends no budget. A cell suppressed in either wave has no change ("not
shown"); a change is called clear only when its interval excludes 0, and
then only as "up" or "down", never how sure.

Wave B may have been collected with a newer version of the questionnaire.
:func:`version_changes` reads, from the reviewed version mapping
(:mod:`instruments.versions`), which codes of wave A's version were only
renamed (carried over) and which questions changed meaning (codes merged or
removed, the question removed or moved): tables that measure or break down by
such a question are not compared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis.releases.cells import Estimate, PublishedCell
from analysis.releases.model import Release
from analysis.releases.tables import PublishedTable, TableKind
from instruments.questions import MultiChoice, Question, SingleChoice
from instruments.versions.mapping import QuestionMap, VersionBridge

Place = tuple[str | None, str | None, tuple[tuple[str, str], ...]]
"""Where a cell sits: its row, its answer and its groups (sorted), as :attr:`PublishedCell.place`."""


@dataclass(frozen=True)
class Renames:
    """How wave A's codes read in wave B's version: renamed codes per question, and questions that changed."""

    codes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Question → old code → new code (only codes whose name changed; a code not listed is kept)."""
    changed: frozenset[str] = frozenset()
    """Questions whose meaning changed between the versions (merged or removed codes, moved or removed)."""

    def code(self, question: str, code: str) -> str:
        return self.codes.get(question, {}).get(code, code)


def version_changes(bridge: VersionBridge, version: str) -> Renames:
    """What the reviewed mapping says about wave A's ``version`` on its way to the bridge's current version."""
    codes: dict[str, dict[str, str]] = {}  # question → wave A's code → the code it has after the steps so far
    changed: set[str] = set()
    for step in bridge.chain(version):
        for qid, qmap in step.questions.items():
            if _changes_meaning(step.old.question_map.get(qid), qid, qmap):
                changed.add(qid)
            renamed = {str(o): str(n) for m in (qmap.options, qmap.rows) for o, n in m.renamed.items()}
            known = codes.setdefault(qid, {})
            for first, now in list(known.items()):
                known[first] = renamed.get(now, now)
            for old, new in renamed.items():
                if old not in known.values():  # a code of this step's version first renamed here
                    known.setdefault(old, new)
    return Renames({q: {a: b for a, b in m.items() if a != b} for q, m in codes.items()}, frozenset(changed))


def _changes_meaning(old: Question | None, qid: str, qmap: QuestionMap) -> bool:
    """Moved or removed, codes removed or merged (several into one, or one into a code kept), scale points touched."""
    lists = (qmap.options, qmap.rows)
    if qmap.target != qid or any(m.removed for m in lists):
        return True
    if any(len(set(m.renamed.values())) < len(m.renamed) for m in lists):
        return True
    kept = {str(o.code) for o in old.options} if isinstance(old, (SingleChoice, MultiChoice)) else set()
    into = {str(c) for c in qmap.options.renamed.values()}
    if into & (kept - {str(c) for c in qmap.options.renamed}):
        return True
    # A scale's points are its values: any point renamed or removed changes what its mean means.
    return bool(qmap.points.renamed or qmap.points.removed)


@dataclass(frozen=True)
class Change:
    """One shared cell: each wave's estimate (None where that wave does not show it) and the change."""

    place: Place
    first: Estimate | None
    second: Estimate | None
    change: Estimate | None
    """B − A and its 95 % interval; None unless both waves show the cell."""

    @property
    def direction(self) -> int:
        """+1 if the interval lies above 0, −1 below, 0 if it holds 0 (or there is no change to state)."""
        if self.change is None:
            return 0
        return 1 if self.change.low > 0 else -1 if self.change.high < 0 else 0


@dataclass(frozen=True)
class TableChanges:
    """The changes of one indicator shared by both waves (a table's kind, measure and breakdowns)."""

    first: PublishedTable
    second: PublishedTable
    changes: tuple[Change, ...]

    @property
    def kind(self) -> TableKind:
        return self.first.kind


@dataclass(frozen=True)
class WaveChanges:
    """Every shared indicator's changes, and the tables that were not compared (with why)."""

    tables: tuple[TableChanges, ...]
    not_shared: tuple[str, ...]
    """Tables of either wave that the other has not (by id)."""
    meaning_changed: tuple[str, ...]
    """Tables of both waves whose questions changed meaning between the questionnaire versions (by id)."""


def difference(first: Estimate, second: Estimate) -> Estimate:
    """second − first with its 95 % interval (MOVER, see the module's note): the estimates are independent."""
    d = second.value - first.value
    down = math.hypot(second.value - second.low, first.high - first.value)
    up = math.hypot(second.high - second.value, first.value - first.low)
    return Estimate(d, d - down, d + up)


def shown(kind: TableKind, cell: PublishedCell) -> Estimate | None:
    """The mean, or the share, a cell shows; None if it shows none (suppressed, or a count without a share)."""
    if cell.suppressed:
        return None
    return cell.shown if kind == "mean" else cell.share_shown


def _key(table: PublishedTable) -> tuple[TableKind, str, tuple[str, ...]]:
    return table.kind, table.measure, table.by


def _moved(cell: PublishedCell, table: PublishedTable, renames: Renames) -> Place:
    """Wave A's cell's place as wave B's version names it."""
    measure = None if cell.measure is None else renames.code(table.measure, cell.measure)
    row = None if cell.row is None else renames.code(table.measure, cell.row)
    by = tuple(sorted((b, renames.code(b, code)) for b, code in cell.by.items()))
    return row, measure, by


def wave_changes(first: Release, second: Release, renames: Renames | None = None) -> WaveChanges:
    """The change from wave A (``first``) to wave B (``second``) of every share or mean both show."""
    renames = renames or Renames()
    keyed_a = {_key(t): t for t in reversed(first.tables) if t.kind != "write_ins"}  # the first of a kind wins
    keyed_b = {_key(t): t for t in reversed(second.tables) if t.kind != "write_ins"}
    shared = [k for k in dict.fromkeys(_key(t) for t in first.tables) if k in keyed_a and k in keyed_b]
    changed = tuple(keyed_b[k].id for k in shared if {k[1], *k[2]} & renames.changed)
    out = []
    for k in shared:
        a, b = keyed_a[k], keyed_b[k]
        if b.id in changed:
            continue
        cells_a = {_moved(c, a, renames): c for c in a.cells}
        rows = []
        for cell in b.cells:
            other = cells_a.get(cell.place)
            if other is None:
                continue
            est_a, est_b = shown(a.kind, other), shown(b.kind, cell)
            if a.kind != "mean" and (cell.share is None and not cell.suppressed):
                continue  # a count without a share (a status row): nothing to compare
            both = difference(est_a, est_b) if est_a is not None and est_b is not None else None
            rows.append(Change(cell.place, est_a, est_b, both))
        out.append(TableChanges(a, b, tuple(rows)))
    ids_a = {t.id for t in first.tables if _key(t) not in shared}
    ids_b = {t.id for t in second.tables if _key(t) not in shared}
    return WaveChanges(tuple(out), tuple(sorted(ids_a | ids_b)), changed)

"""Planning from target accuracy: how many respondents, and how much budget, for intervals of ± a given width.

The accuracy preview (:mod:`analysis.preview.accuracy`) answers "how accurate
with N respondents?"; this module answers the reverse for every group of every
table a plan publishes: given a target half-width of the 95 % interval (a
fraction for shares, 0.05 = ± 5 points; the measure's own units for means), it
finds

- the members a group needs (those who answer the measure): the fewest for
  which the published interval is at most the target;
- the respondents needed overall, so that the group has that many members
  with the stated confidence;
- the ρ the table needs at a given number of respondents;

and says which breakdowns are out of reach: more respondents than the cap; or,
at a given number of respondents, more than sampling alone allows, or more
budget than the project has.

The interval is the release's own (:func:`analysis.intervals.share_interval`,
:func:`analysis.intervals.mean_estimate`) with the noise scales the preview
works out for the plan's budget split (:class:`analysis.preview.accuracy.Planned`),
at the groups' expected shares of the preview. Noise is taken as measured,
before consistency, which never widens intervals: on the safe side.

**The promise holds with 95 % confidence** (:data:`CONFIDENCE`) over what is
random before fielding:

- the group's size: the published base is a binomial count plus noise; the
  planner asks its lower quantile (normal approximation, with the noise's
  variance added) to reach the members needed;
- the share in the group: unknown shares are taken at their worst, the share
  whose interval is widest (near 0.5); a stated share (a pilot's) is itself
  uncertain, so the widest interval within its own 95 % interval counts.
  With a stated share, the 5 % are split between the two (2.5 % each: the
  union bound);
- a mean's spread: always the widest possible, half of the values at each
  end of the scale.

Group shares (who is in which group) are taken as given: from a pilot, a
pilot's release, the plan's reference shares or the sourced reference file
of the city type (:mod:`analysis.preview.reference`), else the preview's
defaults (evenly over the answers, which is no fact about a city).
``tests/unit/analysis/target_study.py`` checks the promise by
simulation through the real release path.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from analysis.preview.accuracy import CellPreview, Planned
from analysis.preview.target_widths import GroupWidths
from analysis.preview.verdicts import MAX_RESPONDENTS, is_answer_cell

CONFIDENCE = 0.95
_EXPECTED_AT = 1_000_000
"""The preview's expected counts are proportional to the respondents: read the groups' shares at this many."""
_RHO_RANGE = 1e6
"""The ρ search looks this many times above and below the table's current ρ."""


class Reach(StrEnum):
    """Stable identifiers of a group's verdict."""

    REACHABLE = "reachable"
    BEYOND_CAP = "beyond_cap"
    """More respondents would be needed than the cap (the city's population or a stated maximum)."""
    SAMPLING = "sampling"
    """At the given number of respondents even a noise-free release misses the target: no budget reaches it."""
    BUDGET = "budget"
    """At the given number of respondents the table would need more than the project's whole budget."""
    EMPTY = "empty"
    """The group is expected to have nobody in it."""


@dataclass(frozen=True)
class Target:
    half_width: float
    """Of the 95 % interval of a share: a fraction (0.05: ± 5 points)."""
    mean_half_width: float | None = None
    """Of the 95 % interval of a mean, in the measure's units (0.25: ± a quarter of a scale point); None: means
    are not planned."""
    tables: tuple[str, ...] = ()
    """Table ids to plan for; empty: every table with intervals."""
    groups: tuple[str, ...] = ()
    """Group codes to plan for (a group counts if any of its codes is listed); empty: every group."""
    max_respondents: int = MAX_RESPONDENTS
    respondents: int | None = None
    """The number of respondents at which each table's ρ needed is worked out; None: the recommended number."""
    confidence: float = CONFIDENCE
    max_rho: float | None = None
    """The project's whole budget: a table that would need more is out of reach at that number of respondents."""


@dataclass(frozen=True)
class GroupNeed:
    row: str | None
    by: dict[str, str]
    share: float
    """The expected fraction of all respondents who are in the group and answer the measure."""
    stated: bool
    """Whether the measure's shares are stated (a pilot's); else the worst case is assumed."""
    members: int | None
    """Members of the group (answering the measure) needed; None if out of reach."""
    respondents: int | None
    """Respondents needed overall for the group to have them with the stated confidence; None beyond the cap."""
    rho: float | None
    """The ρ the table needs for this group at the target's respondents; None if sampling alone misses it."""
    reach: Reach


@dataclass(frozen=True)
class TableNeed:
    id: str
    kind: str
    measure: str
    by: tuple[str, ...]
    half_width: float
    """The target of this table's intervals (shares: a fraction; means: the measure's units)."""
    rho: float
    """The ρ the table gets now (the plan's split of the release's budget)."""
    groups: tuple[GroupNeed, ...]
    respondents: int | None
    """The most any targeted group needs; None if some group is beyond the cap."""
    rho_needed: float | None
    """The most any targeted group needs at the target's respondents; None if some group cannot be reached."""


@dataclass(frozen=True)
class TargetPlan:
    target: Target
    rho: float
    """The release's ρ (the plan's share of the project's budget)."""
    at: int
    """The respondents at which ρ needed is worked out (the target's, else the recommended number)."""
    tables: tuple[TableNeed, ...]
    respondents: int | None
    """Respondents needed for every targeted group of every table; None if some group is beyond the cap."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Tables not planned, and why (``write_ins``: no interval to target)."""

    @property
    def rho_needed(self) -> float | None:
        """The release's ρ if every planned table got what it needs (the others keep theirs)."""
        needs = [t.rho_needed for t in self.tables]
        if any(n is None for n in needs):
            return None
        kept = self.rho - sum(t.rho for t in self.tables)
        return kept + sum(n for n in needs if n is not None)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"rho_needed": self.rho_needed}


def plan_target(planned: Planned, target: Target) -> TargetPlan:
    """Respondents and ρ needed for ``target`` under ``planned`` (a plan's layouts, split and noise scales).

    Example: ``plan_target(Planned(plan, instrument, 0.15, shares), Target(0.05)).respondents`` → e.g. 3_400.
    """
    if not target.half_width > 0 or not (target.mean_half_width is None or target.mean_half_width > 0):
        raise ValueError("a target half-width must be positive")
    chosen: list[int] = []
    skipped: dict[str, str] = {}
    for index, shape in enumerate(planned.shapes):
        table = shape.table
        if target.tables and table.id not in target.tables:
            continue
        if table.kind == "write_ins" or (table.kind == "mean" and target.mean_half_width is None):
            skipped[table.id] = table.kind  # write-ins have no interval to target; means need their own unit
            continue
        chosen.append(index)
    first = [_table(planned, i, target, None) for i in chosen]
    needed = [t.respondents for t in first]
    overall = None if any(n is None for n in needed) else max((n for n in needed if n is not None), default=0)
    reachable = [n for n in needed if n is not None]
    at = target.respondents or overall or max(reachable, default=target.max_respondents)
    tables = tuple(_table(planned, i, target, at) for i in chosen)
    return TargetPlan(target, planned.rho, at, tables, overall, skipped)


def _table(planned: Planned, index: int, target: Target, at: int | None) -> TableNeed:
    preview = planned.table(index, _EXPECTED_AT)
    shape, rho = planned.shapes[index], planned.rhos[index]
    width = GroupWidths(planned, index, preview.noise, target)
    goal = target.mean_half_width if shape.table.kind == "mean" and target.mean_half_width else target.half_width
    floor = planned.plan.publication.suppress_below  # a group smaller is not shown at all
    groups = [
        _group(width, row, dict(by), cells, _Goal(goal, floor, target.max_respondents, rho, at, target.max_rho))
        for (row, by), cells in _groups(preview.cells, target).items()
    ]
    everyone = [g.respondents for g in groups if g.reach is not Reach.EMPTY]
    rhos = [g.rho for g in groups if g.reach is not Reach.EMPTY] if at is not None else [None]
    t = shape.table
    return TableNeed(
        t.id, t.kind, t.measure, tuple(t.by), goal, rho, tuple(groups),
        None if any(n is None for n in everyone) else max((n for n in everyone if n is not None), default=0),
        None if any(r is None for r in rhos) else max((r for r in rhos if r is not None), default=0.0),
    )  # fmt: skip


@dataclass(frozen=True)
class _Goal:
    half_width: float
    floor: int
    most: int
    rho: float
    at: int | None
    max_rho: float | None = None


def _group(width: GroupWidths, row: str | None, by: dict[str, str], cells: list[CellPreview], goal: _Goal) -> GroupNeed:
    """What one group needs: members, respondents and (at ``goal.at`` respondents) the table's ρ."""
    share = (cells[0].base or 0.0) / _EXPECTED_AT
    stated = width.stated(row) and width.kind != "mean"
    if share <= 0:
        return GroupNeed(row, by, 0.0, stated, None, None, None, Reach.EMPTY)
    at_width = width.of(row, cells, stated)

    def meets(members: int, scale: float) -> bool:
        return members >= max(goal.floor, 1) and at_width(float(members), scale) <= goal.half_width

    members = _smallest(lambda b: meets(b, 1.0), goal.most)
    respondents = None
    if members is not None:
        enough = members
        respondents = _smallest(lambda n: width.low_base(n, share, 1.0, row, stated) >= enough, goal.most)
    rho_needed = None
    if goal.at is not None:
        at = goal.at  # whole members, as for the respondents needed, so that both answers agree
        rho_needed = _rho_needed(goal.rho, lambda f: meets(math.floor(width.low_base(at, share, f, row, stated)), f))
    reach = Reach.BEYOND_CAP if respondents is None else Reach.REACHABLE
    if goal.at is not None and rho_needed is None and reach is Reach.REACHABLE:
        reach = Reach.SAMPLING
    if reach is Reach.REACHABLE and rho_needed is not None and goal.max_rho is not None and rho_needed > goal.max_rho:
        reach = Reach.BUDGET
    return GroupNeed(row, by, share, stated, members, respondents, rho_needed, reach)


def _groups(
    cells: tuple[CellPreview, ...], target: Target
) -> dict[tuple[str | None, tuple[tuple[str, str], ...]], list[CellPreview]]:
    """The answer cells of each group (matrix row and breakdown), of the groups the target asks for."""
    out: dict[tuple[str | None, tuple[tuple[str, str], ...]], list[CellPreview]] = {}
    for cell in cells:
        if not is_answer_cell(cell):
            continue
        if target.groups and cell.by and not set(cell.by.values()) & set(target.groups):
            continue
        out.setdefault((cell.row, tuple(sorted(cell.by.items()))), []).append(cell)
    return out


def _smallest(ok: Callable[[int], bool], most: int) -> int | None:
    """The smallest whole number in [1, most] for which ``ok`` holds (it holds for all above once it does)."""
    if not ok(most):
        return None
    low, high = 0, most
    while high - low > 1:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle
    return high


def _rho_needed(rho: float, ok: Callable[[float], bool]) -> float | None:
    """The smallest ρ for the table at which ``ok(noise factor)`` holds: bisection on log ρ (the noise
    shrinks as ρ grows); None if even :data:`_RHO_RANGE` times the current ρ does not do."""
    if not ok(_RHO_RANGE**-0.5):
        return None
    low, high = math.log(rho / _RHO_RANGE), math.log(rho * _RHO_RANGE)
    for _ in range(60):
        middle = (low + high) / 2
        if ok(math.sqrt(rho / math.exp(middle))):
            high = middle
        else:
            low = middle
    return math.exp(high)

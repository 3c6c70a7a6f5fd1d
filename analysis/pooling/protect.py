"""The disclosure audit of a pool: the pooled tables together with every town's own, and secondary suppression.

Each town has hidden cells that its own release protects
(:mod:`analysis.audit.secondary_suppression`). A pooled cell is the sum of the
towns' cells at its place, so a shown pooled count minus the other towns'
shown counts would give a town's hidden one away. The attacker here has one
unknown per count cell of every town (the town's own constraints: its shown
figures, bases, shares and margins, :func:`analysis.audit.constraints.add_release`)
and one per pooled cell (the pooled tables' own constraints), tied by the
identity pooled = Σ towns at every place. Each hidden cell of a town, and each
pooled cell the rules hide (a pooled count or base under the threshold), must
keep the width of its protection range (a town's own; the pool's is the
strictest of them). A pooled cell hidden only to protect others is not
protected in turn: its count cleared the rules, so working it out tells no one
more than the rules allow to publish (as τ-Argus and sdcTable protect the
primary cells only). Protecting those too made the hiding cascade from table to
table until every pooled cell was hidden.

A pooled cell can be no more uncertain than the towns' own tables leave it: one
whose every town shows its cell is their sum, published already. A hidden pooled
cell's range must so be as wide as the protection range or as its range from the
towns' tables alone (every pooled cell hidden: the pool adding nothing), whichever
is narrower; without that floor, such cells would count as exposed whatever was
hidden, and the loop would end only with every pooled cell hidden.

Where the attack narrows one below it, further pooled cells are hidden (the
towns' figures are already published): first the pooled cell at the exposed
town cell's place, then, for a hidden pooled cell, the smallest shown cell of
its group ("prefer not to say" and "no answer" first), else of its answer in another group, else the table. Hiding only
widens what the attack can derive, so a hidden cell found protected stays so; the
attack runs again after every round on the cells not yet found protected, until
it discloses nothing. Hiding every pooled cell always succeeds (the pool
then adds nothing the towns did not publish), so the loop ends.

On a plan of many crossed tables that loop can cascade (a pooled cell tied to
the margins of other tables, hidden one partner at a time until none is left).
So the same loop also runs from a floor, every pooled cell that some town hides
already hidden: the pool then shows sums of cells every town shows, which add
nothing to what the towns published. The cell-by-cell result is kept only
while it shows more cells than the floor's; the floor does not publish a
group the towns hide, the cell-by-cell way does (:mod:`benchmarks.pool_bench`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.audit.attack import InfeasibleError, implied_bounds
from analysis.audit.constraints import CountBlock, System, Target, add_release
from analysis.audit.settings import FLOAT_SLACK, Protection, Reading
from analysis.plans.dimensions import NO_ANSWER
from analysis.pooling.hidden import Place
from analysis.pooling.sources import Contribution
from analysis.releases.cells import PublishedCell
from analysis.releases.tables import PublishedTable
from instruments.text import DECLINED
from kernel.errors import InternalError

_STATUSES = frozenset({DECLINED, NO_ANSWER})

POOL = "pool"
"""The pooled tables' name in the attack's system (releases are named by their ids, which start with r-)."""


@dataclass(frozen=True)
class PoolAudit:
    """What the audit of the pool found and did."""

    town_hidden: int
    """Hidden cells of the towns' own tables, each kept at its town's protection range."""
    primary: int
    """Pooled cells hidden by the rules (or unknown)."""
    secondary: int
    """Pooled cells hidden so that no hidden cell, a town's or the pool's, can be worked out."""
    protection: float
    rounds: int
    floor: bool = False
    """Whether the floor was kept: every pooled cell that some town hides is hidden (the cell-by-cell way
    showed no more)."""


def _system(
    contributions: Sequence[Contribution], tables: Sequence[PublishedTable], reading: Reading
) -> tuple[System, list[CountBlock]]:
    system = System()
    where: dict[tuple[str, Place], list[int]] = {}
    for c in contributions:
        for b in add_release(system, c.release.id, c.release.tables, reading):
            for flat, cell in enumerate(b.cells):
                where.setdefault((b.table.id, cell.place), []).append(b.unknown(flat))
    pooled = add_release(system, POOL, tables, reading)
    for b in pooled:
        for flat, cell in enumerate(b.cells):
            towns = where[b.table.id, cell.place]
            slack = FLOAT_SLACK * (len(towns) + 1)
            columns = np.array([b.unknown(flat), *towns])
            coefficients = np.array([1.0, *([-1.0] * len(towns))])
            system.row(columns, coefficients, -slack, slack)
    return system, pooled


Key = tuple[str, Place]


def _key(target: Target) -> tuple[str, str, Place]:
    return target.release, target.table, _place(target)


def _place(target: Target) -> Place:
    return target.row, target.measure, tuple(sorted(target.by))


TOLERANCE = 1e-3
"""Respondents by which a pooled cell's range may fall short of its range from the towns' tables alone
(the programs' rounding; the interval arithmetic of :mod:`analysis.audit.components` widens bounds by millionths)."""


def towns_alone(
    contributions: Sequence[Contribution], tables: Sequence[PublishedTable], protection: Protection
) -> dict[Key, float]:
    """The width each pooled cell must keep: the protection range, or its range from the towns' tables alone
    (every pooled cell hidden) where that is narrower."""
    system, _ = _system(contributions, _hide(tuple(tables), _all_shown_tables(tables)), Reading.exact())
    system.targets = [t for t in system.targets if t.release == POOL]
    bounds = implied_bounds(system, {t.variable: protection.width for t in system.targets})
    return {(t.table, _place(t)): min(protection.width, _width(*bounds[t.variable])) for t in system.targets}


def _width(low: float, high: float) -> float:
    return high - low


def _exposed(
    contributions: Sequence[Contribution],
    tables: Sequence[PublishedTable],
    protection: Protection,
    *,
    safe: set[tuple[str, str, Place]] | None = None,
    required: dict[Key, float] | None = None,
    primary: set[Key] | None = None,
) -> tuple[list[Target], list[CountBlock], bool]:
    """Hidden cells narrowed below their range; the pooled blocks; whether the figures were infeasible.

    ``safe``: hidden cells found protected in an earlier round, not bounded again (hiding more only widens
    their range); the cells found protected now are added to it. ``required``: :func:`towns_alone`.
    ``primary``: the pooled cells the rules hide, the only pooled cells protected (None: every hidden one)."""
    floors = required if required is not None else towns_alone(contributions, tables, protection)
    system, pooled = _system(contributions, tables, Reading.exact())
    widths = {c.release.id: c.release.publication.protection_width for c in contributions}
    known = safe if safe is not None else set()
    system.targets = [
        t
        for t in system.targets
        if _key(t) not in known and (t.release != POOL or primary is None or (t.table, _place(t)) in primary)
    ]

    def needed(target: Target) -> float:
        if target.release != POOL:
            return float(widths[target.release])
        floor = floors[target.table, _place(target)]
        return floor if floor >= protection.width else max(floor - TOLERANCE, 0.0)

    enough = {t.variable: needed(t) for t in system.targets}
    try:
        # Only whether each range is narrower than its width matters: a cell seen that wide is not solved further.
        bounds = implied_bounds(system, enough)
    except InfeasibleError:
        return [], pooled, True
    exposed = [t for t in system.targets if Protection(enough[t.variable]).discloses(*bounds[t.variable])]
    known.update(_key(t) for t in system.targets if t not in exposed)
    return exposed, pooled, False


def protect_pool(
    contributions: Sequence[Contribution], tables: tuple[PublishedTable, ...], protection: Protection
) -> tuple[tuple[PublishedTable, ...], PoolAudit]:
    """``tables`` with further pooled cells hidden until the joint attack discloses no hidden cell.

    Two ways, the one that shows more pooled cells kept: hiding cell by cell where the attack finds an
    exposed one, and, as the floor, hiding every pooled cell that some town hides (the pool then shows
    only sums of cells every town shows, which tell nothing the towns did not publish, and the rules'
    own hidden cells). The first is what publishes a small group that towns hide; on a plan of many
    crossed tables it can cascade from table to table, and it is then stopped as soon as it shows no
    more than the floor does.
    """
    town_hidden = sum(1 for c in contributions for t in c.release.tables for cell in t.cells if cell.suppressed)
    ruled = {(t.id, c.place) for t in tables for c in t.cells if c.suppressed}
    required = towns_alone(contributions, tables, protection)
    floor, floor_rounds = _hide_until_protected(
        contributions,
        _hide(tables, _hidden_by_a_town(contributions)),
        protection,
        required=required,
        ruled=ruled,
    )
    if floor is None:  # it never gives up without a number to give up at
        raise InternalError("the pool's floor of hidden cells ran out of cells to hide")
    found, rounds = _hide_until_protected(
        contributions, tables, protection, required=required, ruled=ruled, give_up_at=_shown_count(floor)
    )
    kept_floor = found is None
    if found is None:
        found, rounds = floor, floor_rounds
    secondary = sum(1 for t in found for c in t.cells if c.suppressed) - len(ruled)
    return found, PoolAudit(town_hidden, len(ruled), secondary, protection.width, rounds, kept_floor)


def _hide_until_protected(
    contributions: Sequence[Contribution],
    tables: tuple[PublishedTable, ...],
    protection: Protection,
    *,
    required: dict[Key, float],
    ruled: set[Key],
    give_up_at: int = -1,
) -> tuple[tuple[PublishedTable, ...] | None, int]:
    """Hide pooled cells, round by round, until the attack finds none exposed; None once ``give_up_at``
    or fewer cells are left shown (hiding only ever takes cells away)."""
    rounds, safe = 0, set[tuple[str, str, Place]]()
    while True:
        exposed, pooled, infeasible = _exposed(
            contributions, tables, protection, safe=safe, required=required, primary=ruled
        )
        if not exposed and not infeasible:
            return tables, rounds
        rounds += 1
        shown = _all_shown(pooled)
        chosen = shown if infeasible else _choose(exposed, pooled) & shown
        if not chosen:  # every pick already hidden: hide the rest (with none left, the pool adds nothing)
            chosen = shown
            if not chosen:
                return tables, rounds
        tables = _hide(tables, chosen)
        if _shown_count(tables) <= give_up_at:
            return None, rounds


def _shown_count(tables: Sequence[PublishedTable]) -> int:
    return sum(1 for t in tables for c in t.cells if not c.suppressed)


def _hidden_by_a_town(contributions: Sequence[Contribution]) -> set[Key]:
    return {(t.id, c.place) for town in contributions for t in town.release.tables for c in t.cells if c.suppressed}


def _all_shown_tables(tables: Sequence[PublishedTable]) -> set[Key]:
    return {(t.id, c.place) for t in tables for c in t.cells if not c.suppressed}


def _all_shown(pooled: list[CountBlock]) -> set[Key]:
    return {(b.table.id, c.place) for b in pooled for c in b.cells if not c.suppressed}


def _choose(exposed: list[Target], pooled: list[CountBlock]) -> set[Key]:
    chosen: set[Key] = set()
    for target in exposed:
        place: Place = (target.row, target.measure, tuple(sorted(target.by)))
        block = next(b for b in pooled if b.table.id == target.table and b.row == target.row)
        cell = next(c for c in block.cells if c.place == place)
        if target.release != POOL and not cell.suppressed:
            chosen.add((block.table.id, place))
            continue
        table = [c for b in pooled if b.table.id == target.table for c in b.cells]
        chosen.add(_partner(block, place, chosen, table))
    return chosen


def _partner(block: CountBlock, place: Place, chosen: set[Key], table: list[PublishedCell]) -> Key:
    """The smallest shown pooled cell of the hidden cell's group; else of its answer; else of the block; else of
    the table (a matrix's other rows share its margins: hiding there can be what protects a cell whose own block
    is all hidden, short of hiding every pooled cell)."""
    group = next(cells for _, cells in block.groups() if any(c.place == place for c in cells))
    answer = [c for c in block.cells if c.measure == place[1]]
    for candidates in (group, answer, list(block.cells), table):
        shown = [c for c in candidates if not c.suppressed and (block.table.id, c.place) not in chosen]
        if shown:
            # "Prefer not to say" and "no answer" first (as the towns' own suppression prefers them), then the smallest.
            return block.table.id, min(shown, key=lambda c: (c.measure not in _STATUSES, c.count)).place
    return block.table.id, place


def _hide(tables: tuple[PublishedTable, ...], chosen: set[Key]) -> tuple[PublishedTable, ...]:
    return tuple(
        t.model_copy(update={"cells": tuple(c.hidden() if (t.id, c.place) in chosen else c for c in t.cells)})
        for t in tables
    )

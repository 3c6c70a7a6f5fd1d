"""The joint audit of a regional pool on a realistic plan: three towns of the Musterstadt example, pooled.

Each town is released through the real path (simulated respondents, make_release with its own
secondary suppression; tests/support/pool_towns.py), written as ``release export --for-pooling``
writes it and read back; the pool is made by :func:`analysis.pooling.pool.pool`. The attacker holds
every town's published tables and the pooled tables: every hidden cell, a town's or the pool's, is
then bounded by the full linear programs (not the audit's shortcut). Every town's hidden cell must keep
its protection range; so must every pooled cell the rules hide (its count or base under the threshold),
or its range from the towns' tables alone where that is narrower (the towns published it). A pooled cell
hidden only to protect those cleared the rules: what the attack derives of it is at least the threshold.
"""

from __future__ import annotations

import json

import pytest

from analysis.audit.attack import implied_bounds
from analysis.audit.settings import Reading
from analysis.pooling.combine import pool_tables, strictest
from analysis.pooling.pool import pool
from analysis.pooling.protect import POOL, _place, _system
from analysis.pooling.sources import contribution_document, read_contribution
from analysis.releases.tables import PublishedTable
from tests.support.pool_towns import example_towns

pytestmark = pytest.mark.slow  # three releases of the example plan and the full programs (about a minute)


def test_no_hidden_cell_of_three_pooled_example_towns_is_narrowed_below_its_range() -> None:
    towns = [
        read_contribution(json.dumps(contribution_document(m.release)), f"town-{i}.pool.json")
        for i, m in enumerate(example_towns(3))
    ]
    result = pool(towns)
    rules = strictest(towns)
    raw = {(t.id, c.place): c for t in pool_tables(towns, rules) for c in t.cells}
    ruled = {key for key, cell in raw.items() if cell.suppressed}
    assert result.audit.town_hidden > 200, "each town of the example plan hides many cells"
    assert result.audit.secondary > 0, "pooled cells would give towns' hidden cells away unless hidden"
    # About as many shown as the floor: a pooled cell that every town shows and the rules do not hide is a
    # sum of published cells. (Hiding cell by cell once cascaded until every pooled cell was hidden.) The
    # floor is audited too, and in about one draw of ten hides a cell or two more.
    by_a_town = {(t.id, c.place) for town in towns for t in town.release.tables for c in t.cells if c.suppressed}
    floor = set(raw) - by_a_town - ruled
    shown = {(t.id, c.place) for t in result.tables for c in t.cells if not c.suppressed}
    assert floor and len(shown) >= 0.9 * len(floor), (len(shown), len(floor))
    system, _ = _system(towns, result.tables, Reading.exact())
    ranges = {t.release.id: t.release.publication.protection_width for t in towns}
    ranges[POOL] = result.rules.protection_width
    bounds = implied_bounds(system)
    alone, _ = _system(towns, _every_cell_hidden(result.tables), Reading.exact())
    alone.targets = [t for t in alone.targets if t.release == POOL]
    alone_bounds = implied_bounds(alone)  # the towns' tables alone: the pool adds nothing
    before = {(t.table, t.row, t.measure, t.by): alone_bounds[t.variable] for t in alone.targets}
    assert {t.release for t in system.targets} == set(ranges), "hidden cells of every town and of the pool"
    ids = {t.release.id: t for t in towns}
    for target in system.targets:
        low, high = bounds[target.variable]
        needed = ranges[target.release]
        if target.release == POOL and (target.table, _place(target)) not in ruled:
            cell = raw[target.table, _place(target)]  # hidden to protect others: its count cleared the rules
            assert cell.count is not None and cell.count >= rules.suppress_below, (target.label, cell.count)
            continue
        if target.release == POOL:
            towns_low, towns_high = before[target.table, target.row, target.measure, target.by]
            if towns_high - towns_low < needed:  # published by the towns already: the pool must only not narrow it
                needed = towns_high - towns_low - 1e-3
        assert high - low >= needed, (target.release, target.label, low, high)
        if target.release != POOL:  # the attack is sound: the town's own hidden value lies within its bounds
            value = ids[target.release].value(target.table, (target.row, target.measure, tuple(sorted(target.by))))
            assert value is not None and low - 1e-5 <= value <= high + 1e-5
    # A pooled cell the towns published already (every town shows it) is no target: it is not hidden for it.
    public = [t for t in alone.targets if _width(before[t.table, t.row, t.measure, t.by]) < 1e-3]
    assert public, "some pooled cells are sums of cells every town shows"


def _width(bounds: tuple[float, float]) -> float:
    return bounds[1] - bounds[0]


def _every_cell_hidden(tables: tuple[PublishedTable, ...]) -> tuple[PublishedTable, ...]:
    return tuple(t.model_copy(update={"cells": tuple(c.hidden() for c in t.cells)}) for t in tables)

"""The joint audit of a regional pool on a realistic plan: three towns of the Musterstadt example, pooled.

Each town is released through the real path (simulated respondents, make_release with its own
secondary suppression; tests/support/pool_towns.py), written as ``release export --for-pooling``
writes it and read back; the pool is made by :func:`analysis.pooling.pool.pool`. The attacker holds
every town's published tables and the pooled tables: every hidden cell, a town's or the pool's, is
then bounded by the full linear programs (not the audit's shortcut) and must keep its protection range;
a pooled cell, its range from the towns' tables alone where that is narrower (the towns published it).
"""

from __future__ import annotations

import json

import pytest

from analysis.audit.attack import implied_bounds
from analysis.audit.settings import Reading
from analysis.pooling.pool import pool
from analysis.pooling.protect import POOL, _system
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
    assert result.audit.town_hidden > 200, "each town of the example plan hides many cells"
    assert result.audit.secondary > 0, "pooled cells would give towns' hidden cells away unless hidden"
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

"""The joint audit of a regional pool on a realistic plan: three towns of the Musterstadt example, pooled.

Each town is released through the real path (simulated respondents, make_release with its own
secondary suppression; tests/support/pool_towns.py), written as ``release export --for-pooling``
writes it and read back; the pool is made by :func:`analysis.pooling.pool.pool`. The attacker holds
every town's published tables and the pooled tables: every hidden cell, a town's or the pool's, is
then bounded by the full linear programs (not the audit's shortcut) and must keep its protection range.
"""

from __future__ import annotations

import json

import pytest

from analysis.audit.attack import implied_bounds
from analysis.audit.settings import Reading
from analysis.pooling.pool import pool
from analysis.pooling.protect import POOL, _system
from analysis.pooling.sources import contribution_document, read_contribution
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
    assert {t.release for t in system.targets} == set(ranges), "hidden cells of every town and of the pool"
    ids = {t.release.id: t for t in towns}
    for target in system.targets:
        low, high = bounds[target.variable]
        assert high - low >= ranges[target.release], (target.release, target.label, low, high)
        if target.release != POOL:  # the attack is sound: the town's own hidden value lies within its bounds
            value = ids[target.release].value(target.table, (target.row, target.measure, tuple(sorted(target.by))))
            assert value is not None and low - 1e-5 <= value <= high + 1e-5
    shown = sum(1 for t in result.tables for c in t.cells if not c.suppressed)
    assert shown > 0, "the pool still publishes cells"

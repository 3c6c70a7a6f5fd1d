"""Pooled intervals over ten towns cover 93–97 %, and pooling publishes what towns alone cannot (issue 20).

The study is :mod:`tests.unit.analysis.pool_study`; ``benchmarks/pool_study.py``
runs it with 1,000 pools and prints the table README.md shows. Here it runs 24
pools of ten towns (240 releases through the real path) on two processes, so
each class is held to 93–97 % give or take two binomial standard errors
counted in pools (about 9 points): a class whose intervals were, say, noise
only for shares, or a tenth of the summed noise for counts, falls far below.
"""

from __future__ import annotations

import pytest

from tests.unit.analysis.coverage_classes import Tally
from tests.unit.analysis.pool_study import CLASSES, run, table

POOLS = 24
LOW, HIGH = 0.93, 0.97

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tallies() -> tuple[Tally, Tally]:
    return run(POOLS, 2, seed=7)


@pytest.mark.parametrize("name", CLASSES)
def test_pooled_coverage_is_93_to_97_percent(tallies: tuple[Tally, Tally], name: str) -> None:
    tally, shown = tallies
    assert len(tally.releases[name]) >= POOLS // 2, table(tally, shown)
    slack = 2 * tally.coverage_se(name)
    assert LOW - slack <= tally.coverage(name) <= HIGH + slack, table(tally, shown)


def test_the_small_group_is_published_pooled_and_mostly_hidden_alone(tallies: tuple[Tally, Tally]) -> None:
    _, shown = tallies
    alone, pooled = "town alone: count shown, small group", "pooled: count shown, small group"
    # About 15 % alone and 95 % pooled over 1,000 pools (README); 24 pools give each a standard error of
    # about 4.5 points, so the bounds sit three of them away from those figures.
    assert shown.coverage(alone) < 0.3, table(*tallies)
    assert shown.coverage(pooled) > 0.8, table(*tallies)

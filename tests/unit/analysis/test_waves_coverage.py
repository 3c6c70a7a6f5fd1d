"""The intervals of changes between two waves cover the true change 93–97 % in every class (issue 20).

The study (two populations, the plan, the classes, what each interval must
cover) is :mod:`tests.unit.analysis.waves_classes`; ``benchmarks/waves_study.py``
runs it with 1,000 or more pairs of waves and prints the README's table. Here
it runs over 300 pairs of waves in two processes (about 20 seconds on two
cores), and every class is held to 93–97 %, give or take two binomial standard
errors counted in replications (a replication's changes are not independent),
and its bias to ±0.15 σ give or take two standard errors.
"""

from __future__ import annotations

import pytest

from tests.unit.analysis.coverage_classes import Tally
from tests.unit.analysis.waves_classes import CLASSES, run, table

REPLICATIONS = 300
LOW, HIGH = 0.93, 0.97
BIAS = 0.15

pytestmark = pytest.mark.slow  # every test reads the tally of 300 pairs of releases


@pytest.fixture(scope="module")
def tally() -> Tally:
    return run(REPLICATIONS, 2)


def test_every_class_is_seen(tally: Tally) -> None:
    print(table(tally))
    for name in CLASSES:
        assert len(tally.releases[name]) >= REPLICATIONS // 10, (name, table(tally))


@pytest.mark.parametrize("name", CLASSES)
def test_coverage_of_changes_is_93_to_97_percent(tally: Tally, name: str) -> None:
    slack = 2 * tally.coverage_se(name)
    assert LOW - slack <= tally.coverage(name) <= HIGH + slack, table(tally)


@pytest.mark.parametrize("name", CLASSES)
def test_changes_are_unbiased(tally: Tally, name: str) -> None:
    assert abs(tally.mean_bias(name)) <= BIAS + 2 * tally.bias_se(name), table(tally)

"""The calibration study in CI: fewer releases than the README's, held to its promises.

The full study (``benchmarks/calibration_study.py``, ≥ 1,000 releases) prints
the README's table. Here, 120 releases of the synthetic city: self-selection
biases the plain shares by several points, weighting removes that bias, and
the weighted intervals cover the population's shares about 95 % of the time.
"""

from __future__ import annotations

import numpy as np

from tests.unit.analysis import calibration_city as city

RELEASES = 120


def test_weighting_removes_the_self_selection_bias_and_its_intervals_cover() -> None:
    tally = city.simulate(20261207, RELEASES)
    pooled_hits = 0
    pooled = 0
    for name in city.CLASSES:
        plain, weighted = (name, "plain"), (name, "weighted")
        assert tally.releases(weighted) == RELEASES
        # The sample is far from the city: the plain share is off by many of its standard errors.
        assert tally.bias(plain) > 10 * tally.bias_se(plain)
        # Weighting takes the bias away (to within its standard error), at the price of wider intervals.
        assert abs(tally.bias(weighted)) < 3.5 * tally.bias_se(weighted) + 0.005
        assert abs(tally.bias(weighted)) < abs(tally.bias(plain)) / 3
        assert tally.width(weighted) > tally.width(plain)
        # 120 releases: a class's coverage has a standard error of about 2 points. Near 96.5 % (the study's
        # figure), 119 or 120 of 120 happen in about one run of thirteen per class: the top is held on the
        # three classes together.
        assert tally.coverage(weighted) >= 0.88
        pooled_hits += tally.hits[weighted]
        pooled += RELEASES
    # 360 intervals, a standard error of about 1 point: three of them either side of the study's 96.5 % (an
    # interval that overstates its variance by half, as the first one nearly did in small cells, covers 99.7 %).
    assert 0.915 <= pooled_hits / pooled <= 0.993
    # Kish's design effect, from noisy counts only, is about that of the ideal weights (trimming lowers it a little).
    assert 0.85 * city.model_design_effect() <= np.mean(tally.design_effects) <= 1.05 * city.model_design_effect()

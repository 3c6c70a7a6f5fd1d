"""The weighted share's variance from noisy counts: unbiased for the sampling part, exact for the noise.

One self-selected sample of the synthetic city (tests/unit/analysis/calibration_city.py) is counted
exactly; OpenDP's Gaussian mechanism then measures its fine counts again and again. Over those draws the
variance worked out from the noisy counts must average what it is at the exact counts (the noisy sums of
squares are unbiased only if no cell's share of them is clipped), and the spread of the noisy shares must be
what the noise part says.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.calibration.estimates import Inputs, share
from analysis.calibration.release import weighted_layout
from analysis.calibration.weights import FLOOR, calibrate
from analysis.mechanisms import gaussian
from tests.unit.analysis import calibration_city as city

DRAWS = 300
RHO = 1 / 12
"""σ² = 6 per count, as the study's fine tables have."""


def _sample() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    frame = city.frame(np.random.default_rng(7))
    shape = (len(city.AGES), len(city.GENDERS), len(city.DISTRICTS))
    gender = frame["gender"].cat.codes.to_numpy()
    kept = gender < len(city.GENDERS)
    cell = np.ravel_multi_index(
        (frame["age"].cat.codes.to_numpy()[kept], gender[kept], frame["district"].cat.codes.to_numpy()[kept]), shape
    )
    answer = frame["discr"].cat.codes.to_numpy()[kept]
    origin = frame["origin"].cat.codes.to_numpy()[kept]
    size = int(np.prod(shape))
    groups = {"everyone": origin >= 0, "migration background": origin == 0, "no migration background": origin == 1}
    fine = {
        name: np.array([np.bincount(cell[group & (answer == k)], minlength=size) for k in range(3)], dtype=float)
        for name, group in groups.items()
    }
    return np.bincount(cell, minlength=size).astype(float), fine


@pytest.mark.parametrize("group", city.CLASSES)
def test_the_variance_from_noisy_counts_averages_its_value_at_the_exact_counts(group: str) -> None:
    layout = weighted_layout(city.PLAN, city.INSTRUMENT)
    cells, fines = _sample()
    weights = calibrate(cells, layout.margins, (0.2, 5.0)).weights
    design = layout.cells.design(layout.margins)
    steady = np.zeros((len(cells), len(cells)))  # the weights held fixed: only the fine counts are noisy here

    def inputs(fine: np.ndarray, variance: float) -> Inputs:
        return Inputs(fine, np.maximum(cells, FLOOR), weights, steady, design, variance, 0.0)

    fine = fines[group]
    _, noise = gaussian(fine.ravel(), 1.0, RHO)
    variance = noise.scale**2
    exact = share(inputs(fine, 0.0), 0, (0, 1))  # the sampling part alone, at the exact counts
    assert exact is not None
    p, total = exact.value, float(weights @ fine[:2].sum(axis=0))
    noise_part = float((weights**2).sum()) * variance * ((1 - p) ** 2 + p**2) / total**2
    values, predicted = [], []
    for _ in range(DRAWS):
        noisy, _ = gaussian(fine.ravel(), 1.0, RHO)
        got = share(inputs(noisy.reshape(fine.shape), variance), 0, (0, 1))
        assert got is not None
        values.append(got.value)
        predicted.append(got.variance)
    # Unbiased: within 2.5 % (clipping each cell's noisy sum of squares at 0 overstated it by 5-8 % here).
    assert abs(np.mean(predicted) / (exact.variance + noise_part) - 1) < 0.025
    # The noise part is the spread of the noisy shares; 300 draws: their variance within ±25 % of its expectation.
    assert 0.75 < float(np.var(values, ddof=1)) / noise_part < 1.25

"""The noise a release adds has the scale its metadata states (issue 4).

Many releases of one plan over one fixed dataset, through the real path
(:func:`analysis.compute.compute`, OpenDP's Gaussian mechanisms, which draw
from the operating system and cannot be seeded). For every part of every
table, noise = the noisy vector the mechanism returned (``Computed.raw``, or
a write-in's published count) − the exact vector from :mod:`analysis.tabulate`.
Divided by the scale the table's ``noise`` metadata states, it must be a
sample of N(0, 1): a chi-square test of its variance (Σ z² ~ χ²ₙ, two-sided)
and a Kolmogorov–Smirnov test of its shape, each at a Bonferroni share of a
family-wise α = 1e-4 over all the tests in this file, so that a correct
release fails this file about once in ten thousand runs. The same check
rejects samples whose scale is 20 % off, which is what makes it a test.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pytest

from analysis.compute import compute, normalise
from anonymize.analysis_dataset import DatasetBuilder
from tests.unit.analysis import synthetic

RELEASES = 300
RHO = 0.5
PLAN = synthetic.plan(
    """\
  - {id: discrimination, kind: counts, measure: discr, by: [group]}
  - {id: grounds, kind: counts, measure: grounds, by: [group]}
  - {id: domains, kind: matrix, measure: domains, by: [group]}
  - {id: trust, kind: mean, measure: trust, by: [group]}
  - {id: groups, kind: representation, measure: group, reference: {big: 0.8, small: 0.15}}
  - {id: self_descriptions, kind: write_ins, measure: note}
"""
)
PARTS = [
    ("discrimination", "counts"),
    ("grounds", "options"),
    ("grounds", "statuses"),
    ("domains", "counts"),
    ("trust", "counts"),
    ("trust", "sums"),
    ("trust", "squares"),
    ("groups", "counts"),
    ("self_descriptions", "write_ins"),
]
TESTS = 2 * (len(PARTS) + 1)
"""The tests on OpenDP's (unseeded) noise: variance and shape, per part and pooled."""
FAMILY_ALPHA = 1e-4
ALPHA = FAMILY_ALPHA / TESTS
_NORMAL = NormalDist()


pytestmark = pytest.mark.slow  # the module's noise fixture draws thousands of releases

# --- the goodness-of-fit check -------------------------------------------------------------------


def kolmogorov_sf(lam: float) -> float:
    """P(K > λ) for Kolmogorov's distribution, the limit of √n · D under the null."""
    if lam < 0.2:
        return 1.0
    total = sum((2.0 if k % 2 else -2.0) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return min(max(total, 0.0), 1.0)


def chi2_two_sided(total: float, df: int) -> float:
    """Two-sided p of a χ² statistic, by the Wilson–Hilferty cube-root normal approximation (exact to 1e-4 here)."""
    cube = (total / df) ** (1 / 3)
    z = (cube - (1 - 2 / (9 * df))) / math.sqrt(2 / (9 * df))
    return 2 * _NORMAL.cdf(-abs(z))


@dataclass(frozen=True)
class Fit:
    n: int
    variance: float
    """Σ z² / n: the sample's variance about zero in units of the stated scale²."""
    variance_p: float
    ks: float
    ks_p: float

    @property
    def accepted(self) -> bool:
        return self.variance_p >= ALPHA and self.ks_p >= ALPHA

    def __str__(self) -> str:
        return (
            f"n={self.n} var/scale²={self.variance:.4f} (χ² p={self.variance_p:.3g})"
            f" KS D={self.ks:.4f} (p={self.ks_p:.3g})"
        )


def fit(z: np.ndarray) -> Fit:
    """How well a sample fits N(0, 1): its variance about zero, and its distribution function."""
    n = len(z)
    ordered = np.sort(z)
    cdf = np.array([_NORMAL.cdf(float(x)) for x in ordered])
    steps = np.arange(1, n + 1) / n
    d = float(max((steps - cdf).max(), (cdf - (steps - 1 / n)).max()))
    root = math.sqrt(n)
    total = float((z * z).sum())
    return Fit(n, total / n, chi2_two_sided(total, n), d, kolmogorov_sf((root + 0.12 + 0.11 / root) * d))


def test_the_check_s_p_values_are_the_textbook_ones() -> None:
    # Kolmogorov's critical values at 5 %, 1 % and 0.1 %; χ²₁₀₀'s 2.5 % and 97.5 % quantiles.
    assert kolmogorov_sf(1.3581) == pytest.approx(0.05, abs=2e-4)
    assert kolmogorov_sf(1.6276) == pytest.approx(0.01, abs=1e-4)
    assert kolmogorov_sf(1.9495) == pytest.approx(0.001, abs=2e-5)
    assert chi2_two_sided(129.561, 100) == pytest.approx(0.05, abs=2e-4)
    assert chi2_two_sided(74.222, 100) == pytest.approx(0.05, abs=2e-4)


# --- releases over one dataset -------------------------------------------------------------------


@pytest.fixture(scope="module")
def noise() -> dict[tuple[str, str], np.ndarray]:
    """Per table and part, the noise of every release in units of the scale its metadata states."""
    sample = synthetic.draw(np.random.default_rng(2026), 400)
    builder = DatasetBuilder(synthetic.INSTRUMENT)
    builder.add([(f"p{i:04d}", a, "2026-05-04") for i, a in enumerate(synthetic.answers(sample))])
    frame = builder.finish().frame
    exact = synthetic.exact(PLAN, frame)
    texts: dict[str, int] = exact["self_descriptions"]["write_ins"]
    assert min(texts.values()) > 50  # far above the threshold: every one is released, so none is cut off
    scales: dict[tuple[str, str], set[float]] = defaultdict(set)
    found: dict[tuple[str, str], list[np.ndarray]] = defaultdict(list)
    for _ in range(RELEASES):
        released = compute(PLAN, synthetic.INSTRUMENT, frame, RHO)
        for table in released.tables:
            for part, meta in table.noise.items():
                scales[(table.id, part)].add(meta.scale)
                if part == "write_ins":
                    noisy = {normalise(str(c.measure)): c.shown.value for c in table.cells}
                    assert set(noisy) == set(texts)
                    diff = np.array([noisy[t] - n for t, n in sorted(texts.items())])
                else:
                    diff = released.raw[table.id][part] - exact[table.id][part]
                found[(table.id, part)].append(diff / meta.scale)
    assert sorted(found) == sorted(PARTS)
    # The scale is the plan's, not the data's: the same in every release.
    assert all(len(s) == 1 for s in scales.values()), scales
    return {key: np.concatenate(parts) for key, parts in found.items()}


@pytest.mark.parametrize("part", PARTS, ids=[f"{t}.{p}" for t, p in PARTS])
def test_each_part_s_noise_has_the_stated_scale(
    noise: dict[tuple[str, str], np.ndarray], part: tuple[str, str]
) -> None:
    result = fit(noise[part])
    print(part, result)
    assert result.n >= 900
    assert result.accepted, f"{part}: {result}"


def test_all_noise_together_is_standard_normal(noise: dict[tuple[str, str], np.ndarray]) -> None:
    result = fit(np.concatenate(list(noise.values())))
    print("pooled", result)
    assert result.accepted, str(result)


@pytest.mark.parametrize("factor", [0.8, 1.2])
def test_the_check_rejects_a_scale_20_percent_off(noise: dict[tuple[str, str], np.ndarray], factor: float) -> None:
    rng = np.random.default_rng(4)
    smallest = min(len(z) for z in noise.values())
    for n in (smallest, sum(len(z) for z in noise.values())):
        # Test data from numpy: right scale accepted, 20 % off rejected, at the part's and the pooled size.
        assert fit(rng.normal(0.0, 1.0, n)).accepted
        wrong = fit(rng.normal(0.0, factor, n))
        print(f"numpy x{factor}", wrong)
        assert not wrong.accepted
    for part, z in noise.items():
        # The real noise, as if the metadata had stated a scale 20 % off.
        misstated = fit(z / factor)
        assert not misstated.accepted, f"{part}: {misstated}"

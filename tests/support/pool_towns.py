"""Towns for pooling tests and benchmarks: the Musterstadt example's plan released over simulated respondents."""

from __future__ import annotations

from pathlib import Path

from analysis import load_plan
from analysis.releases.making import Made, make_release
from anonymize.analysis_dataset import DatasetBuilder
from instruments.loader import load_instrument
from kernel.privacy_budget import PrivacyBudget
from survey.simulation.simulator import simulate

EXAMPLE = Path(__file__).parents[2] / "examples" / "musterstadt"
TOTAL_RHO = 0.15
SIZES = (400, 600, 800, 500, 700, 450, 650, 550, 750, 900)


def example_town(n: int, seed: int) -> Made:
    """One town's release of the example plan over ``n`` simulated respondents (its own seed)."""
    instrument = load_instrument(EXAMPLE / "instrument.yaml").instrument
    loaded = load_plan(EXAMPLE / "plan.yaml", instrument, PrivacyBudget(TOTAL_RHO))
    builder = DatasetBuilder(instrument)
    people = simulate(instrument, n, seed=seed)
    builder.add([(f"r-{i:06d}", answers, "2026-11-01") for i, answers in enumerate(people)])
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    rho = loaded.plan.budget_share * TOTAL_RHO
    return make_release(loaded.plan, text, instrument, builder.finish().frame, f"sha256:town{seed}", rho)


def example_towns(count: int) -> list[Made]:
    """``count`` towns of 400 to 900 respondents, each with its own seed."""
    return [example_town(SIZES[i % len(SIZES)], seed=1000 + i) for i in range(count)]

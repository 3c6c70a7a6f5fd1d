"""Simulation throughput (run by hand: python benchmarks/simulate_bench.py [N]).

Simulates N respondents of the Musterstadt example three times, once with the
simulator's random weights and once with the bundled reference population
(germany-city, as ``responses simulate`` and ``demo`` use it), and prints the
best of three runs in respondents per second for each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from instruments.loader import load_instrument
from survey.simulation.population import load_population
from survey.simulation.simulator import Settings, simulate

ROOT = Path(__file__).resolve().parents[1]


def best_rate(n: int, settings: Settings | None) -> float:
    instrument = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
    best = 0.0
    for seed in range(3):
        start = time.perf_counter()
        simulate(instrument, n, seed, settings)
        best = max(best, n / (time.perf_counter() - start))
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    for label, settings in (("random weights", None), ("germany-city", Settings(population=load_population()))):
        print(f"{label:>15}: {best_rate(n, settings):8,.0f} respondents/s (best of 3, n = {n:,})")


if __name__ == "__main__":
    main()

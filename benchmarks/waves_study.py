"""The survey waves study of issue 20: coverage and bias of the intervals of changes between two waves.

    python benchmarks/waves_study.py                          # 1,000 pairs of waves on two processes (about 60 s)
    python benchmarks/waves_study.py --replications 5000      # tighter figures

Prints a Markdown table (class, changes, replications, coverage, binomial SE,
bias in σ) and the mean half-width of each class's interval, as README.md
shows them. The study is tests/unit/analysis/waves_classes.py;
tests/unit/analysis/test_waves_coverage.py runs it in CI with fewer
replications and holds every class to 93–97 %.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.analysis.waves_classes import RESPONDENTS, RHO, run, table, widths  # noqa: E402 - after the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=1000, help="pairs of waves (default 1,000)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--seed", type=int, default=20261207, help="seed of the simulated samples")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = run(args.replications, args.workers, args.seed)
    print(f"{args.replications:,} pairs of waves of {RESPONDENTS:,} respondents each, each wave released at"
          f" ρ = {RHO}, {args.workers} processes, {time.perf_counter() - started:.0f} s\n")  # fmt: skip
    print(table(tally))
    print("\nMean half-width of a change's 95 % interval (shares in points, means in scale points):\n")
    for name, half in widths(tally).items():
        print(f"- {name}: ± {half * (100 if name.startswith('share') else 1):.2f}")


if __name__ == "__main__":
    main()

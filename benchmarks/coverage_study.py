"""The coverage study of issue 14: coverage and bias of the published intervals, per class of cell.

    python benchmarks/coverage_study.py                    # 2,000 releases on two processes (about 100 s)
    python benchmarks/coverage_study.py --releases 10000   # tighter figures

Prints a Markdown table (class, cells, releases, coverage, binomial SE,
bias in σ) as README.md shows it. The study is
tests/unit/analysis/coverage_classes.py; tests/unit/analysis/test_coverage.py
runs it in CI and holds every class to 93–97 % and ±0.1 σ.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.analysis.coverage_classes import RESPONDENTS, RHO, run, table  # noqa: E402 - after the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=2000, help="simulated releases (default 2,000)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--seed", type=int, default=20261206, help="seed of the simulated samples")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = run(args.releases, args.workers, args.seed)
    print(f"{args.releases:,} releases of {RESPONDENTS:,} respondents at ρ = {RHO}, {args.workers} processes, "
          f"{time.perf_counter() - started:.0f} s\n")  # fmt: skip
    print(table(tally))


if __name__ == "__main__":
    main()

"""The pooling study of issue 20: pooled estimates over 10 simulated towns, each through the real release path.

    python benchmarks/pool_study.py                         # 1,000 pools of 10 towns on two processes
    python benchmarks/pool_study.py --replications 4000     # tighter figures
    python benchmarks/pool_study.py --means                 # the pooled means study instead
    python benchmarks/pool_study.py --populations           # the population-weighted shares study instead

Prints the Markdown tables README.md shows: coverage of the published pooled
counts and shares per class of cell (binomial SE counted in pools), and the
share of count cells publishable by each town alone and pooled. The study is
tests/unit/analysis/pool_study.py; tests/unit/analysis/test_pool_coverage.py
runs it in CI with fewer replications and holds coverage to a band. With
``--means``: the coverage of the pooled means (tests/unit/analysis/pool_means_study.py); with
``--populations``: of population-weighted shares (tests/unit/analysis/pool_population_study.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.analysis import pool_means_study, pool_population_study  # noqa: E402 - after the path
from tests.unit.analysis.pool_study import RHO, SIZES, run, table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=1000, help="simulated pools (default 1,000)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--seed", type=int, default=20261207, help="seed of the simulated samples")
    parser.add_argument("--means", action="store_true", help="the pooled means study instead")
    parser.add_argument("--populations", action="store_true", help="the population-weighted shares study instead")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.means or args.populations:
        study = pool_population_study if args.populations else pool_means_study
        means = study.run(args.replications, args.workers, args.seed)
    else:
        tally, shown = run(args.replications, args.workers, args.seed)
    print(f"{args.replications:,} pools of {len(SIZES)} towns ({min(SIZES)}–{max(SIZES)} respondents each, ρ = {RHO}"
          f" per town), {args.workers} processes, {time.perf_counter() - started:.0f} s\n")  # fmt: skip
    if args.means or args.populations:
        print(study.table(means))
    else:
        print(table(tally, shown))


if __name__ == "__main__":
    main()

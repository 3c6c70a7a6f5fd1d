"""The target planner's study of issue 20: are the promised half-widths met in ≥ 95 % of surveys of the recommended size?

    python benchmarks/target_study.py                    # 1,000 surveys per table on two processes
    python benchmarks/target_study.py --releases 5000    # tighter figures

Prints a Markdown table (table, group, target, members needed, recommended
respondents, share of surveys meeting the target, binomial SE) as README.md
shows it. The study is tests/unit/analysis/target_study.py;
tests/unit/analysis/test_target.py runs it in CI with fewer surveys.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.analysis.target_study import RHO, TARGET, run, table  # noqa: E402 - after the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000, help="simulated surveys per table (default 1,000)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--seed", type=int, default=20261207, help="seed of the simulated samples")
    args = parser.parse_args()
    started = time.perf_counter()
    plan, tally = run(args.releases, args.workers, args.seed)
    print(f"{args.releases:,} surveys per table at ρ = {RHO}, targets ± {TARGET.half_width:g} (shares) and "
          f"± {TARGET.mean_half_width:g} (means), {args.workers} processes, "
          f"{time.perf_counter() - started:.0f} s\n")  # fmt: skip
    print(table(plan, tally))


if __name__ == "__main__":
    main()

"""The calibration study of issue 20: plain vs weighted shares of a self-selected sample of a synthetic city.

    python benchmarks/calibration_study.py                   # 1,000 releases on two processes
    python benchmarks/calibration_study.py --releases 4000   # tighter figures

Every release goes through the real path (analysis.releases.making.make_release
with the calibrated plan: OpenDP noise, consistency, the disclosure audit and
the weighted tables from noisy counts only). Prints the README's Markdown
table: bias of the plain and the weighted share (± its standard error), the
coverage of their 95 % intervals (± binomial SE) and their mean widths, and
Kish's design effect. The study is tests/unit/analysis/calibration_city.py;
tests/unit/analysis/test_calibration_study.py runs it in CI with 120 releases.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.analysis.calibration_city import (  # noqa: E402 - after the path
    PEOPLE,
    RESPONDENTS,
    RHO,
    model_design_effect,
    run,
    table,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000, help="simulated releases (default 1,000)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--seed", type=int, default=20261207, help="seed of the simulated samples")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = run(args.releases, args.workers, args.seed)
    seconds = time.perf_counter() - started
    print(f"{args.releases:,} releases of {RESPONDENTS:,} self-selected respondents from a city of "
          f"{PEOPLE.sum():,.0f} at ρ = {RHO} (half of it for the weighted tables), raked to age group × gender "
          f"and district, trimmed to [0.2, 5] × the mean weight; {args.workers} processes, {seconds:.0f} s\n")  # fmt: skip
    print(table(tally))
    deff = np.asarray(tally.design_effects)
    print(f"\nKish's design effect from the noisy counts: mean {deff.mean():.3f} (sd {deff.std(ddof=1):.3f}); "
          f"of the ideal untrimmed weights: {model_design_effect():.3f}")  # fmt: skip


if __name__ == "__main__":
    main()

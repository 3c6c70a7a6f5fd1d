"""The joint disclosure audit of a regional pool on a realistic plan, timed (run by hand; prints, asserts nothing).

    python benchmarks/pool_bench.py                     # 3, 5 and 10 towns of the Musterstadt example
    python benchmarks/pool_bench.py --towns 3 --repeat 1

Each town is the Musterstadt example's plan released over its own simulated
respondents (survey.simulation, anonymize's DatasetBuilder, then
:func:`analysis.releases.making.make_release`: noise, consistency, suppression,
the town's own secondary suppression), written as ``release export
--for-pooling`` writes it and read back. What is timed is
:func:`analysis.pooling.pool.pool`, the core of ``eqsurvey report pool``:
the checks, the sums, the joint audit and the pool's secondary suppression.
Printed per number of towns: the towns' hidden cells, the pooled cells (all, hidden
by the rules, hidden by the audit, shown), the audit's rounds and the seconds (median
of the repeats; the pool of the last repeat is described).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.pooling.pool import pool  # noqa: E402
from analysis.pooling.sources import Contribution, contribution_document, read_contribution  # noqa: E402
from tests.support.pool_towns import example_towns  # noqa: E402


def contributions(towns: int) -> list[Contribution]:
    out = []
    for i, made in enumerate(example_towns(towns)):
        text = json.dumps(contribution_document(made.release))
        out.append(read_contribution(text, f"town-{i}.pool.json"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, nargs="+", default=[3, 5, 10], help="numbers of towns pooled")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per number of towns (median shown)")
    args = parser.parse_args()
    print(
        "| towns | towns' hidden cells | pooled cells | pooled primary | pooled secondary | pooled shown | rounds | seconds |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for towns in args.towns:
        parts = contributions(towns)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = pool(parts)
            times.append(time.perf_counter() - started)
        a = result.audit
        cells = sum(len(t.cells) for t in result.tables)
        shown = sum(1 for t in result.tables for c in t.cells if not c.suppressed)
        print(f"| {towns} | {a.town_hidden} | {cells} | {a.primary} | {a.secondary} | {shown} | {a.rounds}"
              f" | {statistics.median(times):.1f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

"""The joint disclosure audit of a regional pool on a realistic plan, timed (run by hand; prints, asserts nothing).

    python benchmarks/pool_bench.py                     # 3, 5 and 10 towns of the Musterstadt example
    python benchmarks/pool_bench.py --towns 3 --draws 10

Each town is the Musterstadt example's plan released over its own simulated
respondents (survey.simulation, anonymize's DatasetBuilder, then
:func:`analysis.releases.making.make_release`: noise, consistency, suppression,
the town's own secondary suppression), written as ``release export
--for-pooling`` writes it and read back. What is timed is
:func:`analysis.pooling.pool.pool`, the core of ``eqsurvey report pool``:
the checks, the sums, the joint audit and the pool's secondary suppression.
Printed per number of towns and independent draw (new releases, so new noise): the
towns' hidden cells, the pooled cells (all, hidden by the rules, hidden by the audit,
shown), which way of hiding was kept (cell by cell, or the floor: every pooled cell
some town hides), the audit's rounds and the seconds.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--draws", type=int, default=3, help="independent draws of the towns per number (default 3)")
    args = parser.parse_args()
    print(
        "| towns | draw | towns' hidden cells | pooled cells | pooled primary | pooled secondary | pooled shown"
        " | kept | rounds | seconds |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for towns in args.towns:
        for draw in range(1, args.draws + 1):
            parts = contributions(towns)  # new releases: the towns' noise drawn again
            started = time.perf_counter()
            result = pool(parts)
            seconds = time.perf_counter() - started
            a = result.audit
            cells = sum(len(t.cells) for t in result.tables)
            shown = sum(1 for t in result.tables for c in t.cells if not c.suppressed)
            kept = "floor" if a.floor else "cell by cell"
            print(f"| {towns} | {draw} | {a.town_hidden} | {cells} | {a.primary} | {a.secondary} | {shown} | {kept}"
                  f" | {a.rounds} | {seconds:.1f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

"""A release against the exact aggregation of the same cells, in one interleaved run (run by hand; prints figures).

    pip install -e '.[bench]'                      # polars, for the floors
    python benchmarks/release_ratio.py             # 10⁵, 10⁶ and 10⁷ respondents, 5 rounds
    python benchmarks/release_ratio.py --sizes 100000 --rounds 3

The workload is :mod:`tests.support.standard_workload` (written down there). Per size, each
round times, one after the other:

- polars on raw strings: the dataset's categorical columns as polars strings,
  coded inside the timed query (what an analyst starting from an export pays);
- polars on pre-coded columns: integer codes, a multiple choice as boolean
  columns, made before timing (the fair floor, since eqsurvey's dataset is
  category-coded when a release starts); both counted as a polars user
  would (one ``group_by`` per key set, all run together: release_floor_polars.py);
- eqsurvey's release: :func:`analysis.compute.compute` at ρ (noise, consistency,
  intervals, publication included).

Every floor is first checked cell for cell against analysis.tabulate
(release_floor.check), and the release is run once before the rounds too
(its time and peak logged): no contender's imports or per-process caches
(OpenDP's and SciPy's modules take some 35 MiB and 0.5 s the first time)
are counted in the figures. Polars gets ``--cores`` threads (POLARS_MAX_THREADS, set
before polars is loaded); the release runs on the same machine and uses the
cores it sees.
Printed: minimum and median seconds of the rounds, the ratios release /
floor from the same run (median over median), the release's peak resident
set above the one before it against the dataset's size, and the machine's
load average before each size.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import release_floor as floor
import release_floor_polars as floor_polars
from release_bench import log, timed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.compute import compute
from analysis.plans.layout import layouts
from tests.support import standard_workload as workload


@dataclass
class Figures:
    seconds: list[float]
    rss_mib: list[float]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def one_size(n: int, rounds: int, rho: float) -> dict[str, Figures]:
    frame = workload.frame(workload.draw(n, seed=n))
    shapes = layouts(workload.PLAN, workload.INSTRUMENT)
    want = floor.exact(shapes, frame)
    contenders: dict[str, Callable[[], Any]] = {}
    variants: list[tuple[str, floor.Floor, Any]] = [
        ("polars raw", floor_polars.raw_floor, floor_polars.raw_strings(frame)),
        ("polars coded", floor_polars.coded_floor, floor_polars.precode(frame, shapes)),
    ]
    for name, counting, data in variants:
        floor.check(name, counting(shapes, data), want)
        contenders[name] = functools.partial(counting, shapes, data)
    contenders["eqsurvey"] = lambda: compute(workload.PLAN, workload.INSTRUMENT, frame, rho)
    first = timed(contenders["eqsurvey"])
    log(f"{n:>10,}: first release (untimed) {first.seconds:.3f} s, peak {first.rss_peak_mib or 0:.0f} MiB")
    figures = {name: Figures([], []) for name in contenders}
    for _ in range(rounds):
        for name, call in contenders.items():
            run = timed(call)
            figures[name].seconds.append(run.seconds)
            figures[name].rss_mib.append(run.rss_peak_mib or 0.0)
    figures["dataset"] = Figures([frame.memory_usage(deep=True).sum() / 2**20], [])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rho", type=float, default=0.5)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="polars' threads (default: all)")
    args = parser.parse_args()
    os.environ["POLARS_MAX_THREADS"] = str(args.cores)
    import polars as pl

    if pl.thread_pool_size() != args.cores:
        raise SystemExit("polars was loaded before its thread count could be set")
    workload.check()
    log(f"standard workload: {workload.asked()} cells asked; frame checked against DatasetBuilder")
    print(f"Release at ρ = {args.rho} against exact aggregation, {args.rounds} interleaved rounds per size")
    print(f"{'respondents':>11} {'polars raw s':>16} {'polars coded s':>16} {'eqsurvey s':>16}  ratio raw  ratio coded"
          f"  peak MiB  ×data  load")  # fmt: skip
    for n in args.sizes:
        load = os.getloadavg()[0]
        f = one_size(n, args.rounds, args.rho)
        raw, coded, ours = f["polars raw"], f["polars coded"], f["eqsurvey"]
        peak, data = max(ours.rss_mib), f["dataset"].seconds[0]
        print(
            f"{n:>11,} {raw.best:7.3f}/{raw.median:<8.3f} {coded.best:7.3f}/{coded.median:<8.3f} "
            f"{ours.best:7.3f}/{ours.median:<8.3f} {ours.median / raw.median:9.2f} {ours.median / coded.median:12.2f}"
            f" {peak:9.0f} {peak / data:6.2f} {load:5.2f}",
            flush=True,
        )
    print("  seconds: best/median of the rounds; ratios: eqsurvey's median over the floor's, same run")
    print(
        f"  {os.cpu_count()} cores, polars on {args.cores} threads; load: the 1-minute load average before the size;"
        f" Python {sys.version.split()[0]}"
    )


if __name__ == "__main__":
    main()

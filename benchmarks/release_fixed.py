"""The part of a release that does not grow with the data: the example plan on a small dataset (run by hand; prints).

    python benchmarks/release_fixed.py                 # 2,000 respondents, 20 releases
    python benchmarks/release_fixed.py --respondents 500 --releases 50 --profile

The example project's plan (examples/musterstadt/plan.yaml: ten tables,
counts, a matrix, means, write-ins and a representation table, some 340
published cells) over respondents simulated through the real path
(survey.simulation.simulator, then DatasetBuilder), released at the example's
ρ = 0.15 with :func:`analysis.compute.compute` (noise, consistency,
intervals, publication). With a few thousand respondents the counting is a
small part: what is left is what every release pays whatever its size
(OpenDP's sampling, the consistency step and its exact noise, the
intervals, making the published cells).

Printed: the first release in a new process (imports and the per-process
caches included: OpenDP's calibrated measurements, the count intervals'
table), then the best and median of the later releases in one process, wall
and CPU time (other work on the machine stretches wall time, not CPU time),
and the machine's load average.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.plans.loader import load_plan  # noqa: E402
from instruments.loader import load_instrument  # noqa: E402

RHO = 0.15
"""The example project's release: [analysis] total_rho 0.5 × the plan's budget_share 0.3."""


def dataset(respondents: int) -> tuple[object, object, object]:
    from release_bench import simulated

    instrument = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
    plan = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", instrument).plan
    return plan, instrument, simulated(instrument, respondents)


def first(respondents: int) -> None:
    """In a new process: the data made, then one release timed (what a command that releases pays)."""
    plan, instrument, frame = dataset(respondents)
    wall, cpu = time.perf_counter(), time.process_time()
    from analysis.compute import compute

    compute(plan, instrument, frame, RHO)  # type: ignore[arg-type]
    print(f"{time.perf_counter() - wall:.4f} {time.process_time() - cpu:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="and where the later releases spend their time")
    parser.add_argument("--first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first:
        first(args.respondents)
        return
    load = os.getloadavg()[0]
    command = [sys.executable, __file__, "--first", "--respondents", str(args.respondents)]
    cold = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    from analysis.compute import compute

    plan, instrument, frame = dataset(args.respondents)
    computed = compute(plan, instrument, frame, RHO)  # type: ignore[arg-type]
    walls, cpus = [], []
    for _ in range(args.releases):
        wall, cpu = time.perf_counter(), time.process_time()
        compute(plan, instrument, frame, RHO)  # type: ignore[arg-type]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    cells = sum(len(t.cells) for t in computed.tables)
    noisy = sum(v.size for parts in computed.raw.values() for v in parts.values())
    print(f"Example plan, {args.respondents:,} respondents, ρ = {RHO}: {cells} published cells, {noisy} noisy values")
    print(f"  first release in a new process: {float(cold[0]) * 1e3:.0f} ms wall, {float(cold[1]) * 1e3:.0f} ms CPU")
    print(
        f"  later releases ({args.releases}): best {min(walls) * 1e3:.1f} ms, median {statistics.median(walls) * 1e3:.1f}"
        f" ms wall; CPU best {min(cpus) * 1e3:.1f} ms, median {statistics.median(cpus) * 1e3:.1f} ms"
    )
    print(f"  {os.cpu_count()} cores, 1-minute load average before: {load:.2f}; Python {sys.version.split()[0]}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.releases):
            compute(plan, instrument, frame, RHO)  # type: ignore[arg-type]
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()

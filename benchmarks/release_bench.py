"""Release time, memory and accuracy of analysis.compute for a standard plan (run by hand; prints figures, asserts nothing).

    python benchmarks/release_bench.py                            # 100,000 and 1,000,000 respondents
    python benchmarks/release_bench.py --sizes 20000 --releases 2 # a quick run
    python benchmarks/release_bench.py --sizes 1000000 --profile  # and where one release spends its time

The plan (built in code, printed at the start) is what a municipal survey
publishes: every single- and multi-choice question and derived variable with
the role outcome or breakdown counted on its own; both discrimination
matrices (13 life domains, 5 years and 12 months) by every self-identification
option; the mean of each trust item by gender group and by district; and
discrimination in 12 months by gender group × self-identification.

Respondents: 20,000 are simulated through the real path (survey.simulation.simulator,
then anonymize's DatasetBuilder) once; each size is drawn from them with
replacement by a seeded numpy generator (dtypes kept: categoricals, nullable
booleans, Int64, strings), because building a million rows the real way
takes about 0.5 ms a row.

For each size:

- release: the median wall time of compute(plan, instrument, frame, rho);
- floor: the median time of the fastest of three exact, noise-free
  computations of the same cells ("pandas": groupby on categoricals;
  "bincount": pandas' categorical codes + numpy bincount; "polars", if it is
  installed: one group_by per key set, all run together, on integer codes made
  before timing, see release_floor_polars.py), each first checked cell for cell against analysis.tabulate (see
  release_floor.py); the ratio is release / floor;
- memory: tracemalloc's peak of what compute() allocates (numpy and Python
  objects, on top of the dataset; an untimed run), and the peak resident set
  above the resident set before the call (ru_maxrss after resetting the
  high-water mark through /proc/self/clear_refs; Linux only; the largest of
  the timed runs), against the dataset's own size (memory_usage(deep=True));
- accuracy: the mean absolute error of released shares in groups of at least
  100 respondents (the exact answering base), against the exact shares,
  pooled over several releases, for (a) compute() as it is (the budget split
  that minimises error, then consistency alternating with non-negativity) and
  (b) every table given an even share of the same ρ (consistency and
  non-negativity still run). From the noisy vectors each release keeps from
  before consistency come (a´) and (b´), the same without consistency: (b´) is
  each table measured on its own with an even split. Shares are compared with
  suppression off (every share shown), so that the same cells enter every
  figure; the means of the trust items are compared likewise.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import ctypes
import functools
import gc
import io
import os
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import release_floor as floor
import release_floor_polars as floor_polars
from release_accuracy import MIN_GROUP, Accuracy, accuracy

from analysis.budget import PrivacyBudget, describe
from analysis.compute import compute
from analysis.plans.check import check_plan
from analysis.plans.layout import TableLayout, layouts
from analysis.plans.model import AnalysisPlan, Publication, Table
from anonymize.analysis_dataset import DatasetBuilder
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import MultiChoice, Scale, SingleChoice
from survey.simulation.simulator import simulate

ROOT = Path(__file__).resolve().parent.parent
INSTRUMENT = ROOT / "examples" / "musterstadt" / "instrument.yaml"
SIMULATED = 20_000
RHO = 0.15
"""The example project's release: [analysis] total_rho 0.5 (eqsurvey init's default) × the plan's budget_share 0.3."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------- plan and data


def standard_plan(instrument: Instrument) -> AnalysisPlan:
    roles = ("outcome", "breakdown")
    one_way = [
        q.id for q in instrument.questions() if isinstance(q, (SingleChoice, MultiChoice)) and q.role in roles
    ] + [d.id for d in instrument.derived if d.role in roles]
    trust = [q.id for q in instrument.questions() if isinstance(q, Scale) and q.id.startswith("ta_")]
    tables = [Table(id=f"n_{m}", kind="counts", measure=m) for m in one_way]
    tables += [
        Table(id=f"{m}_by_rac_self", kind="matrix", measure=m, by=["rac_self"]) for m in ("discr_5y", "discr_12m")
    ]
    tables += [
        Table(id=f"{m}_by_{b}", kind="mean", measure=m, by=[b]) for b in ("gender_group", "ms_district") for m in trust
    ]
    tables.append(
        Table(
            id="discr_any_12m_by_gender_group_rac_self",
            kind="counts",
            measure="discr_any_12m",
            by=["gender_group", "rac_self"],
        )
    )
    plan = AnalysisPlan(id="release-bench", instrument=instrument.id, budget_share=0.3, tables=tables)
    findings = check_plan(plan, instrument)
    if findings:
        raise SystemExit(f"the benchmark plan does not check: {findings}")
    return plan


def even_split(plan: AnalysisPlan) -> AnalysisPlan:
    share = 1 / len(plan.tables)
    return plan.model_copy(update={"tables": [t.model_copy(update={"share": share}) for t in plan.tables]})


def unsuppressed(plan: AnalysisPlan) -> AnalysisPlan:
    return plan.model_copy(update={"publication": Publication(suppress_below=0, flag_below=0)})


def simulated(instrument: Instrument, n: int) -> pd.DataFrame:
    people = simulate(instrument, n, seed=1)
    builder = DatasetBuilder(instrument)
    builder.add([(f"bench-{i:08d}", answers, f"2026-11-{1 + i % 28:02d}") for i, answers in enumerate(people)])
    return builder.finish().frame


def resample(base: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    rows = np.random.default_rng(seed).integers(0, len(base), size=n)
    frame = base.take(rows).reset_index(drop=True)
    if not frame.dtypes.equals(base.dtypes):
        raise RuntimeError("resampling changed the dataset's dtypes")
    return frame


# ----------------------------------------------------------------------------------------------- measuring


def _trim() -> None:
    """Return freed heap to the system, so that the resident set before a call is what is in use."""
    gc.collect()
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


@dataclass
class Timed:
    seconds: float
    rss_peak_mib: float | None
    result: Any


def timed(call: Callable[[], Any]) -> Timed:
    _trim()
    reset = _reset_peak()
    before = _status_kib("VmRSS") if reset else 0
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 if reset else None
    return Timed(seconds, peak, result)


def traced_peak_mib(call: Callable[[], Any]) -> float:
    _trim()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# ----------------------------------------------------------------------------------------------- one size


@dataclass
class Row:
    n: int
    dataset_mib: float
    release_s: float
    floors: dict[str, float]
    traced_mib: float
    rss_mib: float | None
    optimal: Accuracy
    even: Accuracy
    load: float
    """The machine's 1-minute load average before measuring (other work on it makes the times noisier)."""

    @property
    def floor_name(self) -> str:
        return min(self.floors, key=self.floors.__getitem__)

    @property
    def floor_s(self) -> float:
        return self.floors[self.floor_name]


@functools.cache
def floors() -> dict[str, tuple[floor.Floor, Callable[[pd.DataFrame, list[TableLayout]], Any]]]:
    """Per floor: the function, and what it is given made from the dataset before timing."""
    out: dict[str, tuple[floor.Floor, Callable[[pd.DataFrame, list[TableLayout]], Any]]] = {
        "pandas": (floor.pandas_floor, lambda f, _: f),
        "bincount": (floor.numpy_floor, lambda f, _: f),
    }
    try:
        import polars  # noqa: F401
    except ImportError:
        log("polars is not installed: the floor is the faster of the pandas variants")
    else:
        out["polars"] = (floor_polars.coded_floor, floor_polars.precode)
    return out


def measure(plan: AnalysisPlan, instrument: Instrument, frame: pd.DataFrame, args: argparse.Namespace) -> Row:
    n, rho = len(frame), args.rho
    load = os.getloadavg()[0]
    shapes = layouts(plan, instrument)
    exact = floor.exact(shapes, frame)
    floor_times: dict[str, float] = {}
    for name, (run, convert) in floors().items():
        data = convert(frame, shapes)
        floor.check(name, run(shapes, data), exact)
        floor_times[name] = statistics.median(
            timed(functools.partial(run, shapes, data)).seconds for _ in range(args.repeats)
        )
        log(f"{n:>10,}: floor {name} {floor_times[name]:.2f} s (cells checked against analysis.tabulate)")
        del data
    runs = [timed(lambda: compute(plan, instrument, frame, rho)) for _ in range(args.repeats)]
    release = statistics.median(r.seconds for r in runs)
    log(f"{n:>10,}: release {release:.2f} s (runs: {', '.join(f'{r.seconds:.2f}' for r in runs)})")
    peaks = [r.rss_peak_mib for r in runs if r.rss_peak_mib is not None]
    traced = traced_peak_mib(lambda: compute(plan, instrument, frame, rho))
    log(f"{n:>10,}: accuracy, {args.releases} releases each of (a) and (b)")
    quiet = unsuppressed(plan)
    optimal = accuracy(quiet, instrument, frame, rho=rho, exact=exact, releases=args.releases)
    even = accuracy(even_split(quiet), instrument, frame, rho=rho, exact=exact, releases=args.releases)
    return Row(
        n=n,
        dataset_mib=frame.memory_usage(deep=True).sum() / 2**20,
        release_s=release,
        floors=floor_times,
        traced_mib=traced,
        rss_mib=max(peaks) if peaks else None,
        optimal=optimal,
        even=even,
        load=load,
    )


# ----------------------------------------------------------------------------------------------- output


def describe_plan(plan: AnalysisPlan, instrument: Instrument) -> None:
    shapes = layouts(plan, instrument)
    print(f"Plan '{plan.id}': {len(plan.tables)} tables, {sum(s.cells for s in shapes):,} cells")
    for kind in ("counts", "matrix", "mean"):
        chosen = [s for s in shapes if s.table.kind == kind]
        described = ", ".join(s.table.measure + (f" by {' × '.join(s.table.by)}" if s.table.by else "") for s in chosen)
        print(f"  {kind} ({len(chosen)} tables, {sum(s.cells for s in chosen):,} cells): {described}")


def report(rows: list[Row], rho: float) -> None:
    print()
    print(
        f"Release at {describe(PrivacyBudget(rho))}; median of runs; floor = fastest exact computation of the same cells"
    )
    print(
        f"{'respondents':>11} {'data MiB':>8} {'release s':>9} {'floor s':>7} {'floor by':>8} {'ratio':>6}"
        f" {'traced MiB':>10} {'×data':>6} {'RSS+ MiB':>8} {'×data':>6}   other floors (s)"
    )
    for r in rows:
        rss = (
            f"{r.rss_mib:>8,.0f} {r.rss_mib / r.dataset_mib:>6.2f}" if r.rss_mib is not None else f"{'n/a':>8} {'':>6}"
        )
        others = ", ".join(f"{k} {v:.2f}" for k, v in r.floors.items() if k != r.floor_name)
        print(
            f"{r.n:>11,} {r.dataset_mib:>8,.0f} {r.release_s:>9.2f} {r.floor_s:>7.2f} {r.floor_name:>8}"
            f" {r.release_s / r.floor_s:>6.2f} {r.traced_mib:>10,.0f} {r.traced_mib / r.dataset_mib:>6.2f} {rss}   {others}"
        )
    print("  target: ratio ≤ 1.5 at 1,000,000; peak memory ≤ 3 × data")
    loads = ", ".join(f"{r.load:.2f}" for r in rows)
    print(f"  1-minute load average before each size: {loads} ({os.cpu_count()} cores; includes this benchmark)")
    print(
        "  traced: tracemalloc peak of compute()'s own allocations; RSS+: peak resident set above the one before the call"
    )
    print()
    print(f"Mean absolute error of released shares, groups of ≥ {MIN_GROUP} respondents (percentage points)")
    print(
        f"{'respondents':>11} {'cells':>7} {'(a) optimal':>12} {'(b) even':>9} {'(a´) opt raw':>13} {'(b´) even raw':>14}"
        f" {'b´/a':>5} {'means (a)':>9} {'means (b)':>9}"
    )
    for r in rows:
        a, b, a_raw, b_raw = r.optimal.consistent, r.even.consistent, r.optimal.raw, r.even.raw
        print(
            f"{r.n:>11,} {r.optimal.cells:>7,} {100 * a.mae():>12.3f} {100 * b.mae():>9.3f} {100 * a_raw.mae():>13.3f}"
            f" {100 * b_raw.mae():>14.3f} {b_raw.mae() / a.mae():>5.2f}"
            f" {statistics.fmean(r.optimal.means):>9.4f} {statistics.fmean(r.even.means):>9.4f}"
        )
        missing = {"a": a.missing, "b": b.missing, "a´": a_raw.missing, "b´": b_raw.missing}
        if any(missing.values()):
            counted = ", ".join(f"{k} {v}" for k, v in missing.items())
            print(f"{'':>11} share cells left out, no share released (noisy base ≤ 0), over all releases: {counted}")
    print("  (a) compute() as is: optimal split, then consistency alternating with non-negativity;")
    print("  (b) every table's share 1/tables (no optimal split), consistency and non-negativity still run;")
    print("  ´ = the same releases' noisy vectors before consistency; (b´) is each table measured on its own.")
    print("  means: MAE of released means (scale points) in the same groups; consistency does not touch means.")


def profile(plan: AnalysisPlan, instrument: Instrument, frame: pd.DataFrame, rho: float) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(compute, plan, instrument, frame, rho)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
    return f"\ncProfile of one release at {len(frame):,} respondents (top 15 by cumulative time)\n{out.getvalue()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rho", type=float, default=RHO, help="the release's ρ (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per size (median; default: %(default)s)")
    parser.add_argument("--releases", type=int, default=5, help="releases per accuracy figure (default: %(default)s)")
    parser.add_argument("--profile", action="store_true", help="cProfile one release at the largest size")
    args = parser.parse_args()

    instrument = load_instrument(INSTRUMENT).instrument
    plan = standard_plan(instrument)
    describe_plan(plan, instrument)
    start = time.perf_counter()
    base = simulated(instrument, SIMULATED)
    print(
        f"Respondents: {SIMULATED:,} simulated through survey.simulation.simulator + DatasetBuilder"
        f" ({time.perf_counter() - start:.0f} s), each size drawn from them with replacement (numpy, seeded)"
    )
    # Warm-up: OpenDP's library and the first measurements load on first use, not in any timed run.
    compute(plan, instrument, base.head(1000), args.rho)
    for _, (run, convert) in floors().items():
        shapes = layouts(plan, instrument)
        run(shapes, convert(base.head(1000), shapes))
    rows, profiled = [], ""
    for n in args.sizes:
        frame = resample(base, n, seed=n)
        rows.append(measure(plan, instrument, frame, args))
        if args.profile and n == max(args.sizes):
            profiled = profile(plan, instrument, frame, args.rho)
        del frame
    report(rows, args.rho)
    print(profiled, end="")


if __name__ == "__main__":
    main()

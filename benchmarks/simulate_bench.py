"""Simulation throughput (run by hand: python benchmarks/simulate_bench.py [N ...] [--runs R] [--as-is]).

In process: simulates N respondents of the Musterstadt example as columns, and
writes them as eqsurvey CSV, with the simulator's random weights and with the
bundled reference population (germany-city, as ``responses simulate`` and
``demo`` use it). End to end: runs ``python -m eqsurvey responses simulate --n N
-o out.csv`` in a project made with ``init --example musterstadt``, process
start included, and reads its peak memory from ``/usr/bin/time -v`` where that
exists. Prints the best and the median of R runs (default 5) for each, with
the machine's load average, since the figures mean little without it.
Defaults: N = 100,000 and 1,000,000.

The commands run with their bytecode cached, as an installed eqsurvey has it
(pip compiles it on install; a checkout writes ``__pycache__`` on its first
run): in a folder of this run's own (``PYTHONPYCACHEPREFIX``), filled by a run
that is not timed. Where ``PYTHONDONTWRITEBYTECODE`` is set and the checkout
has no ``__pycache__``, every start compiles eqsurvey's modules again (some
0.1-0.2 s a run); ``--as-is`` times the commands in the environment as it is.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from instruments.loader import load_instrument
from survey.simulation.csv_columns import write_csv_columns
from survey.simulation.population import load_population
from survey.simulation.simulator import Settings, simulate_columns

ROOT = Path(__file__).resolve().parents[1]
TIME = Path("/usr/bin/time")


def _line(label: str, n: int, seconds: list[float], extra: str = "") -> str:
    best, median = min(seconds), statistics.median(seconds)
    return (
        f"{label:>34}: best {best:6.2f} s ({n / best:>11,.0f}/s), median {median:6.2f} s ({n / median:>11,.0f}/s)"
        f"{extra}"
    )


def in_process(n: int, runs: int) -> None:
    instrument = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
    for label, settings in (("random weights", Settings()), ("germany-city", Settings(population=load_population()))):
        drawing, writing = [], []
        for seed in range(runs):
            start = time.perf_counter()
            simulated = simulate_columns(instrument, n, seed, settings)
            drawn = time.perf_counter()
            write_csv_columns(instrument, simulated)
            drawing.append(drawn - start)
            writing.append(time.perf_counter() - drawn)
        print(_line(f"in process, {label}, draw", n, drawing))
        print(_line(f"in process, {label}, draw + CSV", n, [a + b for a, b in zip(drawing, writing, strict=True)]))


def end_to_end(n: int, runs: int, *, as_is: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if not as_is:  # bytecode cached, in this run's own folder (see the module's docstring)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        project = Path(folder) / "proj"
        command = [sys.executable, "-m", "eqsurvey"]
        subprocess.run(
            [*command, "init", str(project), "--example", "musterstadt"], check=True, env=env, capture_output=True
        )
        warm_up = [*command, "responses", "simulate", "--n", "10", "-o", "x.csv"]
        subprocess.run(warm_up, cwd=project, env=env, capture_output=True, check=True)
        for population in ("germany-city", "random"):
            seconds, peaks = [], []
            for seed in range(runs):
                args = [*command, "responses", "simulate", "--n", str(n), "--seed", str(seed), "-o", "x.csv"]
                args += ["--population", population]
                timed = [str(TIME), "-v", *args] if TIME.exists() else args
                start = time.perf_counter()
                done = subprocess.run(timed, cwd=project, env=env, capture_output=True, text=True, check=True)
                seconds.append(time.perf_counter() - start)
                peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
                if peak:
                    peaks.append(int(peak.group(1)) / 1024)
            extra = f", peak memory {max(peaks):,.0f} MB" if peaks else ""
            print(_line(f"responses simulate, {population}", n, seconds, extra))


def main() -> None:
    args = sys.argv[1:]
    runs = 5
    as_is = "--as-is" in args
    if as_is:
        args.remove("--as-is")
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at : at + 2]
    sizes = [int(a) for a in args] or [100_000, 1_000_000]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    print("end to end: " + ("in the environment as it is" if as_is else "bytecode cached, as installed"))
    for n in sizes:
        print(f"n = {n:,}, {runs} runs each")
        in_process(n, runs)
        end_to_end(n, runs, as_is=as_is)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

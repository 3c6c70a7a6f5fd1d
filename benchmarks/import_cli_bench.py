"""`eqsurvey responses import` end to end, as a user runs it (run by hand; prints figures, asserts nothing).

    python benchmarks/import_cli_bench.py                          # 100,000 and 1,000,000 rows, 3 runs each
    python benchmarks/import_cli_bench.py --sizes 100000 --runs 5
    python benchmarks/import_cli_bench.py --reuse /tmp/files       # keep the simulated files there between calls

A project of the Musterstadt example is made once (``init --example
musterstadt``, ``keys init``). Its responses are simulated with ``responses
simulate`` (100,000 per seed; a larger file is files of seeds 1, 2, … with the
header once). Each file is imported twice over: as simulated (no response id,
so every row is recognised by its answers) and as a platform's export, with a
``response_id`` column added in front. Every run imports into a fresh store (the
store of the new project, copied back) and times the command as a new process,
start included. Peak memory is the largest resident set of the command's
processes (the command's own or one worker's), as ``wait4`` reports it; CPU
seconds are the median run's user and system time of the command and its
workers together, which a machine shared with other work changes far less than
the wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_SEED = 100_000
PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105


def _env() -> dict[str, str]:
    return {**os.environ, "EQSURVEY_PASSPHRASE": PASSPHRASE}


def _cli(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=_env(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"eqsurvey {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def make_project(work: Path) -> Path:
    _cli(work, "init", "proj", "--example", "musterstadt")
    project = work / "proj"
    _cli(project, "keys", "init")
    shutil.copytree(project / "data", work / "data-clean")
    return project


def simulated(project: Path, files: Path, n: int) -> Path:
    """``n`` simulated responses (a multiple of 100,000 above it), made once and kept in ``files``."""
    path = files / f"simulated-{n}.csv"
    if path.exists():
        return path
    seeds = max(1, -(-n // PER_SEED))
    parts = []
    for seed in range(1, seeds + 1):
        part = files / f"seed-{seed}-{min(n, PER_SEED)}.csv"
        if not part.exists():
            _cli(project, "responses", "simulate", "--n", str(min(n, PER_SEED)), "--seed", str(seed), "-o", str(part))
        parts.append(part)
    with path.open("w", encoding="utf-8") as out:
        for i, part in enumerate(parts):
            with part.open(encoding="utf-8") as handle:
                head = handle.readline()
                if i == 0:
                    out.write(head)
                shutil.copyfileobj(handle, out)
    return path


def with_ids(path: Path) -> Path:
    """The same responses as a platform exports them: a ``response_id`` column first."""
    out_path = path.with_name(path.stem + "-ids.csv")
    if out_path.exists():
        return out_path
    with path.open(encoding="utf-8") as handle, out_path.open("w", encoding="utf-8") as out:
        out.write("response_id," + handle.readline())
        for i, line in enumerate(handle):
            out.write(f"R-{i:08d},{line}")
    return out_path


def run_once(project: Path, clean: Path, path: Path) -> tuple[float, float, str, float]:
    """(seconds, peak MiB, the command's summary line, CPU seconds) of one import into a fresh store."""
    shutil.rmtree(project / "data")
    shutil.copytree(clean, project / "data")
    command = [sys.executable, "-m", "eqsurvey", "responses", "import", "--simulated", str(path)]
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=project, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        out = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    lines = out.decode().strip().splitlines()
    summary = lines[-1] if lines else ""
    if proc.returncode or not summary.startswith("stored "):
        raise SystemExit(f"import of {path} failed ({proc.returncode}): {summary}")
    return seconds, usage.ru_maxrss / 1024, summary, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", type=Path, help="a folder to keep the simulated files in between calls")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(
        f"{'rows':>10} {'file':>10} {'best s':>7} {'median s':>8} {'best rows/s':>12} {'median rows/s':>13} {'peak MiB':>9}"
        f" {'CPU s':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = make_project(work)
        files = args.reuse or work
        files.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            plain = simulated(project, files, n)
            for label, path in (("simulated", plain), ("with ids", with_ids(plain))):
                runs = [run_once(project, work / "data-clean", path) for _ in range(args.runs)]
                seconds = [s for s, _, _, _ in runs]
                cpu = statistics.median(c for _, _, _, c in runs)
                rows = int(runs[0][2].split()[1].rstrip(","))
                best, median = min(seconds), statistics.median(seconds)
                peak = max(p for _, p, _, _ in runs)
                print(
                    f"{rows:>10,} {label:>10} {best:>7.2f} {median:>8.2f} {rows / best:>12,.0f}"
                    f" {rows / median:>13,.0f} {peak:>9,.0f} {cpu:>6.1f}",
                    flush=True,
                )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""``eqsurvey dataset export`` end to end through the command line (run by hand; prints figures, asserts nothing).

    python benchmarks/export_bench.py                          # 100,000 and 1,000,000 responses, 5 runs each
    python benchmarks/export_bench.py --sizes 20000 --runs 3   # a quick run
    python benchmarks/export_bench.py --project N=DIR ...      # a project with a store already built, of N responses

Each run is a fresh ``python -m eqsurvey dataset export -o data/dataset.parquet`` under ``/usr/bin/time -v``:
process start, imports, unlocking the private key, opening every sealed response, the table, the Parquet
file and its dictionary, the audit entry. Printed per size: best and median wall seconds, responses a second
at both, CPU seconds (user + system, the process and its workers: more than wall when both cores work) and
the peak resident memory of the largest process (the command's own, or a worker's, whichever is larger).

Unlocking the key is a fixed cost: scrypt with the key file's settings (128 MiB, deliberately slow, see
``anonymize.keys.file_format``), paid once per command whatever the store's size. It is measured on its
own, in a process of its own, and the figures are also given without it.

Without ``--project``, a project of the Musterstadt example is made per size with ``responses simulate``
(respondents who decline, skip, write free text) and ``responses import --simulated``; simulating a million
respondents takes a while, so large stores are made from 100,000 simulated respondents per seed, imported one
file after another. Python's bytecode cache is kept in a temporary folder for the runs (as an installed
eqsurvey has one), and the first run of each size warms it and the page cache: it is not counted.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105
PER_FILE = 100_000
_UNLOCK = """
import os, time
from pathlib import Path
from eqsurvey.config import locate_project
from eqsurvey.workflows.dataset_export import opener_for
root = Path.cwd()
project = locate_project(root, root, None)
start = time.perf_counter()
opener_for(project, os.environ["EQSURVEY_PASSPHRASE"])
print(time.perf_counter() - start)
"""


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["EQSURVEY_PASSPHRASE"] = PASSPHRASE
    return env


def _eqsurvey(env: dict[str, str], cwd: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=env, check=True, capture_output=True)


def make_project(folder: Path, n: int, env: dict[str, str]) -> Path:
    """A Musterstadt project whose store holds ``n`` simulated responses."""
    _eqsurvey(env, folder, "init", "proj", "--example", "musterstadt")
    project = folder / "proj"
    _eqsurvey(env, project, "keys", "init")
    seed, left = 1, n
    while left > 0:
        size = min(left, PER_FILE)
        csv = folder / f"simulated-{seed}.csv"
        _eqsurvey(env, project, "responses", "simulate", "--n", str(size), "--seed", str(seed), "-o", str(csv))
        # Exit 1 would mean rows were refused: check=True stops the benchmark then.
        _eqsurvey(env, project, "responses", "import", "--simulated", str(csv))
        csv.unlink()
        seed, left = seed + 1, left - size
    return project


def _timed(env: dict[str, str], project: Path) -> dict[str, float]:
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "eqsurvey", "dataset", "export", "-o"]
    done = subprocess.run(
        [*command, "data/dataset.parquet"], cwd=project, env=env, check=True, capture_output=True, text=True
    )
    report = done.stderr

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", report)
        if found is None:
            raise SystemExit(f"/usr/bin/time -v printed no {name!r}:\n{report}")
        return found.group(1).strip()

    *hours_minutes, seconds = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    wall = float(seconds) + sum(float(x) * 60 ** (i + 1) for i, x in enumerate(reversed(hours_minutes)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return {"wall": wall, "cpu": cpu, "peak_mib": int(field("Maximum resident set size (kbytes)")) / 1024}


def _unlock_seconds(env: dict[str, str], project: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _UNLOCK], cwd=project, env=env, check=True, capture_output=True)
        times.append(float(out.stdout.decode().strip().splitlines()[-1]))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", help="default: 100000 1000000 (none with --project)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--project", action="append", default=[], metavar="N=DIR", help="a project whose store holds N responses"
    )
    args = parser.parse_args()
    given = {int(n): Path(d).resolve() for n, d in (p.split("=", 1) for p in args.project)}
    asked = args.sizes if args.sizes is not None else [] if given else [100_000, 1_000_000]
    sizes = sorted(set(asked) | set(given))
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp) / "pycache")
        if given:  # the given projects' own passphrase
            env["EQSURVEY_PASSPHRASE"] = os.environ.get("EQSURVEY_PASSPHRASE", PASSPHRASE)
        print(f"{'responses':>10} {'best s':>7} {'median s':>8} {'rows/s best':>11} {'median':>8} ", end="")
        print(f"{'w/o unlock':>10} {'CPU s':>6} {'peak MiB':>8} {'unlock s':>8}")
        for n in sizes:
            if n in given:
                project = given[n]
            else:
                folder = Path(tmp) / str(n)
                folder.mkdir()
                project = make_project(folder, n, env)
            _timed(env, project)  # warms the bytecode and page caches
            runs = [_timed(env, project) for _ in range(args.runs)]
            unlock = _unlock_seconds(env, project, 3)
            walls = sorted(r["wall"] for r in runs)
            best, median = walls[0], statistics.median(walls)
            print(
                f"{n:>10,} {best:>7.2f} {median:>8.2f} {n / best:>11,.0f} {n / median:>8,.0f} "
                f"{n / (best - unlock):>10,.0f} {min(r['cpu'] for r in runs):>6.2f} "
                f"{max(r['peak_mib'] for r in runs):>8,.0f} {unlock:>8.2f}"
            )


if __name__ == "__main__":
    main()

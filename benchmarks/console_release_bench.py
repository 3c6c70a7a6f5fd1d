"""The console's "Release and report" pages and jobs on the 2-core machine (run by hand; prints figures, asserts nothing).

    python benchmarks/console_release_bench.py                 # 800 simulated respondents, 20 requests a page
    python benchmarks/console_release_bench.py --n 5000 --requests 50

A project is made from the Musterstadt example through the real commands (keys,
simulated responses imported as simulated) in a temporary folder; the console is
driven through Starlette's TestClient as a browser would (the one-time link, the
session's CSRF token). Printed: each page's p50 and p95 wall time over
``--requests`` GETs, and the wall time of each job (opening the responses,
making a release, a PDF of the full report), from its post to its end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.console import OpenConsole, open_console
from tests.support.release_console import PASSPHRASE, job_of, seen_of, simulated_project


def timed_job(console: OpenConsole, path: str, fields: dict[str, str]) -> float:
    start = time.perf_counter()
    answer = console.post(path, fields)
    job = job_of(console, answer.headers["location"])
    took = time.perf_counter() - start
    if job.state != "done":
        raise SystemExit(f"{path}: the job failed: {job.problems or job.failure}")
    return took


def page_times(console: OpenConsole, path: str, requests: int) -> tuple[float, float]:
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        answer = console.client.get(path)
        times.append(time.perf_counter() - start)
        if answer.status_code != 200:
            raise SystemExit(f"{path}: {answer.status_code}")
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=800, help="simulated respondents")
    parser.add_argument("--requests", type=int, default=20, help="GETs per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = simulated_project(Path(folder), n=args.n)
        with open_console(project) as console:
            console.client.get("/language/en?back=/")
            jobs = {"open the responses": timed_job(console, "/release/open", {"passphrase": PASSPHRASE})}
            seen = seen_of(console.client.get("/release/new").text)
            jobs["make a release"] = timed_job(console, "/release/new", {"seen": seen, "confirm": "yes"})
            release = _first(console)
            jobs["PDF of the full report"] = timed_job(
                console, f"/release/r/{release}/pdf", {"part": "annex", "lang": "en"}
            )
            pages = ["/release", "/release/new", f"/release/r/{release}", f"/release/r/{release}/read/summary/de",
                     f"/release/r/{release}/read/annex/en", "/release/compare"]  # fmt: skip
            print(f"{args.n} respondents; p50 / p95 of {args.requests} GETs each")
            for path in pages:
                p50, p95 = page_times(console, path, args.requests)
                print(f"  {path:<58} {p50 * 1000:8.1f} ms {p95 * 1000:8.1f} ms")
            for name, took in jobs.items():
                print(f"  job: {name:<52} {took:8.2f} s")


def _first(console: OpenConsole) -> str:
    import re

    found = re.search(r'href="/release/r/([\w-]+)"', console.client.get("/release").text)
    if not found:
        raise SystemExit("no release listed")
    return found.group(1)


if __name__ == "__main__":
    main()

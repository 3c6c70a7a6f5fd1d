"""Load on the web form: whole walks through the survey, then bursts of Send presses (run by hand; prints figures).

    python benchmarks/web_load.py                                   # defaults below
    python benchmarks/web_load.py --respondents 200 --submissions 600 --concurrency 64 --seconds 10
    python benchmarks/web_load.py --rate 300                        # phase 2 open-loop at 300 sends/s

A throwaway Musterstadt project with keys is served by ``eqsurvey serve`` (one
uvicorn process, SQLite store) on a free loopback port; virtual respondents,
each with its own cookie jar, speak HTTP to it from this process. The
server's per-client limits are off where it has them: every virtual
respondent comes from loopback, so all would count as one client.

Phase 1, full walks: respondents (``--concurrency``'s first value at a time)
open the welcome page, walk every page with simulated, varied answers (skip
logic sends them different ways; every other one in English) and send.

Phase 2, submissions: for each concurrency of the sweep, respondents are first
walked to the ready-to-send page (not timed), then their final Send is fired,
``C`` at a time (closed loop) or at ``--rate`` arrivals a second (open loop,
latency counted from the planned arrival, so a stalled server cannot hide its
queue). Only the Send POST is timed.

After each phase the store is checked: every thank-you page's receipt is
stored (as its keyed hash, beside a stored response) exactly once, and the
responses stored equal the thank-you pages given. Exit 1 if not.

The generator shares the machine's cores with the server (both are Python);
its CPU time is printed beside the server's, so read the figures as what the
two manage together. The server's CPU time per completed walk or Send varies
least with other work on the machine: compare that between versions. Each
step is bounded by ``--seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
from web_client import Latencies, Plan, Ready, Respondents, Server, WalkError, make_project, plans, stored

LANGS = ("de", "en")
PREWALK_CONCURRENCY = 32
PREWALK_SECONDS = 600  # walking respondents to the Send button is not timed, but bounded


@dataclass
class Step:
    """One measured run: what was done, how long it took, the latencies of what was timed."""

    name: str
    timings: Latencies = field(default_factory=Latencies)
    receipts: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def failed(self, exc: Exception) -> None:
        self.errors[str(exc) if isinstance(exc, WalkError) else type(exc).__name__] += 1


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _measured(step: Step, server: Server, work: Awaitable[None]) -> Step:
    cpu, client, started = server.cpu_seconds(), _client_cpu(), time.perf_counter()
    await work
    step.elapsed = time.perf_counter() - started
    step.server_cpu, step.client_cpu = server.cpu_seconds() - cpu, _client_cpu() - client
    return step


async def _workers(count: int, deadline: float, jobs: Sequence[object], job: Callable[[int], Awaitable[None]]) -> None:
    """``count`` coroutines taking jobs in order until none is left or the deadline has passed."""
    taken = iter(range(len(jobs)))

    async def worker() -> None:
        for i in taken:  # one iterator shared by all: the event loop hands each index to one worker
            if time.perf_counter() > deadline:
                return
            await job(i)

    await asyncio.gather(*(worker() for _ in range(count)))


async def full_walks(server: Server, walks: list[Plan], concurrency: int, seconds: float) -> Step:
    step = Step(f"walk and send, C={concurrency}")
    respondents = Respondents(server.url, concurrency)

    async def walk(i: int) -> None:
        try:
            ready = await respondents.walk(walks[i], LANGS[i % 2], step.timings)
            step.receipts.append(await respondents.submit(ready, step.timings))
        except (WalkError, httpx2.HTTPError) as exc:
            step.failed(exc)

    try:
        return await _measured(step, server, _workers(concurrency, time.perf_counter() + seconds, walks, walk))
    finally:
        await respondents.aclose()


async def prewalk(server: Server, walks: list[Plan], seconds: float) -> list[Ready]:
    """Respondents on the ready-to-send page, as many as ``seconds`` allow (not timed)."""
    respondents, ready, untimed = Respondents(server.url, PREWALK_CONCURRENCY), [], Latencies()

    async def walk(i: int) -> None:
        ready.append(await respondents.walk(walks[i], LANGS[i % 2], untimed))

    try:
        await _workers(PREWALK_CONCURRENCY, time.perf_counter() + seconds, walks, walk)
    finally:
        await respondents.aclose()
    return ready


async def sends(server: Server, ready: list[Ready], concurrency: int, rate: float, seconds: float) -> Step:
    """Every prepared respondent presses Send: ``concurrency`` at a time, or arriving at ``rate`` a second."""
    step = Step(f"send, {f'{rate:g}/s open loop' if rate else f'C={concurrency}'}")
    respondents = Respondents(server.url, concurrency)
    deadline = time.perf_counter() + seconds

    async def send(i: int, since: float | None = None) -> None:
        try:
            step.receipts.append(await respondents.submit(ready[i], step.timings, since))
        except (WalkError, httpx2.HTTPError) as exc:
            step.failed(exc)

    async def arrivals() -> None:
        start, tasks = time.perf_counter(), []
        for i in range(len(ready)):
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if due > deadline:
                break
            tasks.append(asyncio.create_task(send(i, due)))
        await asyncio.gather(*tasks)

    try:
        work = arrivals() if rate else _workers(concurrency, deadline, ready, send)
        return await _measured(step, server, work)
    finally:
        await respondents.aclose()


def _row(step: Step, requests: int) -> list[str]:
    done, t = len(step.receipts), step.timings
    return [
        step.name,
        f"{done:,}",
        f"{done / step.elapsed:,.0f}",
        f"{requests / step.elapsed:,.0f}",
        *(f"{t.ms(q):,.1f}" for q in (0.5, 0.95, 0.99)),
        f"{100 * step.server_cpu / step.elapsed:.0f} % / {100 * step.client_cpu / step.elapsed:.0f} %",
        f"{1000 * step.server_cpu / max(done, 1):.2f}",
        ", ".join(f"{n} {what}" for what, n in step.errors.items()) or "0",
    ]


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")


def check_store(project: Path, survey_id: str, step: Step, total_thanked: int) -> bool:
    found = stored(project, survey_id, step.receipts)
    problems = found.problems(len(step.receipts))
    if found.responses != total_thanked:
        problems.append(f"{found.responses} responses stored for {total_thanked} thank-you pages")
    verdict = "; ".join(problems) if problems else "ok"
    print(
        f"  store after '{step.name}': {found.receipts_found:,} of {len(step.receipts):,} receipts stored once,"
        f" {found.responses:,} responses for {total_thanked:,} thank-you pages: {verdict}",
        file=sys.stderr,
    )
    return not problems


async def run(server: Server, project: Path, args: argparse.Namespace) -> tuple[list[list[str]], bool]:
    sweep = [int(c) for c in args.concurrency.split(",")]
    steps = 1 if args.rate else len(sweep)
    survey_id, walks = plans(project, args.respondents + steps * args.submissions, seed=args.seed)
    first, rest = walks[: args.respondents], walks[args.respondents :]
    rows, ok, thanked = [], True, 0
    print(f"phase 1: {len(first)} respondents walking, {sweep[0]} at a time", file=sys.stderr)
    walked = await full_walks(server, first, sweep[0], args.seconds)
    thanked += len(walked.receipts)
    ok &= check_store(project, survey_id, walked, thanked)
    rows.append(_row(walked, len(walked.timings.seconds)))
    for k, concurrency in enumerate(sweep[:steps]):
        batch = rest[k * args.submissions : (k + 1) * args.submissions]
        print(f"phase 2: walking {len(batch)} respondents to the Send button (untimed)", file=sys.stderr)
        ready = await prewalk(server, batch, PREWALK_SECONDS)
        step = await sends(server, ready, max(concurrency, 256 if args.rate else 0), args.rate, args.seconds)
        thanked += len(step.receipts)
        ok &= check_store(project, survey_id, step, thanked)
        rows.append(_row(step, len(step.timings.seconds)))
    return rows, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=300, help="phase 1: respondents who walk and send")
    parser.add_argument("--submissions", type=int, default=1500, help="phase 2: Send presses per step")
    parser.add_argument("--concurrency", default="32,64,128", help="phase 2 sweep (phase 1 uses the first)")
    parser.add_argument("--rate", type=float, default=0, help="phase 2 open loop: Send presses a second")
    parser.add_argument("--seconds", type=float, default=60, help="time bound of each timed step")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the project, its store and the server log")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="eqsurvey-web-load-"))
    project = make_project(folder)
    with (folder / "server.log").open("wb") as log:
        server = Server(project, log)
        server.start()
        try:
            rows, ok = asyncio.run(run(server, project, args))
            peak = server.peak_rss_mib()
        finally:
            server.stop()
    header = [
        "step",
        "completed",
        "completed/s",
        "requests/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "CPU server / generator",
        "server CPU ms each",
        "errors",
    ]
    print_table(header, rows)
    # Other work on the machine takes cores from both: the load before the run says how quiet it was.
    print(
        f"\nserver peak RSS {peak:.0f} MiB; {os.cpu_count()} cores shared by the server and this generator;"
        f" load average before the run {load:.2f}"
    )
    if args.keep:
        print(f"kept: {folder}", file=sys.stderr)
    else:
        import shutil

        shutil.rmtree(folder)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

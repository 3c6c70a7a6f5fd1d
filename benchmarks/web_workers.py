"""The web form with 1, 2 and 4 server processes on a real PostgreSQL server (run by hand; prints figures).

    python benchmarks/web_workers.py                           # 1, 2 and 4 workers, defaults below
    python benchmarks/web_workers.py --workers 1,2 --walks 400 --concurrency 64

A throwaway PostgreSQL cluster is started (``initdb`` in a temporary folder,
as the tests do); a Musterstadt project with keys stores into it and is
served by ``eqsurvey serve --workers N`` on a loopback port. Virtual
respondents (``--concurrency`` at a time, each with its own cookie jar) open
the welcome page, walk every page with simulated answers and press Send;
every request is timed. The rate limits stay on, set so high that nobody is
refused: every request still takes its token from the buckets the
processes share in PostgreSQL, as in production.

After each run the store is checked: every thank-you page's receipt stored
once, and no more responses than thank-you pages. Exit 1 if not.

The generator is Python too and shares the machine's cores with the
server's processes and PostgreSQL; its CPU time is printed beside theirs.
More workers than free cores cannot add throughput: read the figures with
the core count and the load average printed below them.
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
from pathlib import Path

import httpx2
from web_client import ROOT, Latencies, Plan, Respondents, Server, WalkError, make_project, plans

if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

# High enough that no virtual respondent is refused, low enough to be a real limit that is counted.
_LIMITS = ("--requests-per-minute", "100000000", "--submissions-per-hour", "100000000")


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _walks(
    url: str, walks: list[Plan], concurrency: int, seconds: float
) -> tuple[list[str], Latencies, Counter[str]]:
    respondents, timings, receipts, errors = Respondents(url, concurrency), Latencies(), [], Counter[str]()
    taken, deadline = iter(range(len(walks))), time.perf_counter() + seconds

    async def worker() -> None:
        for i in taken:  # one iterator shared by all: each walk is done once
            if time.perf_counter() > deadline:
                return
            try:
                ready = await respondents.walk(walks[i], ("de", "en")[i % 2], timings)
                receipts.append(await respondents.submit(ready, timings))
            except (WalkError, httpx2.HTTPError) as exc:
                errors[str(exc) if isinstance(exc, WalkError) else type(exc).__name__] += 1

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await respondents.aclose()
    return receipts, timings, errors


def _stored(url: str, project: Path, survey_id: str, receipts: list[str]) -> tuple[int, int]:
    """(receipts given whose keyed hash is stored once beside a response, responses of the survey)."""
    import psycopg

    from anonymize.keys.keyring import Keyring

    secret = Keyring(project / "keys").pseudonym_secret()
    with psycopg.connect(url) as conn:
        hashes = Counter(
            h
            for (h,) in conn.execute(
                "SELECT r.receipt_hash FROM receipts r JOIN responses s"
                " ON s.instrument_id = r.instrument_id AND s.pseudonym = r.pseudonym"
            )
        )
        row = conn.execute("SELECT count(*) FROM responses WHERE instrument_id = %s", (survey_id,)).fetchone()
    once = sum(1 for r in receipts if hashes[secret.receipt_hash(survey_id, r)] == 1)
    return once, int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", default="1,2,4", help="server processes, one run each")
    parser.add_argument("--walks", type=int, default=300, help="respondents who walk and send, per run")
    parser.add_argument("--concurrency", type=int, default=32, help="respondents at a time")
    parser.add_argument("--seconds", type=float, default=120, help="time bound of each run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--limits-off", action="store_true", help="rate limits off: the cost of sharing them, by difference"
    )
    args = parser.parse_args()
    from tests.integration.postgres_server import postgres_server

    sweep = [int(w) for w in args.workers.split(",")]
    load = os.getloadavg()[0]
    rows, ok, thanked = [], True, 0
    with postgres_server() as (base, _), tempfile.TemporaryDirectory(prefix="eqsurvey-web-workers-") as tmp:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        url = f"{base}/bench"
        project = make_project(Path(tmp))
        config = project / "eqsurvey.toml"
        config.write_text(config.read_text().replace("sqlite:///data/responses.sqlite", url))
        survey_id, walks = plans(project, args.walks * len(sweep), seed=args.seed)
        for k, workers in enumerate(sweep):
            with (Path(tmp) / f"server-{workers}.log").open("wb") as log:
                server = Server(project, log, (*(() if args.limits_off else _LIMITS), "--workers", str(workers)))
                server.start()
                time.sleep(1.0 + 0.5 * workers)  # the port listens before every worker has loaded the app
                try:
                    cpu, client, started = server.cpu_seconds(), _client_cpu(), time.perf_counter()
                    batch = walks[k * args.walks : (k + 1) * args.walks]
                    receipts, timings, errors = asyncio.run(_walks(server.url, batch, args.concurrency, args.seconds))
                    elapsed = time.perf_counter() - started
                    server_cpu, client_cpu = server.cpu_seconds() - cpu, _client_cpu() - client
                finally:
                    server.stop()
            thanked += len(receipts)
            once, responses = _stored(url, project, survey_id, receipts)
            good = once == len(receipts) and responses == thanked
            ok &= good
            print(
                f"  {workers} workers: {once:,} of {len(receipts):,} receipts stored once, {responses:,} responses"
                f" for {thanked:,} thank-you pages: {'ok' if good else 'WRONG'}",
                file=sys.stderr,
            )
            rows.append(
                [
                    str(workers),
                    f"{len(receipts):,}",
                    f"{len(receipts) / elapsed:,.1f}",
                    f"{len(timings.seconds) / elapsed:,.0f}",
                    *(f"{timings.ms(q):,.0f}" for q in (0.5, 0.95, 0.99)),
                    f"{100 * server_cpu / elapsed:.0f} % / {100 * client_cpu / elapsed:.0f} %",
                    f"{1000 * server_cpu / max(len(receipts), 1):.1f}",
                    ", ".join(f"{n} {what}" for what, n in errors.items()) or "0",
                ]
            )
    header = [
        "workers",
        "walks sent",
        "walks/s",
        "requests/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "CPU server / generator",
        "server CPU ms a walk",
        "errors",
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    print(
        f"\n{os.cpu_count()} cores shared by the server's processes, PostgreSQL and this generator;"
        f" {args.concurrency} respondents at a time; load average before the run {load:.2f}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""The web form's server killed mid-load: no thanked response lost, none stored twice (run by hand; prints figures).

    python benchmarks/web_crash.py                        # 3 rounds of 800 Send presses, 64 at a time
    python benchmarks/web_crash.py --rounds 5 --respondents 400 --concurrency 128 --keep

Each round walks ``--respondents`` virtual respondents to the ready-to-send
page of a running ``eqsurvey serve``, then they press Send, ``--concurrency``
at a time. After a (seeded) random share of them has been thanked, the server
gets SIGKILL: no shutdown code runs. It is started again on the same project
and port, and the store is checked in SQLite directly:

- every thank-you page's receipt is stored (keyed hash, beside a stored response), none twice;
- the responses the round added are at least the thank-you pages, and exceed
  them by no more than the Send presses in flight at the kill (sent, not answered);
- ``PRAGMA integrity_check`` is ok, and a new respondent is served and stored in full.

Exit 1 if any check fails. SIGKILL loses what the process held, not what the
kernel already had: a power cut (where the disk flush decides) is another test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
from web_client import Latencies, Plan, Ready, Respondents, Server, WalkError, make_project, plans, stored
from web_load import PREWALK_SECONDS, prewalk, print_table


@dataclass
class Crash:
    """One round's Send presses around the kill."""

    receipts: list[str] = field(default_factory=list)
    sent: int = 0
    answered: int = 0
    in_flight: int = -1  # at the kill; -1 until then
    refused: int = 0  # answered, but not with a thank-you page (before the kill: a bug)


async def send_until_killed(server: Server, ready: list[Ready], concurrency: int, kill_after: int) -> Crash:
    """Everyone presses Send; the server is killed once ``kill_after`` have been thanked."""
    crash, respondents, timings = Crash(), Respondents(server.url, concurrency, timeout=10), Latencies()
    killed = asyncio.Event()
    pending = iter(ready)

    async def press() -> None:
        for one in pending:
            if killed.is_set():
                return
            crash.sent += 1
            try:
                crash.receipts.append(await respondents.submit(one, timings))
                crash.answered += 1
            except WalkError:
                crash.answered += 1
                crash.refused += 1
            except httpx2.HTTPError:
                pass  # the connection died with the server: no answer
            if len(crash.receipts) >= kill_after and not killed.is_set():
                # On the event loop, with no await between counting and killing: nothing is answered meanwhile.
                crash.in_flight = crash.sent - crash.answered
                server.kill()
                killed.set()

    try:
        await asyncio.gather(*(press() for _ in range(concurrency)))
    finally:
        await respondents.aclose()
    return crash


@dataclass
class Rounds:
    """Crash rounds on one project: the server, and what every round has given out so far."""

    server: Server
    project: Path
    survey_id: str
    concurrency: int
    rng: random.Random
    receipts: list[str] = field(default_factory=list)
    in_flight: int = 0
    ok: bool = True

    async def round(self, walks: list[Plan]) -> list[str]:
        """Prepare, send, kill, restart, check; the round's row of the table. The last walk is for after."""
        before = stored(self.project, self.survey_id, []).responses
        ready = await prewalk(self.server, walks[:-1], PREWALK_SECONDS)
        kill_after = self.rng.randint(len(ready) // 5, len(ready) * 7 // 10)
        crash = await send_until_killed(self.server, ready, self.concurrency, kill_after)
        started = time.perf_counter()
        self.server.start()
        restart = time.perf_counter() - started
        self.receipts += crash.receipts
        self.in_flight += max(crash.in_flight, 0)
        after = stored(self.project, self.survey_id, crash.receipts)
        added, thanked = after.responses - before, len(crash.receipts)
        problems = after.problems(thanked)
        if not thanked <= added <= thanked + crash.in_flight:
            problems.append(f"{added} responses added for {thanked} thanked, {crash.in_flight} in flight")
        if crash.refused or crash.in_flight < 0:
            problems.append(f"{crash.refused} refused before the kill" if crash.refused else "never killed")
        problems += await self.serves_a_new_one(walks[-1])
        self.ok &= not problems
        counts = (len(ready), thanked, crash.in_flight, added, added - thanked, len(ready) - crash.sent)
        return [*(f"{n:,}" for n in counts), f"{1000 * restart:.0f}", after.integrity, "; ".join(problems) or "ok"]

    async def serves_a_new_one(self, walk: Plan) -> list[str]:
        """A respondent who starts after the restart walks, sends and is stored."""
        respondents = Respondents(self.server.url, 1)
        try:
            receipt = await respondents.submit(await respondents.walk(walk, "de", Latencies()), Latencies())
        except (WalkError, httpx2.HTTPError) as exc:
            return [f"the restarted server did not serve a new respondent: {exc!r}"]
        finally:
            await respondents.aclose()
        self.receipts.append(receipt)
        return [p.replace("thanked", "new") for p in stored(self.project, self.survey_id, [receipt]).problems(1)]

    def overall(self) -> list[str]:
        """Every receipt of every round, and the store's count against all thank-you pages and kills."""
        final = stored(self.project, self.survey_id, self.receipts)
        thanked = len(self.receipts)
        problems = final.problems(thanked)
        if not thanked <= final.responses <= thanked + self.in_flight:
            problems.append(f"{final.responses} responses stored for {thanked} thanked, {self.in_flight} in flight")
        self.ok &= not problems
        counts = [f"{thanked:,}", f"{self.in_flight:,}", f"{final.responses:,}", f"{final.responses - thanked:,}"]
        return ["all", "", *counts, "", "", final.integrity, "; ".join(problems) or "ok"]


async def run(server: Server, project: Path, args: argparse.Namespace) -> tuple[list[list[str]], bool]:
    per_round = args.respondents + 1
    survey_id, walks = plans(project, args.rounds * per_round, seed=args.seed)
    rounds = Rounds(server, project, survey_id, args.concurrency, random.Random(args.seed))  # noqa: S311 - not a secret
    rows = []
    for n in range(args.rounds):
        print(f"round {n + 1}: walking {args.respondents} respondents to the Send button", file=sys.stderr)
        rows.append([str(n + 1), *await rounds.round(walks[n * per_round : (n + 1) * per_round])])
    rows.append(rounds.overall())
    return rows, rounds.ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--respondents", type=int, default=800, help="Send presses prepared per round")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the project, its store and the server log")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="eqsurvey-web-crash-"))
    project = make_project(folder)
    with (folder / "server.log").open("wb") as log:
        server = Server(project, log)
        server.start()
        try:
            rows, ok = asyncio.run(run(server, project, args))
        finally:
            server.stop()
    header = ["round", "prepared", "thanked", "in flight at kill", "stored", "stored - thanked", "never sent"]
    print_table([*header, "restart ms", "integrity", "check (incl. a new respondent served after)"], rows)
    if args.keep:
        print(f"kept: {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

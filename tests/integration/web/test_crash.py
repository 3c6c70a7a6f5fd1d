"""A server killed mid-load loses no thanked response and stores none twice; started again, it serves on.

Respondents press Send on a real ``eqsurvey serve`` process; once some have
been thanked it gets SIGKILL, so no shutdown code runs. Started again on the
same project, the SQLite store must hold every response whose thank-you page
went out (its receipt's keyed hash beside a stored response), each once; no
more responses than were thanked plus the Send presses under way at the
kill; and pass SQLite's integrity check. Pages from before the kill still
open (the state's key comes from the project's secret, not the process):
sent again, those already stored are refused and the others stored, so in
the end every respondent is stored exactly once; a new respondent is served in full.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
import pytest

from anonymize.keys.keyring import Keyring
from tests.integration.web.conftest import run_async
from tests.integration.web.server import Ready, Respondents, Server, receipt_of, walks

SURVEY = "musterstadt-2026"
PREPARED = 240
SENDING = 32  # Send presses under way at once
KILL_AFTER = 80  # thank-you pages before the kill


@dataclass
class Crash:
    receipts: list[str] = field(default_factory=list)
    sent: int = 0
    answered: int = 0
    in_flight: int | None = None  # Send presses sent and not answered when the kill came


async def _prepare(url: str, plans: list[list[dict[str, list[str]]]]) -> list[Ready]:
    respondents, pending, ready = Respondents(url, 16), iter(plans), []

    async def walker() -> None:
        for plan in pending:  # one iterator shared by all walkers: each plan is walked once
            ready.append(await respondents.walk(plan))

    try:
        await asyncio.gather(*(walker() for _ in range(16)))
    finally:
        await respondents.aclose()
    return ready


async def _send_until_killed(server: Server, ready: list[Ready]) -> Crash:
    crash, respondents, pending = Crash(), Respondents(server.url, SENDING), iter(ready)

    async def presser() -> None:
        for one in pending:
            if crash.in_flight is not None:
                return
            crash.sent += 1
            try:
                page = await respondents.send(one)
            except httpx2.TransportError:
                continue  # the server died with this one under way
            crash.answered += 1
            receipt = receipt_of(page)
            assert receipt, f"HTTP {page.status_code} without a receipt"
            crash.receipts.append(receipt)
            if len(crash.receipts) >= KILL_AFTER and crash.in_flight is None:
                # No await between counting and killing: nothing can be answered in between.
                crash.in_flight = crash.sent - crash.answered
                server.kill()

    try:
        await asyncio.gather(*(presser() for _ in range(SENDING)))
    finally:
        await respondents.aclose()
    return crash


@dataclass(frozen=True)
class Store:
    stored_once: int  # of the receipts asked about
    hashes_twice: int
    responses: int
    integrity: str


def _store(project: Path, receipts: list[str]) -> Store:
    secret = Keyring(project / "keys").pseudonym_secret()
    with closing(sqlite3.connect(project / "data" / "responses.sqlite")) as db:
        hashes = Counter(
            h
            for (h,) in db.execute(
                "SELECT r.receipt_hash FROM receipts r JOIN responses s"
                " ON s.instrument_id = r.instrument_id AND s.pseudonym = r.pseudonym"
            )
        )
        (responses,) = db.execute("SELECT count(*) FROM responses").fetchone()
        (integrity,) = db.execute("PRAGMA integrity_check").fetchone()
    once = sum(1 for r in receipts if hashes[secret.receipt_hash(SURVEY, r)] == 1)
    return Store(once, sum(1 for n in hashes.values() if n > 1), responses, integrity)


async def _send_again(url: str, old: list[Ready]) -> list[int]:
    respondents = Respondents(url, 4)
    try:
        return [(await respondents.send(one)).status_code for one in old]
    finally:
        await respondents.aclose()


async def _new_respondent(url: str, plan: list[dict[str, list[str]]]) -> str | None:
    respondents = Respondents(url, 1)
    try:
        return receipt_of(await respondents.send(await respondents.walk(plan)))
    finally:
        await respondents.aclose()


@pytest.mark.slow
def test_a_killed_server_loses_no_thanked_response_and_stores_none_twice(keyed: Path, tmp_path: Path) -> None:
    plans = walks(keyed, PREPARED + 1, seed=7)
    with (tmp_path / "server.log").open("wb") as log:
        server = Server(keyed, log)
        server.start()
        try:
            ready = run_async(lambda: _prepare(server.url, plans[:PREPARED]))
            crash = run_async(lambda: _send_until_killed(server, ready))
            assert crash.in_flight is not None and crash.sent < PREPARED, "the kill did not come mid-load"
            server.start()

            thanked = len(crash.receipts)
            after = _store(keyed, crash.receipts)
            assert len(set(crash.receipts)) == thanked
            assert after.stored_once == thanked, f"{thanked - after.stored_once} thanked responses lost"
            assert after.hashes_twice == 0
            assert thanked <= after.responses <= thanked + crash.in_flight, (after.responses, thanked, crash.in_flight)
            assert after.integrity == "ok"

            # Every page from before the crash opens: stored ones are refused as sent, the others are stored now.
            statuses = run_async(lambda: _send_again(server.url, ready))
            assert set(statuses) <= {200, 409}, Counter(statuses)
            assert statuses.count(409) == after.responses
            again = _store(keyed, [])
            assert again.responses == PREPARED and again.hashes_twice == 0, "each respondent stored once"
            after = again

            receipt = run_async(lambda: _new_respondent(server.url, plans[PREPARED]))
            assert receipt
            final = _store(keyed, [*crash.receipts, receipt])
            assert final.stored_once == thanked + 1 and final.responses == after.responses + 1
            assert final.integrity == "ok"
        finally:
            server.stop()

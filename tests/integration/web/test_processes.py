"""Real ``eqsurvey serve`` processes: a restart mid-form, several processes of one survey, ``--workers``.

A respondent's browser is played by hand here (its cookie, the page it
shows), so that each post can go to whichever process the test names: the
same one after a restart, or another one on the same PostgreSQL store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import psycopg
import pytest

from survey.store import open_store
from tests.integration.web.server import Respondents, Server, receipt_of, walks
from tests.support.cli import Eqsurvey
from tests.support.databases import fresh_database, store_in
from tests.support.event_loop import run_async

SURVEY = "musterstadt-2026"
_STATE = re.compile(r'name="_state" value="([^"]+)"')


class Browser:
    """One respondent: the cookie and the page last shown; each post goes to the server it is given."""

    def __init__(self, url: str) -> None:
        with httpx2.Client(timeout=20) as client:
            self.page = client.get(f"{url}/")
        assert self.page.status_code == 200, self.page.text
        self.cookie = self.page.cookies["eqs_csrf"]

    def post(self, url: str, action: str, fields: dict[str, list[str]] | None = None) -> httpx2.Response:
        found = _STATE.search(self.page.text)
        assert found, self.page.text
        with httpx2.Client(timeout=20, cookies={"eqs_csrf": self.cookie}) as client:
            page = client.post(f"{url}/form", data={"_state": found.group(1), "_action": action, **(fields or {})})
        if _STATE.search(page.text):
            self.page = page
        return page


def _count(project: Path, url: str) -> int:
    store = open_store(url, project)
    try:
        return store.count(SURVEY)
    finally:
        store.close()


@pytest.fixture
def on_postgres(keyed: Path, postgres: tuple[str, Path]) -> Iterator[tuple[Path, str]]:
    url = fresh_database(postgres, "processes")
    store_in(keyed, url)
    yield keyed, url


def test_a_server_restarted_between_two_pages_of_a_form_takes_the_rest(keyed: Path, tmp_path: Path) -> None:
    (plan,) = walks(keyed, 1, seed=3)
    assert len(plan) >= 2, "the walk needs two pages to restart between"
    with (tmp_path / "server.log").open("wb") as log:
        server = Server(keyed, log)
        server.start()
        try:
            browser = Browser(server.url)
            assert browser.post(server.url, "start").status_code == 200
            assert browser.post(server.url, "next", plan[0]).status_code == 200
            server.kill()  # no shutdown code runs: nothing of the form could have been kept by the process
            server.start()
            for fields in plan[1:]:
                page = browser.post(server.url, "next", fields)
                assert page.status_code == 200, page.text
            thanks = browser.post(server.url, "submit")
            assert receipt_of(thanks), thanks.text
        finally:
            server.stop()
    assert _count(keyed, "sqlite:///data/responses.sqlite") == 1


def test_two_processes_take_each_others_pages_and_store_a_form_once(
    on_postgres: tuple[Path, str], tmp_path: Path
) -> None:
    project, url = on_postgres
    (plan,) = walks(project, 1, seed=5)
    with (tmp_path / "server.log").open("wb") as log:
        one, two = Server(project, log), Server(project, log)
        one.start()
        two.start()
        try:
            browser = Browser(one.url)
            assert browser.post(two.url, "start").status_code == 200
            for i, fields in enumerate(plan):  # every page shown by one process is answered to the other
                page = browser.post((one, two)[i % 2].url, "next", fields)
                assert page.status_code == 200, page.text
            finish = browser.page
            assert receipt_of(browser.post(two.url, "submit"))
            browser.page = finish  # the same Send pressed again, at the other process
            again = browser.post(one.url, "submit")
            assert again.status_code == 409, again.text
        finally:
            one.stop()
            two.stop()
    assert _count(project, url) == 1


def _all_contents(url: str) -> str:
    """Every row of every table of the store, as PostgreSQL prints it (bytes as hex)."""
    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
        assert "web_limits" in tables and "web_sessions" in tables
        return "\n".join(
            str(row)
            for t in tables
            for row in conn.execute(f"SELECT t::text FROM {t} AS t").fetchall()  # noqa: S608
        )


def test_processes_share_the_rate_limit_and_store_no_address(on_postgres: tuple[Path, str], tmp_path: Path) -> None:
    project, url = on_postgres
    with (tmp_path / "server.log").open("wb") as log:
        limit = ("--requests-per-minute", "3")  # one more every 20 s: none comes back during the test
        one, two = Server(project, log, limit), Server(project, log, limit)
        one.start()
        two.start()
        try:
            with httpx2.Client(timeout=20) as client:
                statuses = [client.get(f"{(one, two)[i % 2].url}/").status_code for i in range(10)]
            assert statuses.count(200) == 3 and statuses.count(429) == 7, statuses
            with psycopg.connect(url) as conn:
                (buckets,) = conn.execute("SELECT count(*) FROM web_limits").fetchone() or (0,)
                (persistence,) = conn.execute(
                    "SELECT relpersistence FROM pg_class WHERE relname = 'web_limits'"
                ).fetchone() or ("",)
            assert buckets == 1, "one client, one bucket, whichever process counted"
            assert persistence == "u", "the buckets' table is UNLOGGED: never in the write-ahead log"
            contents = _all_contents(url)
        finally:
            one.stop()
            two.stop()
    loopback = "127.0.0.1"
    for shape in (loopback, loopback.encode().hex(), bytes([127, 0, 0, 1]).hex(), "::1"):
        assert shape not in contents, f"the client's address ({shape}) is in the store"


def test_serve_with_workers_on_postgresql_stores_forms(on_postgres: tuple[Path, str], tmp_path: Path) -> None:
    project, url = on_postgres
    plans = walks(project, 6, seed=11)

    async def answer() -> list[str | None]:
        respondents = Respondents(server.url, 6)
        try:
            return [receipt_of(await respondents.send(await respondents.walk(plan))) for plan in plans]
        finally:
            await respondents.aclose()

    with (tmp_path / "server.log").open("wb") as log:
        server = Server(project, log, ("--workers", "2"))
        server.start()
        try:
            receipts = run_async(answer)
        finally:
            server.stop()
    assert all(receipts) and len(set(receipts)) == len(plans)
    assert _count(project, url) == len(plans)
    assert "2 processes" in (tmp_path / "server.log").read_text(encoding="utf-8")


def test_workers_are_refused_on_sqlite_with_the_fix(keyed: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("serve", "--workers", "2", expect=1)
    assert "needs a PostgreSQL store" in run.stderr and "--workers 1" in run.stderr

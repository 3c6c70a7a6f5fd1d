"""When storing fails: a page of the form (503 for a busy store, 500 otherwise), never Starlette's bare one.

Every such page carries the security headers and speaks the respondent's
language; the log says what failed and where in the code, and nothing about
the respondent; and once the store works again, the same answers are sent
again from the page they were kept on.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from survey.store import open_store
from tests.integration.conftest import Eqsurvey, fresh_database, store_in
from tests.integration.web.conftest import Form, stored

SURVEY = "test-survey"
ANSWERS = {"gender": ["woman", "trans"], "age": "73"}
HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=()",
    "cache-control": "no-store",
}
BUSY = {"de": "Bitte versuchen Sie es in einer Minute erneut", "en": "Please try again in a minute"}
FAILED = {"de": "Etwas ist schiefgegangen", "en": "Something went wrong"}
KEPT = {"de": "Ihre Eingaben bleiben erhalten", "en": "What you entered is kept"}
THANKS = {"de": "Vielen Dank", "en": "Thank you"}
ACCEPT = {"de": "de-DE,de;q=0.9,en;q=0.5", "en": "en-GB,en;q=0.9"}


def at_send_page(client: TestClient, lang: str) -> Form:
    form = Form(client)
    form.post(f"lang:{lang}")
    form.post("start")
    form.post("next", ANSWERS)
    assert 'name="_action" value="submit"' in form.page.text
    return form


def proper(page: httpx2.Response, status: int, lang: str, title: str) -> None:
    """A page of the form: its status, every security header, the respondent's language, no internals."""
    assert page.status_code == status, page.text
    for name, value in HEADERS.items():
        assert value in page.headers.get(name, ""), name
    assert f'<html lang="{lang}"' in page.text and f"<h1>{title}</h1>" in page.text
    for internal in ("Internal Server Error", "Traceback", "Error at", "sqlite", "psycopg", "database"):
        assert internal not in page.text


def logged(caplog: pytest.LogCaptureFixture, pattern: str) -> None:
    """Every warning or error logged is one line of the form's own, naming the failure and nothing else."""
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines, "the failure is logged"
    for record in lines:
        assert record.name == "eqsurvey.web" and record.exc_info is None, record.getMessage()
        assert re.fullmatch(pattern, record.getMessage()), record.getMessage()


BUSY_LINE = r"the store is busy or out of reach \((OperationalError|AdminShutdown|StoreError) at \w+\.py:\d+\): asked to send again"


@contextmanager
def locked(project: Path) -> Iterator[None]:
    """The store's write lock held by another connection, as a long import or a backup tool would."""
    with closing(sqlite3.connect(project / "data" / "responses.sqlite", isolation_level=None)) as db:
        db.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            db.execute("ROLLBACK")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_locked_store_asks_to_send_again_and_keeps_the_answers(
    small: Path, lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(small, store_lock_timeout=0.2)
    with TestClient(app, raise_server_exceptions=False) as client:
        form = at_send_page(client, lang)
        with locked(small), caplog.at_level(logging.INFO):
            busy = form.post("submit", expect=503)
        proper(busy, 503, lang, BUSY[lang])
        assert busy.headers["retry-after"] == "60" and KEPT[lang] in busy.text
        logged(caplog, BUSY_LINE)
        assert stored(small, SURVEY) == []
        form.post("show")  # the page's way back: the page they sent, with their answers
        assert THANKS[lang] in form.post("submit").text
    ((_, answers),) = stored(small, SURVEY)
    assert answers == {"gender": ["woman", "trans"], "age": 73}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_unexpected_failure_is_a_500_page_and_sending_again_works(
    small: Path, lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    database = small / "data" / "responses.sqlite"
    with TestClient(create_app(small), raise_server_exceptions=False) as client:
        form = at_send_page(client, lang)
        with closing(sqlite3.connect(database)) as db:  # a store that refuses every response, with a word from them
            db.execute("CREATE TRIGGER refuse BEFORE INSERT ON responses BEGIN SELECT RAISE(ABORT, 'woman 73'); END")
            db.commit()
        with caplog.at_level(logging.INFO):
            failed = form.post("submit", expect=500)
        proper(failed, 500, lang, FAILED[lang])
        assert "retry-after" not in failed.headers and KEPT[lang] in failed.text and "woman 73" not in failed.text
        logged(caplog, r"unexpected failure \(IntegrityError at \w+\.py:\d+\): answered 500")
        with closing(sqlite3.connect(database)) as db:
            db.execute("DROP TRIGGER refuse")
            db.commit()
        form.post("show")
        assert THANKS[lang] in form.post("submit").text
    assert len(stored(small, SURVEY)) == 1


def test_a_failure_outside_the_form_steps_speaks_the_browsers_language(
    small: Path, eqsurvey: Eqsurvey, caplog: pytest.LogCaptureFixture
) -> None:
    eqsurvey.cwd = small
    eqsurvey("invitations", "create", "1", "-o", "codes.csv")
    code = (small / "codes.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    with TestClient(create_app(small), raise_server_exceptions=False) as client:
        with closing(sqlite3.connect(small / "data" / "responses.sqlite")) as db:
            db.execute("DROP TABLE invitations")  # the letter's link checks its code in a table that is gone
        for lang in ("de", "en"):
            with caplog.at_level(logging.INFO):
                page = client.get(f"/?code={code}", headers={"accept-language": ACCEPT[lang]})
            proper(page, 500, lang, FAILED[lang])
            assert KEPT[lang] not in page.text and code not in page.text
        logged(caplog, r"unexpected failure \(OperationalError at \w+\.py:\d+\): answered 500")
        caplog.clear()
        large = client.post("/form", content=b"x" * 2_000_000, headers={"accept-language": ACCEPT["en"]})
        proper(large, 413, "en", "Too much data")


def test_a_postgresql_outage_asks_to_send_again_and_the_form_recovers(
    small: Path, postgres: tuple[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    import psycopg

    url = fresh_database(postgres, "outage")
    name = url.rsplit("/", 1)[1]
    store_in(small, url)

    def allow(connections: bool) -> None:
        with psycopg.connect(f"{postgres[0]}/postgres", autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(connections).lower()}")
            if not connections:  # the server goes away under the form's open connection
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))

    with TestClient(create_app(small), raise_server_exceptions=False) as client:
        assert THANKS["de"] in at_send_page(client, "de").post("submit").text  # the form's connection is open
        form = at_send_page(client, "en")
        allow(False)
        try:
            with caplog.at_level(logging.INFO):
                proper(form.post("submit", expect=503), 503, "en", BUSY["en"])  # the connection it had is dead
                form.post("show")
                proper(form.post("submit", expect=503), 503, "en", BUSY["en"])  # and no new one is let in
            logged(caplog, BUSY_LINE + r"|shared rate limits unavailable \(\w+\); counting in this process meanwhile")
        finally:
            allow(True)
        form.post("show")
        assert THANKS["en"] in form.post("submit").text
    store = open_store(url, small)
    try:
        assert store.count(SURVEY) == 2
    finally:
        store.close()

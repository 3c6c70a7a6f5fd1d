"""A real project (eqsurvey init, keys init) served in-process by Starlette's TestClient, and a form driver."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx2
import pytest
from starlette.testclient import TestClient

from anonymize.keys.keyring import Keyring
from anonymize.sealing import Opener
from eqsurvey.workflows.form_app import create_app
from survey.store import open_store
from tests.builders import GENDER, instrument_yaml
from tests.integration.conftest import Eqsurvey

PASS = "a long passphrase for tests"
T = TypeVar("T")


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(make())`` in a thread of its own.

    The browser tests' Playwright keeps an event loop running in the main thread for the whole session,
    where ``asyncio.run`` refuses to start another. The coroutine is made in that thread too.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


_STATE = re.compile(r'name="_state" value="([^"]+)"')


class Form:
    """Walks the form as a browser would: each post carries the state of the page last shown."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.page = client.get("/")
        assert self.page.status_code == 200, self.page.text

    @property
    def state(self) -> str:
        found = _STATE.search(self.page.text)
        assert found, self.page.text
        return found.group(1)

    def post(self, action: str = "next", fields: dict[str, Any] | None = None, expect: int = 200) -> httpx2.Response:
        response = self.client.post("/form", data={"_state": self.state, "_action": action, **(fields or {})})
        assert response.status_code == expect, response.text
        if _STATE.search(response.text):  # an error page ends the way; the page before stays the current one
            self.page = response
        return response

    def heading(self) -> str:
        found = re.search(r"<h1[^>]*>(.*?)</h1>", self.page.text, re.S)
        assert found
        return re.sub(r"<[^>]+>", "", found.group(1)).strip()

    def shows(self, question_id: str) -> bool:
        return f'id="q-{question_id}"' in self.page.text


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return project


@pytest.fixture
def client(keyed: Path) -> Iterator[TestClient]:
    with TestClient(create_app(keyed)) as test_client:
        yield test_client


# A one-page survey (gender, age) with a label that tries to inject a script.
SMALL = (
    GENDER.replace(
        "label: {de: Geschlecht, en: Gender}", "label: {de: 'Geschlecht <script>alert(1)</script>', en: Gender}"
    )
    + """\
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
"""
)


@pytest.fixture
def small(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "small")
    project = tmp_path / "small"
    (project / "instrument.yaml").write_text(instrument_yaml(SMALL), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    return project


def stored(project: Path, instrument_id: str) -> list[tuple[str, dict[str, object]]]:
    """Every stored response of the survey as (pseudonym, answers), opened with the analysts' private key."""
    store = open_store("sqlite:///data/responses.sqlite", project)
    opener = Opener(Keyring(project / "keys").private_keys(PASS))
    try:
        return [
            (r.row.context.pseudonym, opener.open(env, r.row))
            for env, rows in store.batches(instrument_id)
            for r in rows
        ]
    finally:
        store.close()

"""Erasure that erases: once ``responses erase`` returns, no store file holds a copy of the erased response.

The attacker's view again: every byte of every store file (SQLite: the file
and anything beside it; PostgreSQL: every file of the database's folder,
after a checkpoint). They look for any 16-byte piece of the erased
ciphertext, its nonce, and the data key of its batch where it was alone in
it; they also hold the analysts' private key. Checked with the store open
in the test, and with a real ``eqsurvey serve`` process running beside the
erasing command.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from anonymize.sealing import Opener
from eqsurvey.config import load_project
from eqsurvey.resources import project_store
from survey.store import ResponseStore, StoredResponse
from tests.integration.attacks import disk, scenarios
from tests.integration.conftest import Eqsurvey, fresh_database, store_in
from tests.integration.test_store import store  # noqa: F401 - the same fixture, both backends
from tests.integration.web.conftest import run_async
from tests.integration.web.server import Respondents, Server, receipt_of, walks

PASS = "a long passphrase for tests"
SURVEY = "musterstadt-2026"


def pieces(secret: bytes, size: int = 16) -> list[bytes]:
    """Every non-overlapping piece of ``secret``: a copy cut across two pages still shows one of them."""
    return [secret[i : i + size] for i in range(0, len(secret) - size + 1, size)]


def copies_in(files: dict[str, bytes], secret: bytes) -> list[str]:
    """The files that hold any piece of ``secret``."""
    return [name for name, data in files.items() if any(p in data for p in pieces(secret))]


def store_files(of: ResponseStore) -> dict[str, bytes]:
    return disk.sqlite_files(of) if of.dialect == "sqlite" else disk.postgres_data_files(of)


def every_response(of: ResponseStore) -> list[StoredResponse]:
    return [r for _, rows in of.batches(scenarios.instrument().id) for r in rows]


def test_erased_responses_leave_no_copy_and_no_key_that_opens_only_them(store: ResponseStore) -> None:  # noqa: F811
    scenarios.imported(store, 400, batch_size=100)
    scenarios.sent_on_the_web(store, 5, group=1, letters=None, days=1)
    before = every_response(store)
    imported = next(r for r in before if r.source == "import")
    web = next(r for r in before if r.source == "web")
    envelopes = {e.envelope_id: e for e in store.envelopes(scenarios.instrument().id)}
    web_key = envelopes[web.row.envelope_id].sealed_key
    files = store_files(store)
    for secret in (imported.row.ciphertext, web.row.ciphertext, web_key):
        assert copies_in(files, secret), "the attack finds what is stored"

    for victim in (imported, web):
        assert store.erase(victim.row.context.instrument_id, victim.row.context.pseudonym, "request") == 1

    files = store_files(store)
    for secret in (imported.row.ciphertext, imported.row.nonce, web.row.ciphertext, web.row.nonce, web_key):
        assert not copies_in(files, secret), copies_in(files, secret)
    left = {e.envelope_id for e in store.envelopes(scenarios.instrument().id)}
    assert web.row.envelope_id not in left, "the key that opened only the erased response is gone"
    assert imported.row.envelope_id in left, "a batch key that opens other responses stays"
    opener = Opener([scenarios.KEY])
    notes = [opener.open(e, r.row)["note"] for e, rows in store.batches(scenarios.instrument().id) for r in rows]
    assert len(notes) == len(before) - 2


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_erasing_while_the_server_runs_leaves_no_copy(
    backend: str,
    project: Path,
    eqsurvey: Eqsurvey,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    if backend == "postgresql":
        store_in(project, fresh_database(request.getfixturevalue("postgres"), "serve"))
    eqsurvey("keys", "init")
    with (project.parent / "server.log").open("wb") as log:
        server = Server(project, log)
        server.start()
        try:
            receipts = run_async(lambda: _answer(server.url, walks(project, 4, seed=3)))
            secret = Keyring(project / "keys").pseudonym_secret()
            store = project_store(load_project(project))
            try:
                victims = [store.pseudonym_for_receipt(secret.receipt_hash(SURVEY, r)) for r in receipts[:2]]
                stored = {r.row.context.pseudonym: r for _, rows in store.batches(SURVEY) for r in rows}
                targets = [stored[v[1]] for v in victims if v is not None]
                keys = {e.envelope_id: e.sealed_key for e in store.envelopes(SURVEY)}
                assert len(targets) == 2 and copies_in(store_files(store), targets[0].row.ciphertext)
                for receipt in receipts[:2]:
                    erased = subprocess.run(
                        [sys.executable, "-m", "eqsurvey", "responses", "erase", "--receipt", receipt],
                        cwd=project,
                        env=_collecting_side(),
                        capture_output=True,
                        check=False,
                        text=True,
                        timeout=120,
                    )
                    assert erased.returncode == 0, erased.stderr
                files = store_files(store)  # the server still runs and holds its connection
                for target in targets:
                    for secret_bytes in (target.row.ciphertext, target.row.nonce, keys[target.row.envelope_id]):
                        assert not copies_in(files, secret_bytes), copies_in(files, secret_bytes)
                assert store.count(SURVEY) == 2
            finally:
                store.close()
            assert len(run_async(lambda: _answer(server.url, walks(project, 1, seed=4)))) == 1, "the server serves on"
        finally:
            server.stop()
    opener = Opener(Keyring(project / "keys").private_keys(PASS))
    after = project_store(load_project(project))
    try:
        assert len([opener.open(e, r.row) for e, rows in after.batches(SURVEY) for r in rows]) == 3
    finally:
        after.close()


def _collecting_side() -> dict[str, str]:
    from tests.integration.web.server import _env

    return _env()


async def _answer(url: str, plans: list[list[dict[str, list[str]]]]) -> list[str]:
    respondents = Respondents(url, 4)
    try:
        receipts = []
        for plan in plans:
            page = await respondents.send(await respondents.walk(plan))
            receipt = receipt_of(page)
            assert receipt, page.status_code
            receipts.append(receipt)
        return receipts
    finally:
        await respondents.aclose()

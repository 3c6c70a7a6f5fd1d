"""Forms sent at the same moment are stored together, each exactly once, with its own receipt and fate."""

from __future__ import annotations

import asyncio
from pathlib import Path

from eqsurvey.config import load_project
from eqsurvey.resources import project_keyring, project_store
from instruments.loader import load_instrument
from survey.intake.prepare import Preparer
from survey.store import Outcome, ResponseStore
from survey.web.submit import Submitter
from tests.integration.web.conftest import run_async, stored

SURVEY = "test-survey"


def submitter(project: Path) -> Submitter:
    settings = load_project(project)
    keyring = project_keyring(settings)
    instrument = load_instrument(settings.instrument_path).instrument
    return Submitter(
        lambda: project_store(settings), Preparer(instrument, keyring.public_key(), keyring.pseudonym_secret())
    )


def test_concurrent_forms_are_stored_in_few_transactions_each_once(small: Path) -> None:
    work = submitter(small)

    async def send_all() -> list[tuple[Outcome | None, str]]:
        forms = [{"gender": ["woman"], "age": 16 + i % 80} for i in range(300)]
        return await asyncio.gather(*(work.submit(answers, None) for answers in forms))

    try:
        results = run_async(send_all)

        async def envelopes() -> int:
            return len(await work.read(lambda store: store.envelopes(SURVEY)))

        groups = run_async(envelopes)
    finally:
        work.close()
    assert [outcome for outcome, _ in results] == ["stored"] * 300
    assert len({receipt for _, receipt in results}) == 300
    assert sorted(int(str(a["age"])) for _, a in stored(small, SURVEY)) == sorted(16 + i % 80 for i in range(300))
    assert groups < 100, f"{groups} transactions for 300 forms sent at once"


def test_a_form_the_checks_refuse_is_refused_alone(small: Path) -> None:
    work = submitter(small)

    async def send() -> list[tuple[Outcome | None, str]]:
        good, bad = {"gender": ["woman"], "age": 30}, {"gender": ["woman"], "age": 200}
        return list(await asyncio.gather(work.submit(good, None), work.submit(bad, None), work.submit(good, None)))

    try:
        outcomes = [outcome for outcome, _ in run_async(send)]
    finally:
        work.close()
    assert outcomes == ["stored", None, "stored"]
    assert len(stored(small, SURVEY)) == 2


def test_when_the_store_fails_every_waiting_form_hears_so(small: Path) -> None:
    settings = load_project(small)
    keyring = project_keyring(settings)
    preparer = Preparer(
        load_instrument(settings.instrument_path).instrument, keyring.public_key(), keyring.pseudonym_secret()
    )

    def broken() -> ResponseStore:
        # Not a database at all (say, a disk error or the wrong file restored from a backup).
        (small / "data").mkdir(exist_ok=True)
        (small / "data" / "responses.sqlite").write_bytes(b"this is not a database " * 200)
        return project_store(settings)

    work = Submitter(broken, preparer)

    async def send() -> list[object]:
        return await asyncio.gather(
            *(work.submit({"gender": ["man"], "age": 50}, None) for _ in range(5)), return_exceptions=True
        )

    try:
        results = run_async(send)
    finally:
        work.close()
    assert len(results) == 5 and all(isinstance(r, Exception) for r in results), results

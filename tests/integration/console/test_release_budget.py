"""The console's release section: the budget, opening the responses, making a release behind the guard rails.

A real project (the Musterstadt example, keys, simulated responses imported through the commands),
driven through the console's TestClient as a browser would; every hostile post leaves the ledger,
the audit log and the project's files as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.resources import project_store
from instruments.loader import load_instrument
from tests.support.console import OpenConsole, open_console
from tests.support.release_console import PASSPHRASE, copy_project, job_of, seen_of, simulated_project


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return simulated_project(tmp_path_factory.mktemp("made"))


@pytest.fixture
def project(made: Path, tmp_path: Path) -> Path:
    return copy_project(made, tmp_path)


@pytest.fixture
def console(project: Path) -> Iterator[OpenConsole]:
    with open_console(project) as opened:
        opened.client.get("/language/en?back=/")  # the tests read the English wording; German has its own test
        yield opened


def ledger(project: Path) -> list[str]:
    loaded = load_project(project)
    instrument = load_instrument(loaded.instrument_path).instrument
    store = project_store(loaded)
    try:
        return [r.release_id for r in store.releases(instrument.id)]
    finally:
        store.close()


def audit_events(project: Path) -> list[str]:
    store = project_store(load_project(project))
    try:
        return [e.action for e in store.audit_log()]
    finally:
        store.close()


def opened(console: OpenConsole) -> None:
    answer = console.post("/release/open", {"passphrase": PASSPHRASE})
    assert answer.status_code == 303, answer.text
    job = job_of(console, answer.headers["location"])
    assert job.state == "done", (job.problems, job.failure)


def confirmed(console: OpenConsole, **extra: str | list[str]):  # type: ignore[no-untyped-def]
    page = console.client.get("/release/new")
    assert page.status_code == 200, page.text
    return console.post("/release/new", {"seen": seen_of(page.text), "confirm": "yes", **extra})


def test_the_budget_is_shown_in_words_and_numbers_in_both_languages(console: OpenConsole) -> None:
    page = console.client.get("/release")
    assert page.status_code == 200
    assert "Nothing of the budget is spent yet." in page.text or "Vom Budget ist noch nichts verbraucht." in page.text
    console.client.get("/language/de?back=/release")
    german = console.client.get("/release")
    assert '<html lang="de">' in german.text
    assert "Vom Budget ist noch nichts verbraucht." in german.text
    assert "Es wurde noch keine Veröffentlichung erstellt." in german.text
    assert "Insgesamt" in german.text and "ρ = 0,5" in german.text
    assert "reicht für" in german.text  # how many releases of the plan the budget left covers
    console.client.get("/language/en?back=/release")
    english = console.client.get("/release")
    assert "No release has been made yet." in english.text
    assert "the budget left covers" in english.text
    assert 'href="/release"' in english.text and 'aria-current="page"' in english.text  # in the navigation


def test_a_wrong_passphrase_is_told_at_its_field_and_opens_nothing(console: OpenConsole, project: Path) -> None:
    before = audit_events(project)
    answer = console.post("/release/open", {"passphrase": "not the passphrase"})
    assert answer.status_code == 422
    assert "not the passphrase" not in answer.text  # never written back into the page
    assert 'href="#field-passphrase"' in answer.text and 'aria-invalid="true"' in answer.text
    assert "passphrase" in answer.text.lower()
    assert not (project / "data" / "dataset.parquet").exists()
    assert audit_events(project) == before and ledger(project) == []
    assert console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]


def test_opening_the_responses_is_a_job_that_writes_the_dataset(console: OpenConsole, project: Path) -> None:
    opened(console)
    assert (project / "data" / "dataset.parquet").is_file()
    assert audit_events(project)[-1] == "dataset-export"
    (job,) = console.client.app.state.console.jobs._jobs.values()  # type: ignore[attr-defined]
    assert PASSPHRASE not in console.client.get(f"/jobs/{job.id}").text and PASSPHRASE not in repr(job)
    page = console.client.get("/release")
    assert "with 1,000 respondents" in page.text and 'href="/release/new"' in page.text


def test_the_release_page_states_the_spend_the_data_and_asks(console: OpenConsole, project: Path) -> None:
    assert "open the responses first" in console.client.get("/release/new").text  # no dataset yet: nothing to confirm
    opened(console)
    page = console.client.get("/release/new")
    assert page.status_code == 200
    assert "with 1,000 respondents" in page.text
    assert "of the total ρ = 0.5" in page.text
    assert 'name="confirm"' in page.text and 'name="seen"' in page.text
    assert ledger(project) == []


def test_a_confirmation_without_its_tick_spends_nothing(console: OpenConsole, project: Path) -> None:
    opened(console)
    page = console.client.get("/release/new")
    answer = console.post("/release/new", {"seen": seen_of(page.text)})
    assert answer.status_code == 422
    assert 'href="#field-confirm"' in answer.text and 'aria-invalid="true"' in answer.text
    assert ledger(project) == []


@pytest.mark.parametrize("seen", ["", "0" * 32, "forged"])
def test_a_confirmation_of_another_page_spends_nothing(console: OpenConsole, project: Path, seen: str) -> None:
    opened(console)
    answer = console.post("/release/new", {"seen": seen, "confirm": "yes"})
    assert answer.status_code == 422
    assert "changed since this page was shown" in answer.text
    assert ledger(project) == []


def test_a_confirmed_release_is_a_job_and_is_listed_with_the_budget_spent(console: OpenConsole, project: Path) -> None:
    opened(console)
    answer = confirmed(console)
    assert answer.status_code == 303
    job = job_of(console, answer.headers["location"])
    assert job.state == "done", (job.problems, job.failure)
    (release,) = ledger(project)
    assert job.result is not None and job.result.link == f"/release/r/{release}"
    page = console.client.get("/release")
    assert f'href="/release/r/{release}"' in page.text
    assert "of the budget is spent" in page.text


def test_two_posts_of_one_confirmation_make_one_release(console: OpenConsole, project: Path) -> None:
    opened(console)
    page = console.client.get("/release/new")
    fields = {"seen": seen_of(page.text), "confirm": "yes"}
    first, second = console.post("/release/new", fields), console.post("/release/new", fields)
    assert first.status_code == second.status_code == 303  # both taken before the first was made
    jobs = [job_of(console, a.headers["location"]) for a in (first, second)]
    assert [j.state for j in jobs] == ["done", "failed"]
    assert [p.code for p in jobs[1].problems] == ["release-stale"]
    assert len(ledger(project)) == 1
    third = console.post("/release/new", fields)  # the same form once more, after both: refused in the page
    assert third.status_code == 422 and len(ledger(project)) == 1


def test_a_warning_needs_its_own_tick(console: OpenConsole, project: Path) -> None:
    opened(console)
    assert job_of(console, confirmed(console).headers["location"]).state == "done"
    page = console.client.get("/release/new")
    assert 'value="release-repeated"' in page.text  # the same plan on the same data again
    answer = console.post("/release/new", {"seen": seen_of(page.text), "confirm": "yes"})
    assert answer.status_code == 422 and 'href="#field-accept"' in answer.text
    assert len(ledger(project)) == 1
    accepted = confirmed(console, accept="release-repeated")
    assert job_of(console, accepted.headers["location"]).state == "done"
    assert len(ledger(project)) == 2


def test_a_stale_dataset_is_a_warning_to_tick(made: Path, tmp_path: Path) -> None:
    project = copy_project(made, tmp_path)
    with open_console(project) as console:
        console.client.get("/language/en?back=/")
        opened(console)
        from tests.support.cli import Eqsurvey

        eqsurvey = Eqsurvey(project)
        eqsurvey("responses", "simulate", "--n", "20", "--seed", "9", "-o", "more.csv")
        eqsurvey("responses", "import", "--simulated", "more.csv")
        page = console.client.get("/release/new")
        assert 'value="dataset-older-than-store"' in page.text
        assert "not in the dataset" in page.text
        answer = console.post("/release/new", {"seen": seen_of(page.text), "confirm": "yes"})
        assert answer.status_code == 422
        assert ledger(project) == []


POSTS = ["/release/open", "/release/new", "/release/compare", "/release/r/r-1/pdf"]


@pytest.mark.parametrize("path", POSTS)
def test_posts_without_or_with_a_forged_token_change_nothing(console: OpenConsole, project: Path, path: str) -> None:
    before = audit_events(project)
    fields = {"passphrase": PASSPHRASE, "confirm": "yes", "seen": "x", "part": "annex", "lang": "de"}
    missing = console.client.post(path, data=fields, follow_redirects=False)
    forged = console.client.post(path, data={**fields, "csrf": "f" * 43}, follow_redirects=False)
    doubled = console.client.post(path, data={**fields, "csrf": [console.csrf, console.csrf]}, follow_redirects=False)
    as_json = console.client.post(path, json={**fields, "csrf": console.csrf}, follow_redirects=False)
    assert [missing.status_code, forged.status_code, doubled.status_code] == [403, 403, 403]
    assert as_json.status_code == 415
    assert "Nothing was changed" in forged.text
    assert not (project / "data" / "dataset.parquet").exists()
    assert audit_events(project) == before and ledger(project) == []
    assert console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]


def test_a_post_from_another_origin_is_refused(console: OpenConsole, project: Path) -> None:
    answer = console.post("/release/open", {"passphrase": PASSPHRASE}, headers={"origin": "http://evil.example"})
    assert answer.status_code == 403
    assert not (project / "data" / "dataset.parquet").exists()


def test_a_damaged_dataset_is_named_and_nothing_is_released(console: OpenConsole, project: Path) -> None:
    (project / "data").mkdir(exist_ok=True)
    (project / "data" / "dataset.parquet").write_bytes(b"PAR1 not really")
    page = console.client.get("/release")
    assert page.status_code == 200 and "Written on an unrecorded day with ? respondents" in page.text
    new = console.client.get("/release/new")
    assert new.status_code == 422
    assert "not a readable Parquet file" in new.text and 'name="confirm"' not in new.text
    answer = console.post("/release/new", {"seen": "0" * 32, "confirm": "yes"})
    assert answer.status_code == 422 and ledger(project) == []


def test_without_a_project_the_section_says_where_to_make_one(tmp_path: Path) -> None:
    with open_console(tmp_path) as console:
        page = console.client.get("/release")
        assert page.status_code == 400 and "not started in a survey project" in page.text
        refused = console.post("/release/open", {"passphrase": PASSPHRASE})
        assert refused.status_code == 400 and not (tmp_path / "data").exists()

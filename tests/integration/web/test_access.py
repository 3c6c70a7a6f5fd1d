"""Invitation codes in the form (typed or in the letter's link) and the rate limits, against a real project."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from starlette.testclient import TestClient

from anonymize.keys.keyring import Keyring
from eqsurvey.workflows.form_app import create_app
from survey.store import open_store
from survey.web import LimitSettings
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import Form, stored

SURVEY = "test-survey"
ANSWERS = {"gender": ["woman"], "age": "40"}
CONTACT = "daten@teststadt.example"  # the instrument's contact (tests/builders.py)


def invitations(eqsurvey: Eqsurvey, project: Path, n: int) -> list[str]:
    eqsurvey.cwd = project
    eqsurvey("invitations", "create", str(n), "-o", "codes.csv")
    with (project / "codes.csv").open(encoding="utf-8") as f:
        return [row["access_code"] for row in csv.DictReader(f)]


def used_count(project: Path) -> int:
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        return store.invitation_counts(SURVEY).used
    finally:
        store.close()


def test_only_an_unused_invitation_can_answer_and_only_once(small: Path, eqsurvey: Eqsurvey) -> None:
    code, other = invitations(eqsurvey, small, 2)
    with TestClient(create_app(small)) as client:
        form = Form(client)
        assert 'name="_code"' in form.page.text, "with invitations the welcome page asks for the code"
        form.post("start", {"_code": ""}, expect=422)
        assert "Bitte geben Sie den Zugangscode" in form.page.text and 'aria-invalid="true"' in form.page.text
        form.post("start", {"_code": "not a code"}, expect=422)
        assert "Das ist kein Zugangscode" in form.page.text
        form.post("start", {"_code": [code, code]}, expect=400)  # two code fields: a forged post
        form.post("start", {"_code": code * 50_000}, expect=422)
        assert len(form.page.text) < 20_000, "an oversize entry is not echoed back"
        form.post("start", {"_code": "2222-3333-4444-5555"}, expect=422)
        assert "gehört zu keiner Einladung" in form.page.text and 'value="2222-3333-4444-5555"' in form.page.text
        # People type codes as they like: lower case, without dashes, with spaces.
        form.post("start", {"_code": f"  {code.replace('-', ' ').lower()} "})
        form.post("next", ANSWERS)
        assert "Vielen Dank" in form.post("submit").text
        assert used_count(small) == 1
        again = Form(client)
        refused = again.post("start", {"_code": code}, expect=409)
        assert "bereits verwendet" in refused.text
        # Someone whose invitation was used by another is told whom to ask: the contact of the front page.
        assert "So erreichen Sie das Befragungsteam:" in refused.text and CONTACT in refused.text
    ((pseudonym, answers),) = stored(small, SURVEY)
    assert answers == {"gender": ["woman"], "age": 40}
    secret = Keyring(small / "keys").pseudonym_secret()
    # The response's pseudonym is random: nothing derived from the code links it to the letter.
    assert pseudonym not in {secret.pseudonym(SURVEY, code), secret.invitation_hash(SURVEY, code)}
    assert other not in (small / "data" / "responses.sqlite").read_bytes().decode("latin-1")


def test_the_letters_link_shows_the_welcome_page_first(small: Path, eqsurvey: Eqsurvey) -> None:
    (code,) = invitations(eqsurvey, small, 1)
    with TestClient(create_app(small)) as client:
        form = Form(client)
        form.page = client.get(f"/?code={code}")
        assert form.page.status_code == 200
        assert "Ihr Zugangscode wurde erkannt" in form.page.text and 'name="_code"' not in form.page.text
        assert code not in form.page.text, "the code is not written back into the page"
        form.post("lang:en")
        assert "Your access code has been recognised" in form.page.text, "a language switch keeps it"
        form.post("start")
        form.post("next", ANSWERS)
        assert "Thank you" in form.post("submit").text
        link = client.get(f"/?code={code}")
        assert link.status_code == 409 and "bereits verwendet" in link.text


def test_two_tabs_with_one_code_store_one_response(small: Path, eqsurvey: Eqsurvey) -> None:
    (code,) = invitations(eqsurvey, small, 1)
    with TestClient(create_app(small)) as client:
        first, second = Form(client), Form(client)
        for form in (first, second):  # both start while the code is still unused
            form.post("start", {"_code": code})
            form.post("next", ANSWERS)
        assert "Vielen Dank" in first.post("submit").text
        late = second.post("submit", expect=409)
        assert "bereits verwendet" in late.text and "Jetzt wurde nichts gespeichert" in late.text
        assert CONTACT in late.text
    assert len(stored(small, SURVEY)) == 1 and used_count(small) == 1


def test_open_surveys_ask_for_no_code(small: Path, eqsurvey: Eqsurvey) -> None:
    invitations(eqsurvey, small, 1)
    with TestClient(create_app(small, access="open")) as client:
        form = Form(client)
        assert 'name="_code"' not in form.page.text
        form.post("start")
        form.post("next", ANSWERS)
        assert "Vielen Dank" in form.post("submit").text
    assert used_count(small) == 0 and len(stored(small, SURVEY)) == 1
    with TestClient(create_app(small, access="codes")) as client:
        # A start without the field is no way around the code: the welcome page asks for it again.
        asked = Form(client).post("start", expect=422)
        assert 'name="_code"' in asked.text and "Bitte geben Sie den Zugangscode" in asked.text


def test_requests_beyond_the_limit_get_429_and_a_page(small: Path) -> None:
    with TestClient(create_app(small, limits=LimitSettings(requests_per_minute=4))) as client:
        statuses = [client.get("/").status_code for _ in range(6)]
        assert statuses == [200] * 4 + [429] * 2
        refused = client.get("/")
        assert refused.headers["retry-after"] == "60" and "Zu viele Versuche" in refused.text
        assert "testclient" not in refused.text


def test_submissions_per_client_are_limited(small: Path) -> None:
    with TestClient(create_app(small, access="open", limits=LimitSettings(submissions_per_hour=1))) as client:
        for expect in (200, 429):
            form = Form(client)
            form.post("start")
            form.post("next", ANSWERS)
            sent = form.post("submit", expect=expect)
        assert "Zu viele Versuche" in sent.text
    assert len(stored(small, SURVEY)) == 1


def test_attempts_per_code_are_limited(small: Path, eqsurvey: Eqsurvey) -> None:
    (code,) = invitations(eqsurvey, small, 1)
    with TestClient(create_app(small, limits=LimitSettings(attempts_per_code=2))) as client:
        form = Form(client)
        for _ in range(2):
            form.post("start", {"_code": "2222-3333-4444-5555"}, expect=422)
        assert "Zu viele Versuche" in form.post("start", {"_code": "2222 3333 4444 5555"}, expect=429).text
        # Another code has its own count.
        form.post("start", {"_code": code})
        assert re.search(r"<h1[^>]*>Fragen", form.page.text)

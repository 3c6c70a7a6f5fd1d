"""Hostile and broken posts get an error page and store nothing; headers, cookies and escaping hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from anonymize.keys.form_state_secret import StateSecrets
from anonymize.keys.keyring import Keyring
from eqsurvey.workflows.form_app import create_app
from tests.integration.web.conftest import Form, stored

SURVEY = "musterstadt-2026"


def _at_district_page(client: TestClient) -> Form:
    form = Form(client)
    form.post("start")
    form.post("next", {"ms_consent": "yes"})
    return form


def _tampered(state: str) -> str:
    middle = len(state) // 2
    return state[:middle] + ("A" if state[middle] != "A" else "B") + state[middle + 1 :]


HOSTILE: dict[str, Callable[[TestClient, Form], object]] = {
    "unknown option code": lambda c, f: c.post(
        "/form", data={"_state": f.state, "_action": "next", "ms_district": "mitte"}
    ),
    "unknown field": lambda c, f: c.post("/form", data={"_state": f.state, "_action": "next", "is_admin": "1"}),
    "two values for one radio group": lambda c, f: c.post(
        "/form", data={"_state": f.state, "_action": "next", "ms_district": ["altstadt", "nordstadt"]}
    ),
    "an option ticked twice": lambda c, f: c.post(
        "/form", data={"_state": f.state, "_action": "next", "gi_gender": ["woman", "woman"]}
    ),
    "unknown action": lambda c, f: c.post("/form", data={"_state": f.state, "_action": "submit"}),
    "unknown language": lambda c, f: c.post("/form", data={"_state": f.state, "_action": "lang:fr"}),
    "tampered state": lambda c, f: c.post("/form", data={"_state": _tampered(f.state), "_action": "next"}),
    "no state": lambda c, f: c.post("/form", data={"_action": "next", "ms_district": "altstadt"}),
    "two states": lambda c, f: c.post("/form", data={"_state": [f.state, f.state], "_action": "next"}),
    "the form's former field names": lambda c, f: c.post(
        "/form", data={"state": f.state, "action": "next", "ms_district": "altstadt"}
    ),
    "former names beside the new": lambda c, f: c.post(
        "/form", data={"_state": f.state, "_action": "next", "state": f.state, "action": "submit"}
    ),
    "multipart upload": lambda c, f: c.post(
        "/form", data={"_state": f.state, "_action": "next"}, files={"ms_district": ("x.txt", b"altstadt")}
    ),
    "oversize body": lambda c, f: c.post(
        "/form", data={"_state": f.state, "_action": "next", "gi_self_description": "x" * 1_100_000}
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_posts_get_an_error_page_and_store_nothing(name: str, client: TestClient, keyed: Path) -> None:
    form = _at_district_page(client)
    response = HOSTILE[name](client, form)
    assert isinstance(response, type(form.page))
    assert response.status_code in (400, 413, 415), response.text
    assert "nichts gespeichert" in response.text
    assert "Traceback" not in response.text
    assert stored(keyed, SURVEY) == []


def test_a_post_without_the_cookie_is_refused(client: TestClient, keyed: Path) -> None:
    form = _at_district_page(client)
    client.cookies.clear()
    response = client.post("/form", data={"_state": form.state, "_action": "next", "ms_district": "altstadt"})
    assert response.status_code == 403 and "Cookies" in response.text


def test_a_state_opens_in_another_process_of_the_survey_and_not_under_another_secret(
    client: TestClient, keyed: Path
) -> None:
    form = _at_district_page(client)
    with TestClient(create_app(keyed)) as other:  # another server process: the same project, the same secret file
        other.cookies.update(dict(client.cookies))
        moved = other.post("/form", data={"_state": form.state, "_action": "next", "ms_district": "altstadt"})
        assert moved.status_code == 200 and 'name="_state"' in moved.text, moved.text
    # A secret file made anew (say, lost and recreated): states sealed before open nowhere, as if forged.
    keyring = Keyring(keyed / "keys")
    keyring.form_state_file.write_text(StateSecrets.new().to_json(), encoding="utf-8")
    refused = client.post("/form", data={"_state": form.state, "_action": "next"})
    assert refused.status_code == 400 and "verändert" in refused.text
    with TestClient(create_app(keyed, state_ttl=-5)) as short:
        expired = Form(short).post("start", expect=400)
    assert "abgelaufen" in expired.text


def test_replaying_the_final_post_stores_nothing_twice(client: TestClient, keyed: Path) -> None:
    form = _at_district_page(client)
    while 'value="submit"' not in form.page.text:
        form.post("next")
    finish = form.state
    assert "Vielen Dank" in form.post("submit").text
    replay = client.post("/form", data={"_state": finish, "_action": "submit"})
    assert replay.status_code == 409 and "Bereits abgesendet" in replay.text
    assert len(stored(keyed, SURVEY)) == 1


def test_security_headers_on_every_response(client: TestClient) -> None:
    form = Form(client)
    welcome = form.page
    for response in (welcome, client.get("/static/form.css"), client.get("/nowhere"), form.post("start")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in response.headers
    assert client.get("/nowhere").status_code == 404
    assert client.get("/static/form.css").headers["content-type"].startswith("text/css")
    assert welcome.headers["cache-control"] == "no-store"
    cookie = welcome.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    # Nothing is loaded from elsewhere, and there is no script at all.
    for page in (welcome, form.page):
        assert not re.search(r'(src|href)="(https?:)?//', page.text) and "<script" not in page.text
        assert "<style" not in page.text and "style=" not in page.text


def test_behind_tls_hsts_and_host_only_secure_cookie(keyed: Path) -> None:
    with TestClient(create_app(keyed, secure=True), base_url="https://testserver") as client:
        page = client.get("/")
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert (
            page.headers["set-cookie"].startswith("__Host-eqs_csrf=") and "secure" in page.headers["set-cookie"].lower()
        )
        Form(client).post("start")


def test_selection_limits_numbers_and_escaping(small: Path) -> None:
    with TestClient(create_app(small)) as client:
        form = Form(client)
        form.post("start")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in form.page.text and "<script>" not in form.page.text
        form.post("next", {"gender": ["woman", "man", "trans"], "age": "zwölf"}, expect=422)
        assert "Bitte kreuzen Sie höchstens 2 Antworten an." in form.page.text
        assert "Bitte geben Sie eine Zahl in Ziffern ein" in form.page.text
        form.post("next", {"gender": ["woman", "none"], "age": "16,5"}, expect=422)
        assert "„keine davon“ allein" in form.page.text and "ganze Zahl" in form.page.text
        form.post("next", {"gender": ["woman"], "age": "100"}, expect=422)
        assert "Bitte geben Sie eine Zahl von 16 bis 99 ein." in form.page.text
        form.post("next", {"gender": ["woman", "trans"], "age": " 42 "})
        assert "Vielen Dank" in form.post("submit").text
    ((_, answers),) = stored(small, "test-survey")
    assert answers == {"gender": ["woman", "trans"], "age": 42}

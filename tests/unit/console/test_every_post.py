"""Every form of the console, hostile: without its session's token, with a forged one, of the wrong type,
too large, or from another site. Each is refused, and neither the project's files nor its store change.

The forms are found from the application's routes, so a section added later is covered without
being listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from eqsurvey.console.app import create_console
from tests.support.console import LINK_TOKEN, TEST_HOSTS, TEST_PORT
from tests.support.console_project import state_of

SMALL_BODY = 64 * 1024
pytestmark = pytest.mark.slow  # a surveyed project copied for every form: about 15 s in all


def _post_paths() -> list[str]:
    app = create_console(Path.cwd(), port=TEST_PORT, link_token=LINK_TOKEN, hosts=TEST_HOSTS)
    paths = []
    for route in app.routes:
        if isinstance(route, Route) and route.methods and "POST" in route.methods:
            paths.append(re.sub(r"\{[^}]+\}", "x", route.path))
    return sorted(paths)


POSTS = _post_paths()


def _opened(project: Path) -> tuple[TestClient, str]:
    app = create_console(project, port=TEST_PORT, link_token=LINK_TOKEN, hosts=TEST_HOSTS, max_body_bytes=SMALL_BODY)
    client = TestClient(app, base_url="http://testserver")
    client.get(f"/open?token={LINK_TOKEN}")
    (session,) = app.state.console.gate._sessions.values()
    return client, session.csrf


def test_the_console_has_forms_to_attack() -> None:
    assert {"/project", "/keys"} <= set(POSTS)


@pytest.mark.parametrize("path", POSTS)
def test_hostile_posts_are_refused_and_change_nothing(surveyed: Path, path: str) -> None:
    before = state_of(surveyed)
    client, csrf = _opened(surveyed)
    fields = {
        "folder": "neu",
        "passphrase": "five quiet words for the console",
        "confirm": "yes",
        "example": "musterstadt",
    }
    with client:
        assert client.post(path, data=fields, follow_redirects=False).status_code == 403  # no token
        assert client.post(path, data={**fields, "csrf": "forged"}, follow_redirects=False).status_code == 403
        assert client.post(path, data={**fields, "csrf": [csrf, csrf]}, follow_redirects=False).status_code == 403
        as_json = client.post(path, json={**fields, "csrf": csrf}, follow_redirects=False)
        assert as_json.status_code == 415
        large = client.post(path, data={**fields, "csrf": csrf, "pad": "x" * (SMALL_BODY + 1)}, follow_redirects=False)
        assert large.status_code == 413
        elsewhere = client.post(path, data={**fields, "csrf": csrf}, headers={"origin": "http://evil.example"})
        assert elsewhere.status_code == 403
        files = {"upload": ("export.csv", b"id,answer\n1,2\n", "text/csv")}
        forged_upload = client.post(path, data={**fields, "csrf": "forged"}, files=files, follow_redirects=False)
        assert forged_upload.status_code in (403, 415)
    assert state_of(surveyed) == before
    assert not (surveyed.parent / "neu").exists()


@pytest.mark.parametrize("path", POSTS)
def test_without_the_session_no_form_is_even_read(surveyed: Path, path: str) -> None:
    before = state_of(surveyed)
    app = create_console(surveyed, port=TEST_PORT, link_token=LINK_TOKEN, hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://testserver") as client:
        answer = client.post(path, data={"csrf": "x", "folder": "neu"}, follow_redirects=False)
        assert answer.status_code == 403
    assert state_of(surveyed) == before

"""The console's frame: the one-time link, the session it opens, refused requests, creating a project and keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.config import CONFIG_NAME
from eqsurvey.console.app import create_console
from tests.support.console import LINK_TOKEN, TEST_HOSTS, TEST_PORT, open_console


def _app(folder: Path):  # type: ignore[no-untyped-def]
    return create_console(folder, port=TEST_PORT, link_token=LINK_TOKEN, sections=(), hosts=TEST_HOSTS)


def test_the_link_opens_one_session_once(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path), base_url="http://testserver") as client:
        assert client.get("/").status_code == 403  # nothing without the link
        opened = client.get(f"/open?token={LINK_TOKEN}", follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/"
        cookie = opened.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert client.get("/").status_code == 200
        other = TestClient(client.app, base_url="http://testserver")
        again = other.get(f"/open?token={LINK_TOKEN}", follow_redirects=False)
        assert again.status_code == 403  # spent: a copied link opens nothing
        assert other.get("/").status_code == 403


def test_a_wrong_token_opens_nothing_and_spends_nothing(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path), base_url="http://testserver") as client:
        assert client.get("/open?token=guess", follow_redirects=False).status_code == 403
        assert client.get(f"/open?token={LINK_TOKEN}", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:9999", ""])
def test_requests_for_another_host_are_refused(tmp_path: Path, host: str) -> None:
    with TestClient(_app(tmp_path), base_url="http://testserver") as client:
        client.get(f"/open?token={LINK_TOKEN}")
        assert client.get("/", headers={"host": host}).status_code == 421


def test_a_post_from_another_origin_is_refused_before_anything(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        answer = console.post("/project", {"folder": "neu"}, headers={"origin": "http://evil.example"})
        assert answer.status_code == 403
        assert not (tmp_path / "neu").exists()


def test_every_page_has_strict_headers(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        page = console.client.get("/")
        assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self' covers scripts
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["cache-control"] == "no-store"


def test_creating_a_project_from_the_example(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        made = console.post("/project", {"folder": "vielfalt-2027", "example": "musterstadt"})
        assert made.status_code == 303
        assert (tmp_path / "vielfalt-2027" / CONFIG_NAME).is_file()
        overview = console.client.get("/")
        assert "vielfalt-2027" in overview.text and "Musterstadt" in overview.text


@pytest.mark.parametrize("folder", ["", "../outside", "a/b", "x" * 81, ".."])
def test_a_bad_folder_name_is_shown_at_its_field_and_creates_nothing(tmp_path: Path, folder: str) -> None:
    with open_console(tmp_path / "here", sections=()) as console:
        (tmp_path / "here").mkdir(exist_ok=True)
        answer = console.post("/project", {"folder": folder, "example": "musterstadt"})
        assert answer.status_code == 422
        assert 'aria-invalid="true"' in answer.text and 'href="#field-folder"' in answer.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]
    assert list((tmp_path / "here").iterdir()) == []


def test_an_unknown_example_is_a_clear_problem(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        answer = console.post("/project", {"folder": "neu", "example": "nowhere"})
        assert answer.status_code == 422 and "there is no example" in answer.text
        assert not (tmp_path / "neu").exists()


@pytest.mark.parametrize(
    "tamper",
    [
        {"csrf": ""},
        {"csrf": "forged-token"},
    ],
)
def test_a_post_without_the_session_token_changes_nothing(tmp_path: Path, tamper: dict[str, str]) -> None:
    with open_console(tmp_path, sections=()) as console:
        answer = console.client.post("/project", data={"folder": "neu", **tamper}, follow_redirects=False)
        assert answer.status_code == 403
        assert not (tmp_path / "neu").exists()


def test_a_post_of_the_wrong_type_or_too_large_changes_nothing(tmp_path: Path) -> None:
    app = create_console(
        tmp_path, port=TEST_PORT, link_token=LINK_TOKEN, sections=(), hosts=TEST_HOSTS, max_body_bytes=4096
    )
    with TestClient(app, base_url="http://testserver") as client:
        client.get(f"/open?token={LINK_TOKEN}")
        (session,) = app.state.console.gate._sessions.values()
        as_json = client.post("/project", json={"folder": "neu", "csrf": session.csrf})
        assert as_json.status_code == 415
        large = client.post("/project", data={"folder": "neu", "csrf": session.csrf, "pad": "x" * 10_000})
        assert large.status_code == 413
        upload = client.post("/project", data={"folder": "neu", "csrf": session.csrf}, files={"f": ("a.txt", b"a")})
        assert upload.status_code == 415  # this form takes no files
    assert not (tmp_path / "neu").exists()


def test_keys_are_made_with_the_passphrase_typed_twice_and_audited(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        console.post("/project", {"folder": "p", "example": "musterstadt"})
        differs = console.post("/keys", {"passphrase": "a long passphrase of words", "passphrase_repeat": "another"})
        assert differs.status_code == 422 and 'id="field-passphrase_repeat"' in differs.text
        assert not (tmp_path / "p" / "keys" / "private").exists()
        weak = console.post("/keys", {"passphrase": "short", "passphrase_repeat": "short"})
        assert weak.status_code == 422
        phrase = "correct horse battery staple river"
        made = console.post("/keys", {"passphrase": phrase, "passphrase_repeat": phrase})
        assert made.status_code == 303
        page = console.client.get("/")
        assert "key" in page.text.lower() and phrase not in page.text
    assert list((tmp_path / "p" / "keys" / "private").iterdir())
    from eqsurvey.config import load_project
    from eqsurvey.resources import project_store

    store = project_store(load_project(tmp_path / "p"))
    try:
        assert [entry.action for entry in store.audit_log()].count("key-init") == 1
    finally:
        store.close()


def test_language_switch_stays_inside_the_console(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        switched = console.client.get("/language/en?back=//evil.example/x", follow_redirects=False)
        assert switched.headers["location"] == "/"
        page = console.client.get("/")
        assert '<html lang="en">' in page.text and "Create a survey project" in page.text
        console.client.get("/language/de?back=/")
        assert "Befragungsprojekt anlegen" in console.client.get("/").text


def test_an_unknown_job_is_a_page_not_an_error(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        assert console.client.get("/jobs/nothing").status_code == 404


def test_the_overview_follows_the_instrument_file_when_it_changes(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=()) as console:
        console.post("/project", {"folder": "p", "example": "musterstadt"})
        console.client.get("/language/en?back=/")
        first = console.client.get("/").text
        path = tmp_path / "p" / "instrument.yaml"
        text = path.read_text(encoding="utf-8")
        assert "Musterstadt" in first
        path.write_text(text.replace("Musterstadt", "Beispielhausen"), encoding="utf-8")
        second = console.client.get("/").text
        assert "Beispielhausen" in second and "Musterstadt" not in second.split("<main", 1)[1]


def test_the_overview_says_who_approved_this_version_and_forgets_it_when_the_content_changes(tmp_path: Path) -> None:
    from instruments.loader import load_instrument
    from instruments.review import append_review, new_review

    with open_console(tmp_path, sections=()) as console:
        console.post("/project", {"folder": "p", "example": "musterstadt"})
        console.client.get("/language/en?back=/")
        assert "no partner has reviewed this version yet" in console.client.get("/").text
        path = tmp_path / "p" / "instrument.yaml"
        append_review(
            tmp_path / "p" / "reviews.jsonl",
            new_review(load_instrument(path).instrument, "Migrationsbeirat", "approve", None),
        )
        assert "approved by Migrationsbeirat" in console.client.get("/").text
        path.write_text(path.read_text(encoding="utf-8").replace("Musterstadt", "Beispielhausen"), encoding="utf-8")
        assert "no partner has reviewed this version yet" in console.client.get("/").text

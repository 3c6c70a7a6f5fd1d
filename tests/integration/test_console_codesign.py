"""The console's co-design section on a real project: links, partners' notes, comments per version and question.

Through Starlette's TestClient with the console's session (its one-time link spent), on a project made by
the real commands; the partner's side is the survey server's review pages on the same project folder.
Every refused post (no or forged CSRF token, wrong type, oversize, a bad bundle, a wrong passphrase)
changes nothing: no link, no review, no merge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.config import load_project
from eqsurvey.workflows.form_app import create_app
from eqsurvey.workflows.partners import partner_links, unreceived
from instruments.review import read_reviews
from tests.support.cli import Eqsurvey
from tests.support.console import OpenConsole, open_console

PASS = "console codesign passphrase"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey = Eqsurvey(tmp_path)
    eqsurvey("init", "proj", "--example", "musterstadt")
    eqsurvey.cwd = tmp_path / "proj"
    eqsurvey("keys", "init")
    monkeypatch.delenv("EQSURVEY_PASSPHRASE")  # the console asks in the page, never from the environment
    return eqsurvey.cwd


@pytest.fixture
def console(project: Path) -> Iterator[OpenConsole]:
    with open_console(project) as opened:
        opened.client.get("/language/en")
        yield opened


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _invite(console: OpenConsole, organisation: str) -> str:
    answer = console.post("/codesign/invite", {"organisation": organisation, "url": "https://umfrage.example.de"})
    assert answer.status_code == 200, answer.text
    found = re.search(r'id="link-value" type="text" readonly value="([^"]+)"', answer.text)
    assert found, answer.text
    return found.group(1)


def _partner_sends(project: Path, link: str, **fields: str) -> None:
    path = link.removeprefix("https://umfrage.example.de")
    with TestClient(create_app(project), headers={"accept-language": "en"}) as server:
        page = server.get(path)
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found, page.text
        sent = server.post(path, data={"csrf": found.group(1), "lang": "en", **fields}, follow_redirects=False)
        assert sent.status_code == 303, sent.text


def test_invite_shows_the_link_once_and_the_list_never(console: OpenConsole, project: Path) -> None:
    link = _invite(console, "Migrationsbeirat")
    token = link.rsplit("/", 1)[1]
    page = console.client.get("/codesign")
    assert page.status_code == 200 and token not in page.text
    text = _text(page.text)
    assert "Migrationsbeirat Version 1.0.0" in text and "open" in text
    assert [k.organisation for k in partner_links(load_project(project))] == ["Migrationsbeirat"]


def test_a_partner_comments_and_approves_and_the_console_shows_it_after_opening_the_notes(
    console: OpenConsole, project: Path
) -> None:
    link = _invite(console, "Migrationsbeirat")
    _partner_sends(project, link, question="gi_self_description", decision="changes", comment="Bitte kürzer")
    _partner_sends(project, link, question="", decision="approve", comment="")
    before = _text(console.client.get("/codesign").text)
    assert "Notes that have arrived and are not yet opened: 2." in before and "Bitte kürzer" not in before
    wrong = console.post("/codesign/receive", {"passphrase": "not the passphrase"})
    assert wrong.status_code == 422 and 'id="problem-passphrase-1"' in wrong.text
    assert not load_project(project).reviews_path.exists()
    opened = console.post("/codesign/receive", {"passphrase": PASS})
    assert opened.status_code == 303 and opened.headers["location"] == "/codesign"
    after = _text(console.client.get("/codesign").text)
    assert "Notes opened and added to the reviews: 2." in after
    assert "Present content: version 1.0.0" in after
    assert "Migrationsbeirat approved" in after  # the standing: the later approval
    assert "Migrationsbeirat: asked for changes , on question 6:" in after and "Bitte kürzer" in after
    per_question = _text(console.client.get("/codesign/questions").text)
    question_6 = per_question.split("Question 6:", 1)[1].split("Question 7:", 1)[0]
    assert "Migrationsbeirat: asked for changes" in question_6 and "Bitte kürzer" in question_6
    whole = per_question.split("The questionnaire as a whole", 1)[1].split("Question 1:", 1)[0]
    assert "Migrationsbeirat: approved" in whole
    assert [r.decision for r in read_reviews(load_project(project).reviews_path)] == ["changes", "approve"]


def test_earlier_content_is_shown_apart_from_the_present_one(console: OpenConsole, project: Path) -> None:
    link = _invite(console, "Verein Vielfalt")
    _partner_sends(project, link, question="", decision="approve", comment="")
    assert console.post("/codesign/receive", {"passphrase": PASS}).status_code == 303
    instrument = project / "instrument.yaml"
    instrument.write_text(instrument.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0", 1))
    text = _text(console.client.get("/codesign").text)
    present, earlier = text.split("Present content: version 1.1.0", 1)[1].split("Earlier content: version 1.0.0", 1)
    assert "No organisation has reviewed this content yet." in present
    assert "Verein Vielfalt approved" in earlier
    assert "open, for an earlier content" in text  # the link still names the content it was made for
    assert "earlier content, version 1.0.0" in _text(console.client.get("/codesign/questions").text)


def test_revoke_stops_the_link(console: OpenConsole, project: Path) -> None:
    link = _invite(console, "Frauenhaus e.V.")
    answer = console.post("/codesign/revoke", {"organisation": "Frauenhaus e.V."})
    assert answer.status_code == 303
    assert "The link of Frauenhaus e.V. no longer works." in console.client.get("/codesign").text
    with TestClient(create_app(project)) as server:
        assert server.get(link.removeprefix("https://umfrage.example.de")).status_code == 404


def test_the_partners_file_goes_down_and_comes_back(console: OpenConsole, project: Path) -> None:
    _invite(console, "Migrationsbeirat")
    download = console.client.get("/codesign/partners.json")
    assert download.status_code == 200 and 'filename="partners.json"' in download.headers["content-disposition"]
    assert '"format": "eqsurvey-partners-bundle"' in download.text
    files = {"bundle": ("partners.json", download.content, "application/json")}
    merged = console.client.post("/codesign/merge", data={"csrf": console.csrf}, files=files, follow_redirects=False)
    assert merged.status_code == 303
    assert "Taken in: 0 link change(s) and 0 new note(s)." in console.client.get("/codesign").text
    bad = {"bundle": ("partners.json", b'{"format": "x"}', "application/json")}
    refused = console.client.post("/codesign/merge", data={"csrf": console.csrf}, files=bad)
    assert refused.status_code == 422 and 'id="problem-bundle-1"' in refused.text
    none = console.client.post("/codesign/merge", data={"csrf": console.csrf}, files={"other": ("a", b"x")})
    assert none.status_code == 422 and "Please choose a partners&#39; file." in none.text


@pytest.mark.parametrize(
    ("organisation", "url", "words"),
    [("", "https://x.example", "not an organisation"), ("x" * 201, "https://x.example", "not an organisation"),
     ("Verein", "ftp://x.example", "not a web address")],
)  # fmt: skip
def test_an_invitation_that_does_not_check_names_the_field_and_makes_no_link(
    console: OpenConsole, project: Path, organisation: str, url: str, words: str
) -> None:
    answer = console.post("/codesign/invite", {"organisation": organisation, "url": url})
    assert answer.status_code == 422 and words in answer.text
    assert 'id="problem-organisation-1"' in answer.text or 'id="problem-url-1"' in answer.text
    assert partner_links(load_project(project)) == []


def test_hostile_posts_change_nothing(console: OpenConsole, project: Path) -> None:
    link = _invite(console, "Migrationsbeirat")
    _partner_sends(project, link, question="", decision="approve", comment="")
    fields = {"organisation": "Eingeschleust", "url": "https://x.example"}
    for path in ("/codesign/invite", "/codesign/revoke", "/codesign/receive"):
        no_token = console.client.post(path, data=fields, follow_redirects=False)
        forged = console.client.post(path, data={**fields, "csrf": "f" * 43}, follow_redirects=False)
        as_json = console.client.post(path, json={**fields, "csrf": console.csrf}, follow_redirects=False)
        huge = console.post(path, {**fields, "organisation": "x" * 200_000})
        assert (no_token.status_code, forged.status_code, as_json.status_code) == (403, 403, 415), path
        assert huge.status_code == 413, path
    upload = console.client.post("/codesign/merge", files={"bundle": ("p.json", b"{}", "application/json")})
    assert upload.status_code == 403
    links = partner_links(load_project(project))
    assert [(k.organisation, k.revoked) for k in links] == [("Migrationsbeirat", False)]
    assert unreceived(load_project(project)) == 1 and not load_project(project).reviews_path.exists()

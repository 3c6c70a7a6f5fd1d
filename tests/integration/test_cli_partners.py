"""``eqsurvey instrument partners …`` through the real command, with the server as a copy without the private key.

Links are made on the analysts' computer and carried to the server as keyed hashes in a partners' bundle;
a partner sends notes on the server's review pages; the server's bundle carries them back sealed; the
analysts take them into reviews.jsonl with their private key. The token is printed once and stored nowhere.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from instruments.review import read_reviews
from tests.support.cli import Eqsurvey

PASS = "partners test passphrase"
URL = "https://umfrage.example.de"


@pytest.fixture
def sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Eqsurvey, Eqsurvey]:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    analysts = Eqsurvey(tmp_path)
    analysts("init", "proj", "--example", "musterstadt")
    analysts.cwd = tmp_path / "proj"
    analysts("keys", "init")
    server_root = tmp_path / "server"
    shutil.copytree(analysts.cwd, server_root, ignore=shutil.ignore_patterns("private", "data"))
    return analysts, Eqsurvey(server_root)


def _note(server: Path, path: str, **fields: str) -> int:
    with TestClient(create_app(server), headers={"accept-language": "en"}) as client:
        page = client.get(path)
        if page.status_code != 200:
            return page.status_code
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found
        sent = client.post(path, data={"csrf": found.group(1), "lang": "en", **fields}, follow_redirects=False)
        return sent.status_code


def test_a_partner_reviews_on_the_server_and_the_note_reaches_the_analysts(sides: tuple[Eqsurvey, Eqsurvey]) -> None:
    analysts, server = sides
    run = analysts("instrument", "partners", "invite", "Migrationsbeirat", "--url", URL + "/")
    link = run.stdout.strip()
    assert re.fullmatch(re.escape(URL) + r"/review/[A-Za-z0-9_-]{32}", link), run.stdout
    assert "shown only now" in run.stderr
    token = link.rsplit("/", 1)[1]
    analysts("instrument", "partners", "bundle", "-o", "links.json")
    assert token not in (analysts.cwd / "links.json").read_text(encoding="utf-8")
    assert token.encode() not in (analysts.cwd / "data" / "partners.sqlite").read_bytes()
    path = link.removeprefix(URL)
    assert _note(server.cwd, path, decision="approve") == 404  # the server does not know the link yet
    shutil.copy(analysts.cwd / "links.json", server.cwd / "links.json")
    assert "merged 1 link change(s)" in server("instrument", "partners", "merge", "links.json").stderr
    assert _note(server.cwd, path, decision="changes", question="gi_self_description", comment="Bitte kürzer") == 303
    assert _note(server.cwd, path, decision="approve", comment="") == 303
    refused = server("instrument", "partners", "receive", expect=1)  # the server holds no private key
    assert "private key" in refused.stderr and not (server.cwd / "reviews.jsonl").exists()
    server("instrument", "partners", "bundle", "-o", "notes.json")
    assert "Bitte kürzer" not in (server.cwd / "notes.json").read_text(encoding="utf-8")
    shutil.copy(server.cwd / "notes.json", analysts.cwd / "notes.json")
    assert "2 new sealed note(s)" in analysts("instrument", "partners", "merge", "notes.json").stderr
    assert "2 partner note(s) not yet in reviews.jsonl" in analysts("instrument", "partners", "list").stderr
    received = analysts("instrument", "partners", "receive")
    assert "appended 2 partner note(s)" in received.stderr
    reviews = read_reviews(analysts.cwd / "reviews.jsonl")
    assert [(r.by, r.decision, r.question, r.comment) for r in reviews] == [
        ("Migrationsbeirat", "changes", "gi_self_description", "Bitte kürzer"),
        ("Migrationsbeirat", "approve", None, None),
    ]
    assert "no new partner notes" in analysts("instrument", "partners", "receive").stderr
    analysts("instrument", "partners", "merge", "notes.json")  # again: nothing new, nothing appended twice
    analysts("instrument", "partners", "receive")
    assert len(read_reviews(analysts.cwd / "reviews.jsonl")) == 2
    listed = analysts("instrument", "review").stdout
    assert "Migrationsbeirat: approve v1.0.0" in listed and "Bitte kürzer" in listed
    assert "Migrationsbeirat: changes on gi_self_description v1.0.0" in listed
    assert "approved for this exact content by: Migrationsbeirat" in analysts("instrument", "validate").stdout


def test_a_revocation_travels_to_the_server_and_is_never_undone(sides: tuple[Eqsurvey, Eqsurvey]) -> None:
    analysts, server = sides
    link = analysts("instrument", "partners", "invite", "Verein Vielfalt").stdout.strip()
    analysts("instrument", "partners", "bundle", "-o", "open.json")
    shutil.copy(analysts.cwd / "open.json", server.cwd / "open.json")
    server("instrument", "partners", "merge", "open.json")
    path = link.removeprefix("http://127.0.0.1:8000")
    assert _note(server.cwd, path, decision="comment", comment="Gut") == 303
    assert "revoked 1 review link(s)" in analysts("instrument", "partners", "revoke", "Verein Vielfalt").stderr
    assert "no open review link" in analysts("instrument", "partners", "revoke", "Verein Vielfalt", expect=1).stderr
    analysts("instrument", "partners", "bundle", "-o", "revoked.json")
    shutil.copy(analysts.cwd / "revoked.json", server.cwd / "revoked.json")
    server("instrument", "partners", "merge", "revoked.json")
    server("instrument", "partners", "merge", "open.json")  # the older bundle does not reopen it
    assert _note(server.cwd, path, decision="approve") == 404
    listed = json.loads(server("instrument", "partners", "list", "--json").stdout)
    assert [(k["organisation"], k["revoked"]) for k in listed] == [("Verein Vielfalt", True)]


def test_bundles_of_another_project_or_damaged_ones_are_refused_and_merge_nothing(
    sides: tuple[Eqsurvey, Eqsurvey], tmp_path: Path
) -> None:
    analysts, server = sides
    analysts("instrument", "partners", "invite", "Migrationsbeirat")
    analysts("instrument", "partners", "bundle", "-o", "links.json")
    other = Eqsurvey(tmp_path)
    other("init", "other", "--example", "musterstadt")
    other.cwd = tmp_path / "other"
    other("keys", "init")
    shutil.copy(analysts.cwd / "links.json", other.cwd / "links.json")
    refused = other("instrument", "partners", "merge", "links.json", expect=1)
    assert "another project" in refused.stderr and "nothing was merged" in refused.stderr
    assert (
        not (other.cwd / "data" / "partners.sqlite").exists()
        or other("instrument", "partners", "list", "--json").stdout.strip() == "[]"
    )
    bundle = json.loads((analysts.cwd / "links.json").read_text(encoding="utf-8"))
    bundle["links"][0]["link_hash"] = "not a hash"
    (server.cwd / "bad.json").write_text(json.dumps(bundle), encoding="utf-8")
    bad = server("instrument", "partners", "merge", "bad.json", expect=1)
    assert "links.0.link_hash" in bad.stderr and "bad.json" in bad.stderr
    (server.cwd / "bad.json").write_bytes(b"\xff\xfe")
    assert "not UTF-8" in server("instrument", "partners", "merge", "bad.json", expect=1).stderr
    assert server("instrument", "partners", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "Verein\x00X"])
def test_an_organisation_name_that_is_not_one_is_refused(sides: tuple[Eqsurvey, Eqsurvey], name: str) -> None:
    analysts, _ = sides
    run = analysts("instrument", "partners", "invite", name, expect=1)
    assert "organisation" in run.stderr and not run.stdout.strip()


@pytest.mark.slow  # a release of simulated responses
def test_an_approval_from_a_link_is_named_in_the_report(sides: tuple[Eqsurvey, Eqsurvey]) -> None:
    analysts, _ = sides
    link = analysts("instrument", "partners", "invite", "Migrationsbeirat").stdout.strip()
    assert _note(analysts.cwd, link.removeprefix("http://127.0.0.1:8000"), decision="approve") == 303
    analysts("instrument", "partners", "receive")
    analysts("responses", "simulate", "--n", "400", "--seed", "2", "-o", "r.csv")
    analysts("responses", "import", "r.csv")
    release = json.loads(analysts("release", "--yes", "--json").stdout)["id"]
    analysts("report", "build", release, "--lang", "en", "-o", "report.html")
    html = (analysts.cwd / "report.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Migrationsbeirat approved version 1.0.0 of the questionnaire (content" in text

"""Partners' review pages on the survey's server: a real project, its partners' file, Starlette's TestClient.

A partner reads the questionnaire and the planned tables from their link and sends notes, sealed at once;
every hostile or broken post (forged or revoked token, no CSRF, wrong type, oversize, unknown fields, bad
values) is answered with a page and stores nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from eqsurvey.config import load_project
from eqsurvey.workflows.form_app import create_app
from eqsurvey.workflows.partners import invite, partners_path, receive, revoke
from instruments.review import read_reviews
from tests.support.web_form import PASS

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Partner:
    project: Path
    client: TestClient
    path: str
    """``/review/<token>``."""

    def page(self, lang: str = "en") -> str:
        response = self.client.get(f"{self.path}?lang={lang}")
        assert response.status_code == 200, response.text
        return response.text

    def csrf(self) -> str:
        found = _CSRF.search(self.page())
        assert found
        return found.group(1)

    def notes(self) -> int:
        file = partners_path(load_project(self.project))
        with sqlite3.connect(file) as db:
            (count,) = db.execute("SELECT count(*) FROM partner_notes").fetchone()
        return int(count)


@pytest.fixture
def partner(keyed: Path) -> Iterator[Partner]:
    invited = invite(load_project(keyed), "Migrationsbeirat")
    with TestClient(create_app(keyed), headers={"accept-language": "en"}) as client:
        yield Partner(keyed, client, invited.url.removeprefix("http://127.0.0.1:8000"))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_partner_reads_the_questionnaire_and_the_planned_tables_in_each_language(partner: Partner) -> None:
    en = _text(partner.page("en"))
    assert "Review of the questionnaire" in en and "For: Migrationsbeirat" in en and "Version 1.0.0" in en
    assert "Which of the following terms do you use to describe yourself?" in en  # a question of the example
    assert "Discrimination in the past 12 months by racialisation" in en  # a planned table's label
    assert "Groups of fewer than 20 people are never shown" in en
    de = _text(partner.page("de"))
    assert "Prüfung des Fragebogens" in de and "Für: Migrationsbeirat" in de
    assert "Diskriminierung in den letzten 12 Monaten nach rassistischer Markierung" in de
    assert "Gruppen mit weniger als 20 Personen werden nie gezeigt" in de
    html = partner.page("en")
    assert "<script" not in html and 'href="http' not in html and "style=" not in html
    assert partner.notes() == 0


def test_a_note_on_a_question_and_an_approval_are_sealed_and_reach_reviews_jsonl(partner: Partner) -> None:
    csrf = partner.csrf()
    first = {"csrf": csrf, "lang": "de", "question": "gi_self_description", "decision": "changes",
             "comment": "Bitte „divers“ als eigene Option"}  # fmt: skip
    sent = partner.client.post(partner.path, data=first, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].endswith("?lang=de&sent=1")
    assert "Ihre Rückmeldung ist eingegangen" in partner.client.get(sent.headers["location"]).text
    approve = {"csrf": csrf, "lang": "en", "question": "", "decision": "approve", "comment": ""}
    assert partner.client.post(partner.path, data=approve, follow_redirects=False).status_code == 303
    assert partner.notes() == 2
    stored = partners_path(load_project(partner.project)).read_bytes()
    assert b"divers" not in stored and b"Migrationsbeirat" in stored  # the link's name; the note is sealed
    from anonymize.keys.keyring import Keyring

    project = load_project(partner.project)
    added = receive(project, Keyring(project.keys_dir).private_keys(PASS))
    assert [(r.by, r.decision, r.question, r.comment) for r in added] == [
        ("Migrationsbeirat", "changes", "gi_self_description", "Bitte „divers“ als eigene Option"),
        ("Migrationsbeirat", "approve", None, None),
    ]
    assert receive(project, Keyring(project.keys_dir).private_keys(PASS)) == []  # each note once
    assert len(read_reviews(project.reviews_path)) == 2


def _refused(partner: Partner, response_status: int, expected: int, words: str, text: str) -> None:
    assert response_status == expected, text
    assert words in text
    assert partner.notes() == 0


def test_forged_revoked_and_other_surveys_tokens_get_a_clear_page_and_store_nothing(partner: Partner) -> None:
    csrf = partner.csrf()
    note = {"csrf": csrf, "lang": "en", "question": "", "decision": "approve", "comment": ""}
    for path in ("/review/" + "A" * 32, "/review/short", "/review/" + partner.path[-32:].swapcase(), "/review/%00"):
        got = partner.client.get(path)
        _refused(partner, got.status_code, 404, "This review link does not work", got.text)
        posted = partner.client.post(path, data=note)
        _refused(partner, posted.status_code, 404, "Nothing was stored", posted.text)
    revoke(load_project(partner.project), "Migrationsbeirat")
    got = partner.client.get(partner.path)
    _refused(partner, got.status_code, 404, "withdrawn by the survey team", got.text)
    posted = partner.client.post(partner.path, data=note)
    _refused(partner, posted.status_code, 404, "Nothing was stored", posted.text)


def test_posts_without_the_csrf_cookie_or_token_store_nothing(partner: Partner) -> None:
    csrf = partner.csrf()
    note = {"lang": "en", "question": "", "decision": "approve", "comment": "ok"}
    missing = partner.client.post(partner.path, data=note)
    _refused(partner, missing.status_code, 403, "security cookie", missing.text)
    forged = partner.client.post(partner.path, data={**note, "csrf": "f" * 32})
    _refused(partner, forged.status_code, 403, "nothing was stored", forged.text)
    partner.client.cookies.clear()
    no_cookie = partner.client.post(partner.path, data={**note, "csrf": csrf})
    _refused(partner, no_cookie.status_code, 403, "security cookie", no_cookie.text)


def test_wrong_types_unknown_fields_and_oversize_bodies_store_nothing(partner: Partner) -> None:
    csrf = partner.csrf()
    note = {"csrf": csrf, "lang": "en", "question": "", "decision": "approve", "comment": "ok"}
    as_json = partner.client.post(partner.path, json=note)
    _refused(partner, as_json.status_code, 415, "The note could not be read", as_json.text)
    extra = partner.client.post(partner.path, data={**note, "by": "Someone else"})
    _refused(partner, extra.status_code, 400, "The note could not be read", extra.text)
    twice = partner.client.post(partner.path, content=f"csrf={csrf}&decision=approve&decision=changes",
                                headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    _refused(partner, twice.status_code, 400, "The note could not be read", twice.text)
    files = partner.client.post(partner.path, data={"csrf": csrf}, files={"comment": ("a.txt", b"x")})
    assert files.status_code in (400, 415) and partner.notes() == 0
    huge = partner.client.post(partner.path, data={**note, "comment": "x" * 2_000_000})
    assert huge.status_code == 413 and partner.notes() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"decision": "changes", "comment": "  "}, "comment", "Please say what should change."),
        ({"decision": "comment", "comment": ""}, "comment", "Please write a comment or choose a decision."),
        ({"decision": "veto", "comment": "no"}, "decision", "Please choose one of the decisions."),
        ({"question": "no_such_question", "comment": "x"}, "question", "Please choose what the comment is about"),
        ({"comment": "x" * 10_001}, "comment", "The comment is too long: at most 10,000 characters."),
    ],
)
def test_a_note_that_does_not_check_is_shown_again_with_the_problem_next_to_its_field(
    partner: Partner, fields: dict[str, str], field: str, message: str
) -> None:
    note = {"csrf": partner.csrf(), "lang": "en", "question": "", "decision": "comment", **fields}
    response = partner.client.post(partner.path, data=note)
    assert response.status_code == 422
    assert f'id="r-{field}-error"' in response.text and message in response.text
    assert 'aria-invalid="true"' in response.text
    assert partner.notes() == 0


def test_a_link_for_content_no_longer_served_says_so_and_stores_nothing(keyed: Path) -> None:
    invited = invite(load_project(keyed), "Frauenhaus e.V.")
    instrument = keyed / "instrument.yaml"
    instrument.write_text(instrument.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1", 1))
    with TestClient(create_app(keyed), headers={"accept-language": "en"}) as client:
        path = invited.url.removeprefix("http://127.0.0.1:8000")
        got = client.get(path)
        assert got.status_code == 410 and "version 1.0.0" in got.text and "Nothing was stored" in got.text
        assert client.post(path, data={"decision": "approve"}).status_code == 410
    with sqlite3.connect(partners_path(load_project(keyed))) as db:
        assert db.execute("SELECT count(*) FROM partner_notes").fetchone() == (0,)


_VALUES = st.text(max_size=30) | st.sampled_from(["", "approve", "changes", "comment", "gi_self_description", "en"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(fields={"decision": "approve"})
@given(fields=st.dictionaries(st.sampled_from(["lang", "question", "decision", "comment", "by", "x"]), _VALUES))
def test_any_post_is_stored_only_when_it_is_a_note_that_checks(partner: Partner, fields: dict[str, str]) -> None:
    before, csrf = partner.notes(), partner.csrf()
    answer = partner.client.post(partner.path, data={"csrf": csrf, **fields}, follow_redirects=False)
    assert answer.status_code in (303, 400, 422), answer.text
    if fields == {"decision": "approve"}:
        assert answer.status_code == 303
    assert partner.notes() == before + (answer.status_code == 303)
    if answer.status_code == 303:
        comment = fields.get("comment", "").strip()
        assert fields.get("decision", "comment") in ("approve", "changes", "comment")
        assert set(fields) <= {"lang", "question", "decision", "comment"}
        assert comment or fields.get("decision") == "approve"

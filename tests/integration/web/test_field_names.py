"""Questions named like the form's own fields (state, action, code, ...) are asked, answered and stored.

The form names its own fields ``_state``, ``_action`` and ``_code``; a question
id starts with a letter, so a question may be called anything the id grammar
allows. A post that still uses the form's former names is a post the form
cannot have produced: an error page, nothing kept.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from tests.builders import instrument_yaml
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import PASS, Form, stored

SURVEY = "test-survey"

# Every name the form has used or uses for a field of its own, and words near them, as question ids.
QUESTIONS = """\
- id: state
  type: single_choice
  label: {de: Bundesland, en: State}
  options:
    - {code: berlin, label: {de: Berlin, en: Berlin}}
    - {code: bremen, label: {de: Bremen, en: Bremen}}
- id: action
  type: multi_choice
  label: {de: Was haben Sie getan?, en: What did you do?}
  options:
    - {code: next, label: {de: Beschwerde, en: Complaint}}
    - {code: submit, label: {de: Anzeige, en: Report}}
    - {code: back, label: {de: Nichts, en: Nothing}}
- id: code
  type: text
  label: {de: Ihr Kennwort, en: Your code word}
  max_length: 40
- id: csrf
  type: number
  label: {de: Anzahl, en: Count}
  min: 0
  max: 99
- id: lang
  type: single_choice
  label: {de: Familiensprache, en: Family language}
  options:
    - {code: de, label: {de: Deutsch, en: German}}
    - {code: en, label: {de: Englisch, en: English}}
- id: show
  type: matrix
  label: {de: Erlebt bei, en: Experienced at}
  rows:
    - {code: state, label: {de: Behörden, en: Authorities}}
    - {code: action, label: {de: Polizei, en: Police}}
  options:
    - {code: "yes", label: {de: Ja, en: "Yes"}}
    - {code: "no", label: {de: Nein, en: "No"}}
"""

GIVEN = {
    "state": "bremen",
    "action": ["next", "submit"],
    "code": "rot",
    "csrf:declined": "1",
    "lang": "en",
    "show:state": "yes",
    "show:action": "no",
}
STORED = {
    "state": "bremen",
    "action": ["next", "submit"],
    "code": "rot",
    "csrf": "prefer_not_to_say",
    "lang": "en",
    "show": {"state": "yes", "action": "no"},
}


@pytest.fixture
def named(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "named")
    project = tmp_path / "named"
    (project / "instrument.yaml").write_text(instrument_yaml(QUESTIONS), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    return project


def test_questions_named_like_the_forms_fields_are_answered_and_stored(named: Path) -> None:
    with TestClient(create_app(named)) as client:
        form = Form(client)
        form.post("start")
        for qid in ("state", "action", "code", "csrf", "lang", "show"):
            assert form.shows(qid), qid
        # A language switch keeps what was typed on the page, the answers to 'state' and 'action' too.
        form.post("lang:en", GIVEN)
        assert 'value="bremen" checked' in form.page.text and 'value="submit" checked' in form.page.text
        form.post("next", GIVEN)
        assert 'name="_action" value="submit"' in form.page.text, "the page before sending"
        form.post("back")
        assert form.shows("state") and ">rot</textarea>" in form.page.text, "back on the questions, answers kept"
        form.post("next", GIVEN)
        form.post("submit")
    ((_, answers),) = stored(named, SURVEY)
    assert answers == STORED


def test_a_question_named_code_is_asked_after_the_invitation_code(named: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("invitations", "create", "1", "-o", "codes.csv")
    with (named / "codes.csv").open(encoding="utf-8") as f:
        (invitation,) = [row["access_code"] for row in csv.DictReader(f)]
    with TestClient(create_app(named)) as client:
        form = Form(client)
        assert 'name="_code"' in form.page.text and 'name="code"' not in form.page.text
        # The code field's former name is no field of the welcome page: ignored there, like any other, and so
        # the code is asked for again (and not taken).
        asked = form.post("start", {"code": invitation}, expect=422)
        assert 'name="_code" value=""' in asked.text and not form.shows("state")
        form.post("start", {"_code": invitation})
        form.post("next", {"code": "blau", "state": "berlin"})
        form.post("submit")
    ((_, answers),) = stored(named, SURVEY)
    assert answers == {"code": "blau", "state": "berlin"}


FormerNames = Callable[[str], dict[str, object]]
SMUGGLED: dict[str, FormerNames] = {
    "former names alone": lambda sealed: {"state": sealed, "action": "next"},
    "former names beside the new": lambda sealed: {
        "_state": sealed,
        "_action": "next",
        "state": sealed,
        "action": "submit",
    },
    "two answers to 'state'": lambda sealed: {"_state": sealed, "_action": "next", "state": ["berlin", "bremen"]},
    "the code field on a question page": lambda sealed: {"_state": sealed, "_action": "next", "_code": "1234"},
}


@pytest.mark.parametrize("name", list(SMUGGLED))
def test_posts_with_the_forms_former_field_names_are_refused(named: Path, name: str) -> None:
    with TestClient(create_app(named)) as client:
        form = Form(client)
        form.post("start")
        refused = client.post("/form", data=SMUGGLED[name](form.state))
        assert refused.status_code == 400 and "nichts gespeichert" in refused.text, refused.text
        assert stored(named, SURVEY) == []
        form.post("next", {"state": "berlin"})  # the page before is still good
        form.post("submit")
    ((_, answers),) = stored(named, SURVEY)
    assert answers == {"state": "berlin"}

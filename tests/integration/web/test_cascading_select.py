"""pyxform's cascading select (state → county → city), imported and filled in through the web form.

Each county and city is offered under the condition its ``choice_filter`` gave
it: the page shows only the counties of the state answered, a county of
another state is a post the form cannot have produced, and changing the state
afterwards offers that state's counties instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import PASS, Form, stored

FORM = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform" / "pyxform" / "choice_filter_test.xlsx"


@pytest.fixture
def cascade(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Path]]:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "c")
    project = tmp_path / "c"
    eqsurvey.cwd = project
    # pyxform's form as it is: its first question is called 'state', which the web form's own fields are not.
    eqsurvey("instrument", "import", FORM, "-o", project / "instrument.yaml", "--force")
    eqsurvey("keys", "init")
    with TestClient(create_app(project)) as client:
        yield client, project


def offered(form: Form, question: str) -> list[str]:
    return re.findall(rf'type="radio" id="[^"]*" name="{question}" value="([^"]+)"', form.page.text)


def test_each_page_offers_the_choices_of_the_answer_before(cascade: tuple[TestClient, Path]) -> None:
    client, project = cascade
    form = Form(client)
    form.post("start")
    assert offered(form, "state") == ["texas", "washington"] and not form.shows("county")
    # A post as the form's former names would make it: the sealed state under 'state' is no state of the list.
    smuggled = {"_state": form.state, "_action": "next", "state": form.state, "action": "next"}
    assert client.post("/form", data=smuggled).status_code == 400
    form.post("next", {"state": "washington"})
    assert offered(form, "county") == ["king", "pierce"], "a page of its own, with Washington's counties"
    refused = form.post("next", {"county": "cameron"}, expect=400)  # Cameron is in Texas: never offered here
    assert "nothing" in refused.text.lower() or "nichts" in refused.text.lower()
    form.post("next", {"county": "pierce"})
    assert offered(form, "city") == ["tacoma", "puyallup"]
    # Back to the state, and Texas instead: its counties are offered, Pierce no longer.
    form.post("back")
    form.post("back")
    form.post("next", {"state": "texas"})
    assert offered(form, "county") == ["king", "cameron"]
    form.post("next", {"county": "cameron"})
    form.post("next", {"city": "harlingen"})
    form.post("submit")
    ((_, answers),) = stored(project, "cascading_selects1")
    assert answers == {"state": "texas", "county": "cameron", "city": "harlingen"}

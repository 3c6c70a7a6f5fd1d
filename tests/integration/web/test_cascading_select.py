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

import openpyxl
import pytest
from starlette.testclient import TestClient

from instruments.errors import InstrumentError
from survey.web import create_app
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import PASS, Form, stored

FORM = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform" / "pyxform" / "choice_filter_test.xlsx"


@pytest.fixture
def cascade(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Path]]:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "c")
    project = tmp_path / "c"
    eqsurvey.cwd = project
    # The form's question 'state' would share its field name with the web form's own sealed 'state'
    # (a limit of the web form, not of the import), so this copy calls it 'us_state'.
    book = openpyxl.load_workbook(FORM)
    book["survey"]["B2"], book["survey"]["D3"] = "us_state", "${us_state}=cf"
    book.save(tmp_path / "cascade.xlsx")
    eqsurvey("instrument", "import", tmp_path / "cascade.xlsx", "-o", project / "instrument.yaml", "--force")
    eqsurvey("keys", "init")
    with TestClient(create_app(project)) as client:
        yield client, project


def offered(form: Form, question: str) -> list[str]:
    return re.findall(rf'type="radio" id="[^"]*" name="{question}" value="([^"]+)"', form.page.text)


def test_each_page_offers_the_choices_of_the_answer_before(cascade: tuple[TestClient, Path]) -> None:
    client, project = cascade
    form = Form(client)
    form.post("start")
    assert offered(form, "us_state") == ["texas", "washington"] and not form.shows("county")
    form.post("next", {"us_state": "washington"})
    assert offered(form, "county") == ["king", "pierce"], "a page of its own, with Washington's counties"
    refused = form.post("next", {"county": "cameron"}, expect=400)  # Cameron is in Texas: never offered here
    assert "nothing" in refused.text.lower() or "nichts" in refused.text.lower()
    form.post("next", {"county": "pierce"})
    assert offered(form, "city") == ["tacoma", "puyallup"]
    # Back to the state, and Texas instead: its counties are offered, Pierce no longer.
    form.post("back")
    form.post("back")
    form.post("next", {"us_state": "texas"})
    assert offered(form, "county") == ["king", "cameron"]
    form.post("next", {"county": "cameron"})
    form.post("next", {"city": "harlingen"})
    form.post("submit")
    ((_, answers),) = stored(project, "cascading_selects1")
    assert answers == {"us_state": "texas", "county": "cameron", "city": "harlingen"}


def test_a_question_named_like_the_forms_own_field_is_refused_before_serving(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "s")
    project = tmp_path / "s"
    eqsurvey.cwd = project
    eqsurvey("instrument", "import", FORM, "-o", project / "instrument.yaml", "--force")  # its question 'state'
    eqsurvey("keys", "init")
    with pytest.raises(InstrumentError) as caught:
        create_app(project)
    (problem,) = caught.value.problems
    assert (problem.code, problem.where.question) == ("web-field-name", "state")

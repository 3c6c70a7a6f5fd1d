"""pyxform's cascading select, imported as it is (its first question is called 'state'), answered in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.conftest import OfflinePage
from tests.e2e.form_driver import FormDriver, assert_stayed_home, serving, stored_answers
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import PASS

FORM = Path(__file__).resolve().parents[1] / "fixtures" / "xlsform" / "pyxform" / "choice_filter_test.xlsx"
SURVEY = "cascading_selects1"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cascade")
    eqsurvey = Eqsurvey(root)
    eqsurvey("init", "c")
    eqsurvey.cwd = root / "c"
    eqsurvey("instrument", "import", FORM, "-o", eqsurvey.cwd / "instrument.yaml", "--force")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASS)
        eqsurvey("keys", "init")
    return eqsurvey.cwd


@pytest.fixture(scope="module")
def url(project: Path) -> Iterator[str]:
    limits = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
    with serving(create_app(project, access="open", limits=limits)) as base:
        yield base


def test_the_question_called_state_is_answered_with_the_mouse_and_stored(
    offline_page: OfflinePage, url: str, project: Path
) -> None:
    form = FormDriver(offline_page.page, url, "en")
    form.open()
    form.press("start")
    page = form.page
    assert form.question_ids() == ["state"]
    # The question's radios and the form's own sealed state, side by side on one page, apart by name.
    assert page.locator("input[name=state]").count() == 2 and page.locator("input[name=_state]").count() == 1
    page.get_by_role("radio", name="Washington", exact=True).check()
    form.press("next")
    assert form.question_ids() == ["county"]
    assert page.get_by_role("radio").evaluate_all("all => all.map(r => r.value)") == ["king", "pierce"]
    page.get_by_role("radio", name="Pierce", exact=True).check()
    form.press("next")
    page.get_by_role("radio", name="Tacoma", exact=True).check()
    form.press("next")
    assert form.heading() == form.words("finish")
    form.press("submit")
    assert stored_answers(project, SURVEY, form.receipt()) == {
        "state": "washington",
        "county": "pierce",
        "city": "tacoma",
    }
    assert_stayed_home(offline_page, url)

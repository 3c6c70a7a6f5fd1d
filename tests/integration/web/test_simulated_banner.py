"""A demo project's form ([survey] simulated = true) says on every page that its results are simulated; others do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from kernel.errors import EqSurveyError
from survey.web.messages import wording
from tests.integration.web.conftest import Form

BANNER = 'class="simulated-banner"'


def _declare(project: Path, value: str) -> None:
    config = project / "eqsurvey.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"\n[survey]\nsimulated = {value}\n", encoding="utf-8")


def _first_in_body(page: str) -> str:
    """The first element in the page's body: the banner comes before the survey's title."""
    found = re.search(r"<body>\s*(<[^>]+>)", page)
    assert found, page
    return found.group(1)


def test_a_project_with_real_responses_shows_no_banner(client: TestClient) -> None:
    form = Form(client)
    assert BANNER not in form.page.text
    form.post("start")
    assert BANNER not in form.page.text


def test_a_simulated_project_says_so_first_on_every_page(keyed: Path) -> None:
    _declare(keyed, "true")
    with TestClient(create_app(keyed)) as client:
        form = Form(client)
        pages = [form.page.text, form.post("start").text]
        pages.append(form.post("next", {"ms_consent": "yes"}).text)
        pages.append(client.post("/form", data={"_state": "forged", "_action": "next"}).text)  # a message page
        for lang in ("de", "en"):  # the example has no Easy German; its wording has the key (checked elsewhere)
            pages.append(client.get(f"/?lang={lang}").text)
            assert str(escape(wording(lang)["simulated_banner"])) in pages[-1]
    for page in pages:
        assert _first_in_body(page).startswith(f'<p {BANNER} role="note"'), page[:600]


def test_a_declaration_that_is_not_true_or_false_is_a_user_error(keyed: Path) -> None:
    _declare(keyed, '"yes"')
    with pytest.raises(EqSurveyError, match=r"\[survey\] simulated must be true or false"):
        create_app(keyed)

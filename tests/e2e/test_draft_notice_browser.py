"""The draft-translation notice in real Chromium: shown on the welcome page of a draft language, right to left in
Arabic and Persian, and axe-clean."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from survey.web.messages import wording
from tests.e2e.form_driver import new_project, serving
from tests.support.accessibility import axe_violations, describe_violations
from tests.support.browser import OfflinePage
from tests.support.builders import in_languages, instrument_yaml

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
LANGS = ["de", "en", "tr", "ar", "fa"]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = new_project(tmp_path_factory.mktemp("draft-notice"))
    modules = "- use: age_band@1\n- use: gender_identity@1\n"
    (project / "instrument.yaml").write_text(in_languages(instrument_yaml(modules), LANGS), encoding="utf-8")
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


@pytest.mark.parametrize(("lang", "direction"), [("tr", "ltr"), ("ar", "rtl"), ("fa", "rtl")])
def test_a_draft_language_says_so_on_the_welcome_page(
    offline_page: OfflinePage, url: str, lang: str, direction: str
) -> None:
    page = offline_page.page
    page.goto(f"{url}/?lang={lang}")
    assert page.locator("html").get_attribute("dir") == direction
    notice = page.locator("p.draft-notice")
    assert notice.get_attribute("role") == "note"
    assert notice.inner_text() == wording(lang)["draft_translation"]
    # The notice comes before the purpose, under the title: read before deciding to take part.
    notice_box, title_box = notice.bounding_box(), page.get_by_role("heading", level=1).bounding_box()
    assert notice_box is not None and title_box is not None and notice_box["y"] >= title_box["y"]
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_the_authors_languages_show_no_notice(offline_page: OfflinePage, url: str) -> None:
    page = offline_page.page
    for lang in ("de", "en"):
        page.goto(f"{url}/?lang={lang}")
        assert page.locator("p.draft-notice").count() == 0

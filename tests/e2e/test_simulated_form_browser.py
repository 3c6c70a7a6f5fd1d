"""The demo project's form in real Chromium: the simulated-data banner on a phone and a desktop.

It comes first, is read first, fits the screen's width, passes axe, and leaves the start button on
the first screen (what the welcome page promises a respondent on a phone).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eqsurvey.commands.demo import DEMO_CONFIG
from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from survey.web.messages import wording
from tests.e2e.conftest import OfflinePage, axe_violations, describe_violations
from tests.e2e.form_driver import BUTTONS, new_project, serving

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = new_project(tmp_path_factory.mktemp("simulated-form"))
    config = project / "eqsurvey.toml"
    config.write_text(config.read_text(encoding="utf-8") + DEMO_CONFIG, encoding="utf-8")  # as the demo writes it
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_banner_comes_first_fits_and_leaves_the_start_button_on_the_first_screen(
    offline_page: OfflinePage, url: str, lang: str, screen: str
) -> None:
    width, height = SCREENS[screen]
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{url}/?lang={lang}")
    banner = page.get_by_role("note").first
    assert banner.inner_text() == wording(lang)["simulated_banner"]
    banner_box, title_box = banner.bounding_box(), page.locator("header.site").bounding_box()
    assert banner_box is not None and title_box is not None
    assert banner_box["y"] + banner_box["height"] <= title_box["y"]
    start = page.get_by_role("button", name=BUTTONS[lang]["start"], exact=True).bounding_box()
    assert start is not None and start["y"] + start["height"] <= height, start
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.get_by_role("button", name=BUTTONS[lang]["start"], exact=True).click()
    assert page.get_by_role("note").first.inner_text() == wording(lang)["simulated_banner"]  # on the next page too

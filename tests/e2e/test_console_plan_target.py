"""The console's "Plan from the accuracy you need" in real Chromium: the form by accessible role, the answer
as tables with headers; axe and keyboard checks in German and English, and no sideways scrolling on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from eqsurvey.workflows.new_project import create_project
from tests.e2e.console_driver import check_page, console_server
from tests.support.browser import offline_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def test_the_form_answers_by_role_and_passes_axe_and_the_keyboard(browser: Browser, tmp_path: Path) -> None:
    project = tmp_path / "musterstadt"
    create_project(project, example="musterstadt")
    with console_server(project) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/plan")
        page.get_by_role("link", name="Plan from the accuracy you need: how many people must take part?").click()
        page.get_by_role("textbox", name="Precision of each share (± percentage points)").fill("5")
        page.get_by_role("textbox", name="The most people who could take part (optional)").fill("5000")
        page.get_by_role("button", name="Work it out").click()
        assert "half_width=5" in page.url  # a GET form: the answer has an address to share
        table = page.locator("#target-discrimination_by_gender")
        assert table.get_by_role("caption").inner_text().startswith("Discrimination in the past 12 months by gender")
        tin = table.get_by_role("row", name="TIN*", exact=False).inner_text()
        assert "Out of reach: more than 5,000 people would be needed" in tin
        assert table.get_by_role("columnheader", name="Respondents needed overall").count() == 1
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        for lang in ("de", "en"):
            for path in (
                "/plan/target",
                "/plan/target?half_width=5&mean_half_width=0.3",
                "/plan/target?half_width=abc",
            ):
                page.goto(f"{served.base}/language/{lang}?back={quote(path, safe='')}")
                assert page.locator("html").get_attribute("lang") == lang
                assert check_page(page) == [], f"{path} in {lang}"
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(f"{served.base}/plan/target?half_width=5")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, "the page scrolls sideways at 390 px"

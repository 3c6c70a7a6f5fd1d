"""The console's release section of a survey with two waves, in real Chromium: the wave chosen by its label,
the page checked (axe-core, headings, Tab order) in German and English, and the chosen wave's responses opened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eqsurvey.config import load_project
from eqsurvey.workflows.waves import start_wave
from tests.e2e.console_driver import check_page, console_server, wait_for_job
from tests.support.browser import offline_context
from tests.support.release_console import PASSPHRASE, simulated_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def test_the_wave_to_open_is_chosen_by_its_label_and_the_page_passes_in_both_languages(
    browser: Browser, tmp_path: Path
) -> None:
    project = simulated_project(tmp_path, n=200)
    start_wave(load_project(project), "2027", None, "second wave approved by the council")
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        for lang in ("de", "en"):
            page.goto(f"{served.base}/language/{lang}?back=/release")
            assert check_page(page) == [], lang
        wave = page.get_by_label("Survey wave")
        assert wave.input_value() == "2"  # the latest is offered first
        assert "This survey has several waves" in page.get_by_text("This survey has several waves").inner_text()
        wave.select_option(label=wave.locator("option").nth(1).inner_text())
        assert wave.input_value() == "1"
        page.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        page.get_by_role("button", name="Open the responses").click()
        wait_for_job(page)
        assert "200 respondents" in page.get_by_role("status").inner_text()
        page.goto(f"{served.base}/release")
        assert page.get_by_text("The dataset holds wave 1:").count() == 1

"""The console's "Release and report" in real Chromium, by accessible role: on a project with simulated
responses, open the responses, make a release behind its confirmation, read the report and download its PDF.

Every console page on the way is checked (axe-core, headings, Tab order) in German and English; the
report page, served under its own policy, is checked with axe-core.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.e2e.console_driver import check_page, console_server, wait_for_job
from tests.support.accessibility import axe_violations, describe_violations
from tests.support.browser import offline_context
from tests.support.release_console import PASSPHRASE, simulated_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def checked_in_both_languages(page: Page, base: str) -> None:
    """The page passes in German and in English, and is left in English."""
    here = page.url.removeprefix(base)
    for lang in ("de", "en"):
        page.goto(f"{base}/language/{lang}?back={here}")
        assert page.locator("html").get_attribute("lang") == lang
        assert check_page(page) == [], f"{here} in {lang}"


def test_responses_opened_a_release_made_its_report_read_and_its_pdf_downloaded(
    browser: Browser, tmp_path: Path
) -> None:
    project = simulated_project(tmp_path)
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/")
        page.get_by_role("navigation", name="Steps of the survey").get_by_role(
            "link", name="Release and report"
        ).click()
        assert page.get_by_role("heading", level=1).inner_text() == "Release and report"
        assert page.get_by_text("Nothing of the budget is spent yet.").count() == 1
        checked_in_both_languages(page, served.base)

        page.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE + " wrong")
        page.get_by_role("button", name="Open the responses").click()
        assert page.get_by_role("alert").count() == 1
        assert page.get_by_label("Passphrase of the analysts' key").get_attribute("aria-invalid") == "true"
        assert not (project / "data" / "dataset.parquet").exists()
        page.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        page.get_by_role("button", name="Open the responses").click()
        wait_for_job(page)
        assert "1,000 respondents" in page.get_by_role("status").inner_text()
        page.get_by_role("link", name="Prepare a release").click()

        assert page.get_by_role("heading", level=1).inner_text() == "Make a release"
        checked_in_both_languages(page, served.base)
        assert page.get_by_text("with 1,000 respondents").count() == 1
        page.get_by_role("button", name="Make the release").click()  # without the tick: told at it, nothing spent
        assert "Tick the box" in page.get_by_role("alert").inner_text()
        page.get_by_role("checkbox", name="I have checked what this release spends, and I want to make it.").check()
        page.get_by_role("button", name="Make the release").click()
        wait_for_job(page)
        assert "was made" in page.get_by_role("status").inner_text()
        page.get_by_role("link", name="Read the release's report").click()

        release_page = page.url
        assert page.get_by_role("heading", level=1).inner_text().startswith("Release r-")
        checked_in_both_languages(page, served.base)
        page.get_by_role("link", name="Full report (English)").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).count() == 1
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
        page.goto(release_page)
        page.get_by_role("button", name="Make the PDF: Full report and tables, English").click()
        wait_for_job(page)
        link = page.get_by_role("link", name="Download")
        with page.expect_download() as downloading:
            link.click()
        saved = tmp_path / "bericht.pdf"
        downloading.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        assert downloading.value.suggested_filename.endswith("-annex-en.pdf")

        page.goto(f"{served.base}/release")
        assert page.get_by_text("of the budget is spent").count() == 1
        assert page.get_by_role("table").get_by_role("link").count() == 1
        page.set_viewport_size({"width": 390, "height": 800})
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, "the release page scrolls sideways on a phone"
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("link", name="Compare releases").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Compare with other municipalities"
        checked_in_both_languages(page, served.base)
        assert offline.blocked == []

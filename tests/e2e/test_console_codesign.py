"""Co-design in real Chromium: the municipality invites a partner in the console; the partner, in a second
browser context, opens the link on the survey server, comments on a question and approves; after the notes
are opened in the console, it shows both. Every co-design page is axe clean in German and English.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.console_driver import check_page, console_server
from tests.e2e.form_driver import new_project, serving
from tests.support.browser import offline_context
from tests.support.web_form import PASS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)


def test_a_partner_reviews_from_a_link_made_in_the_console_and_the_console_shows_it(
    browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    project = new_project(tmp_path)
    with (
        serving(create_app(project, access="open", limits=UNLIMITED)) as survey_server,
        console_server(project) as served,
        offline_context(browser, javascript=False) as municipality,
        offline_context(browser, javascript=False) as partner,
    ):
        office = municipality.page
        office.goto(served.link)
        office.goto(f"{served.base}/language/en?back=/")
        office.get_by_role("navigation", name="Steps of the survey").get_by_role("link", name="Co-design").click()
        assert office.get_by_role("heading", level=1).inner_text() == "Co-design"
        office.get_by_role("textbox", name="Name of the organisation").fill("Migrationsbeirat")
        office.get_by_role("textbox", name="Address of the survey server").fill(survey_server)
        office.get_by_role("button", name="Make the link").click()
        link = office.get_by_role("textbox", name="Review link").input_value()
        assert link.startswith(survey_server + "/review/")

        review = partner.page
        review.goto(link + "?lang=de")
        review.get_by_role("link", name="English").click()
        review.get_by_role("link", name="Comment on question 6").click()
        review.get_by_role("radio", name="We ask for changes").check()
        review.get_by_role("textbox", name="Comment").fill("Please offer 'non-binary' as its own option")
        review.get_by_role("button", name="Send").click()
        expect(review.get_by_role("status")).to_contain_text("your note has been received")
        review.get_by_role("combobox", name="What the comment is about").select_option(index=0)
        review.get_by_role("radio", name="We approve this version").check()
        review.get_by_role("button", name="Send").click()
        expect(review.get_by_role("status")).to_contain_text("your note has been received")

        office.reload()
        expect(office.get_by_text("Notes that have arrived and are not yet opened: 2.")).to_have_count(1)
        office.get_by_label("Passphrase of the analysts' key").fill(PASS)
        office.get_by_role("button", name="Open the notes").click()
        expect(office.get_by_role("status")).to_contain_text("Notes opened and added to the reviews: 2.")
        standing = office.get_by_role("table", name="Where each organisation stands on this content")
        expect(standing.get_by_role("row", name="Migrationsbeirat approved")).to_have_count(1)
        office.get_by_role("link", name="See the comments question by question").click()
        question = office.get_by_role("region", name="Question 6:")
        expect(question).to_contain_text("Migrationsbeirat: asked for changes")
        expect(question).to_contain_text("Please offer 'non-binary' as its own option")
        assert municipality.blocked == [] and partner.blocked == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_co_design_pages_are_accessible(browser: Browser, tmp_path: Path, lang: str) -> None:
    project = new_project(tmp_path)
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/{lang}?back=/codesign")
        assert check_page(page) == []
        name = "Name der Organisation" if lang == "de" else "Name of the organisation"
        page.get_by_role("textbox", name=name).fill("Migrationsbeirat")
        page.get_by_role("button", name="Link erstellen" if lang == "de" else "Make the link").click()
        assert check_page(page) == []  # the page with the new link
        page.get_by_role("textbox", name=name).fill("   ")  # passes the browser's check, not the server's
        page.get_by_role("button", name="Link erstellen" if lang == "de" else "Make the link").click()
        assert page.get_by_role("alert").count() == 1
        assert check_page(page) == []  # a problem at the field: the name is empty
        page.goto(f"{served.base}/codesign/questions")
        assert check_page(page) == []
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{served.base}/codesign")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1

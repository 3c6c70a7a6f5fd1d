"""The console's "Plan and preview" in real Chromium, without JavaScript, by accessible role: a table added,
the expected number of respondents changed, the verdict following it; axe and keyboard checks in German and English.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from eqsurvey.workflows.new_project import create_project
from tests.e2e.console_driver import check_page, console_server
from tests.support.browser import offline_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser

BY_GENDER = "Discrimination in the past 12 months by gender group"


def test_a_table_added_by_role_and_the_verdict_following_the_respondents(browser: Browser, tmp_path: Path) -> None:
    project = tmp_path / "musterstadt"
    create_project(project, example="musterstadt")
    with console_server(project) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/")
        page.get_by_role("navigation", name="Steps of the survey").get_by_role("link", name="Plan and preview").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Plan and preview"

        respondents = page.get_by_role("spinbutton", name="Expected number of respondents")
        respondents.fill("300")
        page.get_by_role("button", name="Show the preview").click()
        assert "respondents=300" in page.url  # a GET form: the preview has an address to share
        table = page.get_by_role("article", name=BY_GENDER, exact=True)
        few = table.inner_text()
        assert "Publishable (" not in few and "Publishable from 3,543 respondents." in few
        assert "Expected to be suppressed at this size" in few

        page.get_by_role("spinbutton", name="Expected number of respondents").fill("20000")
        page.get_by_role("button", name="Show the preview").click()
        many = page.get_by_role("article", name=BY_GENDER, exact=True).inner_text()
        assert "Publishable (nearly all cells shown)" in many and "Expected to be suppressed" not in many

        page.get_by_role("link", name="Add a table").click()
        page.get_by_role("radio", name="The average").check()
        page.get_by_role("combobox", name="Which question it measures").select_option("gender_group")
        page.get_by_role("combobox", name="Broken down by (first group)").select_option("age_band")
        page.get_by_role("button", name="Add the table").click()
        alert = page.get_by_role("alert")
        assert "a mean table measures a scale or number question; 'gender_group' is not one" in alert.inner_text()
        alert.get_by_role("link").first.click()  # the summary leads to the field
        page.get_by_role("radio", name="How many gave each answer", exact=True).check()
        page.get_by_role("textbox", name="Title in English").fill("Gender groups by age")
        page.get_by_role("button", name="Add the table").click()

        assert "was added to the plan" in page.get_by_role("status").inner_text()
        added = page.get_by_role("article", name="Gender groups by age").inner_text()
        assert "How old are you?" in added and "Publishable" in added  # the preview at 20,000 for the new table
    assert '    label: {en: "Gender groups by age"}' in (project / "plan.yaml").read_text(encoding="utf-8")


def test_the_plan_pages_pass_axe_and_the_keyboard_in_german_and_english(browser: Browser, tmp_path: Path) -> None:
    project = tmp_path / "musterstadt"
    create_project(project, example="musterstadt")
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        for lang in ("de", "en"):
            pages = ("/plan?respondents=800", "/plan?respondents=abc", "/plan/new", "/plan/tables/grounds")
            for path in pages:
                page.goto(f"{served.base}/language/{lang}?back={quote(path, safe='')}")
                assert page.locator("html").get_attribute("lang") == lang
                assert check_page(page) == [], f"{path} in {lang}"
            page.goto(f"{served.base}/plan/new")
            page.locator("#kind-write_ins").check()
            page.locator("#input-by_1").select_option("age_band")
            page.locator("form[method=post] button[type=submit]").first.click()
            assert page.locator("[aria-invalid=true]").count() >= 1
            assert check_page(page) == [], f"the form with its problems in {lang}"
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(f"{served.base}/plan?respondents=800")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, "the plan page scrolls sideways at 390 px"

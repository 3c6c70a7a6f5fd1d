"""The console's frame in real Chromium: a project made from the example and its keys, by accessible role.

Each page is checked with axe-core in German and English, by its headings, and by walking it
with Tab; the phone width (390 px) and 200 % zoom must not hide anything behind a scroll bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.e2e.console_driver import check_page, console_server, tab_to
from tests.support.browser import offline_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PASSPHRASE = "river stone lantern quietly marching"


def test_a_project_and_its_keys_made_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    # Imported here: without Playwright the browser fixture skips (or fails on CI), collection must not.
    from playwright.sync_api import expect

    with console_server(tmp_path) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        assert page.get_by_role("heading", level=1).inner_text() in ("Übersicht", "Overview")
        if page.locator("html").get_attribute("lang") == "en":
            page.get_by_role("link", name="Deutsch").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Übersicht"
        page.get_by_role("link", name="English").click()
        page.get_by_role("textbox", name="Folder name of the new project").fill("vielfalt-2027")
        page.get_by_role("radio", name="musterstadt").check()
        page.get_by_role("button", name="Create the project").click()
        expect(page.get_by_role("status").filter(has_text="vielfalt-2027")).to_have_count(1)
        page.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        page.get_by_label("The passphrase again").fill(PASSPHRASE + " typo")
        page.get_by_role("button", name="Make the keys").click()
        expect(page.get_by_role("alert")).to_contain_text("differ")
        page.get_by_role("link", name="The two passphrases differ.").click()  # the summary leads to the field
        page.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        page.get_by_label("The passphrase again").fill(PASSPHRASE)
        page.get_by_role("button", name="Make the keys").click()
        expect(page.get_by_role("status")).to_contain_text("was made")
    assert (tmp_path / "vielfalt-2027" / "keys" / "private").is_dir()


def test_the_overview_is_accessible_in_both_languages_on_a_phone_and_zoomed(browser: Browser, tmp_path: Path) -> None:
    with console_server(tmp_path) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        for lang, other in (("de", "English"), ("en", "Deutsch")):
            page.goto(f"{served.base}/language/{lang}?back=/")
            assert page.locator("html").get_attribute("lang") == lang
            assert check_page(page) == []
            assert page.get_by_role("link", name=other).count() == 1
        for width, zoom in ((390, 1), (1280, 2)):
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate(f"() => {{ document.body.style.zoom = '{zoom}'; }}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"the page scrolls sideways at {width} px, zoom {zoom}"


def test_without_the_link_the_browser_sees_only_a_refusal(browser: Browser, tmp_path: Path) -> None:
    with console_server(tmp_path) as served, offline_context(browser) as offline:
        page = offline.page
        answer = page.goto(served.base + "/")
        assert answer is not None and answer.status == 403
        assert page.get_by_role("heading", level=1).count() == 1
        page.goto(served.link)
        other = page.context.browser.new_context() if page.context.browser else None
        if other is not None:
            second = other.new_page()
            assert (second.goto(served.link) or answer).status == 403  # the link was spent by the first browser
            other.close()


def test_a_project_and_keys_made_with_the_keyboard_alone(browser: Browser, tmp_path: Path) -> None:
    with console_server(tmp_path) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/")
        tab_to(page, "Folder name of the new project")
        page.keyboard.type("tastatur")
        tab_to(page, "musterstadt")
        page.keyboard.press("Space")
        tab_to(page, "Create the project")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_to(page, "Passphrase of the analysts' key")
        page.keyboard.type(PASSPHRASE)
        tab_to(page, "The passphrase again")
        page.keyboard.type(PASSPHRASE)
        with page.expect_navigation():
            page.keyboard.press("Enter")  # sends the form from its last field
        assert "was made" in page.get_by_role("status").inner_text()
    assert (tmp_path / "tastatur" / "keys" / "private").is_dir()

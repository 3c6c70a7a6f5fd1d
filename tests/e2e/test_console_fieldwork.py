"""The console's fieldwork in real Chromium, by accessible role: exports imported, letters printed, progress seen.

A municipality whose survey ran on LimeSurvey uploads the export and reads the counts and the rows
with problems; one whose survey ran on KoboToolbox does the same; letters are made and downloaded.
Every fieldwork page is checked with axe-core, by its headings and by Tab, in German and English.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf

from tests.e2e.console_driver import check_page, console_server, import_file, wait_for_job
from tests.support.browser import offline_context
from tests.support.fieldwork import KOBO_EXPORT, LIMESURVEY_EXPORT, kobo_project, limesurvey_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def in_english(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}/language/en?back={path}")


def import_export(page: Page, export: Path) -> None:
    page.get_by_role("link", name="Fieldwork").click()
    page.get_by_role("link", name="Import responses from LimeSurvey or KoboToolbox").click()
    import_file(page, export)


def stored_count(page: Page) -> str:
    table = page.get_by_role("table", name="What the import did")
    return (
        table.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="Stored", exact=True))
        .get_by_role("cell")
        .inner_text()
    )


def test_a_limesurvey_export_uploaded_and_its_problems_read(browser: Browser, tmp_path: Path) -> None:
    project = limesurvey_project(tmp_path)
    with console_server(project) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        in_english(page, served.base, "/")
        import_export(page, LIMESURVEY_EXPORT)
        assert page.get_by_role("heading", level=1).inner_text() == "Result of the import"
        assert "limesurvey_responses.csv" in page.get_by_role("main").inner_text()
        assert stored_count(page) == "2"
        problems = page.get_by_role("table", name="Rows with problems (not stored)")
        rows = problems.get_by_role("row")
        assert rows.count() >= 3  # a heading row and the two refused responses
        assert {rows.nth(i).get_by_role("cell").first.inner_text() for i in range(1, rows.count())} <= {"4", "5"}
        page.get_by_role("link", name="How the fieldwork goes").click()
        assert "Responses stored: 2" in page.get_by_role("main").inner_text()
        assert offline.blocked == []


def test_a_kobo_export_uploaded_and_counted(browser: Browser, tmp_path: Path) -> None:
    project = kobo_project(tmp_path)
    with console_server(project) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        in_english(page, served.base, "/")
        import_export(page, KOBO_EXPORT)
        assert stored_count(page) == "3"
        assert page.get_by_role("table", name="Rows with problems (not stored)").count() == 0
        page.get_by_role("link", name="How the fieldwork goes").click()
        weeks = page.get_by_role("table", name="Responses received per calendar week (ISO 8601, Monday to Sunday)")
        assert weeks.get_by_role("row").count() == 2 and weeks.get_by_role("cell").last.inner_text() == "3"


def test_letters_made_and_downloaded_then_counted(browser: Browser, tmp_path: Path) -> None:
    project = limesurvey_project(tmp_path)
    with console_server(project) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(served.link)
        in_english(page, served.base, "/")
        page.get_by_role("link", name="Fieldwork").click()
        page.get_by_role("link", name="Invitation letters").click()
        page.get_by_role("textbox", name="Address of the questionnaire").fill("https://umfrage.musterstadt.de/")
        page.get_by_role("spinbutton", name="Number of letters (each with a new code)").fill("3")
        page.get_by_role("button", name="Make codes and letters").click()
        wait_for_job(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the letters (PDF)").click()
        pdf = Path(download.value.path()).read_bytes()
        assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 3
        page.goto(f"{served.base}/fieldwork")
        assert "0 of 3 invitations answered" in page.get_by_role("main").inner_text()
    assert (project / "letter.md").read_text(encoding="utf-8").startswith("link: https://umfrage.musterstadt.de/")


def test_every_fieldwork_page_is_accessible_in_both_languages(browser: Browser, tmp_path: Path) -> None:
    project = limesurvey_project(tmp_path)
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        for lang in ("de", "en"):
            for path in ("/fieldwork", "/fieldwork/letters", "/fieldwork/import", "/fieldwork/erase"):
                page.goto(f"{served.base}/language/{lang}?back={path}")
                assert page.locator("html").get_attribute("lang") == lang
                assert check_page(page) == [], f"{path} in {lang}"
            page.goto(f"{served.base}/fieldwork/letters")
            page.get_by_role(
                "button", name="Codes und Schreiben erstellen" if lang == "de" else "Make codes and letters"
            ).click()
            assert page.get_by_role("alert").count() == 1  # no address given: shown at its field
            assert check_page(page) == [], f"letters with problems in {lang}"
            page.goto(f"{served.base}/fieldwork/import")
            import_file(page, LIMESURVEY_EXPORT, lang)
            assert check_page(page) == [], f"import result in {lang}"
        for width, zoom in ((390, 1), (1280, 2)):
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate(f"() => {{ document.body.style.zoom = '{zoom}'; }}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"the import result scrolls sideways at {width} px, zoom {zoom}"


def test_import_letters_and_erasure_with_the_keyboard_alone(browser: Browser, tmp_path: Path) -> None:
    from tests.e2e.console_driver import tab_to

    project = limesurvey_project(tmp_path)
    with console_server(project) as served, offline_context(browser, javascript=False) as offline:
        page = offline.page
        # Playwright turns on file-chooser interception without waiting for the browser to
        # confirm it; listening from the start leaves the pages below to make sure it is on
        # before Space opens the chooser (otherwise the press can win the race, 1 run in ~40).
        page.on("filechooser", lambda _chooser: None)
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/fieldwork/import")
        tab_to(page, "Export file")
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(str(LIMESURVEY_EXPORT))
        tab_to(page, "Import")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        wait_for_job(page)
        tab_to(page, "See the result of the import")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert stored_count(page) == "2"
        page.goto(f"{served.base}/fieldwork/erase")
        tab_to(page, "the receipt code")  # a radio group is one Tab stop; the arrow keys choose within it
        page.keyboard.press("ArrowDown")
        assert page.get_by_role("radio", name="the access or invitation code").is_checked()
        tab_to(page, "Code")
        page.keyboard.type("TOK-AAA")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "1 response(s) erased" in page.get_by_role("status").inner_text()
        page.goto(f"{served.base}/fieldwork/letters")
        tab_to(page, "Address of the questionnaire")
        page.keyboard.type("https://umfrage.musterstadt.de/")
        tab_to(page, "Number of letters")
        page.keyboard.type("2")
        tab_to(page, "Make codes and letters")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        wait_for_job(page)
        tab_to(page, "Download the letters (PDF)")
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert len(pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages) == 2

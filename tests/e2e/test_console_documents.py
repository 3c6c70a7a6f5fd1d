"""The documents section in real Chromium: the municipality makes the data-protection documents with the
button, waits for the job, goes back to the page and downloads the Word file, all by accessible role; every
page of the section (before, with a problem at the form, the job, after) is axe clean in German and English.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.console_driver import check_page, console_server, wait_for_job
from tests.e2e.form_driver import new_project
from tests.support.browser import offline_context
from tests.support.documents import docx_text

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "nav": "Steps of the survey",
        "section": "Documents",
        "title": "Data-protection documents",
        "make": "Make the documents",
        "back": "Back to the documents",
        "no_format": "Please choose at least one format.",
        "made": "Some documents have not been made yet in every language.",
    },
    "de": {
        "nav": "Schritte der Befragung",
        "section": "Dokumente",
        "title": "Datenschutzdokumente",
        "make": "Dokumente erstellen",
        "back": "Zurück zu den Dokumenten",
        "no_format": "Bitte wählen Sie mindestens ein Format.",
        "made": "Einige Dokumente sind noch nicht in allen Sprachen erstellt.",
    },
}

FORMATS = {"en": ("Word (DOCX)", "PDF", "Web page (HTML)"), "de": ("Word (DOCX)", "PDF", "Webseite (HTML)")}


def test_the_documents_are_made_with_the_button_and_the_word_file_downloaded(browser: Browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    project = new_project(tmp_path)
    with console_server(project) as served, offline_context(browser, javascript=False) as office:
        page = office.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/")
        page.get_by_role("navigation", name="Steps of the survey").get_by_role("link", name="Documents").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Data-protection documents"
        expect(page.get_by_text("The documents have not been made yet.")).to_have_count(1)
        page.get_by_role("button", name="Make the documents").click()
        wait_for_job(page)
        expect(page.get_by_role("status")).to_contain_text("30 files written into")
        page.get_by_role("link", name="Back to the documents").click()
        expect(page.get_by_text("All documents are current.")).to_have_count(1)
        files = page.get_by_role("table", name="Record of processing activities: the files")
        expect(files.get_by_role("row", name="Deutsch current")).to_have_count(1)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download Record of processing activities, Deutsch, Word (DOCX)").click()
        assert download.value.suggested_filename == "record.de.docx"
        saved = Path(download.value.path())
        assert saved.read_bytes() == (project / "documents" / "record.de.docx").read_bytes()
        assert "Verzeichnis von Verarbeitungstätigkeiten" in docx_text(saved.read_bytes())
        page.get_by_role("navigation", name="Steps of the survey").get_by_role("link", name="Overview").click()
        expect(page.get_by_role("listitem").filter(has_text="Make the data-protection documents")).to_contain_text(
            "all current"
        )
        assert office.blocked == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_documents_pages_are_accessible(browser: Browser, tmp_path: Path, lang: str) -> None:
    from playwright.sync_api import expect

    words = WORDS[lang]
    project = new_project(tmp_path)
    with console_server(project) as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/{lang}?back=/documents")
        assert page.get_by_role("heading", level=1).inner_text() == words["title"]
        assert check_page(page) == []  # before: no file yet
        for name in FORMATS[lang]:
            page.get_by_role("checkbox", name=name).uncheck()
        page.get_by_role("button", name=words["make"]).click()
        expect(page.get_by_role("alert")).to_contain_text(words["no_format"])
        assert check_page(page) == []  # a problem at the form
        page.get_by_role("checkbox", name="English").uncheck()
        page.get_by_role("checkbox", name=FORMATS[lang][2]).check()
        page.get_by_role("button", name=words["make"]).click()
        wait_for_job(page)
        assert check_page(page) == []  # the job's page, once finished (while it runs it refreshes itself)
        page.get_by_role("link", name=words["back"]).click()
        expect(page.get_by_text(words["made"])).to_have_count(1)
        assert check_page(page) == []  # with files and download links
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        assert offline.blocked == []

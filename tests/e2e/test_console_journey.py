"""The example survey run entirely in the browser, as the issue's person would: from an empty folder to a
downloaded report whose methodology names the partner's approval.

Three people, three browser contexts: the municipality in the console (on loopback), a partner
organisation on the survey server's review page, respondents on the survey form with the codes
from the printed letters. Nothing is typed into a terminal (the test itself prepares one file: paper
questionnaires typed into eqsurvey's CSV layout, whose answers the simulator makes); it reads what a
person would see, and the files at the end. Exports from LimeSurvey and KoboToolbox belong to surveys run
there and are imported in their own journeys (tests/e2e/test_console_fieldwork.py).
"""

from __future__ import annotations

import io
import re
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.console_driver import console_server, import_file, wait_for_job
from tests.e2e.form_driver import FormDriver, serving
from tests.e2e.test_form_browser import EVERY_PAGE, SKIPPING
from tests.support.browser import offline_context
from tests.support.cli import Eqsurvey

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PASSPHRASE = "lantern river quietly marching stone"
UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
PAPER = 40
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def _step(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Steps of the survey").get_by_role("link", name=name).click()


def test_the_example_survey_from_an_empty_folder_to_a_downloaded_report(browser: Browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    project = tmp_path / "vielfalt"
    with ExitStack() as stack:
        served = stack.enter_context(console_server(tmp_path))
        office = stack.enter_context(offline_context(browser, javascript=False)).page
        office.goto(served.link)
        office.goto(f"{served.base}/language/en?back=/")

        # A project from the example, and the analysts' keys.
        office.get_by_role("textbox", name="Folder name of the new project").fill("vielfalt")
        office.get_by_role("radio", name="musterstadt").check()
        office.get_by_role("button", name="Create the project").click()
        office.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        office.get_by_label("The passphrase again").fill(PASSPHRASE)
        office.get_by_role("button", name="Make the keys").click()
        expect(office.get_by_role("status")).to_contain_text("was made")

        # The survey's own texts.
        _step(office, "Questionnaire")
        office.get_by_role("link", name="The survey's own texts").click()
        office.get_by_role("textbox", name="Title (de)").fill("Vielfalt in Musterstadt – Befragung 2027")
        office.get_by_role("textbox", name="Title (en)").fill("Diversity in Musterstadt – 2027 survey")
        office.get_by_role("button", name="Save").click()
        expect(office.get_by_role("status")).to_contain_text("1.0.1")

        # A partner reviews from a personal link on the survey server, in a browser of their own.
        survey = stack.enter_context(serving(create_app(project, access="open", limits=UNLIMITED)))
        _step(office, "Co-design")
        office.get_by_role("textbox", name="Name of the organisation").fill("Migrationsbeirat")
        office.get_by_role("textbox", name="Address of the survey server").fill(survey)
        office.get_by_role("button", name="Make the link").click()
        link = office.get_by_role("textbox", name="Review link").input_value()
        partner = stack.enter_context(offline_context(browser, javascript=False)).page
        partner.goto(link + "?lang=de")
        partner.get_by_role("link", name="English").click()
        partner.get_by_role("radio", name="We approve this version").check()
        partner.get_by_role("textbox", name="Comment").fill("Good to go: the categories were ours.")
        partner.get_by_role("button", name="Send").click()
        expect(partner.get_by_role("status")).to_contain_text("your note has been received")
        office.reload()
        office.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        office.get_by_role("button", name="Open the notes").click()
        expect(office.get_by_role("status")).to_contain_text("Notes opened and added to the reviews: 1.")
        standing = office.get_by_role("table", name="Where each organisation stands on this content")
        expect(standing.get_by_role("row", name="Migrationsbeirat approved")).to_have_count(1)

        # Letters with access codes, printed from the browser.
        _step(office, "Fieldwork")
        office.get_by_role("link", name="Invitation letters").click()
        office.get_by_role("textbox", name="Address of the questionnaire").fill("https://umfrage.musterstadt.de/")
        office.get_by_role("spinbutton", name="Number of letters (each with a new code)").fill("3")
        office.get_by_role("button", name="Make codes and letters").click()
        wait_for_job(office)
        with office.expect_download() as download:
            office.get_by_role("link", name="Download the letters (PDF)").click()
        letters = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
        codes = [CODE.findall(page.extract_text())[0] for page in letters.pages]
        assert len(set(codes)) == 3

        # Two residents answer online with the codes of their letters (the server now admits codes only).
        form_server = stack.enter_context(serving(create_app(project, limits=UNLIMITED)))
        for code, (lang, answers) in zip(codes, (("de", EVERY_PAGE), ("en", SKIPPING)), strict=False):
            resident = stack.enter_context(offline_context(browser, javascript=False)).page
            form = FormDriver(resident, form_server, lang)
            form.open(f"?code={code}&lang={lang}")
            assert form.walk(answers)
        _step(office, "Fieldwork")
        expect(office.get_by_role("main")).to_contain_text("2 of 3 invitations answered")

        # Paper questionnaires typed into eqsurvey's CSV layout, uploaded (their answers made by the simulator).
        paper = tmp_path / "paper-questionnaires.csv"
        Eqsurvey(project)("responses", "simulate", "--n", str(PAPER), "--seed", "3", "-o", paper)
        office.get_by_role("link", name="Import responses from LimeSurvey or KoboToolbox").click()
        import_file(office, paper)
        expect(office.get_by_role("table", name="What the import did")).to_contain_text(str(PAPER))

        # The plan's accuracy for the number of respondents hoped for.
        _step(office, "Plan and preview")
        office.get_by_role("spinbutton", name="Expected number of respondents").fill("1200")
        office.get_by_role("button", name="Show the preview").click()
        assert "respondents=1200" in office.url
        expect(office.get_by_role("article").first).to_contain_text("Publishable")

        # The responses opened, a release made behind the guard rails, the report downloaded.
        _step(office, "Release and report")
        office.get_by_label("Passphrase of the analysts' key").fill(PASSPHRASE)
        office.get_by_role("button", name="Open the responses").click()
        wait_for_job(office)
        expect(office.get_by_role("status")).to_contain_text(f"{PAPER + 2} respondents")
        office.get_by_role("link", name="Prepare a release").click()
        for warning in office.get_by_role("checkbox").all():
            warning.check()  # each warning the guard gives (few respondents) ticked, and the confirmation
        office.get_by_role("button", name="Make the release").click()
        wait_for_job(office)
        expect(office.get_by_role("status")).to_contain_text("was made")
        office.get_by_role("link", name="Read the release's report").click()
        office.get_by_role("button", name="Make the PDF: Full report and tables, English").click()
        wait_for_job(office)
        with office.expect_download() as download:
            office.get_by_role("link", name="Download").click()
        report = "\n".join(page.extract_text() for page in pypdf.PdfReader(download.value.path()).pages)

    flat = " ".join(report.split())
    assert "Migrationsbeirat" in flat and "1.0.1" in flat
    assert "approved" in flat
    assert (project / "reviews.jsonl").read_text(encoding="utf-8").count("Migrationsbeirat") == 1

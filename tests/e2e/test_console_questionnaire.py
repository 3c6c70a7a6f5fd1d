"""The questionnaire in the console, in Chromium, by accessible role: the survey's title and a question's wording
edited in forms land in the instrument YAML with its comments kept and the version raised; a refused edit is
shown at its field; a scale question of one's own is added and a point relabelled. Each page passes axe, its
headings and a walk by Tab in both languages.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eqsurvey.workflows.new_project import create_project
from instruments.loader import load_instrument
from instruments.questions import Scale
from tests.e2e.console_driver import check_page, console_server
from tests.support.browser import offline_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser

COMMENT = "# Musterstadt equality survey 2026 – a fictional example composed from the eqsurvey"


def test_the_title_and_a_questions_wording_edited_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    create_project(tmp_path / "p", example="musterstadt")
    path = tmp_path / "p" / "instrument.yaml"
    with console_server(tmp_path / "p") as served, offline_context(browser) as offline:
        page = offline.page
        page.goto(served.link)
        page.goto(f"{served.base}/language/en?back=/")
        page.get_by_role("navigation", name="Steps of the survey").get_by_role("link", name="Questionnaire").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Questionnaire"
        assert check_page(page) == []

        page.get_by_role("link", name="The survey's own texts").click()
        title = page.get_by_role("textbox", name="Title (en)")
        title.fill("")
        page.get_by_role("textbox", name="Title (de)").fill("")
        page.get_by_role("button", name="Save").click()
        assert "no text in 'de'" in page.get_by_role("alert").inner_text()
        assert check_page(page) == []
        page.get_by_role("alert").get_by_role("link", name="no text in 'de'").click()  # leads to the field
        assert page.evaluate("() => location.hash") == "#field-title.de"
        page.get_by_role("textbox", name="Title (de)").fill("Vielfalt in Musterstadt – Befragung 2026")
        page.get_by_role("textbox", name="Title (en)").fill("Diversity in Musterstadt – 2026 survey")
        page.get_by_role("button", name="Save").click()
        assert "raised from 1.0.0 to 1.0.1" in page.get_by_role("status").inner_text()

        page.get_by_role("link", name="Back to the questionnaire").click()
        page.get_by_role("link", name="What should the City of Musterstadt do to reduce discrimination?").click()
        assert check_page(page) == []
        page.get_by_role("textbox", name="Question text (en)").fill(
            "What should Musterstadt do against discrimination?"
        )
        page.get_by_role("button", name="Save").first.click()
        assert "Saved. The version is 1.0.1." in page.get_by_role("status").inner_text()

        page.get_by_role("link", name="Back to the questionnaire").click()
        page.get_by_role("link", name="Trust and your suggestions").click()
        page.get_by_role("textbox", name="Id of the new question").fill("ms_satisfied")
        page.get_by_role("combobox", name="Kind of question").select_option(label="A scale with a label on every point")
        page.get_by_role("radio", name="What is measured (e.g. experiences of discrimination)").check()
        page.get_by_role("textbox", name="Question text (de)").fill("Wie zufrieden sind Sie mit der Stadtverwaltung?")
        page.get_by_role("textbox", name="Question text (en)").fill(
            "How satisfied are you with the city administration?"
        )
        page.get_by_role("textbox", name="Points (for a scale), one per line").fill("1: gar nicht\nzwei: sehr")
        page.get_by_role("button", name="Add a question of your own").click()
        assert "Line 2 is not written as value: text" in page.get_by_role("alert").inner_text()
        assert check_page(page) == []
        page.get_by_role("textbox", name="Points (for a scale), one per line").fill("1: gar nicht\n2: sehr")
        page.get_by_role("button", name="Add a question of your own").click()
        assert "raised from 1.0.1 to 1.1.0" in page.get_by_role("status").inner_text()
        page.get_by_role("link", name="Back to the questionnaire").click()
        page.get_by_role("link", name="How satisfied are you with the city administration?").click()
        assert check_page(page) == []
        page.get_by_role("textbox", name="Point 2 (en)").fill("very")
        page.get_by_role("button", name="Save").first.click()
        assert "The version is 1.1.0" in page.get_by_role("status").inner_text()

        page.goto(f"{served.base}/language/de?back=/questionnaire")
        assert page.get_by_role("heading", level=1).inner_text() == "Fragebogen"
        assert check_page(page) == []
        assert offline.blocked == []

    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENT)
    assert "version: 1.1.0\n" in text
    assert "  de: Vielfalt in Musterstadt – Befragung 2026\n  en: Diversity in Musterstadt – 2026 survey\n" in text
    inst = load_instrument(path).instrument
    assert inst.question_map["ms_suggestions"].label["en"] == "What should Musterstadt do against discrimination?"
    assert (tmp_path / "p" / "versions" / "1.0.0" / "instrument.yaml").is_file()
    satisfied = inst.question_map["ms_satisfied"]
    assert isinstance(satisfied, Scale) and [(p.value, p.label.get("en")) for p in satisfied.points] == [
        (1, None),
        (2, "very"),
    ]

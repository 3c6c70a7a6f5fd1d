"""The welcome page in real Chromium, on a phone (390 × 844) and a desktop (1,280 × 800).

What a respondent decides on (the survey's title, its purpose, the time it takes, that taking
part is voluntary) and the start button fit the first screen; the data protection information
follows the button, complete, each part opening without script, after the button in Tab order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eqsurvey.config import load_project
from eqsurvey.workflows.form_app import create_app
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.respondent_info import item_text, respondent_info
from survey.web import LimitSettings
from tests.e2e.form_driver import BUTTONS, new_project, serving
from tests.support.accessibility import (
    axe_violations,
    describe_violations,
    heading_levels,
    skipped_heading_levels,
    walk_tab_order,
)
from tests.support.browser import OfflinePage, offline_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FloatRect, Page

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}
# Written out, not imported, so that a wrong wording fails here.
DURATION = {"de": "Etwa 15 Minuten.", "en": "About 15 minutes."}
VOLUNTARY = {"de": "Die Teilnahme ist freiwillig", "en": "Taking part is voluntary"}
LEGAL_TERMS = {
    "de": ["Verantwortliche Stelle", "Kontakt", "Datenschutzbeauftragte*r", "Rechtsgrundlage", "Was wir fragen", "Besonders geschützte Angaben",
           "Wie Ihre Antworten geschützt werden", "Wer Ihre Antworten erhält", "Wie lange die Antworten aufbewahrt werden",
           "Ihre Rechte", "Wie Sie Ihre Teilnahme widerrufen", "Recht auf Beschwerde"],
    "en": ["Responsible body (controller)", "Contact", "Data protection officer", "Legal basis", "What we ask",
           "Particularly sensitive information", "How your answers are protected", "Who receives your answers",
           "How long the answers are kept", "Your rights", "How to withdraw", "Right to complain"],
}  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_project(tmp_path_factory.mktemp("welcome"))


@pytest.fixture(scope="module")
def instrument(project: Path) -> Instrument:
    return load_instrument(project / "instrument.yaml").instrument


@pytest.fixture(scope="module")
def url(project: Path) -> Iterator[str]:
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


@pytest.fixture(scope="module")
def invited_url(project: Path) -> Iterator[str]:
    with serving(create_app(project, access="codes", limits=UNLIMITED)) as base:
        yield base


def _box_of(offline: OfflinePage, selector: str) -> FloatRect:
    box = offline.page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_what_to_decide_on_and_the_start_button_fit_the_first_screen(
    offline_page: OfflinePage, url: str, instrument: Instrument, lang: str, screen: str
) -> None:
    width, height = SCREENS[screen]
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{url}/?lang={lang}")
    start = page.get_by_role("button", name=BUTTONS[lang]["start"], exact=True)
    box = start.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, f"the start button ends at {box['y'] + box['height']}"
    first_screen = page.evaluate(
        """(height) => Array.from(document.querySelectorAll('main h1, main .purpose, main dl.facts'))
           .filter(el => el.getBoundingClientRect().bottom <= height).map(el => el.innerText).join(' ')""",
        height,
    )
    squashed = " ".join(first_screen.split())
    assert instrument.title[lang] in squashed
    assert " ".join(instrument.purpose[lang].split()) in squashed
    assert DURATION[lang] in squashed and VOLUNTARY[lang] in squashed
    # The data protection information comes after the button, and nothing is wider than the screen.
    assert _box_of(offline_page, "section.privacy")["y"] > box["y"] + box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("screen", SCREENS)
def test_with_invitations_the_code_field_and_the_start_button_fit_the_first_screen_too(
    offline_page: OfflinePage, invited_url: str, screen: str
) -> None:
    width, height = SCREENS[screen]
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{invited_url}/?lang=de")
    field = page.get_by_role("textbox", name="Zugangscode aus Ihrem Einladungsschreiben")
    start = page.get_by_role("button", name=BUTTONS["de"]["start"], exact=True)
    for element in (field, start):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box


def _open_every_part(page: Page) -> None:
    for summary in page.locator("section.privacy summary").all():
        summary.click()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_data_protection_information_is_complete_and_opens_without_script(
    browser: Browser, url: str, instrument: Instrument, lang: str, project: Path
) -> None:
    with offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/?lang={lang}")
        privacy = page.locator("section.privacy")
        assert privacy.locator("summary").all_inner_texts() == LEGAL_TERMS[lang]
        assert instrument.rights is not None
        for text in (instrument.controller, instrument.legal_basis, instrument.rights, instrument.retention):
            assert not page.get_by_text(" ".join(text[lang].split())).is_visible()  # closed until asked for
        _open_every_part(page)
        shown = " ".join(privacy.inner_text().split())
        for text in (
            instrument.controller, instrument.legal_basis, instrument.rights, instrument.retention, instrument.contact
        ):  # fmt: skip
            assert " ".join(text[lang].split()) in shown
        # Every part below the button is the respondent information's item, as the documents print it.
        info = respondent_info(instrument, lang, load_project(project).config.documents.dpo)
        assert info.has("dpo")  # the example names its data protection officer, as Art. 13(1)(b) asks
        for item in info.items:
            if item.key not in ("purpose", "duration", "voluntary"):
                assert item_text(item) in shown, item.key
        assert not offline.blocked


@pytest.mark.parametrize("screen", SCREENS)
def test_the_welcome_page_is_accessible_closed_and_open(offline_page: OfflinePage, url: str, screen: str) -> None:
    width, height = SCREENS[screen]
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{url}/?lang=de")
    assert skipped_heading_levels(heading_levels(page)) == []
    assert heading_levels(page) == [1, 2]  # the title, then "Datenschutz und Ihre Rechte"
    violations = axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))
    assert violations == [], describe_violations(violations)
    _open_every_part(page)
    violations = axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))
    assert violations == [], describe_violations(violations)


def test_tab_reaches_the_start_button_before_the_data_protection_parts(offline_page: OfflinePage, url: str) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/?lang=de")
    walk = walk_tab_order(page)
    assert walk.problems(page) == []
    reached = walk.describe(page, walk.reached)
    start = next(n for n, html in enumerate(reached) if html.startswith("<button") and "Befragung beginnen" in html)
    summaries = [n for n, html in enumerate(reached) if html.startswith("<summary")]
    assert len(summaries) == len(LEGAL_TERMS["de"]) and start == 0 and start < min(summaries)

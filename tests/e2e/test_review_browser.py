"""A partner reviews in real Chromium: the review pages served by uvicorn, walked by accessible role.

With JavaScript off (the pages need none) the partner reads the questionnaire, picks a question,
asks for changes, then approves; the notes reach reviews.jsonl through ``receive``. With JavaScript
on (for axe-core) every review page is checked in German and English: the page, the page with a
problem next to its field, and the page of a link that does not work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from anonymize.keys.keyring import Keyring
from eqsurvey.config import load_project
from eqsurvey.workflows.form_app import create_app
from eqsurvey.workflows.partners import invite, receive
from instruments.review import read_reviews
from survey.web import LimitSettings
from tests.e2e.form_driver import new_project, serving
from tests.support.accessibility import axe_violations, describe_violations, heading_levels, skipped_heading_levels
from tests.support.browser import offline_context
from tests.support.web_form import PASS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
WORDS = {
    "de": {"about": "Worauf sich der Kommentar bezieht", "changes": "Wir bitten um Änderungen",
           "approve": "Wir geben diese Version frei", "comment": "Kommentar", "send": "Senden",
           "sent": "Vielen Dank: Ihre Rückmeldung ist eingegangen", "need": "Bitte schreiben Sie, was sich ändern soll.",
           "broken": "Dieser Prüflink funktioniert nicht"},
    "en": {"about": "What the comment is about", "changes": "We ask for changes", "approve": "We approve this version",
           "comment": "Comment", "send": "Send", "sent": "Thank you: your note has been received",
           "need": "Please say what should change.", "broken": "This review link does not work"},
}  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_project(tmp_path_factory.mktemp("review"))


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serving(create_app(project, access="open", limits=UNLIMITED)) as url:
        yield url


def _link(project: Path, base: str, organisation: str) -> str:
    return base + invite(load_project(project), organisation).url.removeprefix("http://127.0.0.1:8000")


def _checked(page: Page, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}:\n{describe_violations(violations)}"
    assert not skipped_heading_levels(heading_levels(page)), what


def test_a_partner_asks_for_changes_on_a_question_then_approves_without_javascript(
    browser: Browser, project: Path, base: str
) -> None:
    link = _link(project, base, "Migrationsbeirat")
    words = WORDS["de"]
    with offline_context(browser, javascript=False) as offline:
        page = offline.page
        page.goto(link + "?lang=de")
        assert page.get_by_role("heading", level=1).inner_text() == "Prüfung des Fragebogens"
        page.get_by_role("link", name="Frage 3 kommentieren").click()
        assert page.get_by_role("combobox", name=words["about"]).input_value() != ""
        page.get_by_role("radio", name=words["changes"]).check()
        page.get_by_role("button", name=words["send"]).click()
        assert words["need"] in page.get_by_role("alert").inner_text()  # nothing written: asked what to change
        page.get_by_role("textbox", name=words["comment"]).fill("Bitte eine Antwort „möchte ich nicht sagen“")
        page.get_by_role("button", name=words["send"]).click()
        assert words["sent"] in page.get_by_role("status").inner_text()
        page.get_by_role("radio", name=words["approve"]).check()
        page.get_by_role("button", name=words["send"]).click()
        assert words["sent"] in page.get_by_role("status").inner_text()
        assert offline.blocked == []
    loaded = load_project(project)
    added = receive(loaded, Keyring(loaded.keys_dir).private_keys(PASS))
    assert [(r.by, r.decision, r.comment) for r in added] == [
        ("Migrationsbeirat", "changes", "Bitte eine Antwort „möchte ich nicht sagen“"),
        ("Migrationsbeirat", "approve", None),
    ]
    assert added[0].question is not None and added[1].question is None
    assert len(read_reviews(loaded.reviews_path)) == 2


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_review_page_is_axe_clean_and_fits_a_phone(browser: Browser, project: Path, base: str, lang: str) -> None:
    link = _link(project, base, f"Verein {lang}")
    with offline_context(browser) as offline:
        page = offline.page
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{link}?lang={lang}")
        _checked(page, f"review page ({lang})")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1280, "height": 800})
        page.evaluate("() => { document.body.style.zoom = '2'; }")  # 200 % zoom: nothing behind a sideways scroll
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        page.evaluate("() => { document.body.style.zoom = '1'; }")
        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("radio", name=WORDS[lang]["changes"]).check()
        page.get_by_role("button", name=WORDS[lang]["send"]).click()
        assert WORDS[lang]["need"] in page.get_by_role("alert").inner_text()
        _checked(page, f"review page with a problem ({lang})")
        page.goto(f"{base}/review/{'x' * 32}?lang={lang}")
        assert page.get_by_role("heading", level=1).inner_text() == WORDS[lang]["broken"]
        _checked(page, f"a link that does not work ({lang})")
        assert offline.blocked == []

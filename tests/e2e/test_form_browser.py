"""The web survey form in real Chromium against a real uvicorn server: filled in, stored, opened, and checked.

Every walk ends by opening the response stored under the thank-you page's receipt code with the analysts'
private key and comparing it with the answers given; the browser loads nothing but this server's pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.conftest import (
    OfflinePage,
    axe_violations,
    describe_violations,
    heading_levels,
    offline_context,
    skipped_heading_levels,
    walk_tab_order,
)
from tests.e2e.form_driver import (
    Answer,
    FormDriver,
    assert_stayed_home,
    new_project,
    serving,
    stored_answers,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SURVEY = "musterstadt-2026"
LANGUAGES = ["de", "en"]


def plan(*pages: dict[str, Answer]) -> dict[str, Answer]:
    return {question: answer for page in pages for question, answer in page.items()}


# Every conditional question and page is asked: another sexual orientation, born abroad, another home
# language, discrimination at work (so the 12-month matrix asks that row and the follow-up section
# comes), another reason, not reported. In the order the form asks them.
EVERY_PAGE = plan(
    {"ms_consent": "yes"},
    {"ms_district": "nordstadt", "age_band": "25_34", "gi_gender": ["woman", "trans"], "gi_same_as_birth": "no"},
    {"gi_self_description": "  queer <b>&</b> Ümlaut  ", "so_orientation": "other"},
    {"so_self_description": "pan", "rel_religion": ["prefer_not_to_say"]},
    {"mh_birth_country": "other_country"},
    {"mh_years_in_germany": "from_10_to_19", "mh_parents_birth": "both_abroad", "mh_citizenship": ["stateless"]},
    {"rac_self": ["swana", "muslim"], "rac_perceived_not_german": "often", "lang_home": ["german", "arabic", "other"]},
    {"lang_other_text": "Tigrinya"},
    {"wg_seeing": "none", "wg_hearing": "some", "wg_walking": "prefer_not_to_say"},
    {"discr_5y": {"work": "yes", "housing": "no", "police": "prefer_not_to_say"}},
    {"discr_12m": {"work": "yes"}, "ms_discr_local_12m": "yes"},
    {"ms_discr_city_service": "dont_know"},
    {"dg_grounds": ["racist", "religion", "other"]},
    {"dg_other_text": "mein Name", "rh_reported": "no"},
    {"rh_not_reported_reasons": ["no_use", "too_minor"], "rh_support": ["no_but_needed"]},
    {"ta_city_administration": "2", "ta_police": "prefer_not_to_say", "ms_suggestions": "Mehr Beratung\nvor Ort"},
)
# As stored: consent as a boolean, scale points as numbers, text trimmed, every multi-choice a list.
EVERY_PAGE_STORED = EVERY_PAGE | {"ms_consent": True, "ta_city_administration": 2}
EVERY_PAGE_STORED["gi_self_description"] = "queer <b>&</b> Ümlaut"
CONDITIONAL = {"so_self_description", "mh_years_in_germany", "lang_other_text", "discr_12m", "ms_discr_city_service"}
CONDITIONAL |= {"dg_grounds", "dg_other_text", "rh_reported", "rh_not_reported_reasons", "rh_support"}
# Straight, born in Germany, no other language, no discrimination: every conditional question passed over.
SKIPPING = plan(
    {"ms_consent": "yes"},
    {"ms_district": "altstadt", "age_band": "65_74", "gi_gender": ["man", "non_binary"]},
    {"so_orientation": "heterosexual", "rel_religion": ["christian_protestant", "jewish"]},
    {"mh_birth_country": "germany", "mh_parents_birth": "one_abroad", "mh_citizenship": ["german", "other_eu"]},
    {"lang_home": ["german", "polish", "english"], "wg_remembering": "a_lot"},
    {"discr_5y": {"work": "no", "housing": "not_applicable", "online_media": "no"}, "ms_discr_local_12m": "no"},
    {"ta_city_council": "5", "ta_schools": "prefer_not_to_say", "ms_suggestions": "More counselling, please."},
)
SKIPPING_STORED = SKIPPING | {"ms_consent": True, "ta_city_council": 5}
PLANS = {"every page": (EVERY_PAGE, EVERY_PAGE_STORED), "skipping": (SKIPPING, SKIPPING_STORED)}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_project(tmp_path_factory.mktemp("form"))


# One test client plays many respondents from one address within a minute: no rate limits.
UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)


@pytest.fixture(scope="module")
def url(project: Path) -> Iterator[str]:
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


@pytest.mark.parametrize(("lang", "plan"), [("de", "every page"), ("en", "skipping")])
def test_filled_in_with_the_mouse_stores_exactly_the_answers_given(
    offline_page: OfflinePage, url: str, project: Path, lang: str, plan: str
) -> None:
    answers, expected = PLANS[plan]
    form = FormDriver(offline_page.page, url, lang)
    matrix_rows: list[int] = []

    def count_12_month_rows(_: str) -> None:
        if "discr_12m" in form.question_ids():
            matrix_rows.append(form.page.locator("#q-discr_12m").get_by_role("row").count())

    form.open()
    receipt = form.walk(answers, count_12_month_rows)
    shown = {q for ids in form.seen for q in ids}
    if plan == "every page":
        assert shown >= CONDITIONAL and len(form.seen) == 14
        assert "rh_reported_to" not in shown  # not reported: where it was reported is not asked
        assert matrix_rows == [2]  # the header and the one area answered "yes" five years back
    else:
        assert not CONDITIONAL & shown and len(form.seen) == 9 and matrix_rows == []
    assert stored_answers(project, SURVEY, receipt) == expected
    assert_stayed_home(offline_page, url)


def test_filled_in_with_the_keyboard_only(offline_page: OfflinePage, url: str, project: Path) -> None:
    form = FormDriver(offline_page.page, url, "en")
    form.open()
    form.tab_to(button="start")
    form.enter()
    while form.heading() != form.words("finish"):
        form.type_page(EVERY_PAGE)
    assert form.answered == set(EVERY_PAGE) and len(form.seen) == 14
    # A second thought: back from "ready to send", Shift+Tab up from "next" to the suggestion, retype it.
    form.tab_to(button="back")
    form.enter()
    assert form.page.locator("textarea[name=ms_suggestions]").input_value() == EVERY_PAGE["ms_suggestions"]
    form.tab_to(button="next")
    form.tab_to(field="ms_suggestions", backwards=True)
    form.page.keyboard.press("ControlOrMeta+A")
    form.page.keyboard.type("More advice\nnearby")
    form.tab_to(button="next")
    form.enter()
    assert form.heading() == form.words("finish")
    form.tab_to(button="submit")
    form.enter()
    expected = {**EVERY_PAGE_STORED, "ms_suggestions": "More advice\nnearby"}
    assert stored_answers(project, SURVEY, form.receipt()) == expected
    assert_stayed_home(offline_page, url)


def test_switching_language_midway_keeps_every_answer(offline_page: OfflinePage, url: str, project: Path) -> None:
    form = FormDriver(offline_page.page, url, "de")
    form.open()
    form.press("start")
    for _ in range(2):
        form.fill(EVERY_PAGE)
        form.press("next")
    typed = {q: EVERY_PAGE[q] for q in form.fill(EVERY_PAGE) if q in EVERY_PAGE}
    assert set(typed) == {"so_self_description", "rel_religion"} and form.values() == typed
    form.switch_language("en")
    assert form.html_lang() == "en" and form.heading() == "About you (continued)"
    assert form.values() == typed  # what was just filled in, not yet sent with "next", is still there
    form.press("back")
    assert form.heading() == "About you"
    before = {q: EVERY_PAGE[q] for q in form.question_ids() if q in EVERY_PAGE}
    assert form.values() == {**before, "gi_self_description": EVERY_PAGE_STORED["gi_self_description"]}
    assert form.choice("ms_district", "nordstadt").is_checked()  # found by its English label
    form.press("next")
    assert form.values() == typed
    receipt = form.walk(EVERY_PAGE)
    assert stored_answers(project, SURVEY, receipt) == EVERY_PAGE_STORED
    assert_stayed_home(offline_page, url)


def test_without_javascript_the_whole_form_works(browser: Browser, url: str, project: Path) -> None:
    with offline_context(browser, javascript=False) as offline:
        form = FormDriver(offline.page, url, "en")
        form.open()
        receipt = form.walk(EVERY_PAGE)
        assert len(form.seen) == 14
        assert_stayed_home(offline, url)
    assert stored_answers(project, SURVEY, receipt) == EVERY_PAGE_STORED


# --- accessibility of every page -------------------------------------------------------------------------

TITLES = {
    "de": {"no_consent": "Ohne Einwilligung keine Teilnahme", "cookie": "Sicherheitsprüfung fehlgeschlagen"},
    "en": {"no_consent": "No participation without consent", "cookie": "Security check failed"},
}
ERROR_PREFIX = {"de": "Fehler: ", "en": "Error: "}
REQUIRED = {"de": "(Pflichtangabe)", "en": "(required)"}


# Addresses elsewhere that a page would load or post to (the CSP would block them, silently).
_ELSEWHERE = """() => Array.from(document.querySelectorAll('[src], link[href], form[action], [srcset], [poster]'))
  .map(el => new URL(el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('action')
                     || el.getAttribute('srcset') || el.getAttribute('poster'), location.href))
  .filter(u => u.origin !== location.origin).map(u => u.href)"""


def page_problems(page: Page, lang: str) -> list[str]:
    """Tab order, other origins, reflow, axe's serious and critical findings, html lang, title, one h1, outline."""
    problems = walk_tab_order(page).problems(page)
    problems += [f"loads or posts to {u}" for u in page.evaluate(_ELSEWHERE)]
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})  # 1280 px at 400 % zoom (WCAG 1.4.10, reflow)
    if (wide := page.evaluate("document.documentElement.scrollWidth")) > 320:
        problems.append(f"at 320 px the page is {wide} px wide: text must be scrolled sideways to be read")
    page.set_viewport_size(size or {"width": 1280, "height": 900})
    if violations := axe_violations(page):
        problems.append(describe_violations(violations))
    if (declared := page.evaluate("document.documentElement.lang")) != lang:
        problems.append(f"<html lang={declared!r}>, expected {lang!r}")
    title, h1 = page.title(), page.locator("h1")
    if h1.count() != 1:
        problems.append(f"{h1.count()} h1 elements")
    elif not title.removeprefix(ERROR_PREFIX[lang]).startswith(h1.inner_text().strip()):
        problems.append(f"the title {title!r} does not begin with the h1 {h1.inner_text()!r}")
    if page.get_by_role("alert").count() and not title.startswith(ERROR_PREFIX[lang]):
        problems.append(f"errors are shown, but the title {title!r} does not say so")
    return problems + skipped_heading_levels(heading_levels(page))


def assert_errors_take_focus(form: FormDriver) -> None:
    """The error summary has focus on arrival (no script needed): read first, and Tab goes on to its links."""
    summary = form.page.get_by_role("alert")
    assert summary.count() == 1 and summary.evaluate("el => el === document.activeElement")


def assert_no_problems(found: dict[str, list[str]]) -> None:
    bad = {name: problems for name, problems in found.items() if problems}
    assert not bad, "\n".join(f"{name}:\n  " + "\n  ".join(problems) for name, problems in bad.items())


@pytest.fixture(scope="module")
def expiring_url(project: Path) -> Iterator[str]:
    """The same survey, with each page's state valid for one second."""
    with serving(create_app(project, access="open", limits=UNLIMITED, state_ttl=1)) as base:
        yield base


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_form_is_accessible(offline_page: OfflinePage, url: str, lang: str) -> None:
    form = FormDriver(offline_page.page, url, lang)
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found[name] = page_problems(form.page, form.lang)

    form.open()
    form.press("start")
    # The consent question must be answered: the form says so before it refuses an empty answer.
    assert form.page.get_by_role("group", name=REQUIRED[lang]).count() == 1
    form.press("next")
    assert_errors_take_focus(form)
    check("consent not answered")
    form.answer("ms_consent", "yes")
    form.press("next")
    form.answer("gi_gender", ["woman", "prefer_not_to_say"])
    form.press("next")
    assert_errors_take_focus(form)
    check("an exclusive answer ticked with others")
    form.press("back")
    form.press("back")
    form.walk(EVERY_PAGE, check)
    form.open()
    form.press("start")
    form.answer("ms_consent", "no")
    form.press("next")
    assert form.heading() == TITLES[lang]["no_consent"]
    check("no consent")
    form.page.context.clear_cookies()  # as if the browser had refused the security cookie
    form.press("back")
    assert form.heading() == TITLES[lang]["cookie"]
    check("no security cookie")
    # Two with errors, welcome, every question page, ready to send, thank you, and two messages.
    assert len(found) == 2 + 1 + 14 + 2 + 2
    assert_no_problems(found)
    assert_stayed_home(offline_page, url)


def test_messages_without_a_usable_state_are_accessible(offline_page: OfflinePage, url: str, expiring_url: str) -> None:
    # Without a state it can open, the server answers in the browser's language (Chromium here asks for
    # en-US), even for a respondent who chose German; an expired state still tells its own language.
    form = FormDriver(offline_page.page, url, "de")
    found: dict[str, list[str]] = {}
    form.open("no-such-page")
    assert form.heading() == "Page not found"
    found["not found"] = page_problems(form.page, "en")
    form.open()
    form.page.locator("input[name=_state]").evaluate("el => { el.value = 'forged'; }")
    form.press("start")
    assert form.heading() == "This request cannot be processed"
    found["bad request"] = page_problems(form.page, "en")
    expired = FormDriver(offline_page.page, expiring_url, "de")
    expired.open()
    time.sleep(1.1)  # the state expires within a second of the page being shown
    expired.press("start")
    assert expired.heading() == "Ihre Sitzung ist abgelaufen"
    found["expired"] = page_problems(expired.page, "de")
    assert_no_problems(found)
    assert_stayed_home(offline_page, url, expiring_url)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_welcome_page_asking_for_an_access_code_is_accessible(
    offline_page: OfflinePage, project: Path, lang: str
) -> None:
    form = FormDriver(offline_page.page, "", lang)
    found: dict[str, list[str]] = {}
    with serving(create_app(project, access="codes", limits=UNLIMITED)) as base:
        form.base = base
        form.open()
        code = form.page.get_by_role("textbox")
        assert code.count() == 1
        found["access code"] = page_problems(form.page, lang)
        code.fill("not a code")
        form.press("start")
        assert code.get_attribute("aria-invalid") == "true"
        assert_errors_take_focus(form)
        found["access code refused"] = page_problems(form.page, lang)
        assert_stayed_home(offline_page, base)
    assert_no_problems(found)


def test_an_expired_session_is_explained_in_the_respondents_language(
    offline_page: OfflinePage, expiring_url: str
) -> None:
    form = FormDriver(offline_page.page, expiring_url, "en")
    form.open()
    time.sleep(1.1)
    form.press("start")
    assert (form.html_lang(), form.heading()) == ("en", "Your session has expired")

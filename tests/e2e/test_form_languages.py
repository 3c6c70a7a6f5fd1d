"""The web form in Arabic and Persian (right to left) and in Turkish, Russian and Ukrainian, in real Chromium.

The instrument is tests/fixtures/multilingual/instrument.yaml (its own texts in the five languages; the form's
frame comes from the draft catalogues). Each walk goes from the welcome page to the receipt with the mouse,
checks every page with axe, the page's language and direction, and, right to left, that the layout is
mirrored: the "next" button stands right of "back" (the first button in reading order), the tick boxes
right of their labels, the headings and legends flush right. The stored answer is opened with the
analysts' key and compared with what was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.form_driver import Answer, FormDriver, assert_stayed_home, new_project, serving, stored_answers
from tests.support.accessibility import axe_violations, describe_violations

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.support.browser import OfflinePage

INSTRUMENT = Path(__file__).parents[1] / "fixtures" / "multilingual" / "instrument.yaml"
SURVEY = "multilingual-test"
UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)

# Per language: the answers given (write-ins in the respondent's own script) and what is stored.
PLANS: dict[str, dict[str, Answer]] = {
    "ar": {
        "consent": "yes",
        "years_here": "under_5",
        "home_lang": ["arabic", "other"],
        "home_lang_other": "التغرينية",
        "origin_words": "سورية وألمانية",
    },
    "fa": {
        "consent": "yes",
        "years_here": "prefer_not_to_say",
        "home_lang": ["german", "persian"],
        "origin_words": "ایرانی\u200cآلمانی",
    },
    "tr": {
        "consent": "yes",
        "years_here": "since_birth",
        "home_lang": ["german", "turkish", "other"],
        "home_lang_other": "Kurmancî",
        "origin_words": "Türkiyeli ve Alman",
    },
    "uk": {"consent": "yes", "years_here": "five_plus", "home_lang": ["prefer_not_to_say"], "origin_words": "Українка"},
    "ru": {"consent": "yes", "years_here": "under_5", "home_lang": ["other"], "home_lang_other": "Грузинский"},
}
# The page's geometry: where the two buttons, the first tick box and its label, and the headings stand.
_LAYOUT = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right}; };
  const main = document.querySelector('main');
  const buttons = Array.from(document.querySelectorAll('.buttons button')).map(b => [b.value, box(b)]);
  const li = document.querySelector('ul.options li');
  const fieldset = document.querySelector('fieldset.question');
  const legend = fieldset && fieldset.querySelector('legend');
  return {
    dir: getComputedStyle(document.documentElement).direction,
    main: box(main),
    h1: box(document.querySelector('h1')),
    h1Align: getComputedStyle(document.querySelector('h1')).textAlign,
    buttons: Object.fromEntries(buttons),
    input: li && box(li.querySelector('input')),
    label: li && box(li.querySelector('label')),
    fieldset: fieldset && box(fieldset),
    legend: legend && box(legend),
    writeIns: Array.from(document.querySelectorAll('textarea')).map(t => t.getAttribute('dir')),
  };
}"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_project(tmp_path_factory.mktemp("languages"), INSTRUMENT)


@pytest.fixture(scope="module")
def url(project: Path) -> Iterator[str]:
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


def _layout(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(_LAYOUT)
    return found


def _mirrored(layout: dict[str, Any], rtl: bool) -> list[str]:
    """What in the page's layout runs the wrong way for its direction (nothing, when all is well)."""
    wrong = []
    if layout["dir"] != ("rtl" if rtl else "ltr"):
        wrong.append(f"direction {layout['dir']}")
    # The heading's text starts at the reading side: its box is the main column's, its alignment "start".
    if layout["h1Align"] not in ("start", "right" if rtl else "left"):
        wrong.append(f"h1 aligned {layout['h1Align']}")
    buttons = layout["buttons"]
    if {"next", "back"} <= buttons.keys() and (buttons["next"]["left"] > buttons["back"]["left"]) != rtl:
        wrong.append(f"buttons next {buttons['next']} / back {buttons['back']}")
    if layout["input"] is not None:
        box, label = layout["input"], layout["label"]
        if (box["left"] < label["left"]) == rtl:
            wrong.append(f"tick box {box} beside its label {label}")
        fieldset, legend = layout["fieldset"], layout["legend"]
        gap = fieldset["right"] - legend["right"] if rtl else legend["left"] - fieldset["left"]
        if not 0 <= gap < 40:
            wrong.append(f"legend {legend} not at the reading side of its question {fieldset}")
    if any(d != "auto" for d in layout["writeIns"]):
        wrong.append(f"write-ins with dir {layout['writeIns']}")
    return wrong


@pytest.mark.parametrize("lang", ["ar", "fa", "tr", "uk", "ru"])
def test_the_form_in_each_language_is_filled_in_laid_out_for_its_direction_and_stored(
    offline_page: OfflinePage, url: str, project: Path, lang: str
) -> None:
    rtl = lang in ("ar", "fa")
    form = FormDriver(offline_page.page, url, lang, instrument=INSTRUMENT)
    problems: list[str] = []
    pages: list[str] = []
    laid_out: list[str] = []  # pages with both buttons and tick boxes, where the mirroring shows

    def check(where: str) -> None:
        pages.append(where)
        page = form.page
        assert page.locator("html").get_attribute("lang") == lang, where
        assert page.locator("html").get_attribute("dir") == ("rtl" if rtl else "ltr"), where
        violations = axe_violations(page)
        if violations:
            problems.append(f"{where}:\n{describe_violations(violations)}")
        layout = _layout(page)
        problems.extend(f"{where}: {wrong}" for wrong in _mirrored(layout, rtl))
        if {"next", "back"} <= layout["buttons"].keys() and layout["input"] is not None:
            laid_out.append(where)

    form.open()
    receipt = form.walk(PLANS[lang], check)
    assert problems == []
    assert len(pages) >= 5  # welcome, at least two question pages, ready to send, thank you
    assert len(laid_out) >= 2, pages
    expected: dict[str, object] = {**PLANS[lang], "consent": True}
    assert stored_answers(project, SURVEY, receipt) == expected
    assert_stayed_home(offline_page, url)


def test_the_frame_wording_is_the_languages_own_not_english(offline_page: OfflinePage, url: str) -> None:
    form = FormDriver(offline_page.page, url, "fa", instrument=INSTRUMENT)
    form.open()
    page = form.page
    # The frame's Persian is a draft awaiting review, and the welcome page says so, in Persian.
    note = page.locator(".draft-note")
    assert note.is_visible() and note.inner_text().startswith(
        "دکمه\u200cها و پیام\u200cهای این فرم ترجمه\u200cای پیش\u200cنویس"
    )
    form.press("start")
    # Wording that fell back to another language would carry its own lang attribute (WCAG 3.1.2); none does.
    fallbacks = page.evaluate(
        """() => Array.from(document.querySelectorAll('main [lang]'))
                 .filter(el => !el.closest('nav.languages')).map(el => el.lang + ': ' + el.textContent)"""
    )
    assert fallbacks == []
    assert re.fullmatch(r"بخش [0-9۰-۹]+ از [0-9۰-۹]+", page.locator(".part").inner_text().strip())
    form.fill({"consent": "yes"})
    form.press("next")
    assert page.locator("#q-years_here li.declined label").inner_text().strip() == "ترجیح می\u200cدهم پاسخ ندهم"

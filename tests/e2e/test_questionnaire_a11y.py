"""The printable questionnaire (`eqsurvey instrument render`) in real Chromium, opened from a file:// URL offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.accessibility import (
    axe_violations,
    describe_violations,
    heading_levels,
    skipped_heading_levels,
    walk_tab_order,
)
from tests.support.browser import OfflinePage
from tests.support.cli import Eqsurvey

LANGUAGES = ["de", "en"]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "render_instrument.yaml"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The Musterstadt example and the every-question-type fixture, rendered through the real command."""
    root = tmp_path_factory.mktemp("questionnaire")
    eqsurvey = Eqsurvey(root)
    eqsurvey("init", "proj", "--example", "musterstadt")
    eqsurvey.cwd = root / "proj"
    pages: dict[tuple[str, str], Path] = {}
    for lang in LANGUAGES:
        pages["musterstadt", lang] = eqsurvey.cwd / f"fragebogen-{lang}.html"
        eqsurvey("instrument", "render", "--lang", lang, "-o", pages["musterstadt", lang].name)
        pages["every-type", lang] = eqsurvey.cwd / f"every-type-{lang}.html"
        eqsurvey("instrument", "render", FIXTURE, "--lang", lang, "-o", pages["every-type", lang].name)
    return pages


PAGES = [pytest.param(name, lang, id=f"{name}-{lang}") for name in ("musterstadt", "every-type") for lang in LANGUAGES]


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_the_questionnaire_has_no_serious_accessibility_violations_and_loads_nothing(
    rendered: dict[tuple[str, str], Path], offline_page: OfflinePage, name: str, lang: str
) -> None:
    url = offline_page.open(rendered[name, lang])
    violations = axe_violations(offline_page.page)
    assert not violations, describe_violations(violations)
    assert offline_page.requests_besides(url) == [] and offline_page.blocked == []


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_the_questionnaire_declares_its_language_and_has_an_outline(
    rendered: dict[tuple[str, str], Path], offline_page: OfflinePage, name: str, lang: str
) -> None:
    offline_page.open(rendered[name, lang])
    page = offline_page.page
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").count() == 1
    levels = heading_levels(page)
    assert levels.count(1) == 1 and len(levels) > 3
    assert skipped_heading_levels(levels) == []


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_tab_reaches_every_answer_field_in_reading_order(
    rendered: dict[tuple[str, str], Path], offline_page: OfflinePage, name: str, lang: str
) -> None:
    offline_page.open(rendered[name, lang])
    page = offline_page.page
    walk = walk_tab_order(page)
    assert walk.expected, "the questionnaire has tick boxes and text fields to reach"
    problems = walk.problems(page)
    assert not problems, "\n".join(problems)
    # Every field a keyboard reaches has a name a screen reader can announce.
    unnamed = [
        d
        for d, i in zip(walk.describe(page, walk.reached), walk.reached, strict=True)
        if not page.evaluate(
            """(i) => { const el = document.getElementsByTagName('*')[i];
                         return (el.labels && el.labels.length > 0) || !!el.getAttribute('aria-label'); }""",
            i,
        )
    ]
    assert unnamed == []

"""In real Chromium: question 30 of the example ("War dabei ein Amt …?") is asked on the page after
question 29, which it refers to, and that page repeats question 29 and the answer given there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eqsurvey.workflows.form_app import create_app
from survey.web import LimitSettings
from tests.e2e.conftest import OfflinePage, axe_violations, describe_violations
from tests.e2e.form_driver import FormDriver, new_project, serving

UNLIMITED = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
PLAN = {"ms_consent": "yes", "ms_discr_local_12m": "yes", "ms_discr_city_service": "no"}
# Written out, so that a wrong wording or a lost answer fails here.
LEAD = {
    "de": "Zu Frage 29: „Haben Sie in den letzten 12 Monaten in Musterstadt Diskriminierung erlebt?“ "
    "Ihre Antwort: „Ja“",
    "en": "About question 29: “Have you experienced discrimination in Musterstadt in the past 12 months?” "
    "Your answer: “Yes”",
}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project: Path = new_project(tmp_path_factory.mktemp("follow-up"))
    with serving(create_app(project, access="open", limits=UNLIMITED)) as base:
        yield base


@pytest.mark.parametrize("lang", ["de", "en"])
def test_question_30_repeats_question_29_and_its_answer(offline_page: OfflinePage, url: str, lang: str) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    form = FormDriver(page, url, lang)
    form.open()
    found: dict[str, object] = {}

    def check(_: str) -> None:
        if form.question_ids() != ["ms_discr_city_service"]:
            return
        # What a screen reader says for the question: its name and the description that names the lead.
        group = page.get_by_role("group", name="30.", exact=False)
        described = group.get_attribute("aria-describedby") or ""
        found["described"] = described
        found["lead"] = " ".join(page.locator(f"[id='{described.split()[0]}']").inner_text().split())
        found["lead_above"] = page.evaluate(
            """() => document.querySelector('.lead-context').getBoundingClientRect().bottom
                     <= document.getElementById('q-ms_discr_city_service').getBoundingClientRect().top"""
        )
        found["axe"] = axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))

    form.walk(PLAN, check)
    assert found, "question 30 was never shown on a page of its own"
    assert found["lead"] == LEAD[lang]
    assert str(found["described"]).startswith("q-ms_discr_city_service:lead-1")
    assert found["lead_above"] is True
    assert found["axe"] == [], describe_violations(found["axe"])  # type: ignore[arg-type]

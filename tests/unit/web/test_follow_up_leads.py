"""A follow-up question asked on the page after its lead repeats the lead and the answer given there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.printable.page import questionnaire_view
from survey.web.pages import Page, asked_on, pages_of
from survey.web.screens import Screens
from tests.builders import example_instrument, instrument_yaml

FOLLOW_UPS = """\
- id: bus
  type: single_choice
  label: {de: Fahren Sie Bus?, en: Do you take the bus?}
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
- id: how_often
  type: multi_choice
  label: {de: Wann?, en: When?}
  relevant: bus == 'yes'
  options:
    - {code: work, label: {de: Zur Arbeit, en: To work}}
    - {code: leisure, label: {de: In der Freizeit, en: In leisure time}}
- id: why
  type: text
  label: {de: Warum?, en: Why?}
  relevant: selected(how_often, 'work') or bus == 'no'
"""
LATER_SECTION = """\
# (a comment at column 0, so that instrument_yaml's dedent leaves the section inside `sections:`)
  - id: later
    title: {de: Später, en: Later}
    questions:
      - {id: again, type: single_choice, label: {de: Noch einmal?, en: Again?}, relevant: bus == 'yes',
         options: [{code: 'y', label: {de: Ja, en: 'Yes'}}]}
"""


@pytest.fixture
def instrument(tmp_path: Path) -> Instrument:
    path = tmp_path / "instrument.yaml"
    path.write_text(instrument_yaml(FOLLOW_UPS, LATER_SECTION), encoding="utf-8")
    return load_instrument(path).instrument


def test_the_example_names_the_lead_of_every_follow_up_that_starts_or_sits_on_a_later_page() -> None:
    leads = {qid: lead for page in pages_of(example_instrument()) for qid, lead in page.leads}
    assert leads == {
        "so_self_description": ("so_orientation",),
        "mh_years_in_germany": ("mh_birth_country",),
        "lang_other_text": ("lang_home",),
        "discr_12m": ("discr_5y",),
        "ms_discr_city_service": ("ms_discr_local_12m",),
        "dg_other_text": ("dg_grounds",),
        "rh_reported_to": ("rh_reported",),
        "rh_not_reported_reasons": ("rh_reported",),
    }


def test_leads_are_questions_of_the_same_section_on_earlier_pages(instrument: Instrument) -> None:
    pages = pages_of(instrument)
    assert [[q.id for q in p.questions] for p in pages] == [["bus"], ["how_often"], ["why"], ["again"]]
    # "why" names both; a question of a later section is no follow-up shown out of context.
    assert [p.leads for p in pages] == [(), (("how_often", ("bus",)),), (("why", ("bus", "how_often")),), ()]


def _html(instrument: Instrument, page: Page, lang: str, answers: dict[str, object]) -> str:
    screens = Screens(instrument, {code: questionnaire_view(instrument, code) for code in instrument.languages})
    asked = asked_on(instrument, page, answers)
    response = screens.questions(lang, page, asked, state="s", fields={}, errors={}, answers=answers)
    return " ".join(bytes(response.body).decode().split())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "Zu Frage 1:</span> „Fahren Sie Bus?“ <span>Ihre Antwort:</span> „Ja“"),
        ("en", "About question 1:</span> “Do you take the bus?” <span>Your answer:</span> “Yes”"),
    ],
)
def test_the_follow_up_page_repeats_the_lead_and_its_answer(instrument: Instrument, lang: str, expected: str) -> None:
    html = _html(instrument, pages_of(instrument)[1], lang, {"bus": "yes"})
    assert f'<p class="lead-context" id="q-how_often:lead-1"><span>{expected}</p>' in html
    # The follow-up's fieldset is described by it, so a screen reader says it with the question.
    assert re.search(
        r'<fieldset[^>]* id="q-how_often" aria-describedby="q-how_often:lead-1 q-how_often:instruction"', html
    )


def test_several_leads_and_several_ticks_are_all_repeated(instrument: Instrument) -> None:
    html = _html(instrument, pages_of(instrument)[2], "de", {"bus": "yes", "how_often": ["work", "leisure"]})
    assert "Zu Frage 1:</span> „Fahren Sie Bus?“ <span>Ihre Antwort:</span> „Ja“</p>" in html
    assert "Zu Frage 2:</span> „Wann?“ <span>Ihre Antwort:</span> „Zur Arbeit“, „In der Freizeit“</p>" in html
    assert 'aria-describedby="q-why:lead-1 q-why:lead-2 q-why:instruction"' in html


def test_a_declined_lead_is_repeated_with_the_declined_answer(instrument: Instrument) -> None:
    html = _html(instrument, pages_of(instrument)[2], "en", {"bus": "no", "how_often": None})
    assert "“Do you take the bus?” <span>Your answer:</span> “No”" in html
    html = _html(instrument, pages_of(instrument)[2], "de", {"bus": "prefer_not_to_say"})
    assert "lead-context" not in html  # "why" is not asked: no lead shown for a question not shown


def test_a_page_without_follow_ups_has_no_lead(instrument: Instrument) -> None:
    assert "lead-context" not in _html(instrument, pages_of(instrument)[3], "de", {"bus": "yes"})

"""What the front page says about voluntariness follows the instrument: all voluntary, or all but the marked ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.printable.page import questionnaire_view, render_questionnaire, ui_messages
from tests.builders import instrument_yaml

VOLUNTARY = """\
- id: often
  type: single_choice
  label: {de: Wie oft?, en: How often?}
  options:
    - {code: never, label: {de: nie, en: never}}
    - {code: often, label: {de: oft, en: often}}
"""
REQUIRED = VOLUNTARY + "  required: true\n"
CONSENT = """\
- id: agree
  type: consent
  label: {de: Ich willige ein., en: I agree.}
"""


def _instrument(tmp_path: Path, questions: str) -> Instrument:
    path = tmp_path / "instrument.yaml"
    path.write_text(instrument_yaml(questions), encoding="utf-8")
    return load_instrument(path).instrument


def _voluntary(instrument: Instrument, lang: str) -> str:
    term, text, _ = questionnaire_view(instrument, lang).about[-1]
    assert term == ui_messages(lang)["voluntary"]
    return text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_with_no_required_question_every_question_is_said_to_be_voluntary(tmp_path: Path, lang: str) -> None:
    text = _voluntary(_instrument(tmp_path, VOLUNTARY), lang)
    assert text.startswith(ui_messages(lang)["voluntary_text"])
    assert ("Alle Fragen sind freiwillig" if lang == "de" else "All questions are voluntary") in text
    assert ui_messages(lang)["required"] not in text


@pytest.mark.parametrize("questions", [REQUIRED, CONSENT, VOLUNTARY + CONSENT], ids=["required", "consent", "both"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_with_a_required_question_the_marked_ones_are_excepted(tmp_path: Path, lang: str, questions: str) -> None:
    instrument = _instrument(tmp_path, questions)
    text = _voluntary(instrument, lang)
    assert text.startswith(ui_messages(lang)["voluntary_required"])
    excepted = "Alle Fragen außer den als „Pflichtangabe“ markierten" if lang == "de" else "All questions except"
    assert excepted in text
    assert "Alle Fragen sind freiwillig" not in text and "All questions are voluntary" not in text
    # The mark the statement speaks of is on the questions, on paper as on the web.
    assert f"({ui_messages(lang)['required']})" in render_questionnaire(instrument, lang)

"""German Easy Language (``de-x-ls``) in the questionnaire's own frame: page wording and skip instructions.

The question wording comes from the instrument; the instructions around it ("Tick all that apply",
"required", the headings of the front page) come from :mod:`instruments.printable.page` and the skip
instructions from :mod:`instruments.expressions.describe`. Both have an Easy German catalogue of their own.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from instruments.catalogues import CATALOGUES
from instruments.expressions.describe import describe_condition, message_language, messages
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.option_defaults import DECLINED_LABEL, languages, text_in
from instruments.printable.page import QuestionnaireView, questionnaire_view, render_questionnaire, ui_messages
from tests.support.builders import easy_german_yaml

FRAME = ("en", "de", "de-x-ls")
# The Easy German wording as the catalogue (instruments/locales/de@easy) gives it.
EASY_GERMAN_UI = ui_messages("de-x-ls")


def fields(text: str) -> set[str]:
    """The {placeholders} of a message, as str.format sees them."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_fields_sees_real_placeholders_only() -> None:
    assert fields("Zahl von {min} bis {max}.") == {"min", "max"}
    assert fields("{{n}} ist kein Feld") == set()


# --- (a) the catalogues -------------------------------------------------------------------------


def test_page_wording_has_the_same_keys_and_placeholders_in_all_three_languages() -> None:
    catalogues = {lang: ui_messages(lang) for lang in FRAME}
    assert catalogues["de-x-ls"]["required"] == "Pflicht·frage" != catalogues["de"]["required"]  # its own wording
    assert catalogues["en"].keys() == catalogues["de"].keys() == catalogues["de-x-ls"].keys()
    for key in catalogues["en"]:
        found = {lang: fields(catalogue[key]) for lang, catalogue in catalogues.items()}
        assert found["en"] == found["de"] == found["de-x-ls"], (key, found)
        assert EASY_GERMAN_UI[key] == EASY_GERMAN_UI[key].strip() != "", key
    assert fields(EASY_GERMAN_UI["whole_number"]) == {"min", "max"}


def test_skip_wording_has_the_same_keys_and_placeholders_in_all_three_languages() -> None:
    assert set(FRAME) <= set(CATALOGUES.languages())
    assert message_language("de-x-ls") == "de-x-ls" and message_language("de-AT") == "de"
    catalogues = {lang: messages(lang) for lang in FRAME}
    assert catalogues["de-x-ls"]["never"] == "Lassen Sie das immer weg" != catalogues["de"]["never"]
    assert catalogues["en"].keys() == catalogues["de"].keys() == catalogues["de-x-ls"].keys()
    for key in catalogues["en"]:
        found = {lang: fields(catalogue[key]) for lang, catalogue in catalogues.items()}
        assert found["en"] == found["de"] == found["de-x-ls"], (key, found)
        assert catalogues["de-x-ls"][key] == catalogues["de-x-ls"][key].strip() != "", key


# Word forms the rules of Leichte Sprache exclude, as whole words (a heuristic, not a grammar check),
# each with standard German it finds, to show that the pattern works.
FORBIDDEN = {
    "abbreviation": (r"z\. ?B\.|d\. ?h\.|bzw\.|usw\.|ggf\.|evtl\.|ca\.|etc\.|Nr\.", "z. B. 42, bzw. 43"),
    "Konjunktiv": (r"würden?|könnten?|sollten?|müssten?|hätten?|wären?|möchten?", ui_messages("de")["voluntary_text"]),
    "Genitiv": (r"des|der Werte|der Antworten|der Skala|der Befragung", ui_messages("de")["purpose"]),
    "passive": (r"werden|wurden?|worden|aufbewahrt|beantwortet sein", ui_messages("de")["voluntary_required"]),
    "hard word": (r"Zutreffende\w*|Einwilligung|willige|Pflichtangabe|Prüfsumme", ui_messages("de")["tick_all"]),
}


def _easy_texts() -> dict[str, str]:
    return {f"ui.{key}": text for key, text in EASY_GERMAN_UI.items()} | {
        f"describe.{key}": text for key, text in messages("de-x-ls").items()
    }


@pytest.mark.parametrize("rule", sorted(FORBIDDEN))
def test_easy_german_keeps_the_rules_a_machine_can_check(rule: str) -> None:
    words, example = FORBIDDEN[rule]
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    assert {key: pattern.findall(text) for key, text in _easy_texts().items() if pattern.search(text)} == {}
    assert pattern.search(example)


def test_easy_german_splits_long_compounds_and_writes_numbers_as_digits() -> None:
    assert "Frage·bogen" in EASY_GERMAN_UI["voluntary_required"] and EASY_GERMAN_UI["required"] == "Pflicht·frage"
    assert "Fragebogen" in ui_messages("de")["instrument"]
    numbers = re.compile(r"(?<!\w)(?:eine?|zwei|drei|einmal)(?=\s+(?:Antwort|Zeile|Mal|Punkt))", re.IGNORECASE)
    assert {key: text for key, text in _easy_texts().items() if numbers.search(text)} == {}
    assert numbers.search(ui_messages("de")["tick_one"])


def test_prefer_not_to_say_labels_end_without_a_full_stop() -> None:
    # They are quoted inside sentences: „Das möchte ich nicht sagen“ ankreuzen.
    labels = {lang: text_in(DECLINED_LABEL, lang) for lang in languages()}
    assert labels["de-x-ls"] == "Das möchte ich nicht sagen"
    assert [label for label in labels.values() if label.rstrip()[-1] in ".!?"] == []


# --- (b) a questionnaire in German, Easy German and English -------------------------------------

QUESTIONS = """\
- id: help
  type: multi_choice
  required: true
  label: {de: Unterstützung, de-x-ls: Wer hilft Ihnen im Alltag?, en: Support}
  options:
    - {code: family, label: {de: Familie, de-x-ls: Meine Familie, en: Family}}
    - {code: friends, label: {de: Freundeskreis, de-x-ls: Meine Freunde, en: Friends}}
    - {code: nobody, label: {de: Niemand, de-x-ls: Niemand hilft mir, en: Nobody}, exclusive: true}
- id: often
  type: single_choice
  relevant: selected(help, 'family')
  label: {de: Wie oft?, de-x-ls: Wie oft hilft Ihre Familie?, en: How often?}
  options:
    - {code: daily, label: {de: Täglich, de-x-ls: Jeden Tag, en: Daily}}
    - {code: rarely, label: {de: Selten, de-x-ls: Nicht oft, en: Rarely}}
- id: age
  type: number
  relevant: not declined(help) and count_selected(help) >= 2
  label: {de: Alter, de-x-ls: Wie alt sind Sie?, en: Age}
  min: 16
  max: 99
- id: comment
  type: text
  label: {de: Anmerkungen, de-x-ls: Was wollen Sie uns noch sagen?, en: Comments}
  max_length: 200
"""


def easy_instrument_yaml() -> str:
    return easy_german_yaml(QUESTIONS)


@pytest.fixture(scope="module")
def instrument(tmp_path_factory: pytest.TempPathFactory) -> Instrument:
    path = Path(tmp_path_factory.mktemp("easy")) / "instrument.yaml"
    path.write_text(easy_instrument_yaml(), encoding="utf-8")
    loaded = load_instrument(path)
    assert loaded.instrument.languages == ["de", "de-x-ls", "en"]
    assert [w.code for w in loaded.warnings] == []  # every text has its Easy German
    return loaded.instrument


def _questions(view: QuestionnaireView) -> dict[str, str]:
    """Question id → the instruction shown with it."""
    return {q.id: q.instruction for s in view.sections for q in s.questions}


def test_the_easy_german_view_has_the_easy_german_frame(instrument: Instrument) -> None:
    view = questionnaire_view(instrument, "de-x-ls")
    de = ui_messages("de")
    assert view.t == EASY_GERMAN_UI
    assert view.ui == {} and view.skip_part == {}  # the frame is in the page's own language, nothing falls back
    instructions = _questions(view)
    assert instructions["help"] == EASY_GERMAN_UI["tick_all"] != de["tick_all"]
    assert instructions["often"] == "Bitte kreuzen Sie nur 1 Antwort an."
    assert instructions["age"] == "Bitte schreiben Sie eine ganze Zahl von 16 bis 99. Eine ganze Zahl hat kein Komma."
    assert instructions["comment"].startswith("Sie können höchstens 200 Zeichen schreiben.")
    terms = [term for term, _, _ in view.about]
    assert terms[0] == "Warum machen wir diese Befragung?" and de["purpose"] not in terms
    voluntary = view.about[-1][1]
    assert "Sie können auch „Das möchte ich nicht sagen“ ankreuzen." in voluntary
    assert "Pflicht·frage" in voluntary and de["voluntary_text"] not in voluntary
    assert view.identity.startswith("Frage·bogen: test-survey. Version: 1.0.0. Prüf·code für den Inhalt: ")


def test_the_printed_easy_german_page_shows_easy_german_instructions_only(instrument: Instrument) -> None:
    page = " ".join(render_questionnaire(instrument, "de-x-ls").split())
    german = " ".join(render_questionnaire(instrument, "de").split())
    de = ui_messages("de")
    assert '<html lang="de-x-ls" dir="ltr">' in page and ' lang="de"' not in page
    assert EASY_GERMAN_UI["tick_all"] in page and EASY_GERMAN_UI["tick_all"] not in german
    assert de["tick_all"] in german and de["tick_all"] not in page
    for key in ("tick_one", "voluntary", "purpose", "required", "exclusive", "contact"):
        assert EASY_GERMAN_UI[key] in page, key
        assert f">{de[key]}<" not in page and f"({de[key]})" not in page, key
    assert '<span class="required">(Pflicht·frage)</span>' in page
    assert '<span class="note">(diese Antwort nur allein ankreuzen)</span>' in page
    assert "Nur wenn" not in page and "Nur wenn" in german
    skip = "Sie haben bei Frage 1 „Meine Familie“ angekreuzt? Dann beantworten Sie das. Sonst lassen Sie das weg."
    assert f'<p class="skip" id="q-often:skip">{skip}</p>' in page


# --- (c) skip instructions in Easy German -------------------------------------------------------

THEN = "? Dann beantworten Sie das. Sonst lassen Sie das weg"


@pytest.mark.parametrize(
    ("condition", "easy"),
    [
        ("selected(help, 'family')", "Sie haben bei Frage 1 „Meine Familie“ angekreuzt"),
        (
            "not declined(help) and count_selected(help) >= 2",
            "Sie haben bei Frage 1 „Das möchte ich nicht sagen“ nicht angekreuzt und "
            "Sie haben bei Frage 1 mindestens 2 Antworten angekreuzt",
        ),
        ("often != 'daily'", "Sie haben bei Frage 2 eine andere Antwort als „Jeden Tag“ angekreuzt"),
        (
            "age < 18 or not answered(comment)",
            "Ihre Antwort bei Frage 3 ist kleiner als 18 oder Sie haben Frage 4 nicht beantwortet",
        ),
        # The clause may begin in lower case; the sentence begins with a capital, also after a bracket.
        (
            "(count_selected(help) > age or answered(comment)) and answered(age)",
            "(Die Zahl von Ihren Kreuzen bei Frage 1 ist größer als Ihre Antwort bei Frage 3 oder "
            "Sie haben Frage 4 beantwortet) und Sie haben Frage 3 beantwortet",
        ),
    ],
)
def test_a_skip_instruction_in_easy_german(instrument: Instrument, condition: str, easy: str) -> None:
    assert describe_condition(condition, instrument, "de-x-ls") == easy + THEN
    assert describe_condition(condition, instrument, "de").startswith("Nur wenn ")  # the German keeps its form


def test_always_and_never_in_easy_german(instrument: Instrument) -> None:
    assert describe_condition("true", instrument, "de-x-ls") == "Beantworten Sie das immer"
    assert describe_condition("not true", instrument, "de-x-ls") == "Lassen Sie das immer weg"
    assert describe_condition("true", instrument, "de") == "Immer"


def test_standard_german_and_english_skip_wording_keep_their_own_form(instrument: Instrument) -> None:
    assert describe_condition("selected(help, 'family')", instrument, "de") == (
        "Nur wenn Sie bei Frage 1 „Familie“ angekreuzt haben"
    )
    assert (
        describe_condition("selected(help, 'family')", instrument, "en") == "Only if you ticked “Family” at question 1"
    )

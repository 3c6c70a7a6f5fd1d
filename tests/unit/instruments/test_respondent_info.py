"""The information for respondents (GDPR Art. 13) and the consent text, built from the instrument."""

from __future__ import annotations

import re

import pytest

from instruments.catalogues import CATALOGUES
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.printable.page import questionnaire_view
from instruments.respondent_info import ITEM_KEYS, RespondentInfo, Text, item_text, plain_text, respondent_info
from instruments.respondent_info.wording import FACTS, INFO
from kernel.errors import InstrumentError
from tests.support.builders import GENDER, easy_german_yaml, example_instrument, instrument_yaml

DPO = {"de": "Datenschutzbeauftragte, datenschutz@stadt.example", "en": "Data protection officer, dpo@city.example"}
OWN_TEXTS = ("controller", "contact", "purpose", "legal_basis", "retention", "rights")

AGE = """\
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
  privacy: quasi_identifier
"""
RELIGION = """\
- id: religion
  type: single_choice
  label: {de: Religion, en: Religion}
  privacy: special_category
  options:
    - {code: none, label: {de: keine, en: none}}
    - {code: some, label: {de: eine, en: one}}
"""
CONSENT_SECTION = """\
  - id: agree
    title: {de: Einwilligung, en: Consent}
    intro: {de: Lesen Sie dies zuerst., en: Read this first.}
    questions:
      - id: ok
        type: consent
        label: {de: Ich willige ein., en: I consent.}
"""


def _instrument(questions: str, more_sections: str = "") -> Instrument:
    return parse_instrument(instrument_yaml(questions) + more_sections, "t.yaml").instrument


def _wording(lang: str) -> dict[str, str]:
    return CATALOGUES.translator(lang).wording((*FACTS, *INFO))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_item_of_the_example_in_order_with_the_instruments_own_texts(lang: str) -> None:
    instrument = example_instrument()
    info = respondent_info(instrument, lang, DPO)
    t = _wording(lang)
    assert tuple(item.key for item in info.items) == ITEM_KEYS
    assert info.item("dpo").heading.text == t["info_dpo"]
    assert info.item("dpo").paragraphs == (Text(DPO[lang], lang),)
    assert info.title.text == t["info_title"] and info.lang == lang
    assert (info.instrument_id, info.version, info.content_hash) == (
        instrument.id,
        instrument.version,
        instrument.content_hash(),
    )
    for key in OWN_TEXTS:
        (paragraph,) = info.item(key).paragraphs
        assert paragraph.text == getattr(instrument, key)[lang] and paragraph.lang == lang, key
    assert info.item("controller").heading.text == t["controller"]
    assert info.item("duration").paragraphs[0].text == t["duration_text"].format(n=15)
    assert [p.text for p in info.item("asked").points] == [s.title[lang] for s in instrument.sections]
    assert info.item("withdraw").paragraphs[0].text == t["info_withdraw_text"]
    assert [p.text for p in info.item("protection").paragraphs] == [
        t["info_protection_sealed"],
        t["info_protection_published"],
    ]
    # Nothing is left unfilled: no placeholder, no empty text.
    for item in info.items:
        for text in (item.heading, *item.paragraphs, *item.points):
            assert text.text.strip() and not re.search(r"\{\w*\}", text.text), (item.key, text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_special_categories_are_the_questions_marked_so_with_their_numbers(lang: str) -> None:
    instrument = example_instrument()
    info = respondent_info(instrument, lang)
    numbered = list(enumerate(instrument.questions(), start=1))
    expected = [(n, q.label[lang]) for n, q in numbered if q.privacy == "special_category"]
    assert len(expected) > 10
    points = [p.text for p in info.item("special_categories").points]
    assert points == [_wording(lang)["info_special_item"].format(n=n, label=label) for n, label in expected]
    # A district (quasi-identifier) or the consent is not listed.
    assert not any(instrument.question_map["ms_district"].label[lang] in p for p in points)


def test_a_question_marked_special_appears_and_one_unmarked_leaves() -> None:
    plain = _instrument(AGE + RELIGION)
    info = respondent_info(plain, "en")
    assert [p.text for p in info.item("special_categories").points] == ["Question 2: Religion"]
    assert info.item("special_categories").paragraphs[0].text == _wording("en")["info_special_text"]
    marked = _instrument(AGE.replace("quasi_identifier", "special_category") + RELIGION)
    assert [p.text for p in respondent_info(marked, "en").item("special_categories").points] == [
        "Question 1: Age",
        "Question 2: Religion",
    ]
    none = respondent_info(_instrument(AGE), "de")
    assert none.item("special_categories").points == ()
    assert [p.text for p in none.item("special_categories").paragraphs] == [_wording("de")["info_special_none"]]


def test_missing_optional_fields_leave_their_items_out_without_placeholders() -> None:
    instrument = _instrument(AGE)
    assert instrument.rights is None and instrument.estimated_minutes is None
    info = respondent_info(instrument, "en")
    assert not info.has("rights") and tuple(item.key for item in info.items) == tuple(
        key for key in ITEM_KEYS if key not in {"rights", "dpo"}
    )
    with pytest.raises(KeyError):
        info.item("rights")
    assert info.item("duration").paragraphs[0].text == "About one minute."  # estimated from one question
    assert info.consent == ()
    text = plain_text(info)
    assert "Your rights" not in text
    assert text.rstrip("\n").split("\n\n")[-1] == "Time needed\nAbout one minute."  # no consent block after it
    assert "{" not in text and "None" not in text and "\n\n\n" not in text


def test_the_consent_statement_with_its_sections_intro_and_the_answers() -> None:
    instrument = _instrument(AGE, CONSENT_SECTION)
    for lang, yes in (("de", "Ja, ich willige ein"), ("en", "Yes, I agree")):
        (consent,) = respondent_info(instrument, lang).consent
        assert consent.question_id == "ok" and consent.yes.text == yes
        assert consent.statement.text == instrument.question_map["ok"].label[lang]
        assert consent.intro is not None and consent.intro.text == instrument.sections[1].intro[lang]  # type: ignore[index]
    without_intro = _instrument(
        AGE, CONSENT_SECTION.replace("    intro: {de: Lesen Sie dies zuerst., en: Read this first.}\n", "")
    )
    assert respondent_info(without_intro, "en").consent[0].intro is None
    example = respondent_info(example_instrument(), "de")
    assert [c.statement.text for c in example.consent] == [example_instrument().question_map["ms_consent"].label["de"]]


def test_easy_german_wording_and_a_missing_translation_falls_back_marked() -> None:
    text = easy_german_yaml(AGE.replace("{de: Alter, en: Age}", "{de: Alter, de-x-ls: Wie alt sind Sie?, en: Age}"))
    instrument = parse_instrument(text, "t.yaml").instrument
    info = respondent_info(instrument, "de-x-ls")
    easy, german = _wording("de-x-ls"), _wording("de")
    assert info.title.text == easy["info_title"] != german["info_title"]
    assert info.item("controller").heading.text == "Wer ist für Ihre Daten verantwortlich?"
    for item in info.items:
        assert item.heading.lang == "de-x-ls" and item.heading.text == easy[_heading_key(item.key)], item.key
    assert info.item("purpose").paragraphs[0].text == "Wir wollen etwas testen."
    # The section title has an Easy German text; a text the instrument lacks in de-x-ls falls back to German,
    # and says so, so a page can mark it.
    assert info.item("asked").points[0].text == "Fragen an Sie"
    partial = instrument.model_copy(update={"retention": {"de": "Zwei Jahre", "en": "Two years"}})
    (kept,) = respondent_info(partial, "de-x-ls").item("retention").paragraphs
    assert (kept.text, kept.lang) == ("Zwei Jahre", "de")


def _heading_key(key: str) -> str:
    own = {"asked", "special_categories", "protection", "recipients", "withdraw", "complaint"}
    return {"special_categories": "info_special"}.get(key, f"info_{key}" if key in own else key)


def test_a_language_the_instrument_lacks_is_refused() -> None:
    with pytest.raises(InstrumentError) as refused:
        respondent_info(_instrument(AGE), "fr")
    assert "no language 'fr'" in str(refused.value) and "de, en" in str(refused.value)


def test_plain_text_holds_every_heading_and_item_in_order() -> None:
    info = respondent_info(example_instrument(), "en")
    text = plain_text(info)
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == info.title.text and len(blocks) == len(info.items) + 2
    for block, item in zip(blocks[1:], info.items, strict=False):
        heading, *lines = block.split("\n")
        assert heading == item.heading.text
        assert " ".join(line.removeprefix("- ") for line in lines) == item_text(item)
    consent = info.consent[0]
    assert blocks[-1].split("\n")[0] == "Consent" and " ".join(consent.statement.text.split()) in blocks[-1]
    assert "[ ] Yes, I agree   [ ] No" in blocks[-1]


def test_the_printable_page_shows_the_same_facts() -> None:
    instrument = _instrument(GENDER, CONSENT_SECTION)
    for lang in instrument.languages:
        info: RespondentInfo = respondent_info(instrument, lang)
        facts = questionnaire_view(instrument, lang).facts
        assert list(facts) == ["purpose", "duration", "controller", "legal_basis", "retention", "contact", "voluntary"]
        for key, (term, text, _) in facts.items():
            assert (term, text) == (info.item(key).heading.text, item_text(info.item(key))), key


def test_the_data_protection_officer_is_an_item_only_where_the_project_names_one() -> None:
    instrument = example_instrument()
    assert not respondent_info(instrument, "en").has("dpo")
    one = respondent_info(instrument, "en", "DPO of the city, dpo@city.example")
    keys = [item.key for item in one.items]
    assert keys[keys.index("contact") + 1] == "dpo"
    assert one.item("dpo").paragraphs == (Text("DPO of the city, dpo@city.example", "en"),)
    # Texts by language fall back to the default language, marked as such, as the instrument's own texts do.
    fallback = respondent_info(instrument, "en", {"de": "Datenschutzbeauftragte der Stadt"})
    assert fallback.item("dpo").paragraphs == (Text("Datenschutzbeauftragte der Stadt", "de"),)
    assert "DPO of the city" in plain_text(one) and "DPO" not in plain_text(respondent_info(instrument, "en"))

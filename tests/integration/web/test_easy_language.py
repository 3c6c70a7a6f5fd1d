"""German Easy Language (Leichte Sprache, ``de-x-ls``): the form's own wording, and a survey filled in with it."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from instruments.catalogues import CATALOGUES as INSTRUMENT_CATALOGUES
from instruments.loader import load_instrument
from instruments.respondent_info.wording import INFO
from survey.web.messages import wording, wording_language
from survey.web.review_words import review_wording
from tests.support.builders import easy_german_yaml
from tests.support.cli import Eqsurvey
from tests.support.web_form import PASS, Form, stored

# The frame's wording as the catalogues give it (English from the code, the rest from survey/locales).
_EN, _DE, EASY_GERMAN = wording("en"), wording("de"), wording("de-x-ls")
CATALOGUES = {"en": _EN, "de": _DE, "de-x-ls": EASY_GERMAN}
# The welcome page's information for respondents (instruments.respondent_info) and the partners' review pages,
# held to the same rules.
EASY_INFO = INSTRUMENT_CATALOGUES.translator("de-x-ls").wording(INFO)
EASY_REVIEW = review_wording("de-x-ls")
EASY_TEXTS = {**EASY_GERMAN, **EASY_INFO, **EASY_REVIEW}

# Longest sentence allowed in an Easy German message, in words. The rules (Netzwerk Leichte Sprache,
# DIN SPEC 33429) ask for short sentences with one statement each but set no number; the task's bound is
# about 15 words. The catalogue was written to an aim of 8 to 10 words (its longest sentences have 10, the
# mean is under 6), so 12 leaves a little room for rewording while still catching the longer sentences of
# the standard German catalogue (13 to 20 words, see the test below).
MAX_WORDS = 12

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_WORD = re.compile(r"[\w{]")  # a word has a letter or digit, or is a {placeholder}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def sentences(text: str) -> list[list[str]]:
    """The sentences of a message as lists of words. A colon does not end a sentence here (it is counted on);
    a placeholder is one word, a compound split with a Mediopunkt (Zugangs·code) is one word."""
    return [
        words for part in _SENTENCE_END.split(text.strip()) if (words := [w for w in part.split() if _WORD.search(w)])
    ]


def longest_sentence(text: str) -> int:
    return max(len(words) for words in sentences(text))


def test_the_three_catalogues_have_the_same_keys_and_placeholders() -> None:
    assert set(EASY_GERMAN) == set(_DE) == set(_EN)
    for key in _EN:
        found = {lang: placeholders(catalogue[key]) for lang, catalogue in CATALOGUES.items()}
        assert found["de-x-ls"] == found["de"] == found["en"], (key, found)
        assert EASY_GERMAN[key].strip() and EASY_GERMAN[key] == EASY_GERMAN[key].strip(), key
    assert placeholders(EASY_GERMAN["range"]) == {"min", "max"}  # parse() sees real fields, not just braces


def test_every_easy_german_sentence_is_short() -> None:
    too_long = {key: [" ".join(w) for w in sentences(text) if len(w) > MAX_WORDS] for key, text in EASY_TEXTS.items()}
    assert {key: found for key, found in too_long.items() if found} == {}
    # The measure would fail the standard German catalogue: the check is real.
    assert longest_sentence(_DE["expired_text"]) > MAX_WORDS
    assert longest_sentence(_DE["code_used_text"]) > MAX_WORDS
    assert sentences("Ein Satz: mit Doppelpunkt. Zwei·teil {n}!") == [
        ["Ein", "Satz:", "mit", "Doppelpunkt."],
        ["Zwei·teil", "{n}!"],
    ]


# Word forms the rules exclude, looked for as whole words (a heuristic, not a grammar check), each with
# standard German it finds (the German catalogue's, or the printable page's for the Konjunktiv), to show
# that the pattern works.
FORBIDDEN = {
    "abbreviation": (
        r"z\. ?B\.|d\. ?h\.|u\. ?a\.|bzw\.|usw\.|ggf\.|evtl\.|ca\.|etc\.|inkl\.|Nr\.",
        _DE["not_number"],
    ),
    "Konjunktiv": (
        r"würden?|könnten?|sollten?|müssten?|hätten?|wären?|möchten?",
        "Jede Frage, die Sie nicht beantworten möchten",
    ),
    "passive in the past": (r"wurden?|worden", _DE["used_text"]),
    "Genitiv article": (r"des", _DE["cookie_note"]),
    "number as a word": (
        r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|sechzehn|einmal|zweimal|doppelt",
        _DE["code_ok"],
    ),
}


@pytest.mark.parametrize("rule", sorted(FORBIDDEN))
def test_easy_german_keeps_the_rules_a_machine_can_check(rule: str) -> None:
    words, example = FORBIDDEN[rule]
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    assert {key: pattern.findall(text) for key, text in EASY_TEXTS.items() if pattern.search(text)} == {}
    assert pattern.search(example)


def test_easy_german_says_what_the_german_says() -> None:
    for key, german in _DE.items():
        easy = EASY_GERMAN[key]
        if "nichts" in german and "gespeichert" in german:
            assert re.search(r"\bWir haben (jetzt )?nichts (2 Mal )?gespeichert\.", easy), key
        for code in re.findall(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b|\b\d+\b", german):
            assert code in easy, (key, code)
    assert "„Antworten abschicken“" in EASY_GERMAN["finish_text"] and EASY_GERMAN["submit"] == "Antworten abschicken"
    assert "·" in EASY_GERMAN["code_label"] and "Einladungs·brief" in EASY_GERMAN["code_missing"]


def test_de_x_ls_has_its_own_wording_and_other_german_tags_fall_back() -> None:
    assert wording_language("de-x-ls") == "de-x-ls" and wording("de-x-ls")["start"] == "Befragung anfangen"
    assert wording_language("de-AT") == "de" and wording_language("fr") == "en"


QUESTIONS = """\
- id: age
  type: number
  label: {de: Alter, de-x-ls: Wie alt sind Sie?, en: Age}
  min: 16
  max: 99
- id: help
  type: multi_choice
  label: {de: Unterstützung, de-x-ls: Wer hilft Ihnen im Alltag?, en: Support}
  options:
    - {code: family, label: {de: Familie, de-x-ls: Meine Familie, en: Family}}
    - {code: friends, label: {de: Freundeskreis, de-x-ls: Meine Freunde, en: Friends}}
    - {code: nobody, label: {de: Niemand, de-x-ls: Niemand hilft mir, en: Nobody}, exclusive: true}
"""

MORE = """\
  - id: more
    title: {de: Anmerkungen, de-x-ls: Ihre Meinung, en: Comments}
    questions:
      - id: comment
        type: text
        label: {de: Anmerkungen, de-x-ls: Was wollen Sie uns noch sagen?, en: Comments}
        max_length: 200
"""


def easy_instrument() -> str:
    return easy_german_yaml(QUESTIONS) + MORE


@pytest.fixture
def easy(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "easy")
    project = tmp_path / "easy"
    (project / "instrument.yaml").write_text(easy_instrument(), encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    loaded = load_instrument(project / "instrument.yaml")
    assert loaded.instrument.languages == ["de", "de-x-ls", "en"]
    assert [w.code for w in loaded.warnings] == []  # no text lacks its Easy German
    return project


@pytest.fixture
def easy_client(easy: Path) -> TestClient:
    return TestClient(create_app(easy))


def _error(page: str, question_id: str) -> str:
    found = re.search(rf'<p class="error" id="q-{question_id}:error">([^<]+)</p>', page)
    assert found, page
    return found.group(1)


def test_welcome_page_in_easy_german(easy_client: TestClient) -> None:
    page = easy_client.get("/?lang=de-x-ls").text
    assert '<html lang="de-x-ls" dir="ltr">' in page
    assert "<h1>Eine Befragung zum Testen</h1>" in page and "<title>Eine Befragung zum Testen</title>" in page
    # The frame is in the page's own language: no lang="de" or lang="en" marks it as another one.
    assert '<button type="submit" name="_action" value="start">Befragung anfangen</button>' in page
    assert EASY_GERMAN["cookie_note"] in page and EASY_INFO["info_withdraw_text"] in page
    assert _DE["start"] not in page and _DE["cookie_note"] not in page
    assert '<span lang="de-x-ls" aria-current="true">Deutsch (Leichte Sprache)</span>' in page
    german = easy_client.get("/?lang=de").text
    assert 'value="lang:de-x-ls" lang="de-x-ls">Deutsch (Leichte Sprache)</button>' in german
    assert "Befragung beginnen" in german and "Eine Befragung zum Testen" not in german
    browser = easy_client.get("/", headers={"accept-language": "de-x-ls, de;q=0.8"}).text
    assert '<html lang="de-x-ls"' in browser


def test_filled_in_switching_to_easy_german_midway(easy_client: TestClient, easy: Path) -> None:
    form = Form(easy_client)
    assert '<html lang="de"' in form.page.text
    form.post("start")
    bad = {"age": "120", "help": ["family", "nobody"]}
    form.post("next", bad, expect=422)
    assert _error(form.page.text, "age") == "Bitte geben Sie eine Zahl von 16 bis 99 ein."
    form.post("lang:de-x-ls", bad)  # what was typed is shown again, in the other language
    assert '<html lang="de-x-ls" dir="ltr">' in form.page.text and form.heading() == "Fragen an Sie"
    assert "Wie alt sind Sie?" in form.page.text and 'value="120"' in form.page.text
    assert 'value="family" checked' in form.page.text and 'value="nobody" checked' in form.page.text
    assert "Teil 1 von 2" in form.page.text and ">Weiter</button>" in form.page.text

    form.post("next", bad, expect=422)
    assert "<title>Fehler: Fragen an Sie – Eine Befragung zum Testen</title>" in form.page.text
    assert '<h2 id="error-summary-title">Bitte prüfen Sie Ihre Antworten</h2>' in form.page.text
    assert _error(form.page.text, "age") == "Bitte schreiben Sie eine Zahl von 16 bis 99."
    assert _error(form.page.text, "help").startswith("„Niemand hilft mir“ dürfen Sie nur allein ankreuzen.")
    form.post("next", {"age": "2,5", "help": ["family", "prefer_not_to_say"]}, expect=422)
    assert _error(form.page.text, "age") == EASY_GERMAN["whole"]
    assert _error(form.page.text, "help").startswith("„Das möchte ich nicht sagen“ dürfen Sie nur allein")

    form.post("next", {"age": "42", "help": ["family", "friends"]})
    assert form.heading() == "Ihre Meinung" and "Teil 2 von 2" in form.page.text
    form.post("lang:de", {"comment": "Mehr Rampen"})
    assert '<html lang="de"' in form.page.text and ">Mehr Rampen</textarea>" in form.page.text
    form.post("back", {"comment": "Mehr Rampen"})  # the answers of the first page, given in Easy German, are kept
    assert 'value="42"' in form.page.text and 'value="friends" checked' in form.page.text
    form.post("lang:de-x-ls", {"age": "42", "help": ["family", "friends"]})
    form.post("next", {"age": "42", "help": ["family", "friends"]})
    assert ">Mehr Rampen</textarea>" in form.page.text  # kept by going back
    form.post("next", {"comment": "Mehr Rampen", "comment:declined": "1"}, expect=422)
    assert _error(form.page.text, "comment") == (
        "Bitte schreiben Sie eine Antwort. Oder kreuzen Sie „Das möchte ich nicht sagen“ an. Machen Sie nicht beides."
    )

    form.post("next", {"comment": "Mehr Rampen"})
    assert form.heading() == EASY_GERMAN["finish_title"] and EASY_GERMAN["finish_text"] in form.page.text
    assert stored(easy, "test-survey") == []
    thanks = form.post("submit").text
    assert '<html lang="de-x-ls"' in thanks and "<h1>Vielen Dank für Ihr Mitmachen!</h1>" in thanks
    assert EASY_GERMAN["receipt_text"] in thanks and "daten@teststadt.example" in thanks
    ((_, answers),) = stored(easy, "test-survey")
    assert answers == {"age": 42, "help": ["family", "friends"], "comment": "Mehr Rampen"}


def test_messages_pages_in_easy_german(easy_client: TestClient) -> None:
    form = Form(easy_client)
    form.post("lang:de-x-ls")
    refused = form.post("bogus", expect=400)
    assert '<html lang="de-x-ls"' in refused.text and EASY_GERMAN["bad_text"] in refused.text
    assert ">Zur Start·seite</a>" in refused.text and 'href="/?lang=de-x-ls"' in refused.text


def test_easy_german_writes_compounds_and_its_fixed_phrases_one_way() -> None:
    """The words the form and its information explain are written the same way everywhere."""
    unsplit = re.compile(r"\b(?:Fragebogen|Auswertungsteam|Auswertungs-Team|Sicherheits-?[Cc]ookie|Datenschutz)\b")
    assert {key: unsplit.findall(text) for key, text in EASY_TEXTS.items() if unsplit.search(text)} == {}
    assert unsplit.search(review_wording("de")["review_questionnaire"])  # it finds the German's unsplit word
    stored = re.compile(r"\bnichts\b.*\bgespeichert\b")
    for key, text in EASY_TEXTS.items():
        if stored.search(text):  # said actively, never "es wurde nichts gespeichert"
            assert re.search(r"\b(?:Wir haben|Darum haben wir) (jetzt )?nichts (2 Mal )?gespeichert\.", text), key

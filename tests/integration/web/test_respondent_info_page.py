"""The welcome page shows exactly the information for respondents that the documents print, in every language.

The page is served by the real app (a project made with ``eqsurvey init``); its items are read back
with an HTML parser and compared with :func:`instruments.respondent_info.item_text` of the same
instrument, so a word changed on one side only fails here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.config import load_project
from eqsurvey.workflows.form_app import create_app
from instruments.loader import load_instrument
from instruments.respondent_info import RespondentInfo, item_text, respondent_info
from tests.support.builders import easy_german_yaml
from tests.support.cli import Eqsurvey
from tests.support.info_page import item_elements, shown_items
from tests.support.web_form import PASS, Form

#: Shown above the start button; the others are the parts of "Data protection and your rights" below it.
ABOVE = ("purpose", "duration", "voluntary")

EASY_QUESTIONS = """\
- id: origin
  type: single_choice
  label: {de: Herkunft der Eltern, de-x-ls: Wo sind Ihre Eltern geboren?, en: Parents' origin}
  privacy: special_category
  options:
    - {code: here, label: {de: In Deutschland, de-x-ls: In Deutschland, en: In Germany}}
    - {code: abroad, label: {de: Im Ausland, de-x-ls: In einem anderen Land, en: Abroad}}
"""
EASY_RIGHTS = (
    "rights: {de: Sie können Auskunft verlangen., de-x-ls: Sie dürfen fragen. Wir sagen Ihnen dann alles., "
    "en: You can ask for access.}\n"
)
EASY_CONSENT = """\
  - id: agree
    title: {de: Einwilligung, de-x-ls: Sie stimmen zu, en: Consent}
    intro: {de: Bitte lesen Sie die Informationen., de-x-ls: Bitte lesen Sie zuerst die Informationen., en: Please read the information.}
    questions:
      - id: ok
        type: consent
        label: {de: Ich willige ein., de-x-ls: Ich bin einverstanden., en: I consent.}
"""


def _text_of(page: str) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _check_page(page: str, info: RespondentInfo) -> None:
    expected = {item.key: item_text(item) for item in info.items}
    assert shown_items(page) == expected
    summaries = re.findall(r"<summary[^>]*>([^<]*)</summary>", page)
    assert [html.unescape(s) for s in summaries] == [i.heading.text for i in info.items if i.key not in ABOVE]
    headings = re.findall(r"<dt[^>]*>([^<]*)</dt>", page)
    assert [html.unescape(h) for h in headings] == [info.item(key).heading.text for key in ABOVE[1:]]
    assert f'<h2 id="privacy-title">{html.escape(info.title.text, quote=False)}</h2>' in page
    # The page's language is the items': nothing in them is marked as written in another one.
    assert all("lang" not in element for elements in item_elements(page).values() for element in elements)


def _check_consent(client: TestClient, lang: str, info: RespondentInfo) -> None:
    form = Form(client)
    form.post(f"lang:{lang}")
    form.post("start")
    (consent,) = info.consent
    for _ in range(3):  # the consent question's page: the first, or after pages whose questions may stay open
        if form.shows(consent.question_id):
            break
        form.post("next")
    shown = _text_of(form.page.text)
    assert " ".join(consent.statement.text.split()) in shown
    assert consent.intro is not None and " ".join(consent.intro.text.split()) in shown
    assert consent.yes.text in shown and consent.no.text in shown


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_examples_welcome_page_shows_exactly_the_respondent_information(
    client: TestClient, keyed: Path, lang: str
) -> None:
    instrument = load_instrument(keyed / "instrument.yaml").instrument
    assert instrument.languages == ["de", "en"]
    dpo = load_project(keyed).config.documents.dpo  # the example names its data protection officer
    info = respondent_info(instrument, lang, dpo)
    assert dpo and info.has("dpo")
    page = client.get(f"/?lang={lang}")
    assert page.status_code == 200 and f'<html lang="{lang}"' in page.text
    _check_page(page.text, info)
    assert len(info.item("special_categories").points) > 10
    _check_consent(client, lang, info)


@pytest.fixture
def easy(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "easy")
    project = tmp_path / "easy"
    text = easy_german_yaml(EASY_QUESTIONS).replace("sections:\n", EASY_RIGHTS + "sections:\n", 1) + EASY_CONSENT
    (project / "instrument.yaml").write_text(text, encoding="utf-8")
    eqsurvey.cwd = project
    eqsurvey("keys", "init")
    return project


@pytest.mark.parametrize("lang", ["de", "de-x-ls", "en"])
def test_the_welcome_page_shows_the_respondent_information_in_easy_german_too(easy: Path, lang: str) -> None:
    loaded = load_instrument(easy / "instrument.yaml")
    assert loaded.instrument.languages == ["de", "de-x-ls", "en"] and loaded.warnings == []
    info = respondent_info(loaded.instrument, lang)
    with TestClient(create_app(easy)) as client:
        page = client.get(f"/?lang={lang}")
        assert page.status_code == 200
        _check_page(page.text, info)
        _check_consent(client, lang, info)
    assert info.item("rights").paragraphs[0].text == loaded.instrument.rights[lang]  # type: ignore[index]
    (special,) = info.item("special_categories").points
    assert loaded.instrument.question_map["origin"].label[lang] in special.text

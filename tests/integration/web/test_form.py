"""The Musterstadt survey filled in through the web form, stored sealed, and opened to exactly the answers given."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from anonymize.keys.keyring import Keyring
from survey.store import open_store
from tests.integration.web.conftest import Form, stored

SURVEY = "musterstadt-2026"

# What a respondent ticks and types, page by page (field name -> value or values).
PAGES: list[dict[str, object]] = [
    {"ms_consent": "yes"},
    {
        "ms_district": "nordstadt",
        "age_band": "25_34",
        "gi_gender": ["woman", "trans"],
        "gi_same_as_birth": "no",
        "gi_self_description": "  queer <b>&</b> Ümlaut  ",
        "so_orientation": "other",
    },
    {"so_self_description": "pan", "rel_religion": "prefer_not_to_say", "rel_self_description": ""},
    {"mh_birth_country": "other_country"},
    {
        "mh_years_in_germany": "from_10_to_19",
        "mh_parents_birth": "both_abroad",
        "mh_citizenship": "stateless",
        "rac_self": ["swana", "muslim"],
        "rac_perceived_not_german": "often",
        "lang_home": ["german", "arabic", "other"],
    },
    {"lang_other_text": "Tigrinya"},
    {"wg_seeing": "none", "wg_hearing": "some", "wg_walking": "prefer_not_to_say"},
    {"discr_5y:work": "yes", "discr_5y:housing": "no", "discr_5y:police": "prefer_not_to_say"},
    {"discr_12m:work": "yes", "ms_discr_local_12m": "yes"},
    {"ms_discr_city_service": "dont_know"},
    {"dg_grounds": ["racist", "religion", "other"]},
    {"dg_other_text": "mein Name", "rh_reported": "no"},
    {"rh_not_reported_reasons": ["no_use", "too_minor"], "rh_support": "no_but_needed"},
    {"ta_city_administration": "2", "ta_police": "prefer_not_to_say", "ms_suggestions": "Mehr Beratung\r\nvor Ort"},
]

EXPECTED = {
    "ms_consent": True,
    "ms_district": "nordstadt",
    "age_band": "25_34",
    "gi_gender": ["woman", "trans"],
    "gi_same_as_birth": "no",
    "gi_self_description": "queer <b>&</b> Ümlaut",
    "so_orientation": "other",
    "so_self_description": "pan",
    "rel_religion": ["prefer_not_to_say"],
    "mh_birth_country": "other_country",
    "mh_years_in_germany": "from_10_to_19",
    "mh_parents_birth": "both_abroad",
    "mh_citizenship": ["stateless"],
    "rac_self": ["swana", "muslim"],
    "rac_perceived_not_german": "often",
    "lang_home": ["german", "arabic", "other"],
    "lang_other_text": "Tigrinya",
    "wg_seeing": "none",
    "wg_hearing": "some",
    "wg_walking": "prefer_not_to_say",
    "discr_5y": {"work": "yes", "housing": "no", "police": "prefer_not_to_say"},
    "discr_12m": {"work": "yes"},
    "ms_discr_local_12m": "yes",
    "ms_discr_city_service": "dont_know",
    "dg_grounds": ["racist", "religion", "other"],
    "dg_other_text": "mein Name",
    "rh_reported": "no",
    "rh_not_reported_reasons": ["no_use", "too_minor"],
    "rh_support": ["no_but_needed"],
    "ta_city_administration": 2,
    "ta_police": "prefer_not_to_say",
    "ms_suggestions": "Mehr Beratung\nvor Ort",
}


def test_filled_in_german_stores_exactly_the_answers_given(client: TestClient, keyed: Path) -> None:
    form = Form(client)
    assert 'lang="de"' in form.page.text and "Rechtsgrundlage" in form.page.text
    form.post("start")
    for fields in PAGES:
        form.post("next", fields)
    assert form.heading() == "Bereit zum Absenden"
    assert stored(keyed, SURVEY) == []  # nothing is written before the respondent sends
    thanks = form.post("submit")
    assert "Vielen Dank" in thanks.text
    receipt = re.search(r'class="receipt"><bdi>([0-9A-Z-]+)</bdi>', thanks.text)
    assert receipt
    ((pseudonym, answers),) = stored(keyed, SURVEY)
    assert answers == EXPECTED
    secret = Keyring(keyed / "keys").pseudonym_secret()
    store = open_store("sqlite:///data/responses.sqlite", keyed)
    try:
        assert store.pseudonym_for_receipt(secret.receipt_hash(SURVEY, receipt.group(1))) == (SURVEY, pseudonym)
    finally:
        store.close()


def test_skip_logic_between_pages(client: TestClient) -> None:
    form = Form(client)
    form.post("start")
    form.post("next", {"ms_consent": "yes"})
    form.post("next", {"so_orientation": "heterosexual"})
    assert not form.shows("so_self_description") and form.shows("rel_religion")
    form.post("next")
    form.post("next", {"mh_birth_country": "germany"})
    assert not form.shows("mh_years_in_germany") and form.shows("mh_parents_birth")
    form.post("next")  # no 'other' home language: its text page is passed over
    assert form.shows("wg_seeing")
    form.post("next")
    form.post("next", {"discr_5y:work": "no"})
    assert not form.shows("discr_12m") and form.shows("ms_discr_local_12m")
    refused = form.post("next", {"discr_12m:work": "yes"}, expect=400)  # a matrix the page does not ask
    assert "Es wurde nichts gespeichert" in refused.text
    form.post("next")  # no discrimination reported: the follow-up section is passed over
    assert form.shows("ta_police") and not form.shows("dg_grounds")


def test_language_switch_midway_keeps_answers(client: TestClient, keyed: Path) -> None:
    form = Form(client)
    form.post("start")
    form.post("next", {"ms_consent": "yes"})
    form.post("lang:en", {"ms_district": "altstadt", "gi_gender": ["man"], "gi_self_description": "typed, not sent"})
    assert '<html lang="en" dir="ltr">' in form.page.text and "In which district" in form.page.text
    assert 'value="altstadt" checked' in form.page.text and 'value="man" checked' in form.page.text
    assert "typed, not sent</textarea>" in form.page.text
    form.post("next", {"ms_district": "altstadt", "gi_gender": ["man"], "gi_self_description": "typed, not sent"})
    form.post("back")
    assert "Altstadt (Old Town)" in form.page.text and 'value="altstadt" checked' in form.page.text
    form.post("lang:de", {"ms_district": "altstadt", "gi_gender": ["man"], "gi_self_description": "typed, not sent"})
    assert '<html lang="de" dir="ltr">' in form.page.text
    while "Bereit zum Absenden" not in form.heading():
        form.post("next", _ticked(form.page.text))
    form.post("submit")
    ((_, answers),) = stored(keyed, SURVEY)
    assert answers == {
        "ms_consent": True,
        "ms_district": "altstadt",
        "gi_gender": ["man"],
        "gi_self_description": "typed, not sent",
    }


def _ticked(html: str) -> dict[str, list[str]]:
    """What the page shows as ticked or typed, posted as it is (as a browser would)."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)" checked', html):
        fields.setdefault(name, []).append(value)
    for name, value in re.findall(r'name="([^"]+)"[^>]*>([^<]+)</textarea>', html):
        fields.setdefault(name, []).append(value)
    return fields


def test_messages_next_to_the_field_in_the_respondents_language(client: TestClient, keyed: Path) -> None:
    form = Form(client)
    form.post("start")
    form.post("next", {"ms_consent": "yes"})
    form.post("next")
    form.post("next")
    form.post("next", {"mh_birth_country": "germany"})
    form.post("next", {"mh_citizenship": ["german", "stateless"]}, expect=422)
    assert "Fehler: Herkunft" in form.page.text
    error = re.search(r'id="q-mh_citizenship:error">([^<]+)<', form.page.text)
    assert error and "„Keine (staatenlos) oder ungeklärt“ allein" in error.group(1)
    assert 'href="#q-mh_citizenship"' in form.page.text  # the summary links to the field
    assert 'value="german" checked' in form.page.text and 'value="stateless" checked' in form.page.text
    form.post("lang:en", {"mh_citizenship": ["german", "stateless"]})
    form.post(
        "next", {"mh_citizenship": ["german", "stateless"], "rac_self": ["prefer_not_to_say", "asian"]}, expect=422
    )
    assert "Tick “None (stateless) or undetermined” on its own" in form.page.text
    assert "Tick “Prefer not to say” on its own" in form.page.text
    form.post("next", {"mh_citizenship": ["german"]})
    assert form.shows("lang_other_text") is False and form.shows("wg_seeing")
    assert stored(keyed, SURVEY) == []


def test_without_consent_nothing_is_stored(client: TestClient, keyed: Path) -> None:
    form = Form(client)
    form.post("start")
    form.post("next", {"ms_consent": "no"})
    assert "Ohne Einwilligung keine Teilnahme" in form.page.text
    form.post("show")
    assert 'value="no" checked' in form.page.text
    form.post("back")
    assert "Rechtsgrundlage" in form.page.text
    assert stored(keyed, SURVEY) == []

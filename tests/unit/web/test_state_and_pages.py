"""The sealed form state, the pages skip logic splits sections into, and right-to-left pages."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from instruments.loader import load_instrument
from instruments.printable.page import questionnaire_view
from survey.web.access import CodeEntry
from survey.web.fields import HostilePostError, read_page, to_fields
from survey.web.pages import Asked, asked_on, pages_of
from survey.web.screens import Screens
from survey.web.state import FormState, StateBox, StateError
from survey.web.state_keys import StateKeys
from tests.support.builders import GENDER, example_instrument, instrument_yaml


def test_state_round_trip_and_refusals(tmp_path: Path) -> None:
    clock = [1000.0]
    keys = StateKeys(Keyring(tmp_path / "keys"))
    box = StateBox(keys, "survey|1.0.0", ttl=60, clock=lambda: clock[0])
    state = FormState.new("c" * 32, "de").moved(page=3, answers={"q": ["a", "b"], "n": 2.5, "ok": True})
    token = box.seal(state)
    assert box.open(token) == state.moved(expires=1060)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b'"q":["a","b"]' not in raw  # sealed, not merely encoded
    for bad in ("", "x" * 500_000, token[:-2], token[:20] + ("A" if token[20] != "A" else "B") + token[21:]):
        with pytest.raises(StateError) as refused:
            box.open(bad)
        assert not refused.value.expired
    with pytest.raises(StateError):  # another survey (or version): the associated data differs
        StateBox(keys, "other|1.0.0", ttl=60).open(token)
    clock[0] = 1061
    with pytest.raises(StateError) as old:
        box.open(token)
    assert old.value.expired


def test_sections_split_where_a_condition_reads_the_same_page() -> None:
    instrument = example_instrument()
    pages = pages_of(instrument)
    about = [p for p in pages if p.section.id == "about_you"]
    assert about[1].questions[0].id == "so_self_description" and about[1].continued
    # Every question is on exactly one page, in questionnaire order.
    assert [q.id for p in pages for q in p.questions] == [q.id for q in instrument.questions()]
    for page in pages:
        ids = {q.id for q in page.questions}
        assert not any(q.relevant and any(i in q.relevant for i in ids) for q in page.questions)


def test_fields_round_trip_and_hostile_values() -> None:
    instrument = example_instrument()
    pages = pages_of(instrument)
    asked = asked_on(instrument, pages[1], {"ms_consent": True})
    answers = {"ms_district": "altstadt", "gi_gender": ["woman", "trans"], "gi_self_description": "prefer_not_to_say"}
    given, problems = read_page(asked, to_fields(asked, answers))
    assert given == answers and not problems
    with pytest.raises(HostilePostError):
        read_page(asked, {"gi_self_description:declined": ["yes"]})
    with pytest.raises(HostilePostError):
        read_page([Asked(instrument.question_map["discr_5y"], ("work",))], {"discr_5y:work": ["maybe"]})


def test_right_to_left_languages_get_a_right_to_left_page(tmp_path: Path) -> None:
    text = instrument_yaml(GENDER).replace("languages: [de, en]", "languages: [de, en, ar, he]")
    (tmp_path / "i.yaml").write_text(text, encoding="utf-8")
    instrument = load_instrument(tmp_path / "i.yaml").instrument
    screens = Screens(instrument, {lang: questionnaire_view(instrument, lang) for lang in instrument.languages})
    arabic = bytes(screens.welcome("ar", "state", CodeEntry(required=False)).body).decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "ابدأ الاستبيان" in arabic and 'lang="en" dir="ltr"' not in arabic  # the frame has Arabic wording
    hebrew = bytes(screens.welcome("he", "state", CodeEntry(required=False)).body).decode()
    assert '<html lang="he" dir="rtl">' in hebrew
    assert 'lang="en" dir="ltr"' in hebrew  # no Hebrew wording: the frame falls back to English, marked as such


def test_a_frame_in_a_draft_translation_says_so_on_the_welcome_page(tmp_path: Path) -> None:
    text = instrument_yaml(GENDER).replace("languages: [de, en]", "languages: [de, en, ar, he]")
    (tmp_path / "i.yaml").write_text(text, encoding="utf-8")
    instrument = load_instrument(tmp_path / "i.yaml").instrument
    screens = Screens(instrument, {lang: questionnaire_view(instrument, lang) for lang in instrument.languages})

    def welcome(lang: str) -> str:
        return bytes(screens.welcome(lang, "state", CodeEntry(required=False)).body).decode()

    assert '<p class="note draft-note">أزرار هذا النموذج ورسائله ترجمة أولية لم يراجعها مترجم مؤهل بعد.</p>' in welcome(
        "ar"
    )
    for lang in ("de", "en", "he"):  # reviewed German, the English source, and English standing in for Hebrew
        assert "draft-note" not in welcome(lang), lang

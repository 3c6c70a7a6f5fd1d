"""The welcome page says when the chosen language is a draft translation, until a check of it is recorded."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from survey.web.messages import wording
from tests.support.builders import in_languages, instrument_yaml
from tests.support.cli import Eqsurvey

NOTICE = 'class="draft-notice" role="note"'


def _turkish(project: Path) -> None:
    path = project / "instrument.yaml"
    path.write_text(in_languages(instrument_yaml("- use: age_band@1\n"), ["de", "en", "tr"]), encoding="utf-8")


def test_the_welcome_page_marks_a_draft_language_only(keyed: Path) -> None:
    _turkish(keyed)
    with TestClient(create_app(keyed)) as client:
        turkish = client.get("/?lang=tr").text
        assert NOTICE in turkish and "Yaş grubu" not in turkish  # the notice is on the welcome page, before questions
        assert str(escape(wording("tr")["draft_translation"])) in turkish
        german = client.get("/?lang=de").text
        assert NOTICE not in german and NOTICE not in client.get("/?lang=en").text


def test_the_german_wording_of_the_notice_is_german() -> None:
    assert wording("de")["draft_translation"].startswith("Diese Übersetzung ist ein Entwurf")


def test_a_recorded_check_ends_the_notice(keyed: Path, eqsurvey: Eqsurvey) -> None:
    _turkish(keyed)
    eqsurvey("instrument", "translations", "--review", "tr", "--by", "Türkischer Elternverein")
    with TestClient(create_app(keyed)) as client:
        assert NOTICE not in client.get("/?lang=tr").text


def test_the_example_in_german_and_english_shows_no_notice(client: TestClient) -> None:
    assert NOTICE not in client.get("/?lang=de").text and NOTICE not in client.get("/?lang=en").text

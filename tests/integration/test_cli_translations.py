"""``eqsurvey instrument translations``: missing texts and draft translations per language, and checks recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.builders import GENDER, in_languages, instrument_yaml
from tests.support.cli import Eqsurvey

MODULES = "- use: age_band@1\n- use: gender_identity@1\n"


@pytest.fixture
def turkish(project: Path) -> Path:
    """The project's instrument replaced by one in German, English and Turkish built from library modules."""
    path = project / "instrument.yaml"
    path.write_text(in_languages(instrument_yaml(MODULES), ["de", "en", "tr"]), encoding="utf-8")
    return path


def test_drafts_are_listed_per_language(turkish: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("instrument", "translations")
    assert "de: 0 missing; en: 0 missing; tr: 0 missing" in run.stdout
    assert "tr (Türkçe): 0 missing; DRAFT awaiting review by a qualified translator or community partner" in run.stdout
    assert "module age_band@1, module gender_identity@1" in run.stdout
    assert "--review tr --by ORGANISATION" in run.stdout
    assert "de (Deutsch): 0 missing\n" in run.stdout  # the authors' own languages carry no mark
    data = json.loads(eqsurvey("instrument", "translations", "--json").stdout)
    assert data["languages"]["tr"]["status"] == "draft" and data["languages"]["de"]["status"] == "original"
    assert data["missing"] == []


def test_a_recorded_check_ends_the_draft_until_the_instrument_changes(
    project: Path, turkish: Path, eqsurvey: Eqsurvey
) -> None:
    eqsurvey("instrument", "translations", "--review", "tr", "--by", "Türkischer Elternverein", "--comment", "gut")
    record = json.loads((project / "reviews.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert (record["language"], record["by"], record["decision"]) == ("tr", "Türkischer Elternverein", "approve")
    run = eqsurvey("instrument", "translations")
    assert "tr (Türkçe): 0 missing; reviewed by Türkischer Elternverein" in run.stdout
    assert "not yet approved" in eqsurvey("instrument", "validate").stdout  # a translation check approves no more
    turkish.write_text(turkish.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1"), "utf-8")
    run = eqsurvey("instrument", "translations")
    assert "tr (Türkçe): 0 missing; DRAFT" in run.stdout
    assert "checks of earlier content by Türkischer Elternverein do not carry over" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--review", "fr", "--by", "X"), "fr is not a language of test-survey"),
        (("--review", "de", "--by", "X"), "not marked as a translation"),
        (("--review", "tr"), "say who checked the translation"),
        (("--review", "tr", "--by", "x" * 201), "at most 200 characters"),
        (("--by", "X"), "--by and --comment go with --review LANG"),
    ],
)
def test_wrong_review_options_are_usage_errors(
    project: Path, turkish: Path, eqsurvey: Eqsurvey, args: tuple[str, ...], message: str
) -> None:
    run = eqsurvey("instrument", "translations", *args, expect=2)
    assert message in " ".join((run.stdout + run.stderr).split())
    assert not (project / "reviews.jsonl").exists()


def test_a_locked_module_says_it_is_not_available_in_the_language(turkish: Path, eqsurvey: Eqsurvey) -> None:
    turkish.write_text(turkish.read_text(encoding="utf-8") + "      - use: wg_short_set@1\n", encoding="utf-8")
    run = eqsurvey("instrument", "validate")
    said = " ".join(run.stderr.split())
    assert "module wg_short_set@1 (Washington Group Short Set on Functioning (WG-SS)) is not available in tr" in said
    assert "never translate locked wording yourself" in said
    run = eqsurvey("instrument", "translations", expect=1)  # its texts stay missing in Turkish
    listed = " ".join(run.stdout.split())
    assert "question 'wg_seeing': no translation in 'tr'" in listed and "Traceback" not in run.stdout + run.stderr
    assert "wg_short_set@1 (Washington Group Short Set on Functioning (WG-SS)) is not available in tr" in listed
    # Each missing text is listed once, and the count says as many.
    listed_texts = listed.count("no translation in 'tr'")
    assert f"en: 0 missing; tr: {listed_texts} missing " in listed
    assert listed_texts > 24  # at least the 6 questions' labels and choices


def test_an_instrument_without_a_project_lists_its_drafts(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    path = tmp_path / "instrument.yaml"
    path.write_text(in_languages(instrument_yaml(GENDER + MODULES), ["de", "en", "uk"]), encoding="utf-8")
    run = eqsurvey("instrument", "translations", path, expect=1)  # GENDER itself has no Ukrainian
    assert "uk: 6 missing" in run.stdout and "uk (Українська): 6 missing; DRAFT" in run.stdout

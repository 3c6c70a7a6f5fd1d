"""Draft translations: marked in modules and instruments, carried into the composed instrument, ended by a check
recorded against the content, and locked modules refused in languages they have no published wording in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from instruments.drafts import draft_languages, language_statuses
from instruments.loader import LoadedInstrument, parse_instrument
from instruments.model import Instrument
from instruments.review import new_review, review_rounds, review_status, standings
from kernel.errors import InstrumentError
from tests.support.builders import GENDER, in_languages, instrument_yaml

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def load(questions: str, langs: list[str], extra: str = "") -> LoadedInstrument:
    return parse_instrument(in_languages(instrument_yaml(questions, extra), langs), "instrument.yaml")


def turkish() -> Instrument:
    return load("- use: age_band@1\n- use: religion@1\n", ["de", "en", "tr"]).instrument


def test_module_drafts_are_carried_into_the_composed_instrument() -> None:
    inst = turkish()
    assert [m.id for m in inst.modules] == ["age_band", "religion"]
    for m in inst.modules:
        assert m.translations is not None and list(m.translations) == ["tr"]  # only the languages asked for
        assert m.translations["tr"].status == "draft"
    statuses = language_statuses(inst)
    assert {lang: s.standing for lang, s in statuses.items()} == {"de": "original", "en": "original", "tr": "draft"}
    assert statuses["tr"].drafts == ("module age_band@1", "module religion@1")
    assert draft_languages(inst) == {"tr"}


def test_an_instrument_in_german_and_english_carries_no_draft_marks() -> None:
    inst = load("- use: age_band@1\n", ["de", "en"]).instrument
    assert inst.modules[0].translations is None and draft_languages(inst) == frozenset()


def test_the_draft_mark_is_not_content() -> None:
    """Marking a language checked in the file changes no wording, so the content hash (and approvals) stay."""
    inst = turkish()
    unmarked = inst.model_copy(update={"modules": [m.model_copy(update={"translations": None}) for m in inst.modules]})
    assert unmarked.content_hash() == inst.content_hash()
    assert draft_languages(unmarked) == frozenset()


def test_the_instrument_marks_its_own_translations() -> None:
    extra = "translations:\n  tr: {status: draft, note: written by the city's staff}\n"
    inst = load(GENDER.replace("en: Gender}", "en: Gender, tr: Cinsiyet}"), ["de", "en", "tr"], extra).instrument
    assert language_statuses(inst)["tr"].drafts == ("the instrument",)
    reviewed = "translations:\n  tr: {status: reviewed, by: Türkischer Elternverein, date: 2026-11-30}\n"
    inst = load(GENDER.replace("en: Gender}", "en: Gender, tr: Cinsiyet}"), ["de", "en", "tr"], reviewed).instrument
    status = language_statuses(inst)["tr"]
    assert (status.standing, status.checked_by) == ("reviewed", ("Türkischer Elternverein",))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("translations:\n  tr: {status: reviewed}\n", "must say who checked it and when"),
        ("translations:\n  fr: {status: draft}\n", "translations names fr, which languages does not list"),
        ("translations:\n  tr: {status: done}\n", "'done' is not allowed"),
    ],
)
def test_a_wrong_translation_status_is_a_clear_error(extra: str, message: str) -> None:
    with pytest.raises(InstrumentError) as caught:
        load(GENDER, ["de", "en", "tr"], extra)
    assert any(message in p.problem for p in caught.value.problems), caught.value.problems


def test_a_recorded_check_ends_the_draft_until_the_content_changes() -> None:
    inst = turkish()
    check = new_review(inst, "Türkischer Elternverein", "approve", None, now=NOW, language="tr")
    status = language_statuses(inst, [check])["tr"]
    assert (status.standing, status.checked_by) == ("reviewed", ("Türkischer Elternverein",))
    assert draft_languages(inst, [check]) == frozenset()
    # A comment is no check, and a check of another language does not count for this one.
    comment = new_review(inst, "Verein", "comment", "Seite 2 prüfen", now=NOW, language="tr")
    other = new_review(inst, "Ukrainischer Verein", "approve", None, now=NOW, language="uk")
    assert draft_languages(inst, [comment, other]) == {"tr"}
    changed = inst.model_copy(update={"version": "1.0.1"})
    status = language_statuses(changed, [check])["tr"]
    assert (status.standing, status.earlier_by) == ("draft", ("Türkischer Elternverein",))


def test_a_translation_check_is_no_approval_of_the_questionnaire() -> None:
    inst = turkish()
    check = new_review(inst, "Türkischer Elternverein", "approve", None, now=NOW, language="tr")
    assert review_status(inst, [check]).approved_by == []
    assert standings([check]) == []
    assert [r.records for r in review_rounds(inst, [check])] == [[]]
    approval = new_review(inst, "Migrationsbeirat", "approve", None, now=NOW)
    assert review_status(inst, [check, approval]).approved_by == ["Migrationsbeirat"]


# --- locked modules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["tr", "ar", "ru", "uk", "fa"])
def test_a_locked_module_says_it_is_not_available_in_a_language_without_published_wording(lang: str) -> None:
    loaded = load("- use: age_band@1\n- use: wg_short_set@1\n", ["de", "en", lang])
    (said,) = [w for w in loaded.warnings if w.code == "locked-module-language"]
    assert f"wg_short_set@1 (Washington Group Short Set on Functioning (WG-SS)) is not available in {lang}" in (
        said.problem
    )
    assert "respondents who choose" in said.problem and "published de wording" in said.problem
    assert f"leave {lang} out of languages" in said.fix and "never translate locked wording" in said.fix
    assert said.where.line is not None and said.where.question == "wg_seeing"
    # Nothing is made up: the locked questions have no text in the language, the unlocked module has its draft.
    questions = loaded.instrument.question_map
    assert all(lang not in questions[q].label for q in ("wg_seeing", "wg_communicating"))
    assert questions["age_band"].label[lang]
    assert {w.code for w in loaded.warnings} == {"locked-module-language", "missing-translation"}


def test_a_locked_module_speaks_of_the_wording_respondents_will_read() -> None:
    text = in_languages(instrument_yaml("- use: wg_short_set@1\n"), ["de", "en", "fa"])
    english = parse_instrument(text.replace("default_language: de", "default_language: en"), "instrument.yaml")
    (said,) = [w for w in english.warnings if w.code == "locked-module-language"]
    assert "respondents who choose fa read its published en wording" in said.problem
    assert "if they cannot answer in en, leave fa out of languages" in said.fix


def test_a_variety_of_a_published_language_reads_its_published_wording() -> None:
    """German Easy Language gets the published German wording of the locked set (warned as untranslated)."""
    loaded = load("- use: wg_short_set@1\n", ["de", "en", "de-x-ls"])
    assert {w.code for w in loaded.warnings} == {"missing-translation"}
    assert "de-x-ls" not in loaded.instrument.question_map["wg_seeing"].label


def test_draft_marks_survive_writing_the_instrument_back(tmp_path: Path) -> None:
    from instruments.dump import dump_instrument
    from instruments.loader import load_instrument

    extra = "translations:\n  tr: {status: reviewed, by: Türkischer Elternverein, date: 2026-11-30}\n"
    inst = load("- use: age_band@1\n", ["de", "en", "tr"], extra).instrument
    path = tmp_path / "instrument.yaml"
    path.write_text(dump_instrument(inst), encoding="utf-8")
    again = load_instrument(path).instrument
    assert again == inst and again.modules[0].translations == inst.modules[0].translations
    assert language_statuses(again)["tr"].drafts == ("module age_band@1",)

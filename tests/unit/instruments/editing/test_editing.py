"""Editing the instrument file: edits land in the YAML with comments and order kept, problems come back by field."""

from __future__ import annotations

import glob
import shutil
import threading
from pathlib import Path

import pytest

from instruments.editing import (
    AddModule,
    AddOption,
    AddQuestion,
    MoveQuestion,
    RemoveModule,
    RemoveOption,
    RemoveQuestion,
    SetCondition,
    SetOptionLabel,
    SetQuestionText,
    SetSectionText,
    SetText,
    edit_instrument,
    read_instrument_file,
)
from instruments.editing.document import dump_document, load_document
from instruments.loader import load_instrument
from kernel.errors import EqSurveyError

ROOT = Path(__file__).resolve().parents[4]
EXAMPLE = ROOT / "examples" / "musterstadt" / "instrument.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "instrument.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def _edit(path: Path, *edits: object, **kwargs: object):  # type: ignore[no-untyped-def]
    read = read_instrument_file(path)
    return edit_instrument(path, list(edits), read_digest=read.digest, root=path.parent, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path",
    [
        str(EXAMPLE),
        str(ROOT / "examples" / "starter" / "instrument.yaml"),
        *sorted(glob.glob(str(ROOT / "instruments" / "library" / "*.yaml"))),
    ],
)
def test_reading_and_writing_back_without_an_edit_gives_the_same_bytes(path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert dump_document(load_document(text, path), text) == text


def test_an_edit_that_changes_nothing_leaves_the_file_untouched(project: Path) -> None:
    before = project.read_bytes()
    result = _edit(project, SetText("title", "de", "Vielfalt und Diskriminierung in Musterstadt – Befragung 2026"))
    assert not result.saved
    assert project.read_bytes() == before
    assert not (project.parent / "versions").exists()


def test_a_wording_edit_changes_only_its_line_keeps_comments_and_raises_the_patch_version(project: Path) -> None:
    before = project.read_text(encoding="utf-8").splitlines()
    result = _edit(project, SetText("title", "en", "Diversity in Musterstadt"))
    after = project.read_text(encoding="utf-8").splitlines()
    assert result.saved and result.old_version == "1.0.0" and result.new_version == "1.0.1"
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("version: 1.0.0", "version: 1.0.1"), (before[6], "  en: Diversity in Musterstadt")]
    assert after[0].startswith("# Musterstadt equality survey 2026")
    assert load_instrument(project).instrument.title["en"] == "Diversity in Musterstadt"


def test_the_version_raised_from_is_kept_and_later_edits_measure_from_it(project: Path) -> None:
    first = _edit(project, SetQuestionText("ms_district", "label", "en", "Where do you live?"))
    kept = project.parent / "versions" / "1.0.0" / "instrument.yaml"
    assert first.kept == kept and load_instrument(kept).instrument.version == "1.0.0"
    second = _edit(project, SetQuestionText("ms_suggestions", "label", "en", "What should the city do?"))
    assert second.new_version == "1.0.1", "a second wording change since 1.0.0 needs no further version"
    third = _edit(project, AddOption("ms_district", "umland", {"de": "Umland", "en": "Surroundings"}))
    assert third.new_version == "1.1.0", "a new option is a change of structure"
    fourth = _edit(project, RemoveOption("ms_district", "am_hafen"))
    assert fourth.new_version == "2.0.0", "a removed option breaks comparability"


def test_a_published_version_is_raised_again_by_the_next_edit(project: Path) -> None:
    _edit(project, SetText("title", "en", "One"))
    result = _edit(project, SetText("title", "en", "Two"), published={"1.0.1"})
    assert result.new_version == "1.0.2"
    assert (project.parent / "versions" / "1.0.1" / "instrument.yaml").is_file()


def test_locked_module_questions_cannot_be_edited_and_say_why(project: Path) -> None:
    before = project.read_bytes()
    result = _edit(project, SetQuestionText("wg_seeing", "label", "en", "Can you see?"))
    assert not result.saved and project.read_bytes() == before
    [problem] = result.problems["question.wg_seeing"]
    assert problem.code == "locked-module"
    assert "locked module wg_short_set" in problem.problem and "cannot be edited" in problem.problem


def test_unlocked_module_questions_point_to_removing_the_module(project: Path) -> None:
    result = _edit(project, SetQuestionText("discr_5y", "label", "en", "x"))
    [problem] = result.problems["question.discr_5y"]
    assert problem.code == "module-question" and "discrimination_experiences" in problem.fix


def test_a_condition_that_does_not_parse_is_refused_next_to_its_field(project: Path) -> None:
    before = project.read_bytes()
    result = _edit(project, SetCondition("ms_suggestions", "ms_district == "))
    assert not result.saved and project.read_bytes() == before
    assert [p.code for p in result.problems["question.ms_suggestions.relevant"]] == ["condition-syntax"]


def test_the_validators_errors_come_back_by_field_and_nothing_is_written(project: Path) -> None:
    before = project.read_bytes()
    result = _edit(
        project,
        SetCondition("ms_district", "ms_suggestions == 'x'"),
        SetQuestionText("ms_district", "label", "de", ""),
    )
    assert not result.saved and project.read_bytes() == before
    assert "forward reference" in result.problems["question.ms_district.relevant"][0].problem
    assert result.problems["question.ms_district.label.de"][0].code == "missing-translation"


def test_warnings_do_not_stop_a_save_and_come_back_by_field(project: Path) -> None:
    result = _edit(project, SetOptionLabel("ms_district", "nordstadt", "en", ""))
    assert result.saved
    [warning] = result.problems["question.ms_district.option.nordstadt.label.en"]
    assert warning.severity == "warning" and warning.code == "missing-translation"
    filled = _edit(project, SetOptionLabel("ms_district", "nordstadt", "en", "North Town"))
    assert filled.saved and "question.ms_district.option.nordstadt.label.en" not in filled.problems
    text = project.read_text(encoding="utf-8")
    assert "              de: Nordstadt\n              en: North Town\n" in text


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(project: Path) -> None:
    read = read_instrument_file(project)
    project.write_text(project.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(EqSurveyError) as caught:
        edit_instrument(project, [SetText("title", "en", "Mine")], read_digest=read.digest)
    assert caught.value.problems[0].code == "changed-on-disk"
    assert project.read_text(encoding="utf-8").endswith("# edited meanwhile\n")


def test_long_texts_are_written_as_folded_paragraphs(project: Path) -> None:
    words = "Die Stadt möchte wissen, wie vielfältig ihre Einwohner*innen sind " * 4
    _edit(project, SetText("purpose", "de", words))
    text = project.read_text(encoding="utf-8")
    assert "purpose:\n  de: >-\n    Die Stadt" in text
    assert max(len(line) for line in text.split("purpose:")[1].split("  en:")[0].splitlines()) <= 100
    assert load_instrument(project).instrument.purpose["de"] == words.strip()


def test_own_questions_are_added_moved_and_removed(project: Path) -> None:
    spec = {
        "id": "ms_housing",
        "type": "single_choice",
        "label": {"de": "Wie wohnen Sie?", "en": "How do you live?"},
        "options": [
            {"code": "rent", "label": {"de": "Zur Miete", "en": "Renting"}},
            {"code": "own", "label": {"de": "Im Eigentum", "en": "Owner"}},
        ],
    }
    added = _edit(project, AddQuestion("trust", spec, position=0))
    assert added.saved and added.new_version == "1.1.0"
    ids = [q.id for q in load_instrument(project).instrument.section_of("ms_housing").questions]
    assert ids[0] == "ms_housing"
    moved = _edit(project, MoveQuestion("ms_housing", 2))
    assert moved.saved
    ids = [q.id for q in load_instrument(project).instrument.section_of("ms_housing").questions]
    assert ids[-1] == "ms_housing", "past the module and the last question"
    removed = _edit(project, RemoveQuestion("ms_housing"))
    assert removed.saved and "ms_housing" not in load_instrument(project).instrument.question_map


def test_removing_a_question_a_condition_reads_is_refused(project: Path) -> None:
    result = _edit(project, RemoveQuestion("ms_discr_local_12m"))
    assert not result.saved
    assert "question.ms_discr_city_service.relevant" in result.problems


def test_modules_are_added_and_removed_from_the_library(project: Path) -> None:
    removed = _edit(project, RemoveModule("religion"))
    assert removed.saved and removed.new_version == "2.0.0"
    assert "religion" not in {m.id for m in load_instrument(project).instrument.modules}
    added = _edit(project, AddModule("religion@1", "about_you"))
    assert added.saved
    assert "religion" in {m.id for m in load_instrument(project).instrument.modules}
    assert "      - use: religion@1\n" in project.read_text(encoding="utf-8")


def test_an_unknown_module_is_refused_next_to_the_section(project: Path) -> None:
    result = _edit(project, AddModule("nonsense@1", "about_you"))
    assert not result.saved
    assert any(p.code == "unknown-module" for ps in result.problems.values() for p in ps)


def test_a_translation_is_added_in_the_order_of_the_languages(project: Path) -> None:
    refused = _edit(project, SetSectionText("trust", "intro", "en", "Last questions."))
    assert not refused.saved, "a text needs the default language (de) first"
    assert refused.problems["section.trust.intro.de"][0].code == "missing-translation"
    draft = _edit(project, SetSectionText("trust", "intro", "de", "Letzte Fragen."))
    assert draft.saved and draft.problems["section.trust.intro.en"][0].severity == "warning"
    _edit(project, SetSectionText("trust", "intro", "en", "Last questions."))
    text = project.read_text(encoding="utf-8")
    assert (
        "      en: Trust and your suggestions\n    intro:\n      de: Letzte Fragen.\n      en: Last questions.\n"
        in text
    )


def test_two_saves_from_the_same_page_at_once_save_one_and_refuse_the_other(project: Path) -> None:
    read = read_instrument_file(project)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(title: str) -> None:
        start.wait()
        try:
            edit_instrument(project, [SetText("title", "en", title)], read_digest=read.digest)
            outcomes.append("saved")
        except EqSurveyError as exc:
            outcomes.append(exc.problems[0].code)

    threads = [threading.Thread(target=save, args=(t,)) for t in ("First", "Second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["changed-on-disk", "saved"]
    assert load_instrument(project).instrument.title["en"] in ("First", "Second")


def test_a_new_language_is_added_and_its_texts_become_translations_to_fill(project: Path) -> None:
    from instruments.editing import AddLanguage

    result = _edit(project, AddLanguage("tr"))
    assert result.saved and result.new_version == "1.1.0"
    assert "languages: [de, en, tr]\n" in project.read_text(encoding="utf-8")
    assert result.problems["title.tr"][0].code == "missing-translation"
    assert result.problems["question.ms_district.option.nordstadt.label.tr"][0].severity == "warning"
    twice = _edit(project, AddLanguage("de"))
    assert not twice.saved and "listed twice" in twice.problems["languages"][0].problem
    bad = _edit(project, AddLanguage("Türkisch"))
    assert not bad.saved and "not a language tag" in bad.problems["languages.3"][0].problem

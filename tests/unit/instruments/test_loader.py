"""Loading instruments: every problem reported with file:line, question id and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.loader import load_instrument, parse_instrument
from instruments.questions import SingleChoice
from kernel.errors import MAX_LISTED, InstrumentError
from kernel.yaml_source import MAX_YAML_BYTES
from tests.builders import GENDER, instrument_yaml

LIBRARY = Path(__file__).resolve().parents[3] / "instruments" / "library"


def errors_of(text: str) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(InstrumentError) as info:
        parse_instrument(text, "test.yaml")
    return [(p.code, p.where.line, p.where.question, p.problem + " | " + p.fix) for p in info.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_a_valid_instrument_loads() -> None:
    loaded = parse_instrument(instrument_yaml(GENDER), "test.yaml")
    assert [q.id for q in loaded.instrument.questions()] == ["gender"]
    assert loaded.warnings == []


def test_bad_yaml_names_the_line() -> None:
    text = instrument_yaml(GENDER) + "  - id: broken\n    title: [unclosed\n"
    ((code, line, _, message),) = errors_of(text)
    assert code == "yaml-syntax"
    assert line is not None and line >= line_of(text, "unclosed")
    assert "indentation" in message


def test_unknown_key_suggests_the_spelling() -> None:
    text = instrument_yaml(GENDER.replace("max_selections: 2", "max_selection: 2"))
    ((code, line, question, message),) = errors_of(text)
    assert (code, line, question) == ("unknown-key", line_of(text, "max_selection: 2"), "gender")
    assert "did you mean 'max_selections'" in message


def test_every_error_is_reported_not_just_the_first() -> None:
    text = instrument_yaml(
        GENDER
        + """\
- id: gender
  type: single_choice
  label: {de: Nochmal, en: Again}
  options:
    - {code: a, label: {de: A, en: A}, exclusive: true}
- id: follow
  type: text
  label: {de: "Warum?", en: "Why?"}
  relevant: selected(gender, 'wman') or later == 'x'
- id: later
  type: single_choice
  label: {de: Später, en: Later}
  options:
    - {code: x, label: {de: X, en: X}}
"""
    )
    found = errors_of(text)
    codes = {c for c, *_ in found}
    assert {"duplicate-id", "exclusive-in-single-choice"} <= codes
    # Conditions are checked once ids are unique: fix the duplicate and they show up.
    fixed = text.replace("- id: gender\n        type: single_choice", "- id: gender2\n        type: single_choice")
    codes = {c for c, *_ in errors_of(fixed)}
    assert {"unknown-option", "forward-reference", "exclusive-in-single-choice"} <= codes


def test_unknown_option_in_a_condition_points_at_the_condition() -> None:
    text = instrument_yaml(
        GENDER + "- id: why\n  type: text\n  label: {de: W, en: W}\n  relevant: selected(gender, 'wman')\n"
    )
    ((code, line, question, message),) = errors_of(text)
    assert (code, line, question) == ("unknown-option", line_of(text, "relevant: selected"), "why")
    assert "woman" in message


def test_missing_default_language_text_is_an_error_other_languages_a_warning() -> None:
    text = instrument_yaml(GENDER.replace("{de: Geschlecht, en: Gender}", "{en: Gender}"))
    ((code, _line, question, message),) = errors_of(text)
    assert (code, question) == ("missing-translation", "gender")
    assert "'de'" in message
    loaded = parse_instrument(
        instrument_yaml(GENDER.replace("{de: Geschlecht, en: Gender}", "{de: Geschlecht}")), "t.yaml"
    )
    assert [(w.code, w.where.question) for w in loaded.warnings] == [("missing-translation", "gender")]


def test_unknown_question_type_lists_the_types() -> None:
    text = instrument_yaml(GENDER.replace("multi_choice", "multiple_choice"))
    ((code, _, question, message),) = errors_of(text)
    assert code == "unknown-type" and question == "gender"
    assert "single_choice" in message and "multi_choice" in message


def test_duplicate_yaml_keys_are_refused() -> None:
    text = instrument_yaml(GENDER.replace("  max_selections: 2\n", "  max_selections: 2\n  max_selections: 3\n"))
    ((code, _line, _, message),) = errors_of(text)
    assert code == "yaml-syntax" and "duplicate key 'max_selections'" in message


def test_yes_and_no_stay_text_as_in_yaml_1_2() -> None:
    text = instrument_yaml("""\
- id: ok
  type: single_choice
  label: {de: "OK?", en: "OK?"}
  options:
    - {code: yes, label: {de: Ja, en: Yes}}
    - {code: no, label: {de: Nein, en: No}}
""")
    q = parse_instrument(text, "t.yaml").instrument.sections[0].questions[0]
    assert isinstance(q, SingleChoice)
    assert [o.code for o in q.options] == ["yes", "no"]


def test_invalid_ids_and_versions_explain_the_rule() -> None:
    text = instrument_yaml(GENDER.replace("id: gender", "id: Gender-Identity")).replace(
        "version: 1.0.0", "version: 1.0"
    )
    found = errors_of(text)
    messages = " ".join(m for *_, m in found)
    assert "'Gender-Identity' is not a valid id" in messages
    assert "'1.0' is not a semantic version" in messages


def test_module_questions_report_lines_in_the_module_file(tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "local_mod@1.yaml").write_text(
        "module: local_mod\nversion: 1.2.0\ntitle: {de: M, en: M}\nsource: {citation: Us}\nlanguages: [de, en]\n"
        "questions:\n  - id: mq\n    type: single_choice\n    label: {de: F, en: Q}\n    options:\n"
        "      - {code: a, label: {de: A, en: A}}\n",
        encoding="utf-8",
    )
    path = tmp_path / "instrument.yaml"
    path.write_text(instrument_yaml(GENDER + "- use: local_mod@1\n"), encoding="utf-8")
    inst = load_instrument(path).instrument
    assert [q.id for q in inst.questions()] == ["gender", "mq"]
    assert [(m.id, m.version) for m in inst.modules] == [("local_mod", "1.2.0")]
    path.write_text(
        instrument_yaml(
            GENDER + "- use: local_mod@1\n- id: after\n  type: text\n  label: {de: T, en: T}\n  relevant: mq == 'b'\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    (problem,) = info.value.problems
    assert problem.code == "unknown-option" and problem.where.file == str(path)


def test_unknown_module_lists_the_library() -> None:
    ((code, _, _, message),) = errors_of(instrument_yaml(GENDER + "- use: no_such_module@1\n"))
    assert code == "unknown-module"
    assert "wg_short_set@1" in message or "modules/" in message


def test_missing_file_and_folder_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError) as info:
        load_instrument(tmp_path / "nope.yaml")
    assert info.value.problems[0].code == "file-not-found"
    with pytest.raises(InstrumentError) as info:
        load_instrument(tmp_path)
    assert info.value.problems[0].code == "is-a-directory"


def test_a_condition_cannot_depend_on_its_own_question() -> None:
    text = instrument_yaml(
        "- id: age\n  type: number\n  label: {de: A, en: A}\n  min: 0\n  max: 120\n  relevant: age > 3\n"
    )
    ((code, _, question, message),) = errors_of(text)
    assert (code, question) == ("forward-reference", "age")
    assert "its own answer" in message


def test_derived_variables_cannot_use_direct_identifiers() -> None:
    text = instrument_yaml(
        "- id: email\n  type: text\n  label: {de: E, en: E}\n  privacy: direct_identifier\n",
        "derived:\n  - id: has_mail\n    type: boolean\n    label: {de: M, en: M}\n    when: answered(email)\n",
    )
    ((code, _, _, message),) = errors_of(text)
    assert code == "identifier-in-analysis" and "email" in message


def test_module_languages_follow_the_instrument() -> None:
    from instruments.modules import load_module

    assert "de-x-ls" in load_module("religion@1").module.languages
    inst = parse_instrument(instrument_yaml(GENDER + "- use: religion@1\n"), "t.yaml").instrument
    q = inst.sections[0].questions[1]
    assert set(q.label) == {"de", "en"}, "Easy Language texts are dropped from a de/en instrument"


def test_a_locked_module_may_gain_a_language_but_not_change_wording(tmp_path: Path) -> None:
    import yaml as pyyaml

    from instruments.modules import load_module

    modules = tmp_path / "modules"
    modules.mkdir()
    data = pyyaml.safe_load(
        Path(load_module("wg_short_set@1").path.replace("<library>", str(LIBRARY))).read_text("utf-8")
    )
    data["languages"].append("tr")
    data["questions"][0]["label"]["tr"] = "Gözlük taksanız bile görmekte zorluk çekiyor musunuz?"
    (modules / "wg_short_set@1.yaml").write_text(pyyaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = instrument_yaml(GENDER + "- use: wg_short_set@1\n").replace("languages: [de, en]", "languages: [de, en, tr]")
    path = tmp_path / "instrument.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_instrument(path)
    assert loaded.instrument.question_map["wg_seeing"].label["tr"].startswith("Gözlük")
    assert all(w.code == "missing-translation" for w in loaded.warnings)
    data["questions"][0]["label"]["en"] = "Can you see well?"
    (modules / "wg_short_set@1.yaml").write_text(pyyaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    assert [p.code for p in info.value.problems] == ["locked-module"]
    assert "wg_seeing" in info.value.problems[0].problem


def test_skip_logic_cannot_use_direct_identifiers() -> None:
    text = instrument_yaml(
        "- id: email\n  type: text\n  label: {de: E, en: E}\n  privacy: direct_identifier\n"
        "- id: after\n  type: text\n  label: {de: A, en: A}\n  relevant: answered(email)\n"
    )
    ((code, _, question, message),) = errors_of(text)
    assert (code, question) == ("identifier-in-analysis", "after")
    assert "email" in message


def test_trailing_newlines_do_not_sneak_into_ids() -> None:
    text = instrument_yaml(GENDER.replace("id: gender", 'id: "gender\\n"'))
    ((code, _, _, message),) = errors_of(text)
    assert code == "invalid-value" and "not a valid id" in message


def test_control_characters_and_overlong_text_are_refused() -> None:
    found = errors_of(instrument_yaml(GENDER.replace("{de: Frau, en: Woman}", '{de: "Fr\\x01au", en: Woman}')))
    assert [c for c, *_ in found] == ["invalid-value"] and "U+0001" in found[0][3]
    found = errors_of(instrument_yaml(GENDER.replace("en: Woman", "en: " + "x" * 10_001)))
    assert "more than 10000" in found[0][3]


def test_locked_questions_are_checked_even_without_their_module_record() -> None:
    from instruments.dump import dump_instrument

    inst = parse_instrument(instrument_yaml(GENDER + "- use: wg_short_set@1\n"), "t.yaml").instrument
    text = dump_instrument(inst.model_copy(update={"modules": []}))
    assert parse_instrument(text, "t.yaml").instrument.modules == []  # unchanged wording still loads
    edited = text.replace("Do you have difficulty seeing", "Can you see", 1)
    assert edited != text
    with pytest.raises(InstrumentError) as info:
        parse_instrument(edited, "t.yaml")
    assert [p.code for p in info.value.problems] == ["locked-module"]


def test_a_file_of_one_mistake_repeated_lists_the_first_problems_and_a_count() -> None:
    text = instrument_yaml(GENDER).replace("sections:\n", "sections:\n" + "  - {}\n" * 300, 1)
    problems = errors_of(text)
    assert len(problems) == MAX_LISTED + 1
    code, _, _, message = problems[-1]
    assert code == "more-problems" and "more problems are not listed" in message
    assert int(message.split()[0].replace(",", "")) == 300 * 3 - MAX_LISTED


def test_a_yaml_file_too_large_to_be_an_instrument_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "instrument.yaml"
    big.write_text("# " + "x" * MAX_YAML_BYTES + "\n" + instrument_yaml(GENDER), encoding="utf-8")
    with pytest.raises(InstrumentError) as info:
        load_instrument(big)
    assert [p.code for p in info.value.problems] == ["file-too-large"]
    assert [p[0] for p in errors_of(big.read_text(encoding="utf-8"))] == ["file-too-large"]

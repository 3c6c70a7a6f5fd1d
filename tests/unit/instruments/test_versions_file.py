"""Version mapping files: checked against both instruments, problems with file:line and the question."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.dump import dump_instrument
from instruments.versions.draft import draft_mapping
from instruments.versions.kept import load_bridge, unmapped
from instruments.versions.mapping import VersionBridge
from instruments.versions.mapping_file import build_step
from kernel.errors import InstrumentError, Problem
from kernel.yaml_source import load_yaml
from tests.unit.instruments.versions_builders import MAPPING_1_2, V1, V2, version

OLD, NEW = version(V1, "1.0.0"), version(V2, "2.0.0")


def _problems(text: str) -> list[Problem]:
    with pytest.raises(InstrumentError) as caught:
        build_step(load_yaml(text, "m.yaml"), "m.yaml", OLD, NEW)
    return list(caught.value.problems)


def test_the_example_mapping_is_valid() -> None:
    step = build_step(load_yaml(MAPPING_1_2, "m.yaml"), "m.yaml", OLD, NEW)
    assert step.questions["remarks"].target is None
    assert dict(step.questions["district"].options.renamed) == {"east": "south"}
    assert step.questions["trust"].points.carry(3) == 2


def test_an_option_without_a_place_is_refused_with_its_line() -> None:
    text = MAPPING_1_2.replace("      removed: [trans]\n", "")
    (p,) = _problems(text)
    assert (p.where.file, p.where.line, p.where.question) == ("m.yaml", 6, "gender")
    assert "trans" in p.problem and "renamed, merged or removed" in p.fix


def test_a_removed_question_must_be_named() -> None:
    (p,) = _problems(MAPPING_1_2.replace("  remarks: {removed: true}\n", ""))
    assert p.where.question == "remarks" and "removed: true" in p.fix


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("renamed: {nb: non_binary}", "renamed: {nb: nonbinary}"), 6, "have no 'nonbinary'"),
        (("renamed: {nb: non_binary}", "renamed: {xx: non_binary}"), 6, "earlier options have no 'xx'"),
        (("removed: [trans]", "removed: [trans, nb]"), 7, "mapped twice"),
        (("added: [diverse]", "added: [woman]"), 8, "only the next version has"),
        (("remarks: {removed: true}", "remarks: {renamed_to: notes}"), 15, "no question 'notes'"),
        (("merged: {2: [3]}", "merged: {2: [4]}"), 14, "earlier points have no '4'"),
        (("from: 1.0.0", "from: 0.9.0"), 1, "kept beside this file is version 1.0.0"),
        (("district:\n    options:", "district:\n    rows:"), 11, "has no rows"),
    ],
)
def test_wrong_entries_name_their_line(change: tuple[str, str], line: int, words: str) -> None:
    problems = _problems(MAPPING_1_2.replace(*change))
    assert any(p.where.line == line and words in p.problem for p in problems), [p.render() for p in problems]


def test_an_unknown_key_is_refused() -> None:
    (p,) = _problems(MAPPING_1_2.replace("      added: [diverse]", "      adde: [diverse]"))
    assert p.code == "mapping-invalid" and "'adde'" in p.problem and p.where.line == 8


def test_a_type_change_must_be_a_removal() -> None:
    before, after = V2.split("- id: district")[0], V2.split("- id: trust")[1]
    as_text = "- id: district\n  type: text\n  label: {de: Bezirk, en: District}\n"
    new = version(before + as_text + "- id: trust" + after, "2.0.0")
    assert new.question_map["district"].type == "text"
    with pytest.raises(InstrumentError) as caught:
        build_step(load_yaml(MAPPING_1_2, "m.yaml"), "m.yaml", OLD, new)
    assert any("type changed from single_choice to text" in p.problem for p in caught.value.problems)


def test_the_draft_is_valid_and_names_every_loss() -> None:
    text = draft_mapping(OLD, NEW)
    step = build_step(load_yaml(text, "d.yaml"), "d.yaml", OLD, NEW)
    assert 'renamed: {"nb": "non_binary"}' in text  # matched by the same wording
    assert step.questions["gender"].options.carry("trans") is None
    assert step.questions["district"].options.carry("east") is None  # reworded: a person decides
    assert "merged" in text and step.questions["remarks"].target is None


def test_a_draft_between_equal_versions_maps_nothing() -> None:
    text = draft_mapping(OLD, version(V1, "1.0.1"))
    assert "questions: {}" in text


def _keep(root: Path, inst_text: str, number: str, mapping: str | None) -> None:
    folder = root / "versions" / number
    folder.mkdir(parents=True)
    (folder / "instrument.yaml").write_text(dump_instrument(version(inst_text, number)), encoding="utf-8")
    if mapping is not None:
        (folder / "mapping.yaml").write_text(mapping, encoding="utf-8")


def test_the_project_folders_chain_into_a_bridge(tmp_path: Path) -> None:
    _keep(tmp_path, V1, "1.0.0", MAPPING_1_2)
    bridge = load_bridge(tmp_path, NEW)
    assert set(bridge.steps) == {"1.0.0"}
    assert unmapped(bridge, {"1.0.0": 4}, tmp_path) == []
    (p,) = unmapped(bridge, {"0.9.0": 2}, tmp_path)
    assert "2 stored response(s) were collected under version 0.9.0" in p.problem


def test_a_kept_version_without_mapping_is_named(tmp_path: Path) -> None:
    _keep(tmp_path, V1, "1.0.0", None)
    (p,) = unmapped(load_bridge(tmp_path, NEW), {"1.0.0": 4}, tmp_path)
    assert "mapping.yaml is missing" in p.problem and "versions draft 1.0.0" in p.fix


def test_a_mapping_to_an_unknown_version_is_refused(tmp_path: Path) -> None:
    _keep(tmp_path, V1, "1.0.0", MAPPING_1_2.replace("to: 2.0.0", "to: 1.5.0"))
    with pytest.raises(InstrumentError) as caught:
        load_bridge(tmp_path, NEW)
    (p,) = caught.value.problems
    assert p.code == "mapping-to" and p.where.line == 2 and "2.0.0" in p.fix


def test_mappings_in_a_circle_are_refused(tmp_path: Path) -> None:
    _keep(tmp_path, V1, "1.0.0", "from: 1.0.0\nto: 1.1.0\n")
    _keep(tmp_path, V1, "1.1.0", "from: 1.1.0\nto: 1.0.0\n")
    with pytest.raises(InstrumentError) as caught:
        load_bridge(tmp_path, NEW)
    assert {p.code for p in caught.value.problems} == {"mapping-loop"}
    assert not VersionBridge(NEW).carries("1.0.0")


_WORDS = ["from", "to", "questions", "gender", "district", "trust", "remarks", "age", "options", "rows", "points"]
_WORDS += ["renamed", "merged", "removed", "added", "renamed_to", "nb", "trans", "east", "south", "non_binary"]
_SCALARS = st.one_of(
    st.sampled_from([*_WORDS, "1.0.0", "2.0.0"]), st.integers(-3, 5), st.booleans(), st.none(), st.text(max_size=5)
)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(_WORDS), st.integers(1, 3)), inner, max_size=4),
    ),
    max_leaves=25,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        _TREES,
        st.fixed_dictionaries({"from": st.just("1.0.0"), "to": st.just("2.0.0")}, optional={"questions": _TREES}),
    )
)
def test_any_mapping_file_is_read_or_refused_with_a_place(tree: object) -> None:
    text = yaml.safe_dump(tree)
    try:
        step = build_step(load_yaml(text, "m.yaml"), "m.yaml", OLD, NEW)
    except InstrumentError as exc:
        assert all(p.where.file == "m.yaml" and p.fix for p in exc.problems)
    else:
        assert step.old is OLD and step.new is NEW


def test_a_kept_version_equal_to_the_current_one_is_refused(tmp_path: Path) -> None:
    _keep(tmp_path, V2, "2.0.0", None)
    with pytest.raises(InstrumentError) as caught:
        load_bridge(tmp_path, NEW)
    (p,) = caught.value.problems
    assert p.code == "version-is-current" and p.where.file and p.where.file.endswith("2.0.0/instrument.yaml")


def test_a_kept_instrument_of_another_survey_is_refused(tmp_path: Path) -> None:
    _keep(tmp_path, V1, "1.0.0", MAPPING_1_2)
    other = tmp_path / "versions" / "1.0.0" / "instrument.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("id: test-survey", "id: other-survey"), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_bridge(tmp_path, NEW)
    assert [p.code for p in caught.value.problems] == ["version-other-instrument"]

"""Carrying answers from one instrument version to the next: every answer carried or counted."""

from __future__ import annotations

from instruments.versions.mapping import CarryReport, Loss, VersionBridge
from instruments.versions.mapping_file import build_step
from kernel.yaml_source import load_yaml
from tests.unit.instruments.versions_builders import MAPPING_1_2, V1, V2, version

OLD, NEW = version(V1, "1.0.0"), version(V2, "2.0.0")


def _step() -> VersionBridge:
    step = build_step(load_yaml(MAPPING_1_2, "mapping.yaml"), "mapping.yaml", OLD, NEW)
    return VersionBridge(NEW, {"1.0.0": step})


def _reasons(losses: list[Loss]) -> set[tuple[str, str | None, str]]:
    return {(loss.question, loss.code, loss.reason) for loss in losses}


def test_renamed_and_merged_codes_are_carried() -> None:
    carried, losses = _step().carry("1.0.0", {"gender": ["woman", "nb"], "district": "east", "trust": 3})
    assert carried == {"gender": ["woman", "non_binary"], "district": "south", "trust": 2}
    assert losses == []


def test_a_removed_option_is_counted_and_the_other_ticks_kept() -> None:
    carried, losses = _step().carry("1.0.0", {"gender": ["man", "trans"]})
    assert carried == {"gender": ["man"]}
    assert _reasons(losses) == {("gender", "trans", "option-removed")}
    assert losses[0].collected_under == "1.0.0" and losses[0].step == "1.0.0 → 2.0.0"


def test_an_answer_left_empty_by_removals_is_unanswered_and_counted() -> None:
    carried, losses = _step().carry("1.0.0", {"gender": ["trans"], "remarks": "hello"})
    assert carried == {}
    assert _reasons(losses) == {("gender", "trans", "option-removed"), ("remarks", None, "question-removed")}


def test_more_ticks_than_the_current_version_allows_are_not_carried() -> None:
    # Three ticks were allowed in 1.0.0, two in 2.0.0: carrying them would break the DP bound.
    carried, losses = _step().carry("1.0.0", {"gender": ["woman", "man", "nb"]})
    assert "gender" not in carried
    assert _reasons(losses) == {("gender", None, "too-many-selections")}


def test_declined_stays_declined() -> None:
    carried, losses = _step().carry("1.0.0", {"gender": ["prefer_not_to_say"]})
    assert carried == {"gender": ["prefer_not_to_say"]} and not losses


def test_answers_of_the_current_version_pass_unchanged() -> None:
    answers = {"gender": ["diverse"], "age": 40}
    assert _step().carry("2.0.0", answers) == (answers, [])


def test_steps_chain_to_the_current_version() -> None:
    v3 = version(
        V2.replace("{code: north, label: {de: Nord, en: North}}", "{code: n, label: {de: Nord, en: North}}"), "3.0.0"
    )
    step12 = build_step(load_yaml(MAPPING_1_2, "m12.yaml"), "m12.yaml", OLD, NEW)
    m23 = "from: 2.0.0\nto: 3.0.0\nquestions:\n  district:\n    options:\n      renamed: {north: n}\n"
    step23 = build_step(load_yaml(m23, "m23.yaml"), "m23.yaml", NEW, v3)
    bridge = VersionBridge(v3, {"1.0.0": step12, "2.0.0": step23})
    assert [s.name for s in bridge.chain("1.0.0")] == ["1.0.0 → 2.0.0", "2.0.0 → 3.0.0"]
    carried, losses = bridge.carry("1.0.0", {"district": "north", "gender": ["trans", "man"]})
    assert carried == {"district": "n", "gender": ["man"]}
    assert [(x.collected_under, x.step, x.code) for x in losses] == [("1.0.0", "1.0.0 → 2.0.0", "trans")]


def test_the_report_counts_per_version_and_loss() -> None:
    loss = Loss("1.0.0", "1.0.0 → 2.0.0", "gender", "trans", "option-removed")
    report = CarryReport("2.0.0", {"1.0.0": 3, "2.0.0": 5}, {loss: 2})
    assert report.lost == 2
    assert report.to_json()["not_carried"] == [{**loss.to_json(), "responses": 2}]
    assert report.lines()[0] == "3 response(s) collected under 1.0.0 carried to 2.0.0"
    assert "question 'gender' 'trans' in 2 response(s)" in report.lines()[1]
    assert CarryReport("2.0.0", {"2.0.0": 5}).lines() == []

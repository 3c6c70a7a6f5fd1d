"""Checking one respondent's answers against the instrument."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.answers.submission import check_answers
from instruments.loader import load_instrument, parse_instrument
from instruments.text import DECLINED
from tests.support.builders import GENDER, instrument_yaml

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "musterstadt" / "instrument.yaml"
QUESTIONS = (
    GENDER
    + """\
- id: consent
  type: consent
  label: {de: Einwilligung, en: Consent}
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
- id: discr
  type: matrix
  label: {de: D, en: D}
  rows:
    - {code: work, label: {de: Arbeit, en: Work}}
    - {code: housing, label: {de: Wohnen, en: Housing}, relevant: "selected(gender, 'trans')"}
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
- id: why
  type: text
  label: {de: Warum, en: Why}
  max_length: 20
  relevant: discr.work == 'yes'
"""
)
INST = parse_instrument(instrument_yaml(QUESTIONS), "t.yaml").instrument


def codes(answers: dict[str, Any]) -> list[str]:
    return sorted(p.code for p in check_answers(INST, answers).problems)


def test_valid_answers_pass_and_are_normalised() -> None:
    result = check_answers(
        INST,
        {
            "gender": ["trans", "woman"],
            "consent": True,
            "age": 30.0,
            "discr": {"work": "yes", "housing": "no"},
            "why": "x",
        },
    )
    assert result.ok, result.problems
    assert result.answers["gender"] == ["woman", "trans"], "questionnaire order"
    assert result.answers["age"] == 30 and isinstance(result.answers["age"], int)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"consent": True, "gender": ["woman", "none"]}, ["exclusive-option"]),
        ({"consent": True, "gender": ["woman", "man", "trans"]}, ["too-many-selections"]),
        ({"consent": True, "gender": ["womna"]}, ["unknown-option"]),
        ({"consent": True, "gender": "woman"}, ["invalid-answer"]),
        ({"consent": True, "age": 12}, ["out-of-range"]),
        ({"consent": True, "age": 30.5}, ["invalid-answer"]),
        ({"consent": True, "age": True}, ["invalid-answer"]),
        ({"consent": True, "discr": {"work": "no"}, "why": "x"}, ["not-asked"]),
        ({"consent": True, "gender": ["woman"], "discr": {"housing": "yes"}}, ["not-asked"]),
        ({"consent": True, "discr": {"work": "yes"}, "why": "x" * 21}, ["invalid-answer"]),
        ({"consent": True, "shoe_size": 44}, ["unknown-question"]),
        ({}, ["required"]),
        ({"consent": False}, ["no-consent"]),
    ],
)
def test_bad_answers_are_named(answers: dict[str, Any], expected: list[str]) -> None:
    assert codes(answers) == expected


def test_declined_is_distinct_from_missing_and_only_where_offered() -> None:
    result = check_answers(INST, {"consent": True, "gender": [DECLINED], "age": DECLINED})
    assert result.ok and result.answers == {"consent": True, "gender": [DECLINED], "age": DECLINED}
    (problem,) = check_answers(INST, {"consent": DECLINED}).problems
    assert problem.code == "invalid-answer" and "does not offer" in problem.problem


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["gender", "consent", "age", "discr", "why", "x"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=5),
            st.lists(st.text(max_size=5), max_size=4),
            st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
        ),
    )
)
def test_any_input_gives_answers_or_problems_never_a_crash(answers: dict[str, Any]) -> None:
    result = check_answers(INST, answers)
    assert set(result.answers) <= {"gender", "consent", "age", "discr", "why"}
    assert all(p.where.question for p in result.problems)


def test_the_example_skip_logic_is_enforced() -> None:
    inst = load_instrument(EXAMPLE).instrument
    base = {"ms_consent": True, "discr_5y": {"work": "no"}}
    assert check_answers(inst, base).ok
    follow_up = {**base, "dg_grounds": ["gender"]}
    assert [p.code for p in check_answers(inst, follow_up).problems] == ["not-asked"]
    experienced = {**base, "discr_5y": {"work": "yes"}, "dg_grounds": ["gender"]}
    assert check_answers(inst, experienced).ok


def test_a_matrix_whose_rows_all_do_not_apply_is_not_asked() -> None:
    text = instrument_yaml(
        GENDER
        + """\
- id: grid
  type: matrix
  label: {de: G, en: G}
  required: true
  rows:
    - {code: r1, label: {de: R, en: R}, relevant: "selected(gender, 'trans')"}
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
"""
    )
    inst = parse_instrument(text, "t.yaml").instrument
    assert check_answers(inst, {"gender": ["woman"]}).ok
    assert [p.code for p in check_answers(inst, {"gender": ["trans"]}).problems] == ["required"]
    assert [p.code for p in check_answers(inst, {"gender": ["woman"], "grid": DECLINED}).problems] == ["not-asked"]

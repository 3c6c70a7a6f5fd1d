"""Derived variables over a chunk agree with evaluating them respondent by respondent."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymize.derived_columns import DerivedColumns
from instruments.derived import derived_value, evaluate_derived
from instruments.model import BooleanDerived, CategoricalDerived, Instrument
from instruments.text import DECLINED
from survey.simulation.simulator import simulate
from tests.builders import example_instrument
from tests.strategies import instruments, odd_answers

EXAMPLE = example_instrument()


def one_by_one(instrument: Instrument, answers: list[dict[str, Any]]) -> dict[str, list[Any]]:
    results = [evaluate_derived(instrument, a) for a in answers]
    return {d.id: [r[d.id] for r in results] for d in instrument.derived}


def same(expected: dict[str, list[Any]], got: dict[str, list[Any]]) -> None:
    assert got.keys() == expected.keys()
    for name, values in expected.items():
        # Types too: True must not come back as 1, nor a code as another object.
        assert [(type(v), v) for v in got[name]] == [(type(v), v) for v in values], name


@pytest.mark.slow
def test_the_example_instrument_over_simulated_respondents() -> None:
    answers = simulate(EXAMPLE, 3000, seed=11)
    same(one_by_one(EXAMPLE, answers), DerivedColumns(EXAMPLE.derived).evaluate(answers))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_any_instrument_over_its_simulated_respondents(instrument: Instrument, seed: int) -> None:
    answers = simulate(instrument, 40, seed)
    same(one_by_one(instrument, answers), DerivedColumns(instrument.derived).evaluate(answers))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.data())
def test_any_instrument_over_arbitrary_answers(instrument: Instrument, data: st.DataObject) -> None:
    answers = data.draw(st.lists(odd_answers(instrument), min_size=1, max_size=30))
    same(one_by_one(instrument, answers), DerivedColumns(instrument.derived).evaluate(answers))


def agree(derived: list[BooleanDerived | CategoricalDerived], answers: list[dict[str, Any]]) -> None:
    expected: dict[str, list[Any]] = {d.id: [] for d in derived}
    for a in answers:
        scope = dict(a)
        for d in derived:
            scope[d.id] = derived_value(d, scope)
            expected[d.id].append(scope[d.id])
    same(expected, DerivedColumns(derived).evaluate(answers))


def flag(when: str, name: str = "flag") -> BooleanDerived:
    return BooleanDerived(id=name, type="boolean", label={"en": name}, when=when)


def test_a_test_that_is_not_true_or_false_under_a_connective_reads_as_per_respondent() -> None:
    # Not a well-typed condition (a bare text answer under `or`); the chunk path must still agree.
    kind = CategoricalDerived(
        id="kind",
        type="categorical",
        label={"en": "kind"},
        cases=[
            {"code": "a", "label": {"en": "a"}, "when": "not note"},
            {"code": "b", "label": {"en": "b"}, "when": "odd"},
        ],
    )
    answers: list[dict[str, Any]] = [{"note": "hello", "ok": False}, {"note": "", "ok": True}, {"ok": None}, {}]
    agree([flag("note or ok", "odd"), kind], answers)


def test_true_one_and_one_point_zero_are_read_apart() -> None:
    # One dictionary key for all three would give every respondent the first one's outcome.
    answers: list[dict[str, Any]] = [{"c": v} for v in (1, True, 1.0, 0, False, 0.0, None, "1")]
    agree([flag("c"), flag("c == true", "eq")], answers)
    agree([flag("c"), flag("c == true", "eq")], answers[::-1])


def test_a_matrix_declined_as_a_whole_is_not_declined_row_by_row() -> None:
    answers: list[dict[str, Any]] = [
        {"m": DECLINED},
        {"m": {"r": DECLINED}},
        {"m": {"r": "yes"}},
        {"m": {}},
        {},
    ]
    agree([flag("declined(m.r)"), flag("declined(m)", "whole"), flag("answered(m.r) or m.r == 'yes'", "any")], answers)

"""A kept SubmissionChecker: what it remembers between submissions never changes an outcome."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.answers.submission import SubmissionChecker, check_answers
from instruments.model import Instrument
from survey.simulation.simulator import simulate
from tests.support.builders import example_instrument
from tests.support.strategies import instruments, odd_answers


def outcome(checked: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    return checked.answers, [(str(p.where), p.code) for p in checked.problems]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32), st.data())
def test_a_kept_checker_agrees_with_a_fresh_check_of_each_submission(
    instrument: Instrument, seed: int, data: st.DataObject
) -> None:
    # Valid answers first (remembered as valid), then odd ones that look alike: True beside 1, lists reordered.
    submissions = simulate(instrument, 10, seed) + [data.draw(odd_answers(instrument)) for _ in range(10)]
    submissions += simulate(instrument, 10, seed)
    checker = SubmissionChecker(instrument)
    for answers in submissions:
        assert outcome(checker.check(answers)) == outcome(check_answers(instrument, answers))


def test_each_submission_gets_answers_of_its_own() -> None:
    instrument = example_instrument()
    checker = SubmissionChecker(instrument)
    answers = {"ms_consent": True, "discr_5y": {"work": "yes"}, "dg_grounds": ["gender"]}
    first = checker.check(answers)
    assert first.ok
    first.answers["dg_grounds"].append("age")  # a caller changing its result
    first.answers["discr_5y"]["home"] = "no"
    second = checker.check(answers)
    assert second.answers["dg_grounds"] == ["gender"] and second.answers["discr_5y"] == {"work": "yes"}


def test_a_pickled_checker_travels_as_its_instrument_and_checks_alike() -> None:
    instrument = example_instrument()
    checker = SubmissionChecker(instrument)
    respondents = simulate(instrument, 50, 3)
    before = [outcome(checker.check(a)) for a in respondents]
    copy = pickle.loads(pickle.dumps(checker))  # noqa: S301 - our own object, as the import's workers receive it
    assert isinstance(copy, SubmissionChecker) and copy.instrument == instrument
    assert [outcome(copy.check(a)) for a in respondents] == before
    assert copy.check({"ms_consent": False}).problems[-1].code == "no-consent"

"""The batch check accepts exactly the answer sets that check_answers accepts unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymize.columnar.chunks import DictChunk
from anonymize.columnar.coded_batch import encode_rows
from anonymize.columnar.layout import Layout
from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Opener
from instruments.model import Instrument
from instruments.submission import check_answers
from survey.batch_check import accepted_as_given, same_answers
from survey.importers.csv_format import CsvRow
from survey.intake.prepare import ONE_BY_ONE, Preparer
from survey.simulation.simulator import simulate
from tests.builders import example_instrument
from tests.strategies import instruments, odd_answers

KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()


def one_by_one(instrument: Instrument, answers: list[dict[str, Any]]) -> list[bool]:
    out = []
    for a in answers:
        checked = check_answers(instrument, a)
        out.append(checked.ok and same_answers(checked.answers, a))
    return out


def test_simulated_respondents_of_the_example_all_pass() -> None:
    inst = example_instrument()
    answers = simulate(inst, 2000, seed=8)
    assert accepted_as_given(inst, answers).tolist() == one_by_one(inst, answers) == [True] * len(answers)


def _mixed(instrument: Instrument, data: st.DataObject, seed: int) -> list[dict[str, Any]]:
    """Simulated respondents, some with one answer replaced, removed or added, and odd answer sets."""
    answers = simulate(instrument, 15, seed)
    qids = [q.id for q in instrument.questions()]
    for a in answers:
        change = data.draw(st.sampled_from(["none", "replace", "drop", "odd"]))
        if change == "replace" and qids:
            odd = data.draw(odd_answers(instrument))
            a.update(dict(list(odd.items())[:1]))
        elif change == "drop" and a:
            a.pop(data.draw(st.sampled_from(sorted(a))))
        elif change == "odd":
            a.clear()
            a.update(data.draw(odd_answers(instrument)))
    return answers


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32), st.data())
def test_any_instrument_any_answers(instrument: Instrument, seed: int, data: st.DataObject) -> None:
    answers = _mixed(instrument, data, seed)
    assert accepted_as_given(instrument, answers).tolist() == one_by_one(instrument, answers)


def test_the_example_with_answers_broken_in_every_way() -> None:
    inst = example_instrument()
    answers = simulate(inst, 400, seed=9)
    answers[0]["rac_self"] = ["white", "white"]  # ticked twice
    answers[1]["unknown"] = 1  # not a question
    answers[2]["ms_consent"] = False  # no consent
    answers[3].pop("ms_consent")  # a required question unanswered
    answers[4]["discr_5y"] = {"work": "sometimes"}  # not an option
    answers[5]["lang_home"] = [*reversed(answers[5].get("lang_home", [])), "german"]
    got = accepted_as_given(inst, answers).tolist()
    assert got == one_by_one(inst, answers)
    assert got[:5] == [False] * 5


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32), st.data())
def test_rows_coded_as_a_batch_are_byte_for_byte_as_coded_alone(
    instrument: Instrument, seed: int, data: st.DataObject
) -> None:
    answers = _mixed(instrument, data, seed)
    chunk = DictChunk(answers, list(instrument.question_map))
    accepted = [i for i, ok in enumerate(accepted_as_given(instrument, chunk)) if ok]
    layout = Layout.of(instrument)
    analysed = [q.id for q in instrument.questions() if q.privacy != "direct_identifier"]
    alone = [layout.encode({k: v for k, v in answers[i].items() if k in analysed}) for i in accepted]
    assert encode_rows(layout, chunk, analysed, accepted) == alone


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32), st.data())
def test_a_handful_of_rows_checked_one_by_one_are_sealed_as_in_a_large_batch(
    instrument: Instrument, seed: int, data: st.DataObject
) -> None:
    # Up to ONE_BY_ONE rows (a web form's group) skip the column-wise check; the outcome must not change.
    answers = _mixed(instrument, data, seed)
    assert len(answers) > ONE_BY_ONE
    preparer = Preparer(instrument, KEY.public_key(), SECRET)
    whole = preparer([CsvRow(i + 1, None, a, []) for i, a in enumerate(answers)])
    small = [preparer([CsvRow(i + 1, None, a, [])]) for i, a in enumerate(answers)]
    opener = Opener([KEY])
    assert [n for p in small for n in p.rejected_rows] == whole.rejected_rows
    assert [(str(r.where), r.code) for p in small for r in p.rejected] == [
        (str(r.where), r.code) for r in whole.rejected
    ]
    assert [opener.open(p.envelope, row) for p in small for row in p.sealed] == [
        opener.open(whole.envelope, row) for row in whole.sealed
    ]

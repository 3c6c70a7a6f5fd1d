"""Opened answers → the analysis dataset: coding of missing, declined and ticked; derived variables; order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from anonymize.analysis_dataset import DatasetBuilder
from instruments.dataset import dataset_schema
from instruments.derived import evaluate_derived
from instruments.loader import load_instrument, parse_instrument
from instruments.model import Instrument
from instruments.text import DECLINED
from kernel.errors import EqSurveyError
from survey.simulation.simulator import simulate
from tests.builders import GENDER, instrument_yaml

ROOT = Path(__file__).resolve().parents[3]
MATRIX = """\
- id: discr
  type: matrix
  label: {de: Diskriminierung, en: Discrimination}
  rows:
    - {code: work, label: {de: Arbeit, en: Work}}
    - {code: housing, label: {de: Wohnen, en: Housing}}
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
- id: note
  type: text
  label: {de: Notiz, en: Note}
"""


def small() -> Instrument:
    return parse_instrument(instrument_yaml(GENDER + MATRIX), "t.yaml").instrument


def build(inst: Instrument, answers: list[dict[str, object]]) -> pd.DataFrame:
    builder = DatasetBuilder(inst)
    builder.add([(f"p{i:03d}", a, "2026-11-05") for i, a in enumerate(answers)])
    return builder.finish().frame


def test_ticked_not_ticked_declined_and_missing_are_told_apart() -> None:
    frame = build(small(), [{"gender": ["woman", "trans"]}, {"gender": [DECLINED]}, {}])
    assert frame["gender__woman"].tolist() == [True, pd.NA, pd.NA]
    assert frame["gender__man"].tolist() == [False, pd.NA, pd.NA]
    assert frame["gender__prefer_not_to_say"].tolist() == [False, True, pd.NA]
    assert str(frame["gender__woman"].dtype) == "boolean"


def test_a_declined_matrix_is_declined_in_every_row() -> None:
    frame = build(small(), [{"discr": {"work": "yes"}}, {"discr": DECLINED}])
    assert frame["discr__work"].astype(object).tolist() == ["yes", DECLINED]
    assert frame["discr__housing"].astype(object).tolist()[1] == DECLINED
    assert pd.isna(frame["discr__housing"].tolist()[0])
    assert list(frame["discr__work"].cat.categories) == ["yes", "no", DECLINED]


def test_free_text_is_redacted_and_counted() -> None:
    builder = DatasetBuilder(small())
    builder.add(
        [("p1", {"note": "Schreiben Sie an a.b@example.org"}, "2026-11-05"), ("p2", {"note": "ok"}, "2026-11-05")]
    )
    dataset = builder.finish()
    assert dataset.frame["note"].tolist() == ["Schreiben Sie an [E-MAIL]", "ok"]
    assert dataset.redactions == {"note": {"email": 1}}


def test_a_text_written_by_several_respondents_counts_for_each() -> None:
    # Texts are redacted once per distinct text in a batch; the counts are per respondent all the same.
    same = "Anrufen: 0170 1234567 oder a.b@example.org"
    builder = DatasetBuilder(small())
    builder.add([(f"p{i}", {"note": same}, "2026-11-05") for i in range(3)] + [("p9", {"note": " "}, "2026-11-05")])
    dataset = builder.finish()
    assert dataset.redactions == {"note": {"email": 3, "phone": 3}}
    assert len(set(dataset.frame["note"].iloc[:3])) == 1


def test_rows_are_ordered_by_pseudonym_not_arrival() -> None:
    builder = DatasetBuilder(small())
    arrivals = [("c", {"note": "first"}, "2026-01-01"), ("a", {"note": "second"}, "2026-02-01")]
    builder.add(arrivals[:1])
    builder.add(arrivals[1:])
    frame = builder.finish().frame
    assert frame["note"].tolist() == ["second", "first"]
    assert frame["received_month"].astype(str).tolist() == ["2026-02", "2026-01"]


def test_answers_with_codes_the_instrument_lost_are_refused() -> None:
    builder = DatasetBuilder(small())
    builder.add([("p1", {"discr": {"work": "sometimes"}}, "2026-11-05")])
    with pytest.raises(EqSurveyError) as caught:
        builder.finish()
    assert "sometimes" in caught.value.render() and "discr__work" in caught.value.render()


def test_every_column_of_the_schema_and_derived_values_as_evaluated_alone() -> None:
    inst = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
    people = simulate(inst, 400, seed=3)
    frame = build(inst, people)
    assert list(frame.columns) == [c.name for c in dataset_schema(inst).columns]
    # Rows come back ordered by pseudonym p000, p001, …, i.e. in the order given here.
    for d in inst.derived:
        expected = [evaluate_derived(inst, a)[d.id] for a in people]
        got = [None if pd.isna(v) else v for v in frame[d.id].astype(object)]
        assert got == expected, d.id

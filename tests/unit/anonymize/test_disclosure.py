"""k-anonymity over quasi-identifiers, checked against a brute-force count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymize.disclosure import assess
from instruments.dataset import dataset_schema
from instruments.loader import parse_instrument
from instruments.model import Instrument
from tests.support.builders import instrument_yaml

QUESTIONS = """\
- id: district
  type: single_choice
  label: {de: Bezirk, en: District}
  privacy: quasi_identifier
  options:
    - {code: north, label: {de: Nord, en: North}}
    - {code: south, label: {de: Süd, en: South}}
    - {code: east, label: {de: Ost, en: East}}
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
  privacy: quasi_identifier
- id: work
  type: single_choice
  label: {de: Arbeit, en: Work}
  privacy: special_category
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
"""


def instrument() -> Instrument:
    return parse_instrument(instrument_yaml(QUESTIONS), "t.yaml").instrument


records = st.lists(
    st.tuples(
        st.sampled_from(["north", "south", "east", None]),
        st.sampled_from([20, 30, 40, None]),
        st.sampled_from(["yes", "no"]),
    ),
    min_size=1,
    max_size=60,
)


def frame(rows: Sequence[tuple[str | None, int | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "district": pd.Categorical([r[0] for r in rows], categories=["north", "south", "east"]),
            "age": pd.Series([r[1] for r in rows], dtype="Int64"),
            "work": pd.Categorical([r[2] for r in rows], categories=["yes", "no"]),
        }
    )


@settings(max_examples=60, deadline=None)
@given(rows=records, k=st.integers(2, 6))
def test_figures_match_a_brute_force_count(rows: list[tuple[str | None, int | None, str]], k: int) -> None:
    inst = instrument()
    report = assess(inst, dataset_schema(inst), frame(rows), k)
    sizes = Counter((d, a) for d, a, _ in rows)  # the outcome 'work' is not a quasi-identifier
    per_record = [sizes[(d, a)] for d, a, _ in rows]
    assert report.quasi_identifiers == ("district", "age")
    assert report.smallest_group == min(per_record)
    assert report.at_risk == sum(1 for s in per_record if s < k)
    assert report.sample_unique_share == sum(1 for s in per_record if s == 1) / len(rows)
    assert report.passes == all(s >= k for s in per_record)
    for combo, n in report.rare:
        assert n < k
        key = (None if combo["district"] == "(missing)" else combo["district"],
               None if combo["age"] == "(missing)" else int(combo["age"]))  # fmt: skip
        assert sizes[key] == n
    by_source = {s.source: s.at_risk_without for s in report.suggestions}
    if not report.passes:
        only_age = Counter(a for _, a, _ in rows)
        only_district = Counter(d for d, _, _ in rows)
        assert by_source["district"] == sum(1 for _, a, _ in rows if only_age[a] < k)
        assert by_source["age"] == sum(1 for d, _, _ in rows if only_district[d] < k)


def test_advice_names_the_fix() -> None:
    inst = instrument()
    rows = [("north", 20, "yes")] * 5 + [("south", 30, "no")] * 5 + [("east", 99, "no")]
    report = assess(inst, dataset_schema(inst), frame(rows), 3)
    assert not report.passes and report.at_risk == 1
    advice = {s.source: s.advice for s in report.suggestions}
    assert "bands" in advice["age"], "an exact number is to be banded"
    assert "east" in advice["district"], "the rare value is named"

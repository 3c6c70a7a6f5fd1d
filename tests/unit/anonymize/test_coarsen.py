"""Coarsening policies: what the instrument accepts, and what an answer becomes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.coarsen import coarsener
from instruments.dataset import dataset_schema
from instruments.diff.changes import diff_instruments
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.questions import Number
from instruments.text import DECLINED
from kernel.errors import InstrumentError
from tests.builders import instrument_yaml

AGE = """\
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
  privacy: quasi_identifier
  coarsen: {bands: [25, 35, 50, 65]}
"""
POSTCODE = """\
- id: postcode
  type: text
  label: {de: PLZ, en: Postcode}
  privacy: quasi_identifier
  coarsen:
    other: elsewhere
    groups:
      - {code: centre, label: {de: Mitte, en: Centre}, values: ["10115", "101*"]}
      - {code: wedding, values: ["1011*", "13347"]}
"""
COUNTRY = """\
- id: country
  type: single_choice
  label: {de: Land, en: Country}
  privacy: quasi_identifier
  options:
    - {code: de, label: {de: Deutschland, en: Germany}}
    - {code: tr, label: {de: Türkei, en: Turkey}}
    - {code: sy, label: {de: Syrien, en: Syria}}
    - {code: is, label: {de: Island, en: Iceland}}
  coarsen:
    groups:
      - {code: germany, values: [de]}
      - {code: abroad, values: [tr, sy]}
"""


def load(questions: str) -> Instrument:
    return parse_instrument(instrument_yaml(questions), "t.yaml").instrument


def problem_text(questions: str) -> str:
    with pytest.raises(InstrumentError) as caught:
        load(questions)
    return caught.value.render()


def test_bands_become_the_column_categories() -> None:
    schema = dataset_schema(load(AGE))
    column = schema.column("age")
    assert column.kind == "categorical" and column.coarsened
    assert column.categories == ("16-24", "25-34", "35-49", "50-64", "65-99", DECLINED)
    assert "age__prefer_not_to_say" not in {c.name for c in schema.columns}, "declined is a category here"


def test_answers_fall_into_their_band() -> None:
    q = load(AGE).question_map["age"]
    band = coarsener(q)
    assert [band(v) for v in (16, 24, 25, 34, 35, 64, 65, 99)] == [
        "16-24", "16-24", "25-34", "25-34", "35-49", "50-64", "65-99", "65-99",
    ]  # fmt: skip
    assert band(None) is None and band(DECLINED) == DECLINED


@given(
    cuts=st.lists(st.integers(1, 98), min_size=1, max_size=6, unique=True).map(sorted),
    value=st.integers(0, 99),
)
def test_every_value_lands_in_the_band_that_contains_it(cuts: list[int], value: int) -> None:
    q = Number(id="n", type="number", label={"en": "n"}, min=0, max=99, coarsen={"bands": cuts})
    assert q.coarsen is not None
    bands = q.coarsen.band_codes(q.min, q.max, q.integer)
    code = coarsener(q)(value)
    (lower, upper) = next((lo, hi) for lo, hi, c in bands if c == code)
    last = code == bands[-1][2]
    assert lower <= value and (value <= upper if last else value < upper)


def test_written_values_match_exactly_or_by_the_longest_prefix() -> None:
    q = load(POSTCODE).question_map["postcode"]
    group = coarsener(q)
    assert group("10115") == "centre", "an exact value wins over a prefix"
    assert group(" 10178 ") == "centre"
    assert group("10117") == "wedding", "the longer prefix 1011* wins over 101*"
    assert group("13347") == "wedding"
    assert group("80331") == "elsewhere"
    categories = dataset_schema(load(POSTCODE)).column("postcode").categories
    assert categories == ("centre", "wedding", "elsewhere", DECLINED)


def test_choice_groups_and_the_rest() -> None:
    q = load(COUNTRY).question_map["country"]
    group = coarsener(q)
    assert [group(c) for c in ("de", "tr", "sy", "is")] == ["germany", "abroad", "abroad", "other"]


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        (AGE.replace("[25, 35, 50, 65]", "[25, 120]"), "outside the question's range"),
        (AGE.replace("[25, 35, 50, 65]", "[35, 25]"), "increasing order"),
        (AGE.replace("{bands: [25, 35, 50, 65]}", "{groups: [{code: a, values: ['1']}]}"), "with bands"),
        (COUNTRY.replace("values: [tr, sy]", "values: [tr, xx]"), "unknown option(s): xx"),
        (COUNTRY.replace("values: [de]", "values: [de, tr]"), "is in groups germany and abroad"),
        (POSTCODE.replace("code: wedding", "code: elsewhere"), "used twice (or equal to 'other')"),
        (POSTCODE.replace("    other: elsewhere\n", "    bands: [1]\n"), "exactly one of bands or groups"),
    ],
)
def test_broken_policies_are_refused_with_the_reason(questions: str, expected: str) -> None:
    assert expected in problem_text(questions)


def test_changing_a_policy_is_a_breaking_change() -> None:
    old, new = load(AGE), load(AGE.replace("[25, 35, 50, 65]", "[30, 60]"))
    changes = [c for c in diff_instruments(old, new).changes if c.kind == "coarsening-changed"]
    assert len(changes) == 1 and changes[0].breaking

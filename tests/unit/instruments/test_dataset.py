"""The analysis dataset's typed schema and derived variables."""

from __future__ import annotations

from instruments.dataset import dataset_schema
from instruments.derived import derived_privacy, evaluate_derived, is_relevant
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.questions import Matrix
from instruments.text import DECLINED
from tests.support.builders import GENDER, instrument_yaml

QUESTIONS = (
    GENDER
    + """\
- id: district
  type: single_choice
  label: {de: Bezirk, en: District}
  privacy: quasi_identifier
  role: breakdown
  options:
    - {code: north, label: {de: Nord, en: North}}
    - {code: south, label: {de: Süd, en: South}}
- id: trust
  type: scale
  label: {de: Vertrauen, en: Trust}
  prefer_not_to_say: false
  role: outcome
  points:
    - {value: 1, label: {de: gar nicht, en: not at all}}
    - {value: 5, label: {de: voll, en: fully}}
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 99
  privacy: quasi_identifier
- id: discr
  type: matrix
  label: {de: Diskriminierung, en: Discrimination}
  privacy: special_category
  role: outcome
  rows:
    - {code: work, label: {de: Arbeit, en: Work}}
    - code: housing
      label: {de: Wohnen, en: Housing}
      relevant: selected(gender, 'trans')
  options:
    - {code: 'yes', label: {de: Ja, en: Yes}}
    - {code: 'no', label: {de: Nein, en: No}}
- id: email
  type: text
  label: {de: E-Mail, en: E-mail}
  privacy: direct_identifier
"""
)

DERIVED = """\
derived:
  - id: tin
    type: boolean
    label: {de: TIN*, en: TIN*}
    when: selected(gender, 'trans') or selected(gender, 'nonbinary')
  - id: gender_group
    type: categorical
    label: {de: Gruppe, en: Group}
    cases:
      - {code: tin, label: {de: TIN*, en: TIN*}, when: tin}
      - {code: cis, label: {de: cis, en: cis}, when: answered(gender) and not tin}
  - id: any_discr
    type: boolean
    label: {de: Irgendeine, en: Any}
    when: discr.work == 'yes' or discr.housing == 'yes'
"""


def load() -> Instrument:
    return parse_instrument(instrument_yaml(QUESTIONS, DERIVED), "t.yaml").instrument


def test_columns_follow_the_question_types() -> None:
    schema = dataset_schema(load())
    kinds = {c.name: c.kind for c in schema.columns}
    assert kinds["gender__woman"] == "boolean" and kinds["gender__none"] == "boolean"
    assert kinds[f"gender__{DECLINED}"] == "boolean"
    assert kinds["district"] == "categorical"
    assert schema.column("district").categories == ("north", "south", DECLINED)
    assert schema.column("trust").kind == "integer" and (
        schema.column("trust").minimum,
        schema.column("trust").maximum,
    ) == (1, 5)
    assert "trust__" + DECLINED not in kinds  # not offered on that question
    assert schema.column("age").maximum == 99 and schema.column("age").privacy == "quasi_identifier"
    assert schema.column("discr__housing").categories == ("yes", "no", DECLINED)
    assert "email" not in kinds and schema.excluded == ("email",)
    assert [c.name for c in schema.columns if c.derived] == ["tin", "gender_group", "any_discr"]
    assert schema.column("gender_group").categories == ("tin", "cis")


def test_multi_select_bound_is_exposed_for_dp() -> None:
    (group,) = dataset_schema(load()).multi_select
    assert group.question == "gender" and group.max_selections == 2
    assert group.exclusive == ("gender__none",)


def test_derived_variables_follow_kleene_logic() -> None:
    inst = load()
    assert evaluate_derived(inst, {"gender": ["trans"]}) == {"tin": True, "gender_group": "tin", "any_discr": None}
    assert evaluate_derived(inst, {"gender": ["woman"], "discr": {"work": "yes"}})["gender_group"] == "cis"
    assert evaluate_derived(inst, {"gender": ["woman"], "discr": {"work": "yes"}})["any_discr"] is True
    nothing = evaluate_derived(inst, {"gender": [DECLINED]})
    assert nothing["tin"] is None and nothing["gender_group"] is None


def test_derived_privacy_is_the_most_sensitive_input() -> None:
    inst = load()
    assert derived_privacy(inst, inst.derived_map["tin"]) == "special_category"
    assert derived_privacy(inst, inst.derived_map["gender_group"]) == "special_category"
    assert dataset_schema(inst).column("any_discr").privacy == "special_category"


def test_row_relevance() -> None:
    inst = load()
    discr = inst.question_map["discr"]
    assert isinstance(discr, Matrix)
    housing = discr.rows[1]
    assert is_relevant(housing.relevant, {"gender": ["trans"]})
    assert not is_relevant(housing.relevant, {"gender": ["woman"]})
    assert not is_relevant(housing.relevant, {})

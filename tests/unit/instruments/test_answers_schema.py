"""JSON Schema of one respondent's answers (instruments.answers.schema), checked with jsonschema."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from instruments.answers.schema import DRAFT, answers_json_schema
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED

INSTRUMENT = """\
id: schema-test
version: 3.0.1
title: {en: Schema test, de: Schematest}
languages: [en, de]
default_language: en
purpose: {en: Purpose, de: Zweck}
controller: {en: City, de: Stadt}
legal_basis: {en: Consent, de: Einwilligung}
retention: {en: One year, de: Ein Jahr}
contact: {en: a@example.org, de: a@example.org}
sections:
  - id: main
    title: {en: Main, de: Haupt}
    questions:
      - id: consent
        type: consent
        label: {en: I agree, de: Ich willige ein}
      - id: employed
        type: single_choice
        label: {en: "Do you work?", de: "Arbeiten Sie?"}
        hint: {en: Paid work only, de: Nur bezahlte Arbeit}
        required: true
        options:
          - {code: "yes", label: {en: "Yes", de: Ja}}
          - {code: "no", label: {en: "No", de: Nein}}
      - id: identity
        type: multi_choice
        label: {en: Self-description, de: Selbstbezeichnung}
        max_selections: 2
        options:
          - {code: a, label: {en: Black, de: Schwarz}}
          - {code: b, label: {en: Asian, de: Asiatisch}}
          - {code: c, label: {en: White, de: Weiß}}
          - {code: none, label: {en: None of these, de: Nichts davon}, exclusive: true}
      - id: religion
        type: multi_choice
        label: {en: Religion, de: Religion}
        prefer_not_to_say: false
        options:
          - {code: x, label: {en: X, de: X}}
          - {code: "y", label: {en: "Y", de: "Y"}}
      - id: age
        type: number
        label: {en: Age, de: Alter}
        min: 16
        max: 120
        unit: {en: years, de: Jahre}
      - id: hours
        type: number
        label: {en: Hours a week, de: Wochenstunden}
        min: 0.5
        max: 60
        integer: false
        prefer_not_to_say: false
        required: true
        relevant: employed == 'yes'
      - id: belong
        type: scale
        label: {en: I belong, de: Ich gehöre dazu}
        points:
          - {value: 1, label: {en: not at all, de: gar nicht}}
          - {value: 2, label: {en: somewhat, de: etwas}}
          - {value: 3, label: {en: fully, de: völlig}}
      - id: rating
        type: scale
        label: {en: Rating, de: Bewertung}
        prefer_not_to_say: false
        points:
          - {value: -1, label: {en: bad, de: schlecht}}
          - {value: 1, label: {en: good, de: gut}}
      - id: discrimination
        type: matrix
        label: {en: Discrimination, de: Diskriminierung}
        rows:
          - {code: work, label: {en: Work, de: Arbeit}, relevant: "employed == 'yes'"}
          - {code: housing, label: {en: Housing, de: Wohnen}}
        options:
          - {code: "yes", label: {en: "Yes", de: Ja}}
          - {code: "no", label: {en: "No", de: Nein}}
      - id: remarks
        type: text
        label: {en: Remarks, de: Anmerkungen}
        max_length: 20
  - id: later
    title: {en: Later, de: Später}
    relevant: consent
    questions:
      - id: follow_up
        type: single_choice
        label: {en: Follow-up, de: Nachfrage}
        required: true
        options:
          - {code: ok, label: {en: OK, de: OK}}
"""

VALID: dict[str, Any] = {
    "consent": True,
    "employed": "yes",
    "identity": ["a", "b"],
    "religion": ["x", "y"],
    "age": 34,
    "hours": 12.5,
    "belong": 3,
    "rating": -1,
    "discrimination": {"work": "no", "housing": DECLINED},
    "remarks": "fine",
    "follow_up": "ok",
}


@pytest.fixture(scope="module")
def instrument(tmp_path_factory: pytest.TempPathFactory) -> Instrument:
    path = Path(tmp_path_factory.mktemp("schema")) / "instrument.yaml"
    path.write_text(INSTRUMENT, encoding="utf-8")
    return load_instrument(path).instrument


@pytest.fixture(scope="module")
def schema(instrument: Instrument) -> dict[str, Any]:
    return answers_json_schema(instrument)


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_schema_is_valid_draft_2020_12_and_plain_json(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(schema)) == schema


def test_identity_title_and_skip_logic_note(schema: dict[str, Any]) -> None:
    assert "schema-test" in schema["$id"] and "3.0.1" in schema["$id"]
    assert "schema-test" in schema["title"] and "3.0.1" in schema["title"] and "Schema test" in schema["title"]
    assert "Skip logic is not expressible in JSON Schema" in schema["description"]


def test_properties_follow_the_questions_with_default_language_titles(
    instrument: Instrument, schema: dict[str, Any]
) -> None:
    assert list(schema["properties"]) == [q.id for q in instrument.questions()]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["employed"]["title"] == "Do you work?"
    assert "Paid work only" in schema["properties"]["employed"]["description"]
    assert "employed == 'yes'" in schema["properties"]["hours"]["description"]


def test_only_unconditionally_asked_required_questions_are_required(schema: dict[str, Any]) -> None:
    # hours has a condition, follow_up sits in a conditional section: neither is always asked.
    assert schema["required"] == ["consent", "employed"]


def test_valid_answers_pass(validator: Draft202012Validator) -> None:
    assert list(validator.iter_errors(VALID)) == []
    assert validator.is_valid({"consent": False, "employed": DECLINED})
    assert validator.is_valid(
        {"consent": True, "employed": "no", "identity": ["none"], "age": DECLINED, "belong": DECLINED}
    )
    assert validator.is_valid({"consent": True, "employed": "no", "identity": [DECLINED], "remarks": DECLINED})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("employed", "maybe"),  # unknown code
        ("employed", None),  # an unanswered question is left out, not null
        ("identity", ["a", "b", "c"]),  # more than max_selections
        ("identity", ["a", "none"]),  # exclusive option with another
        ("identity", ["none", DECLINED]),
        ("identity", [DECLINED, "b"]),  # prefer not to say is exclusive too
        ("identity", ["a", "a"]),
        ("identity", []),
        ("identity", "a"),
        ("religion", [DECLINED]),  # not offered on this question
        ("age", 15),
        ("age", 121),
        ("age", 30.5),  # whole numbers only
        ("age", "34"),
        ("hours", 0.25),
        ("hours", DECLINED),
        ("belong", 4),
        ("belong", True),  # a boolean is not the scale point 1
        ("rating", 0),
        ("rating", DECLINED),
        ("discrimination", {"school": "yes"}),  # unknown row
        ("discrimination", {"work": "maybe"}),
        ("discrimination", {}),
        ("remarks", "x" * 21),
        ("remarks", ""),
        ("consent", "yes"),
        ("unknown_question", 1),
    ],
)
def test_invalid_answers_fail(validator: Draft202012Validator, key: str, value: object) -> None:
    assert not validator.is_valid({**VALID, key: value})


def test_a_missing_required_answer_fails(validator: Draft202012Validator) -> None:
    answers = dict(VALID)
    del answers["employed"]
    assert not validator.is_valid(answers)
    del answers["hours"], answers["follow_up"]  # conditional: may be missing
    answers["employed"] = "no"
    assert validator.is_valid(answers)


# --- answers generated from the instrument ------------------------------------------------------


def _answer(q: Question) -> st.SearchStrategy[Any]:
    declined: list[Any] = [DECLINED] if q.prefer_not_to_say and not isinstance(q, Consent) else []
    if isinstance(q, SingleChoice):
        return st.sampled_from([o.code for o in q.options] + declined)
    if isinstance(q, MultiChoice):
        inclusive = [o.code for o in q.options if not o.exclusive]
        alone = [[o.code] for o in q.options if o.exclusive] + [[d] for d in declined]
        several = st.lists(st.sampled_from(inclusive), min_size=1, max_size=q.selection_limit, unique=True)
        return st.one_of(several, st.sampled_from(alone)) if alone else several
    if isinstance(q, Scale):
        return st.sampled_from([p.value for p in q.points] + declined)
    if isinstance(q, Number):
        if q.integer:
            value: st.SearchStrategy[Any] = st.integers(math.ceil(q.min), math.floor(q.max))
        else:
            value = st.floats(q.min, q.max, allow_nan=False)
        return st.one_of(value, st.sampled_from(declined)) if declined else value
    if isinstance(q, Text):
        return st.text(min_size=1, max_size=q.max_length)
    if isinstance(q, Matrix):
        codes = [o.code for o in q.options] + declined
        return st.dictionaries(st.sampled_from([r.code for r in q.rows]), st.sampled_from(codes), min_size=1)
    return st.booleans()


def valid_answers(instrument: Instrument, required: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Answers to any instrument: required questions always, the others sometimes."""
    questions = list(instrument.questions())
    return st.fixed_dictionaries(
        {q.id: _answer(q) for q in questions if q.id in required},
        optional={q.id: _answer(q) for q in questions if q.id not in required},
    )


@pytest.fixture(scope="module")
def generated(instrument: Instrument, schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return valid_answers(instrument, schema["required"])


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_generated_valid_answers_validate(
    validator: Draft202012Validator, generated: st.SearchStrategy[dict[str, Any]], data: st.DataObject
) -> None:
    answers = data.draw(generated)
    assert list(validator.iter_errors(answers)) == []
    assert validator.is_valid(json.loads(json.dumps(answers)))  # and after a trip through JSON


@settings(max_examples=100, deadline=None)
@given(exclusive=st.sampled_from(["none", DECLINED]), other=st.sampled_from(["a", "b", "c"]))
def test_an_exclusive_option_never_goes_with_another(
    validator: Draft202012Validator, exclusive: str, other: str
) -> None:
    # Two items are within max_selections, so only the exclusivity rule can reject them.
    assert not validator.is_valid({**VALID, "identity": [other, exclusive]})
    assert not validator.is_valid({**VALID, "identity": [exclusive, other]})


@settings(max_examples=100, deadline=None)
@given(code=st.text(max_size=12).filter(lambda c: c not in ("yes", "no", DECLINED)))
def test_unknown_codes_fail(validator: Draft202012Validator, code: str) -> None:
    assert not validator.is_valid({**VALID, "employed": code})
    assert not validator.is_valid({**VALID, "discrimination": {"housing": code}})


@settings(max_examples=100, deadline=None)
@given(
    value=st.one_of(
        st.floats(max_value=0.5, exclude_max=True, allow_nan=False, allow_infinity=False),
        st.floats(min_value=60, exclude_min=True, allow_nan=False, allow_infinity=False),
    )
)
def test_numbers_out_of_range_fail(validator: Draft202012Validator, value: float) -> None:
    assert not validator.is_valid({**VALID, "hours": value})

"""Options offered on a condition (an XLSForm cascading select): checked, enforced, rendered, diffed, exported.

The checks hold an option's condition to the rules of a question's; a
response may use an option only where the earlier answers offer it, and a
choice none of whose options is offered is not asked. The batch checker
leaves such instruments to the row-by-row check, which the property below
holds it to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.answers_schema import answers_json_schema
from instruments.checks import check_instrument
from instruments.diff.changes import diff_instruments
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.printable.page import render_questionnaire
from instruments.submission import check_answers
from instruments.xlsform.export import export_xlsform
from instruments.xlsform.importer import import_form
from kernel.errors import InstrumentError
from survey.batch_check import accepted_as_given
from tests.builders import instrument_yaml

CASCADE = """\
- id: land
  type: single_choice
  label: {de: Bundesland, en: State}
  options:
    - {code: be, label: {de: Berlin, en: Berlin}}
    - {code: by, label: {de: Bayern, en: Bavaria}}
- id: bezirk
  type: single_choice
  required: true
  label: {de: Bezirk, en: District}
  options:
    - {code: mitte, label: {de: Mitte, en: Mitte}, relevant: "land == 'be'"}
    - {code: pankow, label: {de: Pankow, en: Pankow}, relevant: "land == 'be'"}
    - {code: muenchen, label: {de: München, en: Munich}, relevant: "land == 'by'"}
- id: sprachen
  type: multi_choice
  label: {de: Sprachen, en: Languages}
  options:
    - {code: deutsch, label: {de: Deutsch, en: German}}
    - {code: bairisch, label: {de: Bairisch, en: Bavarian}, relevant: "land == 'by'"}
"""


def build(questions: str = CASCADE) -> Instrument:
    return parse_instrument(instrument_yaml(questions), "t.yaml").instrument


def problems(answers: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(p.where.question, p.code) for p in check_answers(build(), answers).problems]


def test_only_options_the_earlier_answers_offer_are_accepted() -> None:
    assert problems({"land": "be", "bezirk": "pankow", "sprachen": ["deutsch"]}) == []
    assert problems({"land": "be", "bezirk": "muenchen"}) == [("bezirk", "not-offered")]
    assert problems({"land": "be", "sprachen": ["deutsch", "bairisch"]}) == [
        ("bezirk", "required"),
        ("sprachen", "not-offered"),
    ]
    assert problems({"land": "by", "bezirk": "muenchen", "sprachen": ["bairisch"]}) == []


def test_a_choice_offering_no_option_is_not_asked() -> None:
    # No state: no district is offered, so the required district is not asked, and an answer is refused.
    assert problems({}) == []
    assert problems({"bezirk": "mitte"}) == [("bezirk", "not-asked")]


@settings(max_examples=60, deadline=None)
@given(
    land=st.sampled_from(["be", "by", None]),
    bezirk=st.sampled_from(["mitte", "pankow", "muenchen", None]),
    sprachen=st.lists(st.sampled_from(["deutsch", "bairisch"]), unique=True, max_size=2),
)
def test_the_batch_check_never_accepts_what_the_row_check_refuses(
    land: str | None, bezirk: str | None, sprachen: list[str]
) -> None:
    instrument = build()
    answers = {k: v for k, v in (("land", land), ("bezirk", bezirk), ("sprachen", sprachen or None)) if v}
    (accepted,) = accepted_as_given(instrument, [answers])
    if accepted:
        checked = check_answers(instrument, answers)
        assert not checked.problems and checked.answers == answers


def test_checks_hold_option_conditions_to_the_rules_of_conditions() -> None:
    later = CASCADE.replace(
        "relevant: \"land == 'by'\"}\n- id: sprachen", "relevant: \"sprachen == 'x'\"}\n- id: sprachen"
    )
    with pytest.raises(InstrumentError) as caught:
        build(later)
    assert "forward reference" in str(caught.value)
    with pytest.raises(InstrumentError) as unknown:
        build(CASCADE.replace("land == 'by'\"}\n- id: sprachen", "land == 'hh'\"}\n- id: sprachen"))
    assert "'hh' is not an option of 'land'" in str(unknown.value)
    matrix = """\
- id: m
  type: matrix
  label: {de: M, en: M}
  rows: [{code: a, label: {de: A, en: A}}]
  options:
    - {code: x, label: {de: X, en: X}, relevant: "answered(m)"}
"""
    with pytest.raises(InstrumentError) as in_matrix:
        build(matrix)
    assert "matrix-option-condition" in {p.code for p in in_matrix.value.problems}
    assert not [f for f in check_instrument(build()) if f.severity == "error"]


def test_paper_schema_and_diff_know_the_conditions() -> None:
    instrument = build()
    html = render_questionnaire(instrument, "en")
    assert "Munich" in html and "option-skip" in html
    assert "bezirk" not in answers_json_schema(instrument).get("required", [])
    changed = build(CASCADE.replace("{code: pankow, label: {de: Pankow, en: Pankow}, relevant: \"land == 'be'\"}",
                                    "{code: pankow, label: {de: Pankow, en: Pankow}}"))  # fmt: skip
    kinds = [(c.kind, c.detail.get("option")) for c in diff_instruments(instrument, changed).changes]
    assert ("relevance-changed", "pankow") in kinds


def test_xlsform_export_writes_a_choice_filter_that_comes_back(tmp_path: Path) -> None:
    from pyxform.xls2xform import convert

    instrument = build()
    export_xlsform(instrument, tmp_path / "f.xlsx")
    warnings: list[str] = []
    xform = convert(str(tmp_path / "f.xlsx"), warnings=warnings).xform
    assert "item[(name != 'mitte' or" in xform
    back = import_form(tmp_path / "f.xlsx").instrument
    assert back == instrument

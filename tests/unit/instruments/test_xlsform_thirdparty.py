"""Importing real third-party forms: pyxform's example XLSForms and KoboToolbox/formpack assets.

The files are vendored under ``tests/fixtures/thirdparty`` (see its SOURCES.md: copied byte for
byte from XLSForm/pyxform and kobotoolbox/formpack, with their licences).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.dump import dump_instrument
from instruments.loader import parse_instrument
from instruments.questions import Matrix, MultiChoice, Number, SingleChoice, Text
from instruments.xlsform.importer import ImportResult, import_form
from kernel.errors import InstrumentError, Problem

THIRDPARTY = Path(__file__).resolve().parents[2] / "fixtures" / "thirdparty"
PYXFORM = THIRDPARTY / "pyxform" / "tests" / "example_xls"
FORMPACK = THIRDPARTY / "formpack" / "tests" / "fixtures"


def load(path: Path) -> ImportResult:
    result = import_form(path)
    # Whatever came in must pass the real loader too.
    again = parse_instrument(dump_instrument(result.instrument), f"{path.name}.yaml").instrument
    assert again == result.instrument
    return result


def noted(notes: list[Problem], code: str) -> dict[str | None, Problem]:
    return {n.where.question: n for n in notes if n.code == code}


@pytest.mark.parametrize("name", ["yes_or_no_question.md", "yes_or_no_question.csv"])
def test_yes_or_no_question(name: str) -> None:
    result = load(PYXFORM / name)
    i = result.instrument
    assert i.languages == ["en"]  # 'label:english' is read by its name
    assert i.id == "yes_or_no_question"
    [question] = list(i.questions())
    assert isinstance(question, SingleChoice)
    assert question.id == "good_day"
    assert question.label == {"en": "have you had a good day today?"}
    assert [(o.code, o.label) for o in question.options] == [("yes", {"en": "yes"}), ("no", {"en": "no"})]
    assert not question.prefer_not_to_say
    # A form that classes nothing gets one note: every question is 'other' until someone looks.
    assert [n.code for n in result.notes] == ["privacy-class", "missing-metadata"]


@pytest.mark.parametrize("name", ["specify_other.md", "specify_other.csv"])
def test_specify_other(name: str) -> None:
    result = load(PYXFORM / name)
    i = result.instrument
    assert i.languages == ["en"]  # legacy single-colon 'label:English'
    sex, other = i.questions()
    assert isinstance(sex, SingleChoice) and isinstance(other, Text)
    assert [o.code for o in sex.options] == ["male", "female", "other"]
    assert other.id == "sex_other"
    assert other.relevant == "selected(sex, 'other')"
    assert noted(result.notes, "or-other")["sex"].where.row == 3


def test_text_and_integer() -> None:
    result = load(PYXFORM / "text_and_integer.md")
    name, age = result.instrument.questions()
    assert (name.id, name.type, age.id, age.type) == ("your_name", "text", "your_age", "number")
    assert isinstance(age, Number) and age.integer
    bounds = noted(result.notes, "number-bounds")["your_age"]
    assert bounds.where.row == 4 and "differential privacy" in bounds.fix


def test_group() -> None:
    result = load(PYXFORM / "group.md")
    i = result.instrument
    assert i.languages == ["en"]  # 'label:English (en)'
    assert [(s.id, s.title) for s in i.sections] == [("questions", {"en": "Questions"}), ("father", {"en": "Father"})]
    assert [q.id for q in i.questions()] == ["family_name", "age"]
    phone = noted(result.notes, "unsupported-type")["phone_number"]
    assert phone.where.row == 5 and "phone number" in phone.problem


def test_widgets() -> None:
    result = load(PYXFORM / "widgets.csv")
    i = result.instrument
    assert [q.id for q in i.questions()] == [
        "my_string", "my_int", "my_decimal", "my_select", "my_select1", "my_output", "numberasstring",
        "spinner", "spinner_all", "selectadvance", "autocomplete",
    ]  # fmt: skip
    my_int, my_decimal = i.question_map["my_int"], i.question_map["my_decimal"]
    assert isinstance(my_int, Number) and my_int.max == 9  # bind:constraint '. < 10' on a whole number
    assert isinstance(my_decimal, Number) and (my_decimal.min, my_decimal.max) == (10.51, 18.39)
    assert isinstance(i.question_map["my_select"], MultiChoice)  # 'select all that apply from list'
    select1 = i.question_map["my_select1"]
    assert isinstance(select1, SingleChoice) and [o.code for o in select1.options] == [str(n) for n in range(1, 9)]
    unsupported = noted(result.notes, "unsupported-type")
    assert {"my_date", "my_time", "my_trigger", "my_geopoint", "my_barcode", "my_image", "my_audio", "my_video",
            "locationMap", "dateTime"} == set(unsupported)  # fmt: skip
    assert unsupported["my_geopoint"].where.row == 12
    partly = noted(result.notes, "constraint")["my_select"]
    assert "not(selected(., 'c') and selected(., 'd'))" in partly.problem
    dropped = noted(result.notes, "dropped-column")
    assert "default = 'a c'" in dropped["my_select"].problem
    assert "read_only = 'true()'" in dropped["my_output"].problem
    assert "appearance = 'numbers'" in dropped["numberAsString"].problem
    assert "${my_trigger}" in noted(result.notes, "piping")["my_output"].problem
    assert "add_none_option" in noted(result.notes, "dropped-setting")[None].problem


def test_a_spec_form_with_a_repeat_is_refused_naming_the_repeat_and_its_rows() -> None:
    path = PYXFORM / "attribute_columns_test.xlsx"
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.where.row, problem.where.question) == ("repeat", 15, "repeat_test")
    assert "rows 15-29" in problem.problem and "required_text" in problem.problem
    assert "adsaf" not in problem.problem, "the names of group rows are not questions"


@pytest.mark.parametrize("name", ["flat_xlsform_test.xlsx"])
def test_spec_forms(name: str) -> None:
    result = load(PYXFORM / name)
    i = result.instrument
    assert i.languages == ["en", "zh"]  # 'label::english', 'label::chinese'
    assert i.default_language == "en"
    assert i.question_map["address"].label == {"en": "Enter an address", "zh": "您好"}
    assert i.question_map["address"].hint == {"zh": "ni hao", "en": "ni hao"}
    everything = i.sections[1]
    assert everything.id == "everything"
    assert everything.relevant == "not selected(skip_to_end, 'yes')"
    # Nested groups are flattened; each keeps the relevance of the groups around it.
    assert all(s.relevant == everything.relevant for s in i.sections[1:-1])
    multi = i.question_map["select_multiple_test"]
    assert isinstance(multi, MultiChoice)
    assert [o.code for o in multi.options] == ["yes", "no"]
    assert i.question_map["required_text"].required
    table = i.question_map["name"]  # the table-list group of one list
    assert isinstance(table, Matrix) and [r.code for r in table.rows] == ["table_list_question"]
    assert {"label_test", "list_nolabel_test", "compact_test", "compact_2_test", "q_1", "false_q"} <= set(
        i.question_map
    )
    renamed = noted(result.notes, "renamed")
    assert {"label_test", "list_nolabel_test", "compact_test", "compact_2_test", "q_1", "false_q"} <= set(renamed)
    unsupported = noted(result.notes, "unsupported-type")
    assert {"acknowledge_test", "date_test", "geopoint_test", "image_test", "calculate_test", "start", "deviceid",
            "uri_deviceid"} <= set(unsupported)  # fmt: skip
    assert "calculation" in unsupported["calculate_test"].problem
    assert "differential privacy" in noted(result.notes, "number-bounds")["a_integer"].fix
    assert ". <= ${a_integer}" in noted(result.notes, "constraint")["a_decimal"].problem
    assert "dropped-note" in {n.code for n in result.notes}
    assert "public_key" in noted(result.notes, "dropped-setting")[None].problem
    assert noted(result.notes, "missing-text")[None].where.row is not None
    assert all(n.severity == "warning" for n in result.notes)


def test_formpack_dietary_needs() -> None:
    result = load(FORMPACK / "dietary_needs" / "v1.json")
    i = result.instrument
    name, needs = i.questions()
    assert isinstance(name, Text) and name.required
    assert isinstance(needs, MultiChoice) and needs.required
    assert [o.code for o in needs.options] == ["gluten_free", "vegan", "vegetarian", "lactose_free"]
    hxl = noted(result.notes, "dropped-column")
    assert "#indicator+diet" in hxl["dietary_accommodations"].problem
    assert "dietv1" in noted(result.notes, "version")[None].problem
    assert (i.version, i.source_version) == ("1.0.0+dietv1", "dietv1")  # the form's own version, kept


def test_formpack_grouped_translated() -> None:
    result = load(FORMPACK / "grouped_translated" / "v1.json")
    i = result.instrument
    assert i.languages == ["en", "es"]  # translations [English, Español] with label arrays
    group = i.sections[0]
    assert group.id == "external_characteristics"
    assert group.title == {"en": "External Characteristics", "es": "Características externas"}
    symmetry = i.question_map["what_kind_of_symmetry_do_you_have"]
    assert isinstance(symmetry, MultiChoice)
    assert symmetry.label["es"] == "¿Qué tipo de simetría tiene?"
    fluids = i.question_map["do_you_have_body_flu_intracellular_space"]
    assert isinstance(fluids, SingleChoice)
    assert [o.code for o in fluids.options] == ["yes", "yes_and_some", "no_unsure"]
    renamed = [n for n in result.notes if n.code == "renamed"]
    assert any("yes__and_some_" in n.problem and n.where.field == "choices" for n in renamed)
    assert any("What_kind_of_symmetry_do_you_have" in n.problem and n.where.row == 4 for n in renamed)
    assert set(noted(result.notes, "unsupported-type")) == {"start", "end"}

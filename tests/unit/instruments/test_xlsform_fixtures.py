"""Importing the repository's own small XLSForms, one per layout: markdown, CSV, .xlsx, KoboToolbox JSON.

They live in ``tests/fixtures/xlsform/`` and cover what third-party forms do
(groups, nested groups, table-list matrices, ``or_other``,
renamed ids and codes, untranslatable relevance) in small files made for
these tests; the platforms' own files are in ``tests/fixtures/thirdparty/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.checks import check_instrument
from instruments.dump import dump_instrument
from instruments.loader import parse_instrument
from instruments.questions import Matrix, MultiChoice, Number, SingleChoice, Text
from instruments.xlsform.export import export_xlsform
from instruments.xlsform.importer import ImportResult, import_form
from instruments.xlsform.reading import read_sheets
from kernel.errors import InstrumentError, Problem

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform"


def codes(notes: list[Problem]) -> list[str]:
    return [n.code for n in notes]


def check_community(result: ImportResult) -> None:
    i = result.instrument
    assert i.id == "community_survey"
    assert i.version == "2024061201.0.0"
    assert i.languages == ["en", "de"]
    assert i.default_language == "en"
    assert [s.id for s in i.sections] == ["about_you", "experiences", "questions"]
    about, experiences, loose = i.sections
    assert about.intro == {"en": "Thank you for taking part.", "de": "Danke, dass Sie mitmachen."}
    gender = i.question_map["gender"]
    assert isinstance(gender, MultiChoice)
    assert [(o.code, o.exclusive) for o in gender.options] == [
        ("woman", False),
        ("man", False),
        ("nonbinary", False),
        ("self", False),
        ("none", True),
    ]
    assert gender.max_selections == 2
    assert gender.prefer_not_to_say and gender.required
    assert gender.hint == {"en": "At most two answers"}
    self_description = i.question_map["gender_self"]
    assert isinstance(self_description, Text)
    assert self_description.relevant == "selected(gender, 'self')"
    assert self_description.max_length == 200
    age = i.question_map["age"]
    assert isinstance(age, Number)
    assert (age.min, age.max, age.integer) == (16, 120, True)
    assert experiences.relevant == "age >= 18"
    place = i.question_map["work_place"]
    assert isinstance(place, SingleChoice)
    assert [o.code for o in place.options] == ["work", "housing_search"]
    assert place.relevant == "discriminated == 'yes'"
    assert i.question_map["details"].relevant == "answered(gender_self) or answered(work_place)"
    assert i.question_map["follow_up"].relevant is None
    assert [q.id for q in loose.questions] == ["heard_of_us", "heard_of_us_other"]
    assert i.question_map["heard_of_us_other"].relevant == "selected(heard_of_us, 'other')"
    by_sheet = {(n.code, n.where.question, n.where.field): n for n in result.notes}
    assert by_sheet["renamed", "work_place", None].where.row == 12
    assert by_sheet["renamed", "work_place", "choices"].where.row == 30
    assert "housing__search" in by_sheet["renamed", "work_place", "choices"].problem
    notes = {(n.code, n.where.question): n for n in result.notes if n.where.field is None}
    assert ("unsupported-type", "location") in notes and notes["unsupported-type", "location"].where.row == 13
    assert ("unsupported-type", "adult") in notes
    dropped = [n for n in result.notes if n.code == "condition"]
    assert len(dropped) == 1 and dropped[0].where.row == 16 and "regex()" in dropped[0].problem
    assert ("or-other", "heard_of_us") in notes
    assert ("dropped-column", "Work-Place") in notes and "minimal" in notes["dropped-column", "Work-Place"].problem
    assert "missing-metadata" in codes(result.notes)
    assert all(n.severity == "warning" for n in result.notes)


def test_markdown_form() -> None:
    check_community(import_form(FIXTURES / "community_survey.md"))


def test_xlsx_form_matches_the_markdown_one(tmp_path: Path) -> None:
    form = read_sheets(FIXTURES / "community_survey.md")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for key in ("survey", "choices", "settings"):
        sheet = book.create_sheet(key)
        sheet.append(form.sheets[key].columns)
        sheet.append([])  # a blank row, as hand-made sheets have
        for row in form.sheets[key].rows:
            sheet.append([row.cells.get(c) for c in form.sheets[key].columns])
    path = tmp_path / "community_survey.xlsx"
    book.save(path)
    from_md, from_xlsx = import_form(FIXTURES / "community_survey.md"), import_form(path)
    assert from_xlsx.instrument == from_md.instrument
    assert codes(from_xlsx.notes) == codes(from_md.notes)


def test_csv_form_with_a_table_list_matrix_and_a_group() -> None:
    result = import_form(FIXTURES / "life_domains.csv")
    i = result.instrument
    assert i.languages == ["en", "es"]
    assert [s.id for s in i.sections] == ["questions", "household"]
    freq = i.question_map["freq"]
    assert isinstance(freq, Matrix)
    assert [r.code for r in freq.rows] == ["work", "school"]
    assert [o.code for o in freq.options] == ["often", "never"]
    assert i.question_map["support"].relevant == "freq.work == 'often' or freq.school != 'never'"
    assert isinstance(i.question_map["support"], MultiChoice)
    assert i.question_map["trust"].label == {"en": "I trust the police.", "es": "Confío en la policía."}
    income = i.question_map["income"]
    assert isinstance(income, Number) and not income.integer
    assert {"matrix", "number-bounds", "missing-metadata"} <= set(codes(result.notes))


def test_kobotoolbox_json_form() -> None:
    result = import_form(FIXTURES / "kobo_asset.json")
    i = result.instrument
    assert (i.id, i.version, i.title) == ("neighbourhood", "1.2.0", {"en": "Neighbourhood survey"})
    assert i.languages == ["en", "tr"]
    assert [q.id for q in i.questions()] == ["tenure", "rooms", "problems"]
    tenure = i.question_map["tenure"]
    assert isinstance(tenure, SingleChoice) and tenure.required
    assert [o.code for o in tenure.options] == ["rent_private", "own"]
    rooms = i.question_map["rooms"]
    assert isinstance(rooms, Number)
    assert rooms.relevant == "tenure == 'rent_private'"
    assert (rooms.min, rooms.max) == (1, 20)
    assert rooms.hint == {"en": "Count bedrooms and living rooms"}
    assert {(n.code, n.where.question) for n in result.notes} >= {
        ("unsupported-type", "start"),
        ("unsupported-type", "photo"),
        ("renamed", "tenure"),
    }


@pytest.mark.parametrize("name", ["community_survey.md", "life_domains.csv", "kobo_asset.json"])
def test_imports_pass_the_yaml_loader(name: str) -> None:
    instrument = import_form(FIXTURES / name).instrument
    assert parse_instrument(dump_instrument(instrument), name).instrument == instrument


def test_imported_form_exports_and_comes_back(tmp_path: Path) -> None:
    instrument = import_form(FIXTURES / "life_domains.csv").instrument
    export_xlsform(instrument, tmp_path / "again.xlsx")
    again = import_form(tmp_path / "again.xlsx")
    assert again.notes == []
    assert again.instrument == instrument


def _md(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "form.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_columns_are_in_the_default_language(tmp_path: Path) -> None:
    path = _md(tmp_path, "| survey |\n| | type | name | label | hint |\n| | text | a | Frage | Hinweis |\n")
    i = import_form(path, default_language="de").instrument
    assert (i.languages, i.default_language) == (["de"], "de")
    assert i.question_map["a"].label == {"de": "Frage"}
    assert i.question_map["a"].hint == {"de": "Hinweis"}


def test_language_names_without_a_tag(tmp_path: Path) -> None:
    path = _md(
        tmp_path,
        "| survey |\n| | type | name | label::Deutsch | label::Klingon | label::english |\n| | text | a | A | B | C |\n",
    )
    result = import_form(path)
    assert result.instrument.languages == ["de", "und-x-klingon", "en"]
    assert result.instrument.default_language == "en"
    [stand_in] = [n for n in result.notes if n.code == "language"]
    assert "Klingon" in stand_in.problem and "und-x-klingon" in stand_in.problem


def test_sheet_rows_as_plain_dicts() -> None:
    rows = read_sheets(FIXTURES / "life_domains.csv").rows("choices")
    assert rows[0] == {"list name": "agree", "name": "agree", "label:English": "Agree", "label:Español": "De acuerdo"}
    assert read_sheets(FIXTURES / "life_domains.csv").sheets["survey"].rows[0].number == 3


_types = st.sampled_from(
    ["text", "integer", "decimal", "select_one l", "select_multiple l", "select one from l or specify other",
     "begin group", "end group", "begin repeat", "end repeat", "note", "calculate", "geopoint", "acknowledge", ""]
)  # fmt: skip
_rows = st.lists(
    st.fixed_dictionaries(
        {
            "type": _types,
            "name": st.sampled_from(["a", "b", "A-b", "_1", "FALSE", "g", "a__b", "in", ""]),
            "label": st.text(max_size=5),
            "relevant": st.sampled_from(["", "${a} = 'x'", "${b} > 3", "selected(${A-b}, 'y')", "regex(${a}, 'x')"]),
            "constraint": st.sampled_from(["", ". > 1", "count-selected(.) <= 1", ". <= 5 and . >= 7"]),
            "required": st.sampled_from(["", "yes", "${a} = 1"]),
        }
    ),
    max_size=8,
)
_choices = st.lists(
    st.fixed_dictionaries(
        {
            "list_name": st.just("l"),
            "name": st.sampled_from(["x", "y", "prefer_not_to_say", "x-y", "x__y", "1"]),
            "label": st.text(max_size=4),
        }
    ),
    max_size=5,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_rows, _choices)
def test_any_form_gives_a_valid_instrument_or_says_what_is_wrong(
    tmp_path: Path, survey: list[dict[str, str]], choices: list[dict[str, str]]
) -> None:
    path = tmp_path / "form.json"
    path.write_text(json.dumps({"content": {"survey": survey, "choices": choices}}), encoding="utf-8")
    try:
        result = import_form(path)
    except InstrumentError as exc:
        assert all(p.where.file == str(path) and p.fix for p in exc.problems)
        return
    assert not [f for f in check_instrument(result.instrument) if f.severity == "error"]
    assert all(n.severity == "warning" and n.where.file == str(path) for n in result.notes)

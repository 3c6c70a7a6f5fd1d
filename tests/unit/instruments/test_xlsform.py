"""XLSForm export and import: pyxform accepts what eqsurvey writes, and it comes back exactly.

Also malformed input. The repository's own small forms in every layout are
in ``test_xlsform_fixtures.py``, third-party forms in ``test_xlsform_thirdparty.py``.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from pyxform.xls2xform import convert

from instruments.dump import dump_instrument
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.questions import Matrix
from instruments.xlsform.export import export_xlsform
from instruments.xlsform.importer import import_form
from instruments.xlsform.reading import read_sheets
from kernel.errors import InstrumentError, Problem
from tests.strategies import instruments

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "xlsform"

SMALL = """\
id: musterstadt-2026
version: 1.2.0
title: {de: Vielfalt in Musterstadt, en: Diversity in Musterstadt}
languages: [de, en]
default_language: de
purpose: {de: Gleichstellungsbericht, en: Equality report}
controller: {de: Stadt Musterstadt, en: City of Musterstadt}
legal_basis: {de: Einwilligung (Art. 9 Abs. 2 lit. a DSGVO), en: Consent (GDPR Art. 9(2)(a))}
retention: {de: Zwei Jahre, en: Two years}
contact: {de: daten@musterstadt.example, en: daten@musterstadt.example}
sections:
  - id: start
    title: {de: Start, en: Start}
    intro: {de: "Willkommen! Preis: ${betrag}", en: "Welcome! Price: ${amount}"}
    questions:
      - id: consent
        type: consent
        label: {de: Ich willige ein., en: I consent.}
  - id: about
    title: {de: Über Sie, en: About you}
    relevant: consent
    questions:
      - id: gender
        type: multi_choice
        label: {de: Geschlecht, en: Gender}
        privacy: special_category
        role: breakdown
        max_selections: 2
        options:
          - {code: woman, label: {de: Frau, en: Woman}}
          - {code: man, label: {de: Mann, en: Man}}
          - {code: nonbinary, label: {de: nicht-binär, en: non-binary}}
          - {code: none, label: {de: keine davon, en: none of these}, exclusive: true}
      - id: age
        type: number
        label: {de: Alter, en: Age}
        min: 16
        max: 120
        unit: {de: Jahre, en: years}
        privacy: quasi_identifier
        role: breakdown
      - id: hometown
        type: text
        label: {de: Wohnort, en: Home town}
        prefer_not_to_say: false
      - id: gender_self
        type: text
        label: {de: "=Selbstbeschreibung", en: " Self-description "}
        relevant: 'selected(gender, ''nonbinary'') or hometown == "it''s"'
        self_description: true
        privacy: special_category
        max_length: 200
      - id: q_it
        type: single_choice
        label: {de: Frage, en: Question}
        prefer_not_to_say: false
        options:
          - {code: "yes", label: {de: "ja", en: "yes"}}
          - {code: "1", label: {de: "1", en: "1"}}
      - id: trust
        type: scale
        label: {de: Vertrauen, en: Trust}
        role: outcome
        relevant: "not tin or age_group == 'young'"
        points:
          - {value: -2, label: {de: gar nicht, en: not at all}}
          - {value: 0, label: {de: teils, en: partly}}
          - {value: 2, label: {de: voll, en: fully}}
      - id: discrimination
        type: matrix
        label: {de: Diskriminierung, en: Discrimination}
        required: true
        role: outcome
        rows:
          - {code: work, label: {de: Arbeit, en: Work}}
          - {code: housing, label: {de: Wohnen, en: Housing}, relevant: "age >= 18"}
        options:
          - {code: often, label: {de: oft, en: often}}
          - {code: never, label: {de: nie, en: never}}
derived:
  - id: tin
    type: boolean
    label: {de: TIN*, en: TIN*}
    when: "selected(gender, 'nonbinary')"
  - id: age_group
    type: categorical
    label: {de: Altersgruppe, en: Age group}
    description: {de: Drei Gruppen, en: Three groups}
    cases:
      - {code: young, label: {de: jung, en: young}, when: "age < 30"}
      - {code: old, label: {de: älter, en: older}, when: "age >= 30"}
"""


def small() -> Instrument:
    return parse_instrument(SMALL, "small.yaml").instrument


def pyxform_warnings(path: Path) -> list[str]:
    warnings: list[str] = []
    convert(str(path), warnings=warnings)
    # pyxform knows only single IANA subtags; 'de-x-ls' (Easy German) is a valid BCP 47 tag all the same.
    return [w for w in warnings if "(de-x-ls)" not in w]


def sheet_rows(path: Path, sheet: str) -> list[dict[str, str]]:
    return read_sheets(path).rows(sheet)


def codes(notes: list[Problem]) -> list[str]:
    return [n.code for n in notes]


# --- export ----------------------------------------------------------------------------------------


def test_small_instrument_converts_with_pyxform(tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(small(), path)
    warnings: list[str] = []
    result = convert(str(path), warnings=warnings)
    assert warnings == []
    xform = result.xform
    assert '<translation lang="Deutsch (de)" default="true()">' in xform
    assert 'lang="English (en)"' in xform
    assert "Keine Angabe" in xform and "Prefer not to say" in xform
    assert "count-selected(.) &lt;= 2" in xform
    assert "relevant=\" /data/start/consent  = 'OK'\"" in xform
    assert 'nodeset="/data/about/discrimination/discrimination__housing" type="string" required="true()"' in xform
    assert "eqsurvey" not in xform.replace("eqsurvey-", "")  # extra columns stay out of the form


def test_export_layout(tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(small(), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings", "eqsurvey_cases"]
    survey = {r["name"]: r for r in sheet_rows(path, "survey") if "name" in r and r["type"] != "end group"}
    assert survey["gender"]["type"] == "select_multiple gender"
    assert survey["gender"]["constraint"] == (
        "not(selected(., 'none') and count-selected(.) > 1) and "
        "not(selected(., 'prefer_not_to_say') and count-selected(.) > 1) and count-selected(.) <= 2"
    )
    assert survey["gender"]["constraint_message::Deutsch (de)"].startswith("„keine davon“ kann nicht")
    assert survey["trust"]["type"] == "select_one trust"
    assert survey["trust"]["eqsurvey_type"] == "scale"
    assert survey["trust"]["relevant"] == "not(${tin} = 'true') or ${age_group} = 'young'"
    assert survey["age"]["type"] == "integer"
    assert survey["age"]["constraint"] == ". >= 16 and . <= 120"
    assert survey["consent"]["type"] == "acknowledge"
    assert survey["consent"]["required"] == "yes"
    assert survey["about"]["relevant"] == "${consent} = 'OK'"
    assert survey["discrimination"]["appearance"] == "field-list"
    assert survey["discrimination__housing"]["relevant"] == "${age} >= 18"
    assert survey["gender_self"]["relevant"] == "selected(${gender}, 'nonbinary') or ${hometown} = \"it's\""
    assert survey["gender_self"]["label::Deutsch (de)"] == "=Selbstbeschreibung"
    assert survey["gender_self"]["label::English (en)"] == " Self-description "
    assert survey["tin"]["calculation"] == "if(selected(${gender}, 'nonbinary'), 'true', 'false')"
    assert survey["age_group"]["calculation"] == "if(${age} < 30, 'young', if(${age} >= 30, 'old', ''))"
    assert survey["start-intro"]["label::English (en)"] == "Welcome! Price: $\u2060{amount}"
    choices = sheet_rows(path, "choices")
    assert {
        "list_name": "trust",
        "name": "-2",
        "label::Deutsch (de)": "gar nicht",
        "label::English (en)": "not at all",
    } in choices
    declined = [c for c in choices if c["list_name"] == "gender" and c["name"] == "prefer_not_to_say"]
    assert declined == [
        {
            "list_name": "gender",
            "name": "prefer_not_to_say",
            "label::Deutsch (de)": "Keine Angabe",
            "label::English (en)": "Prefer not to say",
        }
    ]
    assert sheet_rows(path, "settings") == [
        {
            "form_title": "Vielfalt in Musterstadt",
            "form_id": "musterstadt-2026",
            "version": "1.2.0",
            "default_language": "Deutsch (de)",
        }
    ]


def test_small_instrument_comes_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(small(), path)
    result = import_form(path)
    assert result.notes == []
    assert result.instrument == small()


# --- round trip ------------------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instruments())
def test_export_then_import_gives_the_instrument_back(tmp_path: Path, instrument: Instrument) -> None:
    path = tmp_path / "form.xlsx"
    export_xlsform(instrument, path)
    result = import_form(path)
    assert [n.render() for n in result.notes] == []
    assert result.instrument == instrument


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instruments())
def test_pyxform_converts_every_export(tmp_path: Path, instrument: Instrument) -> None:
    path = tmp_path / "form.xlsx"
    export_xlsform(instrument, path)
    assert pyxform_warnings(path) == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instruments())
def test_imported_instruments_pass_the_yaml_loader(tmp_path: Path, instrument: Instrument) -> None:
    path = tmp_path / "form.xlsx"
    export_xlsform(instrument, path)
    loaded = parse_instrument(dump_instrument(import_form(path).instrument), "roundtrip.yaml")
    assert loaded.instrument == instrument


def test_edits_in_the_spreadsheet_win_and_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(small(), path)
    book = openpyxl.load_workbook(path)
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        if cells["name"].value == "housing" or cells["name"].value == "discrimination__housing":
            cells["relevant"].value = "${age} >= 21"
        if cells["name"].value == "age":
            cells["label::English (en)"].value = "Your age"
    book.save(path)
    result = import_form(path)
    assert codes(result.notes) == ["stale-condition"]
    assert result.notes[0].where.row is not None
    matrix = result.instrument.question_map["discrimination"]
    assert isinstance(matrix, Matrix)
    assert matrix.rows[1].relevant == "age >= 21"
    assert result.instrument.question_map["age"].label == {"de": "Alter", "en": "Your age"}


# --- malformed input -------------------------------------------------------------------------------


def _md(tmp_path: Path, text: str, name: str = "form.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_survey_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "choices"
    book["choices"].append(["list_name", "name", "label"])
    book.create_sheet("settings").append(["form_id"])
    book.save(tmp_path / "nosurvey.xlsx")
    with pytest.raises(InstrumentError) as caught:
        import_form(tmp_path / "nosurvey.xlsx")
    problem = caught.value.problems[0]
    assert problem.code == "no-survey-sheet"
    assert "choices, settings" in problem.problem and "survey" in problem.fix


def test_select_from_a_missing_list(tmp_path: Path) -> None:
    path = _md(tmp_path, "| survey |\n| | type | name | label |\n| | text | a | A |\n| | select_one nope | b | B |\n")
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    problem = caught.value.problems[0]
    assert (problem.code, problem.where.row, problem.where.file) == ("missing-list", 4, str(path))
    assert "nope" in problem.problem and "list_name 'nope'" in problem.fix


def test_broken_relevance_is_a_note_with_its_row(tmp_path: Path) -> None:
    path = _md(
        tmp_path,
        "| survey |\n| | type | name | label | relevant |\n| | integer | a | A | . > 1 and |\n"
        "| | text | b | B | ${a} > 2 + |\n| | text | c | C | ${nobody} = 1 |\n| | text | d | D | ${e} = 'x' |\n"
        "| | text | e | E | |\n",
    )
    result = import_form(path)
    broken = {n.where.row or 0: n for n in result.notes if n.code == "condition"}
    assert sorted(broken) == [3, 4, 5, 6]
    assert "nobody" in broken[5].problem
    assert "asked later" in broken[6].problem  # translated, then refused by the checks: a forward reference
    assert all(q.relevant is None for q in result.instrument.questions())


@pytest.mark.parametrize(
    ("text", "code", "row"),
    [
        ("| survey |\n| | type | name | label |\n| | begin group | g | G |\n| | text | a | A |\n", "unclosed-group", 3),
        ("| survey |\n| | type | name | label |\n| | text | a | A |\n| | end group | | |\n", "unopened-group", 4),
        ("| survey |\n| | type | name | label | name |\n| | text | a | A | b |\n", "duplicate-column", None),
        (
            "| survey |\n| | type | name | label |\n| | select_one l | a | A |\n| choices |\n| | list_name | name |"
            " label |\n| | l | x | X |\n| | l | x | Y |\n",
            "duplicate-choice",
            7,
        ),
        ("| survey |\n| | type | name | label |\n| | text | | A |\n", "no-name", 3),
        ("| survey |\nnot a table\n", "md-syntax", None),
        ("| survey |\n| | type | name | label |\n| | note | a | A |\n", "no-questions", None),
    ],
)
def test_malformed_forms_say_where_and_how_to_fix(tmp_path: Path, text: str, code: str, row: int | None) -> None:
    with pytest.raises(InstrumentError) as caught:
        import_form(_md(tmp_path, text))
    problem = caught.value.problems[0]
    assert problem.code == code
    assert problem.where.file == str(tmp_path / "form.md")
    assert problem.fix
    if row is not None:
        assert problem.where.row == row


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("form.json", "{not json", "json-syntax"),
        ("form.json", '{"content": {"survey": 3}}', "json-shape"),
        ("form.xlsx", "not a zip file", "unreadable-xlsx"),
        ("form.xls", "old excel", "unknown-format"),
        ("form.csv", "", "no-survey-sheet"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    assert caught.value.problems[0].code == code


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError) as caught:
        import_form(tmp_path / "absent.xlsx")
    assert caught.value.problems[0].code == "file-not-found"

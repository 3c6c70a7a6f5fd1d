"""XLSForm import where privacy is at stake: classes, roles, locked modules, the wording of "prefer not to say".

An edit in Excel must never move a direct identifier into the analysis
dataset, nor change a Washington Group question unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.xlsform.export import export_xlsform
from instruments.xlsform.importer import import_form
from kernel.errors import InstrumentError
from tests.builders import GENDER, instrument_yaml

QUESTIONS = (
    GENDER
    + """\
- id: email
  type: text
  label: {de: E-Mail-Adresse, en: E-mail address}
  privacy: direct_identifier
- id: age
  type: number
  label: {de: Alter, en: Age}
  min: 16
  max: 120
  privacy: quasi_identifier
  role: breakdown
"""
)


def instrument(questions: str = QUESTIONS, extra: str = "") -> Instrument:
    return parse_instrument(instrument_yaml(questions, extra), "test.yaml").instrument


def export_and_edit(tmp_path: Path, inst: Instrument, name: str, column: str, value: str | None) -> Path:
    """Export, then set one cell of the survey row ``name`` the way someone would in Excel."""
    path = tmp_path / "form.xlsx"
    export_xlsform(inst, path)
    book = openpyxl.load_workbook(path)
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    if column not in header:
        sheet.cell(row=1, column=len(header) + 1, value=column)
        header.append(column)
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("name")].value == name:
            row[header.index(column)].value = value
    book.save(path)
    return path


def row_of(path: Path, name: str) -> int:
    sheet = openpyxl.load_workbook(path)["survey"]
    header = [c.value for c in sheet[1]]
    return int(next(r[0].row for r in sheet.iter_rows(min_row=2) if r[header.index("name")].value == name))


# --- privacy classes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["Direct_identifier", "direct identifier", " DIRECT-IDENTIFIER ", "direct  identifier"]
)
def test_a_privacy_class_typed_loosely_is_still_that_class(tmp_path: Path, written: str) -> None:
    path = export_and_edit(tmp_path, instrument(), "email", "eqsurvey_privacy", written)
    result = import_form(path)
    assert result.instrument.question_map["email"].privacy == "direct_identifier"
    assert result.notes == []


@pytest.mark.parametrize(
    ("written", "hint"),
    [("direct_identifer", "did you mean direct_identifier?"), ("secret", None), (None, None), ("   ", None)],
)
def test_an_unknown_or_missing_privacy_class_stops_the_import(tmp_path: Path, written: str | None, hint: str) -> None:
    path = export_and_edit(tmp_path, instrument(), "email", "eqsurvey_privacy", written)
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    [problem] = caught.value.problems
    assert problem.code == "privacy-class"
    assert (problem.where.file, problem.where.row, problem.where.question) == (
        str(path),
        row_of(path, "email"),
        "email",
    )
    if written and written.strip():
        assert f"'{written}'" in problem.problem
    else:
        assert "no privacy class" in problem.problem
    assert "direct_identifier, quasi_identifier, special_category, other" in problem.fix
    assert hint is None or hint in problem.fix


def test_every_unreadable_class_is_reported_at_once(tmp_path: Path) -> None:
    path = export_and_edit(tmp_path, instrument(), "email", "eqsurvey_privacy", "pii")
    book = openpyxl.load_workbook(path)
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    sheet.append({header.index("type") + 1: "text", header.index("name") + 1: "phone", 3: "Telefon"})
    book.save(path)
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    # A question added by hand in the spreadsheet has no class either: eqsurvey does not guess one.
    assert [(p.code, p.where.question) for p in caught.value.problems] == [
        ("privacy-class", "email"),
        ("privacy-class", "phone"),
    ]


def test_an_unknown_role_becomes_none_with_a_note(tmp_path: Path) -> None:
    path = export_and_edit(tmp_path, instrument(), "age", "eqsurvey_role", "Break-Down")
    assert import_form(path).instrument.question_map["age"].role == "breakdown"
    path = export_and_edit(tmp_path, instrument(), "age", "eqsurvey_role", "brekdown")
    result = import_form(path)
    assert result.instrument.question_map["age"].role == "none"
    [note] = result.notes
    assert (note.code, note.severity, note.where.question) == ("analysis-role", "warning", "age")
    assert "'brekdown'" in note.problem and "did you mean breakdown?" in note.fix


def test_a_form_without_privacy_classes_gets_one_note(tmp_path: Path) -> None:
    path = tmp_path / "form.md"
    path.write_text(
        "| survey |\n| | type | name | label |\n| | text | name | Your name |\n| | text | email | E-mail |\n"
        "| | integer | age | Age |\n",
        encoding="utf-8",
    )
    result = import_form(path)
    assert {q.privacy for q in result.instrument.questions()} == {"other"}
    [note] = [n for n in result.notes if n.code == "privacy-class"]
    assert note.severity == "warning" and "every question was classed 'other'" in note.problem
    assert "direct_identifier" in note.fix and "e-mail" in note.fix


# --- locked modules --------------------------------------------------------------------------------


def test_an_edited_washington_group_question_is_refused(tmp_path: Path) -> None:
    inst = instrument(GENDER + "- use: wg_short_set@1\n")
    path = export_and_edit(tmp_path, inst, "wg_seeing", "label::English (en)", "Do you see well?")
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    [problem] = caught.value.problems
    assert problem.code == "locked-module"
    assert (problem.where.file, problem.where.row, problem.where.question) == (
        str(path),
        row_of(path, "wg_seeing"),
        "wg_seeing",
    )
    assert "wg_short_set@1" in problem.fix


def test_an_unedited_washington_group_module_comes_back(tmp_path: Path) -> None:
    inst = instrument(GENDER + "- use: wg_short_set@1\n")
    path = tmp_path / "form.xlsx"
    export_xlsform(inst, path)
    result = import_form(path)
    assert result.notes == [] and result.instrument == inst


# --- the wording of "prefer not to say" ------------------------------------------------------------

OWN = "prefer_not_to_say_label: {de: Möchte ich nicht sagen, en: I'd rather not say}\n"


def test_the_instruments_own_prefer_not_to_say_is_exported_and_comes_back(tmp_path: Path) -> None:
    inst = instrument(extra=OWN)
    path = tmp_path / "form.xlsx"
    export_xlsform(inst, path)
    book = openpyxl.load_workbook(path)
    rows = list(book["choices"].iter_rows(values_only=True))
    declined = next(r for r in rows if r[:2] == ("gender", "prefer_not_to_say"))
    assert declined[2:] == ("Möchte ich nicht sagen", "I'd rather not say")
    survey = list(book["survey"].iter_rows(values_only=True))
    header = survey[0]
    gender = next(r for r in survey if r[header.index("name")] == "gender")
    assert "„Möchte ich nicht sagen“ kann nicht" in gender[header.index("constraint_message::Deutsch (de)")]
    assert list(book["eqsurvey_texts"].iter_rows(values_only=True)) == [
        ("name", "label::Deutsch (de)", "label::English (en)"),
        ("prefer_not_to_say_label", "Möchte ich nicht sagen", "I'd rather not say"),
    ]
    result = import_form(path)
    assert result.notes == [] and result.instrument == inst
    assert result.instrument.prefer_not_to_say_label == {"de": "Möchte ich nicht sagen", "en": "I'd rather not say"}


def test_a_prefer_not_to_say_worded_like_eqsurvey_is_still_kept(tmp_path: Path) -> None:
    inst = instrument(extra="prefer_not_to_say_label: {de: Keine Angabe}\n")
    path = tmp_path / "form.xlsx"
    export_xlsform(inst, path)
    assert import_form(path).instrument.prefer_not_to_say_label == {"de": "Keine Angabe"}


def test_a_prefer_not_to_say_choice_worded_otherwise_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "form.md"
    path.write_text(
        "| survey |\n| | type | name | label |\n| | select_one yn | smoke | Do you smoke? |\n"
        "| choices |\n| | list_name | name | label |\n| | yn | yes | Yes |\n| | yn | no | No |\n"
        "| | yn | prefer_not_to_say | Rather not |\n",
        encoding="utf-8",
    )
    result = import_form(path)
    [note] = [n for n in result.notes if n.code == "declined-label"]
    assert note.where.row == 8 and "'Rather not'" in note.problem and "'Prefer not to say'" in note.problem
    assert "eqsurvey_texts" in note.fix

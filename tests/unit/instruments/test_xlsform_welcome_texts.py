"""The respondents' rights and the time estimate travel through XLSForm: a note of the about group and a
settings column that pyxform leaves alone; a time estimate that is not a number is named, not guessed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.xlsform.export import export_xlsform
from instruments.xlsform.importer import import_form
from kernel.errors import InstrumentError
from tests.builders import ROOT

EXAMPLE = ROOT / "examples" / "musterstadt" / "instrument.yaml"


@pytest.fixture(scope="module")
def example() -> Instrument:
    return load_instrument(EXAMPLE).instrument


def _set_minutes(path: Path, value: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["settings"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("eqsurvey_estimated_minutes") + 1, value=value)
    book.save(path)


def test_the_example_comes_back_with_its_rights_and_minutes(example: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(example, path)
    convert(xlsform=str(path), validate=False)  # pyxform accepts the extra note and setting
    back = import_form(path)
    assert back.instrument.rights == example.rights and back.instrument.estimated_minutes == 15
    assert back.instrument.content_hash() == example.content_hash()


def test_an_instrument_without_them_exports_no_empty_note(example: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    export_xlsform(example.model_copy(update={"rights": None, "estimated_minutes": None}), path)
    names = [row[1].value for row in openpyxl.load_workbook(path)["survey"].iter_rows(min_row=2)]
    assert "eqsurvey-rights" not in names and "eqsurvey-legal-basis" in names
    back = import_form(path).instrument
    assert back.rights is None and back.estimated_minutes is None


def test_minutes_that_are_not_a_number_are_named_and_left_out(example: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(example, path)
    _set_minutes(path, "fifteen")
    result = import_form(path)
    (note,) = [n for n in result.notes if n.code == "dropped-setting"]
    assert "eqsurvey_estimated_minutes = 'fifteen'" in note.problem and "whole number" in note.fix
    assert result.instrument.estimated_minutes is None


def test_minutes_out_of_bounds_are_refused_with_the_fix(example: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "musterstadt.xlsx"
    export_xlsform(example, path)
    _set_minutes(path, "900")
    with pytest.raises(InstrumentError) as caught:
        import_form(path)
    assert any("estimated_minutes is 900, outside 1 to 240" in p.problem for p in caught.value.problems)

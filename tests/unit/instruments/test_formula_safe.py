"""Text cells no spreadsheet runs as a formula: CSV cells with OWASP's leading quote, XLSX cells typed as text."""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree  # type: ignore[import-untyped]
from hypothesis import example, given
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from instruments.loader import parse_instrument
from instruments.xlsform.cells import SheetData, write_book
from instruments.xlsform.export import export_xlsform
from kernel.formula_safe import FORMULA_TRIGGERS, neutralise, restore, safe_cells, safe_row, starts_formula
from tests.builders import instrument_yaml

HOSTILE = ("=1+1", "=cmd|' /c calc'!a0", "@sum(1+1)", "+49 30 123", "-- keine Angabe", "\t=1", "\r=1", "'=1", "'")
texts = st.text(max_size=30) | st.sampled_from(HOSTILE) | st.builds("".join, st.lists(st.sampled_from("=+-@\t\r' a")))
numbers = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**12), 10**12)


def written(row: list[object]) -> list[str]:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC).writerow(safe_cells(row))
    return next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))


@given(texts)
@example("")
def test_a_text_cell_read_back_never_starts_a_formula_and_gives_the_text_back(text: str) -> None:
    (cell,) = written([text])
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert restore(cell) == text
    assert cell == text or cell == "'" + text, "the only change is one leading quote"


@given(numbers, texts)
def test_numbers_stay_numbers_beside_texts(number: float, text: str) -> None:
    cell, other = written([number, text])
    assert float(cell) == number and not cell.startswith("'")
    assert restore(other) == text


def test_owasp_examples_and_negative_numbers() -> None:
    row = safe_row({"category": "=cmd|' /c calc'!a0", "low": -0.5, "label": "-Self-description", "n": -3})
    assert row == {"category": "'=cmd|' /c calc'!a0", "low": -0.5, "label": "'-Self-description", "n": -3}
    assert [starts_formula(t) for t in ("=1", "+1", "-1", "@a", "\t=", "\r=", " =1", "a=1", "'=1")] == [
        *[True] * 6,
        *[False] * 3,
    ]
    assert neutralise("ordinary words") == "ordinary words" and math.isclose(float(written([-0.5])[0]), -0.5)


# What an .xlsx cell can hold (see instruments.xlsform.cells): no C0 control but tab and line feed.
xlsx_texts = texts.filter(lambda t: t.strip() != "" and not any(ord(c) < 32 and c not in "\t\n" for c in t))


@given(st.lists(xlsx_texts, min_size=1, max_size=5))
def test_xlsform_cells_keep_the_text_and_are_typed_as_text_never_as_formulas(labels: list[str]) -> None:
    rows = [{"type": "note", "name": f"n{i}", "label": label} for i, label in enumerate(labels)]
    data = write_book([SheetData("survey", rows, ["type", "name", "label"])])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml, "no cell is a formula"
    ws = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    for label, (cell,) in zip(labels, ws.iter_rows(min_row=2, min_col=3, max_col=3), strict=True):
        assert cell.value == label and cell.data_type == "s"  # pyxform reads the instrument's text unchanged
        assert cell.quotePrefix is starts_formula(label)  # Excel keeps an edited cell text


@pytest.mark.parametrize("label", ['=HYPERLINK("http://example.org")', "-3", "@sum(1+1)", "+ more"])
def test_an_exported_form_with_formula_like_labels_converts_with_pyxform_to_the_same_text(
    tmp_path: Path, label: str
) -> None:
    questions = f"- id: q\n  type: text\n  label: {{de: '{label}', en: '{label}'}}\n"
    path = tmp_path / "form.xlsx"
    export_xlsform(parse_instrument(instrument_yaml(questions), "t.yaml").instrument, path)
    xform = ElementTree.fromstring(convert(str(path)).xform)
    assert label in {element.text for element in xform.iter()}

"""The pooled report's workbook: what it is, who contributed, and every pooled table with its numbers.

Towns of the synthetic survey are released through the real path and pooled
(:mod:`tests.unit.analysis.test_pool_means`); the workbook is read back with
openpyxl as Excel would open it.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from analysis.pooling.pool import pool
from reports.pool.content import build_pool_report
from reports.xlsx.pool import render_pool_xlsx
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.analysis.test_pool_means import _towns


def _book(lang: str) -> tuple[openpyxl.Workbook, bytes]:
    data = render_pool_xlsx(build_pool_report(pool(_towns(), INSTRUMENT), INSTRUMENT, lang))
    return openpyxl.load_workbook(io.BytesIO(data)), data


def _texts(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_workbook_holds_the_method_the_contributors_and_every_pooled_table() -> None:
    result = pool(_towns(), INSTRUMENT)
    book, data = _book("en")
    about, contributors, *tables = book.worksheets
    assert about.title == "About" and contributors.title == "Contributing releases"
    text = " ".join(_texts(about))
    assert "Regional tables from 4 releases" in text and "do not add up" in text
    assert "means weighted by their respondents" in text
    links = [c.hyperlink.location for row in about.iter_rows() for c in row if c.hyperlink is not None]
    assert links == [f"'{ws.title}'!A1" for ws in book.worksheets[1:]]
    listed = _texts(contributors)
    assert all(c.release in listed for c in result.contributors)
    assert sum("ρ = " in t for t in listed) == len(result.contributors)
    assert len(tables) == len(result.tables)
    # Each shown pooled cell's estimate is a number in its table's sheet; hidden cells leave their numbers empty.
    for ws, table in zip(tables, result.tables, strict=True):
        numbers = {round(float(c.value), 6) for row in ws.iter_rows() for c in row if isinstance(c.value, float | int)}
        shown = [c for c in table.cells if not c.suppressed]
        assert shown, table.id
        for cell in shown:
            assert any(abs(cell.shown.value - v) < 1e-6 or abs(round(cell.shown.value) - v) < 1e-6 for v in numbers)
        assert ws.oddFooter.left.text.startswith("Regional tables")
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert not re.search(rb"<f[ >]", archive.read(name)), name


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_workbook_is_in_the_reports_language_and_direction(lang: str) -> None:
    book, _ = _book(lang)
    assert all(ws.sheet_view.rightToLeft == (lang == "ar") for ws in book.worksheets)
    assert book.properties.language == lang
    if lang == "de":
        assert "Regionale Tabellen aus 4 Veröffentlichungen" in " ".join(_texts(book.worksheets[0]))

"""The workbook's cells against hostile text: labels, titles and write-ins that a spreadsheet would run.

Real releases of the synthetic survey (tests/unit/reports/releases.py), with
their write-ins, a table's title and the survey's title replaced by texts that
start like formulas or error values, or that hold line breaks and Excel's own
escape sequences. Every text must come back as the same text, typed as text,
and no worksheet may hold a formula.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.escape import unescape

from kernel.formula_safe import FORMULA_TRIGGERS, starts_formula
from reports.render import render_release
from reports.xlsx.cells import CELL_LIMIT, cell_text, sheet_title
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed

_WRITABLE = st.characters(codec="utf-8", exclude_categories=["Cs"]).filter(
    lambda c: c in "\t\n\r" or (ord(c) >= 32 and c not in "\ufffe\uffff")
)
_STARTS = st.sampled_from([*FORMULA_TRIGGERS, "'", "_x0041_", "_x000D_", *ERROR_CODES, '=HYPERLINK("http://x")'])
HOSTILE = st.one_of(
    st.builds("".join, st.tuples(_STARTS, st.text(_WRITABLE, max_size=20))),
    st.sampled_from(ERROR_CODES),
    st.text(_WRITABLE, min_size=1, max_size=30),
).filter(lambda t: t != "")


def _book(body: dict[str, Any], lang: str = "en", instrument: Any = INSTRUMENT) -> tuple[openpyxl.Workbook, bytes]:
    data = render_release(typed(body), instrument, lang, "xlsx")
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data)), data


def _assert_no_formula(book: openpyxl.Workbook, data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert not re.search(rb"<f[ >]", archive.read(name)), name
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)


def _shown(text: str) -> str:
    """What Excel shows of ``text`` in a cell: its line breaks are line feeds."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE, min_size=3, max_size=3), HOSTILE, HOSTILE)
@example(["=1+1", "@sum(1+1)", "#N/A"], "-2+3", "=cmd|' /c calc'!a0")
@example(["\r=1", "_x0041_", "\t=x"], "+49 30", "'=1")
def test_hostile_texts_come_back_as_the_same_text_and_never_as_formulas(
    write_ins: list[str], table_title: str, survey_title: str
) -> None:
    body = release()
    notes = next(t for t in body["tables"] if t["kind"] == "write_ins")
    assert len(notes["cells"]) == 3 and all(c["status"] != "suppressed" for c in notes["cells"])
    for cell, text in zip(notes["cells"], write_ins, strict=True):
        cell["measure"] = text
    plan = next(p for p in body["plan"]["tables"] if p["id"] == "grounds")
    plan["label"] = {"de": table_title, "en": table_title}
    instrument = INSTRUMENT.model_copy(update={"title": {"de": survey_title, "en": survey_title}})
    book, data = _book(body, instrument=instrument)
    _assert_no_formula(book, data)
    number = 1 + [t["id"] for t in body["tables"]].index(notes["id"])
    sheet = book[f"Table {number}"]
    for r, text in enumerate(write_ins, start=3):
        cell = sheet.cell(row=r, column=1)
        assert unescape(cell.value) == _shown(text) and cell.data_type == "s"
        assert bool(cell.quotePrefix) is starts_formula(cell.value)
    number = 1 + [t["id"] for t in body["tables"]].index("grounds")
    assert unescape(book[f"Table {number}"]["A1"].value) == _shown(f"Table {number}: {table_title}")
    about = book.worksheets[0]["A1"]
    assert unescape(about.value) == _shown(survey_title) and bool(about.quotePrefix) is starts_formula(about.value)


def test_what_an_xlsx_cannot_hold_is_replaced_visibly() -> None:
    assert cell_text("a\x00b\x1fc\ufffe") == "a\ufffdb\ufffdc\ufffd"
    assert cell_text("a\r\nb\rc") == "a\nb\nc"
    assert cell_text("_x0041_") == "_x005F_x0041_" and unescape(cell_text("_x0041_")) == "_x0041_"
    long = cell_text("x" * (CELL_LIMIT + 10))
    assert len(long) == CELL_LIMIT and long.endswith("…")
    wide = cell_text("\U0001f600" * CELL_LIMIT)  # two UTF-16 units each, as Excel counts
    assert len(wide.encode("utf-16-le")) // 2 <= CELL_LIMIT and wide.endswith("\U0001f600…")
    escaped = cell_text("_x0041_" * CELL_LIMIT)
    assert len(escaped) <= CELL_LIMIT and unescape(escaped).rstrip("…").startswith("_x0041_" * 100)


@settings(max_examples=200)
@given(st.lists(st.text(max_size=40), max_size=8))
@example(["Tabelle 1", "TABELLE 1", "tabelle 1"])
@example(["'quoted'", "[a]:b*c?d/e\\f", "x" * 40, "x" * 40, "History"])
def test_sheet_titles_are_names_excel_accepts_and_unique(texts: list[str]) -> None:
    taken: set[str] = set()
    names = [sheet_title(text, taken) for text in texts]
    assert len({n.lower() for n in names}) == len(names)
    book = openpyxl.Workbook()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns of names longer than Excel reads
        for name in names:
            assert name.lower() != "history"  # Excel keeps that name for itself
            assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\") and name[0] != "'" and name[-1] != "'"
            assert book.create_sheet(name).title == name


def test_simulated_data_say_so_atop_every_sheet_and_printed_page() -> None:
    body = release()
    book, _ = _book(body, "de")
    assert not any("Simulierte Daten" in str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    body["simulated_responses"] = 400  # what a release of simulated responses records
    book, _ = _book(body, "de")
    notice = "Simulierte Daten, keine Befragung echter Menschen"
    about = book.worksheets[0]
    assert about["A1"].value == notice and "Simulator" in about["A2"].value
    for ws in book.worksheets[1:]:
        assert ws["A1"].value.startswith(f"{ws.title}: ") and ws["A1"].value.endswith(f"\n{notice}")
    assert all(ws.oddHeader.center.text == notice for ws in book.worksheets)

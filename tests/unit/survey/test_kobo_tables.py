"""KoboToolbox's XLSX export reads as its CSV export does."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from openpyxl import Workbook

from instruments.xlsform.importer import import_form
from survey.importers.kobo.responses import read_kobo, sniff_kobo

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "responses"
FORM = import_form(FIXTURES / "kobo_form.json").instrument


def _typed(heading: str, text: str) -> object:
    """A cell as the XLSX export types it: numbers as numbers, times as dates, the rest as text."""
    if heading in ("start", "end", "_submission_time") and text:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    try:
        number = float(text)
    except ValueError:
        return text or None
    return int(number) if number.is_integer() and "." not in text else number


def test_the_xlsx_export_reads_as_the_csv_export(tmp_path: Path) -> None:
    source = FIXTURES / "kobo_export.csv"
    heading, *rows = csv.reader(source.read_text(encoding="utf-8").splitlines(), delimiter=";")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(heading)
    for row in rows:
        sheet.append([_typed(h, c) for h, c in zip(heading, row, strict=True)])
    book.save(tmp_path / "export.xlsx")
    assert sniff_kobo(tmp_path / "export.xlsx")
    from_csv = list(read_kobo(FORM, source))
    from_xlsx = list(read_kobo(FORM, tmp_path / "export.xlsx"))
    assert [(r.number, r.answers, r.source_id, r.access_code) for r in from_xlsx] == [
        (r.number, r.answers, r.source_id, r.access_code) for r in from_csv
    ]
    assert any(isinstance(v, float) for r in from_xlsx for v in r.answers.values())  # the fixture's 12.5 hours


def test_a_workbook_without_kobo_columns_is_not_taken_for_one(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Zeitstempel", "gender"])
    book.save(tmp_path / "other.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    assert not sniff_kobo(tmp_path / "other.xlsx") and not sniff_kobo(tmp_path / "broken.xlsx")

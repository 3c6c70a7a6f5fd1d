"""Reading users' workbooks: rows as the spreadsheet numbers them, a bound on padded cells, user errors only."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kernel.errors import EqSurveyError, InstrumentError
from kernel.workbooks import CellBudget, open_workbook, sheet_rows
from tests.hostile_files import HEADER_ROW, write_xlsx

FIX = "save it again"


def read(path: Path, cells: int = 1000) -> list[tuple[int, list[object]]]:
    with open_workbook(path, InstrumentError, FIX) as book:
        budget = CellBudget(cells)
        return [row for sheet in book.worksheets for row in sheet_rows(sheet, path, InstrumentError, FIX, budget)]


def refusal(path: Path, cells: int = 1000) -> tuple[str, int | None, str]:
    with pytest.raises(InstrumentError) as info:
        read(path, cells)
    ((problem,),) = [info.value.problems]
    assert problem.where.file == str(path) and problem.fix == FIX
    return problem.code, problem.where.row, problem.problem


def test_rows_keep_their_numbers_and_empty_rows_are_left_out(tmp_path: Path) -> None:
    rows = [HEADER_ROW, b'<row r="4"><c r="B4"><v>7</v></c></row>', b'<row r="5"><c r="A5" s="1"/></row>']
    assert read(write_xlsx(tmp_path / "form.xlsx", rows)) == [(1, ["type", "name"]), (4, [None, 7])]


def test_padded_cells_count_against_the_budget(tmp_path: Path) -> None:
    # Each row is one cell in column J: openpyxl hands out ten cells for it.
    rows = [b'<row r="%d"><c r="J%d"><v>1</v></c></row>' % (r, r) for r in range(1, 12)]
    path = write_xlsx(tmp_path / "wide.xlsx", rows)
    assert len(read(path, cells=110)) == 11
    code, row, problem = refusal(path, cells=100)
    assert (code, row) == ("sheet-size", 11)
    assert "more than 100 cells" in problem and "'survey'" in problem


def test_rows_past_the_last_spreadsheet_row_are_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "far.xlsx", [HEADER_ROW, b'<row r="99999999"><c r="A99999999"><v>1</v></c></row>'])
    code, _, problem = refusal(path, cells=10**9)
    assert code == "sheet-size" and "1,048,576" in problem


@pytest.mark.parametrize(
    ("rows", "sheet", "detail"),
    [
        ([b'<row r="1"><c r="A1" t="s"><v>99</v></c></row>'], None, "list index out of range"),
        ([], [b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c'], "unclosed token"),
        ([b'<row r="1"><c r="ZZZZZ1"><v>1</v></c></row>'], None, "ZZZZZ"),
    ],
    ids=["missing-shared-string", "broken-xml", "impossible-column"],
)
def test_damaged_content_is_a_user_error(
    tmp_path: Path, rows: list[bytes], sheet: list[bytes] | None, detail: str
) -> None:
    code, _, problem = refusal(write_xlsx(tmp_path / "damaged.xlsx", rows, sheet=sheet))
    assert code == "unreadable-xlsx" and detail in problem


def test_the_archive_is_checked_before_openpyxl_opens_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "many.xlsx", padding_entries=1000)
    assert refusal(path)[0] == "archive-entries"


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    rows = [HEADER_ROW, *(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(2, 20))]
    return write_xlsx(tmp_path_factory.mktemp("sound") / "form.xlsx", rows).read_bytes()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_a_workbook_is_a_user_error_or_harmless(
    sound: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    damaged = bytearray(sound)
    for _ in range(data.draw(st.integers(1, 8))):
        # anywhere, or in the archive's directory at the end, where zipfile's own checks are
        at = data.draw(st.integers(0, len(damaged) - 1) | st.integers(len(damaged) - 450, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    try:
        read(path, cells=10_000)
    except EqSurveyError as exc:
        assert exc.problems[0].where.file == str(path)


def test_a_sound_workbook_reads_whole(sound: bytes, tmp_path: Path) -> None:
    (tmp_path / "form.xlsx").write_bytes(sound)
    rows = read(tmp_path / "form.xlsx")
    assert rows[0] == (1, ["type", "name"]) and rows[-1] == (19, [19])

"""Zip archives are checked before any reader unpacks them: from the directory, then while unpacking."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kernel.errors import EqSurveyError, InstrumentError
from kernel.zip_archives import XLSX_LIMITS, ZipLimits, check_zip
from tests.hostile_files import HEADER_STRINGS, patch_directory, repeated, write_xlsx

SMALL = ZipLimits(entries=20, total_bytes=4 << 20, ratio=100, ratio_grace_bytes=1 << 20)
FIX = "save it again"


def refusal(path: Path, limits: ZipLimits = SMALL) -> tuple[str, str]:
    with pytest.raises(InstrumentError) as info:
        check_zip(path, limits, InstrumentError, FIX)
    ((problem,),) = [info.value.problems]
    assert problem.where.file == str(path) and problem.fix == FIX
    return problem.code, problem.problem


def test_a_real_workbook_passes(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for i in range(2000):
        sheet.append([f"q{i}", "text", f"Question {i}", i])
    book.save(tmp_path / "form.xlsx")
    check_zip(tmp_path / "form.xlsx", XLSX_LIMITS, InstrumentError, FIX)


def test_too_much_unpacked_data_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "big.xlsx", strings=[HEADER_STRINGS, b"<si><t>", *repeated(b"ab", 5 << 20), b"</t></si>"]
    )
    code, problem = refusal(path)
    assert code == "archive-size"
    assert "5.0 MiB" in problem and "4.0 MiB" in problem


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    code, problem = refusal(write_xlsx(tmp_path / "many.xlsx", padding_entries=30))
    assert code == "archive-entries"
    assert "36 files" in problem and "at most 20" in problem


def test_an_entry_packed_like_a_bomb_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dense.xlsx", strings=[HEADER_STRINGS, b"<si><t>", *repeated(b"A", 2 << 20), b"</t></si>"]
    )
    code, problem = refusal(path)
    assert code == "archive-ratio"
    assert "xl/sharedStrings.xml" in problem and "at most 100 to 1" in problem


def test_small_entries_may_pack_tightly(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dense.xlsx", strings=[HEADER_STRINGS, b"<si><t>", b"A" * 500_000, b"</t></si>"])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/sharedStrings.xml")
    assert info.file_size / info.compress_size > 100
    check_zip(path, SMALL, InstrumentError, FIX)


def test_a_directory_that_understates_a_size_is_caught_while_unpacking(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "lying.xlsx", strings=[HEADER_STRINGS, b"<si><t>", *repeated(b"A", 8 << 20), b"</t></si>"]
    )
    patch_directory(path, "xl/sharedStrings.xml", file_size=1024)
    code, problem = refusal(path)
    assert code == "archive-damaged"
    assert "xl/sharedStrings.xml" in problem


def test_a_directory_that_overstates_a_size_is_caught_while_unpacking(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "lying.xlsx")
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("xl/workbook.xml").file_size
    patch_directory(path, "xl/workbook.xml", file_size=size + 10)
    code, problem = refusal(path)
    assert code == "archive-damaged"
    assert f"not the {size + 10:,} bytes its directory says" in problem


def test_encrypted_and_unknown_packing_are_refused(tmp_path: Path) -> None:
    encrypted = write_xlsx(tmp_path / "encrypted.xlsx")
    patch_directory(encrypted, "xl/workbook.xml", flag_bits=1)
    assert refusal(encrypted)[0] == "archive-encrypted"
    unknown = write_xlsx(tmp_path / "unknown.xlsx")
    patch_directory(unknown, "xl/workbook.xml", compress_type=99)
    assert refusal(unknown)[0] == "archive-damaged"


def test_a_file_that_is_no_archive_is_left_to_the_caller(tmp_path: Path) -> None:
    (tmp_path / "form.xlsx").write_bytes(b"not a zip")
    with pytest.raises(zipfile.BadZipFile):
        check_zip(tmp_path / "form.xlsx", SMALL, EqSurveyError, FIX)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_an_archive_is_refused_or_left_as_no_archive(tmp_path: Path, data: st.DataObject) -> None:
    sound = write_xlsx(tmp_path / "sound.xlsx").read_bytes()
    damaged = bytearray(sound)
    for _ in range(data.draw(st.integers(1, 6))):
        # anywhere, or in the archive's directory at the end, where the file names are
        at = data.draw(st.integers(0, len(damaged) - 1) | st.integers(len(damaged) - 450, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    try:
        check_zip(path, XLSX_LIMITS, EqSurveyError, FIX)
    except EqSurveyError as exc:
        assert exc.problems[0].where.file == str(path)
    except zipfile.BadZipFile:
        pass  # no archive at all: each reader words that for its format

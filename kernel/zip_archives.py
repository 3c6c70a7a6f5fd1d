"""Checking a zip archive before any reader unpacks it, so that a zip bomb is refused, not opened.

An .xlsx workbook (and a LimeSurvey .lsa archive) is a zip archive, and a
1 MB archive can unpack to gigabytes. :func:`check_zip` refuses an archive
with too many entries, an entry packed more tightly than real files are, or
more unpacked data in all than the caller's reader can hold, first from the
archive's directory (nothing is unpacked), then by unpacking every entry into
nothing while counting, because the directory is written by whoever made the
file and may understate the sizes. Readers (openpyxl) open the file only
after it passed.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kernel.errors import EqSurveyError, Location

__all__ = ["XLSX_LIMITS", "ZipLimits", "check_zip"]

_CHUNK = 1 << 16
_Refuse = Callable[[str, str], EqSurveyError]


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may hold and unpack to; each reader sets them for its format."""

    entries: int
    total_bytes: int
    ratio: int
    """Unpacked size over packed size, checked for entries that unpack to more than ``ratio_grace_bytes``."""
    ratio_grace_bytes: int = 1 << 20


#: openpyxl reads a workbook at 0.3-0.4 s per unpacked MiB and keeps its shared
#: strings in memory at up to nine times their size, so 8 MiB unpacked (some
#: 200 000 cells of answers) bounds a command at about 130 MB and 4 s in the
#: worst case (a million tiny distinct strings); larger response files read
#: far faster as CSV, and forms stay far below it. 1000 entries and a ratio of 100 follow
#: Apache POI's defaults for Office files, which real workbooks stay within.
XLSX_LIMITS = ZipLimits(entries=1000, total_bytes=8 << 20, ratio=100)


def check_zip(path: Path, limits: ZipLimits, error: type[EqSurveyError], fix: str) -> None:
    """Raise ``error`` (with ``fix``) if the archive at ``path`` is over ``limits`` or its entries are damaged.

    A file that is not a zip archive at all (or whose directory cannot be
    found) lets :class:`zipfile.BadZipFile` through, and a file that cannot
    be read :class:`OSError`, for the caller to word for its format.
    """
    where = Location(file=str(path))

    def refuse(code: str, problem: str) -> EqSurveyError:
        return error.single(code, problem, fix, where)

    try:
        archive = zipfile.ZipFile(path)
    except NotImplementedError:  # zipfile's word for features it lacks (a newer zip version)
        raise refuse("archive-damaged", "the archive needs zip features eqsurvey cannot read") from None
    except ValueError as exc:  # e.g. a file name that is not the UTF-8 its flag says
        raise refuse("archive-damaged", f"the archive's list of files is damaged ({exc})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.entries:
            raise refuse(
                "archive-entries",
                f"the archive holds {len(entries):,} files; eqsurvey reads archives of at most {limits.entries:,}",
            )
        declared = sum(info.file_size for info in entries)
        if declared > limits.total_bytes:
            raise refuse("archive-size", _too_big(f"{_size(declared)} ({declared:,} bytes)", limits.total_bytes))
        for info in entries:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.ratio_grace_bytes and ratio > limits.ratio:
                raise refuse(
                    "archive-ratio",
                    f"'{info.filename}' in the archive unpacks to {ratio:,.0f} times its packed size"
                    f" ({_size(info.file_size)}); eqsurvey reads entries packed at most {limits.ratio} to 1,"
                    " which real files stay within (a zip bomb does not)",
                )
        unpacked = 0
        for info in entries:
            unpacked = _unpack_counting(archive, info, unpacked, limits.total_bytes, refuse)


def _unpack_counting(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, unpacked: int, limit: int, refuse: _Refuse
) -> int:
    """Unpack one entry into nothing, adding to the archive's running total; stop as soon as it passes ``limit``."""
    start = unpacked
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                unpacked += len(chunk)
                if unpacked > limit:
                    raise refuse("archive-size", _too_big(f"more than {_size(limit)}", limit))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise refuse("archive-damaged", f"'{info.filename}' in the archive is damaged ({exc})") from None
    except NotImplementedError:
        raise refuse(
            "archive-damaged", f"'{info.filename}' in the archive is packed with a method eqsurvey cannot unpack"
        ) from None
    except RuntimeError:  # zipfile's word for an entry under a password
        raise refuse("archive-encrypted", f"'{info.filename}' in the archive is protected by a password") from None
    if unpacked - start != info.file_size:
        raise refuse(
            "archive-damaged",
            f"'{info.filename}' in the archive unpacks to {_size(unpacked - start)}, not the"
            f" {_size(info.file_size)} its directory says: the file is damaged or made to mislead",
        )
    return unpacked


def _too_big(size: str, limit: int) -> str:
    return f"the archive unpacks to {size}; eqsurvey reads archives that unpack to at most {_size(limit)} ({limit:,} bytes)"


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:,.1f} {unit}"
    return f"{count:,} bytes"

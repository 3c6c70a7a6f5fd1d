"""LimeSurvey's survey archive (``.lsa``): a zip of the structure, responses, participants and timings.

LimeSurvey's "Survey archive" export zips ``survey_{sid}.lss`` (the
structure), ``survey_{sid}_responses.lsr`` (responses, when the survey ran),
``survey_{sid}_tokens.lst`` (the participant table: names, e-mail addresses,
attributes) and ``survey_{sid}_timings.lsi`` (time spent per page).
eqsurvey reads the first two only. The participant table and the timings are
never unpacked into anything but the bomb check's counter, never parsed and
never stored: contacts must stay apart from answers, and exact timings
identify respondents.

An archive comes from elsewhere, so before anything is read it goes through
:func:`.archives.check_zip` (entry count, unpacked total, packing ratio,
damaged or lying entries), and every entry name must be one LimeSurvey
writes: a plain file name (no folder, no ``..``, no drive), known by its
ending, once. Anything else (a nested archive, a stray file) is refused
rather than skipped, since it means the file is not what it says.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kernel.errors import EqSurveyError, Location
from kernel.zip_archives import ZipLimits, check_zip

__all__ = ["LSA_LIMITS", "LsaArchive", "open_lsa"]

#: A real archive holds four files; the responses of a large survey (100 000
#: responses of 100 answers) unpack to some 300 MB of XML, which is read as a
#: stream. XML of repeated tags packs at about 20 to 60 to 1, a bomb at 1000.
LSA_LIMITS = ZipLimits(entries=8, total_bytes=512 << 20, ratio=200)
_ENTRY = re.compile(r"survey_(\d+)(\.lss|_responses\.lsr|_tokens\.lst|_timings\.lsi)")
_KINDS = {".lss": "structure", "_responses.lsr": "responses", "_tokens.lst": "tokens", "_timings.lsi": "timings"}
_FIX = "export the survey archive (.lsa) from LimeSurvey again; do not import archives of unknown origin"


@dataclass(frozen=True)
class LsaArchive:
    """A checked archive: its path, survey id and the entry name of each part it holds."""

    path: Path
    sid: str
    entries: dict[str, str]

    def where(self, kind: str) -> str:
        """How messages name an entry: ``archive.lsa!survey_1_responses.lsr``."""
        return f"{self.path}!{self.entries[kind]}"

    def read(self, kind: str, error: type[EqSurveyError]) -> bytes:
        """The unpacked bytes of one part (already counted by the bomb check, so within the limits)."""
        with self.open(kind, error) as stream:
            return stream.read(LSA_LIMITS.total_bytes)

    @contextmanager
    def open(self, kind: str, error: type[EqSurveyError]) -> Iterator[IO[bytes]]:
        """One part as a stream, for reading large responses without holding them in memory."""
        name = self.entries.get(kind)
        if name is None:
            raise error.single(
                f"lsa-no-{kind}",
                f"the archive holds no {kind} ({'survey_' + self.sid + next(k for k, v in _KINDS.items() if v == kind)})",
                "in LimeSurvey, export the survey archive of an activated survey that has responses"
                if kind == "responses"
                else _FIX,
                Location(file=str(self.path)),
            )
        with zipfile.ZipFile(self.path) as archive, archive.open(name) as stream:
            yield stream


def open_lsa(path: Path, error: type[EqSurveyError]) -> LsaArchive:
    """Check the archive at ``path`` and list its parts; anything hostile or foreign raises ``error``."""
    where = Location(file=str(path))
    try:
        check_zip(path, LSA_LIMITS, error, _FIX)
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist()]
    except FileNotFoundError:
        raise error.single("file-not-found", f"there is no file {path}", "check the path", where) from None
    except IsADirectoryError:
        raise error.single("is-a-directory", f"{path} is a folder, not a file", "give the .lsa file", where) from None
    except zipfile.BadZipFile:
        raise error.single(
            "not-an-archive",
            "this is not a zip archive, so not a LimeSurvey survey archive (.lsa)",
            "in LimeSurvey, use Export → Survey archive (.lsa); or export the survey structure (.lss)",
            where,
        ) from None
    except OSError as exc:
        raise error.single("unreadable", f"cannot read the file: {exc.strerror}", "check the path", where) from None
    entries: dict[str, str] = {}
    sids: set[str] = set()
    for name in names:
        found = _ENTRY.fullmatch(name)
        if found is None:
            raise error.single(
                "lsa-entry",
                f"the archive holds '{_shown(name)}', which LimeSurvey never writes into a survey archive "
                "(it writes survey_ID.lss, survey_ID_responses.lsr, survey_ID_tokens.lst, survey_ID_timings.lsi)",
                _FIX,
                where,
            )
        kind = _KINDS[found.group(2)]
        if kind in entries:
            raise error.single("lsa-entry", f"the archive holds two {kind} files", _FIX, where)
        entries[kind] = name
        sids.add(found.group(1))
    if len(sids) > 1:
        raise error.single(
            "lsa-entry", f"the archive mixes surveys {', '.join(sorted(sids))}", "export one survey's archive", where
        )
    if "structure" not in entries:
        raise error.single(
            "lsa-no-structure",
            "the archive holds no survey structure (survey_ID.lss)",
            "export the survey archive (.lsa) again, or import the survey structure (.lss) itself",
            where,
        )
    return LsaArchive(path, sids.pop(), entries)


def _shown(name: str) -> str:
    """An entry name as a message may show it: printable and short."""
    clean = "".join(c if c.isprintable() else "?" for c in name)
    return clean if len(clean) <= 80 else clean[:79] + "…"

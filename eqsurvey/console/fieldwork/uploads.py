"""An uploaded export, copied into a private temporary folder for the importer and deleted after.

The upload is refused before anything is stored when it is missing, of a type
the importers do not read, or larger than the section's limit; its name is
used for its suffix only (the importer recognises formats by it) and for
messages, never as a path. Archive bombs are the importers' to refuse
(:mod:`kernel.zip_archives` checks .lsa and .xlsx before unpacking).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path, PurePath

from starlette.datastructures import UploadFile

from kernel.private_files import PRIVATE_FILE

EXPORT_SUFFIXES = (".csv", ".lsa", ".lsr", ".xlsx", ".json")
STRUCTURE_SUFFIXES = (".lss",)
_CHUNK = 1 << 20


class UploadRefusedError(Exception):
    """``key`` names the section's message; ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(eq=False)
class Received:
    folder: Path
    export: Path
    structure: Path | None
    name: str

    def __post_init__(self) -> None:
        # Deleted also when the job never runs (the console closed first) and the upload is forgotten, or at exit.
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def delete(self) -> None:
        self._cleanup()

    def shown(self, text: str) -> str:
        """``text`` with the temporary paths replaced by the names the person uploaded."""
        return text.replace(str(self.export), self.name).replace(str(self.folder), "…")


def suffix_of(upload: UploadFile | None) -> str:
    return PurePath(upload.filename or "").suffix.lower() if upload is not None else ""


def display_name(upload: UploadFile) -> str:
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    return "".join(c for c in name if c.isprintable())[:120] or "export"


async def receive(export: UploadFile | None, structure: UploadFile | None, limit: int) -> Received:
    """Both files in a new private folder (0700, files 0600); raises :class:`UploadRefusedError` having kept nothing."""
    if export is None or not export.filename:
        raise UploadRefusedError("upload_missing")
    suffix = suffix_of(export)
    if suffix not in EXPORT_SUFFIXES:
        raise UploadRefusedError("upload_type", suffix=suffix or "?")
    has_structure = structure is not None and bool(structure.filename)
    if has_structure and suffix_of(structure) not in STRUCTURE_SUFFIXES:
        raise UploadRefusedError("structure_type")
    folder = Path(tempfile.mkdtemp(prefix="eqsurvey-upload-"))  # mkdtemp makes it 0700
    try:
        target = await _copy(export, folder / f"export{suffix}", limit)
        second = await _copy(structure, folder / "structure.lss", limit) if has_structure and structure else None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Received(folder, target, second, display_name(export))


async def _copy(upload: UploadFile, target: Path, limit: int) -> Path:
    written = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out:
        while chunk := await upload.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise UploadRefusedError("upload_large", mb=f"{limit / 1_000_000:g}")
            out.write(chunk)
    await upload.close()
    return target

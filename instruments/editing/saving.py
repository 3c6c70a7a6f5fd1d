"""Reading the instrument file for editing, applying edits, and saving the result safely.

A save happens only if the result loads with the validator
(:func:`instruments.loader.parse_instrument`): errors refuse the edit and
nothing is written; warnings (a missing translation, a condition that can
never hold) do not stop it, so a half-translated draft can be saved and
finished later — the warnings come back with the result, keyed by field. The
version is raised as the changes since the last version require
(:mod:`.versioning`). Each write goes to a temporary file beside the
instrument that is then renamed over it; if the file changed on disk since it
was read (someone edited it in an editor meanwhile), the save is refused and
nothing is written.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from instruments.editing.applying import apply_edit
from instruments.editing.document import dump_document, load_document, styled
from instruments.editing.edits import Edit
from instruments.editing.fields import keyed
from instruments.editing.versioning import keep_text, kept_last_version, kept_path, needed_version
from instruments.loader import LoadedInstrument, parse_instrument
from kernel.errors import EqSurveyError, InstrumentError, Location, Problem
from kernel.files import read_text
from kernel.private_files import write_atomically
from kernel.yaml_source import MAX_YAML_BYTES


@dataclass(frozen=True)
class InstrumentFile:
    """The instrument file as read: its exact text, a digest of it, and what it loads as."""

    path: Path
    text: str
    loaded: LoadedInstrument

    @property
    def digest(self) -> str:
        return _digest(self.text)


@dataclass(frozen=True)
class EditResult:
    """What became of an edit: saved or not, and the problems by field (errors if refused, warnings if saved)."""

    saved: bool
    file: InstrumentFile
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    old_version: str = ""
    kept: Path | None = None

    @property
    def new_version(self) -> str:
        return self.file.loaded.instrument.version


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_instrument_file(path: Path) -> InstrumentFile:
    """Read and validate the instrument file; a file that does not load raises its problems."""
    text = read_text(path, InstrumentError, MAX_YAML_BYTES)
    return InstrumentFile(path, text, parse_instrument(text, str(path), path.parent))


#: One save at a time in this process: two pages' saves could otherwise both pass the digest check
#: before either writes, and the second would overwrite the first unseen.
_SAVING = threading.Lock()


def _changed_on_disk(path: Path) -> EqSurveyError:
    return EqSurveyError.single(
        "changed-on-disk",
        f"{path.name} was changed on disk after it was read (perhaps in an editor); nothing was saved",
        "reload the page to see the file as it is now, then make the change again",
        Location(file=str(path)),
    )


def edit_instrument(
    path: Path,
    edits: Sequence[Edit],
    *,
    read_digest: str,
    root: Path | None = None,
    published: Collection[str] = (),
) -> EditResult:
    """Apply ``edits`` to the instrument file read with ``read_digest`` and save it if it loads.

    ``root`` is the project folder (for kept versions); ``published`` the versions answers were stored
    under or partners reviewed. Raises ``changed-on-disk`` if the file is no longer the one read.
    """
    with _SAVING:
        return _edit(path, edits, read_digest, root, published)


def _edit(
    path: Path, edits: Sequence[Edit], read_digest: str, root: Path | None, published: Collection[str]
) -> EditResult:
    current = read_instrument_file(path)
    if current.digest != read_digest:
        raise _changed_on_disk(path)
    before = current.loaded.instrument
    doc = load_document(current.text, str(path))
    try:
        for edit in edits:
            apply_edit(doc, before, edit)
    except InstrumentError as exc:
        return EditResult(False, current, keyed(exc.problems, current.text, str(path)), before.version)
    text = dump_document(doc, current.text)
    if text == current.text:
        return EditResult(False, current, keyed(current.loaded.warnings, text, str(path)), before.version)
    try:
        loaded = parse_instrument(text, str(path), path.parent)
    except InstrumentError as exc:
        return EditResult(False, current, keyed(exc.problems, text, str(path)), before.version)
    last = kept_last_version(root, before, published)
    version = needed_version(last or before, loaded.instrument)
    kept: Path | None = None
    if version != loaded.instrument.version:
        doc["version"] = styled(doc.get("version"), version)
        text = dump_document(doc, current.text)
        loaded = parse_instrument(text, str(path), path.parent)
        if last is None and root is not None and not kept_path(root, before.version).exists():
            kept = kept_path(root, before.version)
    if _digest(read_text(path, InstrumentError, MAX_YAML_BYTES)) != read_digest:
        raise _changed_on_disk(path)
    if kept is not None:
        write_atomically(kept, keep_text(before).encode("utf-8"), private=False)
    write_atomically(path, text.encode("utf-8"), private=False)
    saved = InstrumentFile(path, text, loaded)
    return EditResult(True, saved, keyed(loaded.warnings, text, str(path)), before.version, kept)

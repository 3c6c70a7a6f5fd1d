"""Files readable by their owner only: keys, the pseudonym secret, codes, stores, the analysis dataset.

What is created here is private from its first byte: folders are made with
mode 0700 and files are written into a temporary file made 0600 and renamed,
so no other account can open them, not even while they are being written
(a ``chmod`` after the fact would leave that window open). Existing folders
keep their modes: they may be the user's own.

:func:`refuse_loose` is the check on the reading side: a secret that other
accounts could read or replace is refused, with the command that fixes it.
It lives in the lowest layer because keys (anonymize), stores and invitation
codes (survey) and the command line's outputs (every package) all use it.
"""

from __future__ import annotations

import os
import shlex
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kernel.errors import EqSurveyError, Location

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def private_folder(path: Path) -> None:
    """Make ``path`` and any missing parents as folders only their owner can enter (0700)."""
    missing: list[Path] = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:  # made meanwhile by another process: fine if it is a folder
            if not folder.is_dir():
                raise


def create_private_file(path: Path) -> None:
    """An empty file readable by its owner only, unless one exists (then it is left as it is).

    For a SQLite database: SQLite gives its journal, WAL and shared-memory
    files the main file's mode, so the main file must be private before
    SQLite first opens it.
    """
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)


def write_atomically(path: Path, data: bytes | Iterable[bytes], *, private: bool) -> None:
    """Write ``path`` whole or not at all (a temporary file beside it, renamed over it).

    ``data`` may come in pieces (a large file need never be one string in memory).

    Private files get mode 0600 and missing folders 0700; others the usual
    rights (0666 less the umask) and folders as ``mkdir`` makes them.
    Raises OSError; the caller says what the file was for.
    """
    if private:
        private_folder(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes the file 0600 with O_EXCL: a stale temporary file cannot lend it wider rights.
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
        if not private:
            tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def loose_bits(path: Path) -> int:
    """The permission bits of ``path`` that reach accounts other than its owner (0 on systems without them)."""
    if os.name != "posix":
        return 0
    return stat.S_IMODE(path.stat().st_mode) & 0o077


def refuse_loose(path: Path, what: str) -> None:
    """Refuse a secret file that other accounts can read or write, or whose folder they can write to.

    A folder others can only read is accepted: it shows file names (for
    keys, their public ids) but not what the files hold. One others can
    write to lets them replace the secret, so it is refused like the file.
    """
    if os.name != "posix":
        return
    folder = path.parent
    file_loose = loose_bits(path)
    folder_loose = loose_bits(folder) & 0o022
    if not file_loose and not folder_loose:
        return
    who = "other accounts on this computer"
    if file_loose:
        can = " and ".join(verb for verb, bits in (("read", 0o044), ("change", 0o022)) if file_loose & bits) or "run"
        problem = f"{who} can {can} {what} {path} (mode {stat.S_IMODE(path.stat().st_mode):04o})"
    else:
        problem = (
            f"{what} {path} is in a folder {who} can write to (mode {stat.S_IMODE(folder.stat().st_mode):04o}),"
            " so they could replace it"
        )
    raise EqSurveyError.single(
        "loose-permissions",
        problem + "; it was not used",
        f"make it yours alone: chmod 600 {shlex.quote(str(path))} && chmod 700 {shlex.quote(str(folder))}",
        Location(file=str(path)),
    )

"""Reading the user's text files with errors that say which file and what to do.

Every file eqsurvey reads on a user's behalf (instruments, modules, the
project config, review records) comes through here, so a folder where a file
was expected, a file saved in another encoding, or a missing permission is a
clear user error, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from kernel.errors import EqSurveyError, Location


def read_text(
    path: Path,
    error: type[EqSurveyError] = EqSurveyError,
    limit: int | None = None,
    too_large: str = "check the path: a file of this kind is never this large",
) -> str:
    """The file's UTF-8 text; with ``limit``, a file of more bytes is refused (with the fix ``too_large``) unread."""
    where = Location(file=str(path))
    try:
        if limit is None:
            return path.read_text(encoding="utf-8")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise error.single(
                "file-too-large",
                f"the file is larger than {limit:,} bytes, more than eqsurvey reads in a file of this kind",
                too_large,
                where,
            )
        return data.decode("utf-8")
    except FileNotFoundError:
        raise error.single("file-not-found", f"there is no file {path}", "check the path", where) from None
    except IsADirectoryError:
        raise error.single(
            "is-a-directory", f"{path} is a folder, not a file", "give the path of the file inside it", where
        ) from None
    except UnicodeDecodeError as exc:
        raise error.single(
            "encoding",
            f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read)",
            "save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8)",
            where,
        ) from None
    except OSError as exc:
        raise error.single(
            "unreadable", f"cannot read the file: {exc.strerror}", "check the path and its permissions", where
        ) from None

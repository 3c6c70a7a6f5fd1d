"""Command-line plumbing shared by every package's ``cli.py``.

User errors are printed without a traceback (exit 1); usage errors are
typer's (exit 2); messages go to stderr and data to stdout; ``--quiet``
silences messages. It lives in the lowest layer so that every package's
command group can use it. Only the CLI modules import it.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from typer.exceptions import TyperException

from kernel.errors import EqSurveyError, InternalError, Problem
from kernel.private_files import write_atomically

if TYPE_CHECKING:  # the project module pulls in pydantic, which `--help` must not pay for
    from eqsurvey.config import Project

#: Exit code for bugs (BSD sysexits' EX_SOFTWARE), distinct from user errors (1) and usage errors (2).
INTERNAL_EXIT = 70
#: What shells report for a command that SIGPIPE ended (128 + 13): ``eqsurvey … | head`` ends as ``cat … | head`` does.
CLOSED_PIPE_EXIT = 141

P = ParamSpec("P")
R = TypeVar("R")


#: Set by a command that leaves nothing needing to be closed or finalised at exit (:func:`nothing_to_tear_down`).
_NOTHING_TO_TEAR_DOWN = False


def nothing_to_tear_down() -> None:
    """Say that this command leaves nothing that needs closing at exit: its output is written and closed.

    The ``eqsurvey`` process (:func:`eqsurvey.cli.main`, not a run in process) then leaves what it
    imported for the system to free at exit (:func:`gc.freeze`) instead of taking every module,
    class and schema apart object by object: a tenth of a second after ``responses simulate``.
    Only for commands that hold no store, connection or temporary file, whose closing at exit matters.
    """
    global _NOTHING_TO_TEAR_DOWN  # noqa: PLW0603 - one process, one command: a flag for main() to read
    _NOTHING_TO_TEAR_DOWN = True


def teardown_needed() -> bool:
    """Whether the command run left something to close at exit (see :func:`nothing_to_tear_down`)."""
    return not _NOTHING_TO_TEAR_DOWN


def expect_teardown() -> None:
    """Before a command runs: it has said nothing yet (a command run earlier in this process may have)."""
    global _NOTHING_TO_TEAR_DOWN  # noqa: PLW0603 - see nothing_to_tear_down
    _NOTHING_TO_TEAR_DOWN = False


@dataclass
class CliState:
    project_dir: Path | None = None
    quiet: bool = False


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def find_project(ctx: typer.Context, near: Path | None = None) -> Project | None:
    from eqsurvey.config import locate_project

    return locate_project(state(ctx).project_dir, Path.cwd(), near)


def require_project(ctx: typer.Context, near: Path | None = None) -> Project:
    project = find_project(ctx, near)
    if project is None:
        raise EqSurveyError.single(
            "no-project",
            "this is not inside an eqsurvey project (no eqsurvey.toml here or above)",
            "cd into a project made by `eqsurvey init DIR`, or pass --project DIR",
        )
    return project


def say(ctx: typer.Context, message: str) -> None:
    """A message for the person at the terminal (stderr), unless --quiet."""
    if not state(ctx).quiet:
        typer.echo(message, err=True)


def warn(ctx: typer.Context, problems: list[Problem]) -> None:
    if problems and not state(ctx).quiet:
        typer.echo("\n".join(p.render() for p in problems), err=True)


def silence_closed_pipe() -> None:
    """After the reader of our output went away (``eqsurvey … | head``): send what is left nowhere.

    Output still buffered would fail again when the interpreter flushes it at
    exit, and print a traceback there; nobody is reading, so nothing is said.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError):  # not a real file (a test runner's capture): nothing to silence
                continue
    finally:
        os.close(devnull)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print user errors plainly and exit 1; never show a traceback for them. A closed pipe ends quietly."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException):
            raise  # typer's own: exit codes, aborts and usage errors (exit 2)
        except Exception as exc:
            raise typer.Exit(report_failure(exc)) from None

    return wrapper


def report_failure(exc: Exception) -> int:
    """Say what went wrong as a command does (a user error plainly, a bug as one) and return its exit code.

    With ``EQSURVEY_DEBUG`` set, a bug is raised again so that its traceback shows.
    """
    if isinstance(exc, EqSurveyError):
        typer.echo(exc.render(), err=True)
        count = len(exc.problems)
        if count > 1:
            typer.echo(f"{count} problems found.", err=True)
        return exc.exit_code
    if isinstance(exc, InternalError):
        typer.echo(str(exc), err=True)
        return INTERNAL_EXIT
    if isinstance(exc, BrokenPipeError):
        silence_closed_pipe()
        return CLOSED_PIPE_EXIT
    # A bug, not the user's mistake: say so, with a distinct exit code. The message
    # names only the exception type and place; its text could quote answers or secrets.
    if os.environ.get("EQSURVEY_DEBUG"):
        raise exc
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}"
    typer.echo(str(InternalError(f"{type(exc).__name__} at {where}")), err=True)
    typer.echo("Set EQSURVEY_DEBUG=1 to see the full traceback.", err=True)
    return INTERNAL_EXIT


def write_output(path: Path | None, data: str | bytes | Iterator[bytes]) -> None:
    """Write a file others may read (a report, a form, a public export), or with no path to stdout.

    The file is written whole or not at all: into a temporary file beside it,
    then renamed over it, so a failure never leaves a half-written output.
    ``data`` may come in pieces of bytes, for a file too large to hold as one string.
    """
    _write(path, data, private=False)


def write_private_output(path: Path | None, data: str | bytes) -> None:
    """Like :func:`write_output`, for personal data and codes: the file is 0600, new folders 0700."""
    _write(path, data, private=True)


def _write(path: Path | None, data: str | bytes | Iterator[bytes], *, private: bool) -> None:
    if path is None:
        if isinstance(data, str):
            typer.echo(data, nl=not data.endswith("\n"))
        else:
            for piece in [data] if isinstance(data, bytes) else data:
                sys.stdout.buffer.write(piece)
        return
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise EqSurveyError.single("write-failed", f"{path} is a folder", "give a file name, e.g. -o out/report.html")
    try:
        write_atomically(path, payload, private=private)
    except OSError as exc:
        raise EqSurveyError.single(
            "write-failed", f"cannot write {path}: {exc.strerror}", "choose a folder you can write to"
        ) from None


PathArg = Annotated[
    Path | None,
    typer.Argument(help="Instrument YAML file; defaults to the project's instrument.", show_default=False),
]


def instrument_path(ctx: typer.Context, path: Path | None) -> Path:
    """The instrument file given, or the project's."""
    if path is not None:
        return path
    return require_project(ctx).instrument_path

"""Command-line plumbing shared by every package's ``cli.py``.

User errors are printed without a traceback (exit 1); usage errors are
typer's (exit 2); messages go to stderr and data to stdout; ``--quiet``
silences messages. It lives in the lowest layer so that every package's
command group can use it. Only the CLI modules import it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer

from .errors import EqSurveyError, InternalError, Problem
from .project import Project, locate_project

P = ParamSpec("P")
R = TypeVar("R")


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


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print user errors plainly and exit 1; never show a traceback for them."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except EqSurveyError as exc:
            typer.echo(exc.render(), err=True)
            count = len(exc.problems)
            if count > 1:
                typer.echo(f"{count} problems found.", err=True)
            raise typer.Exit(exc.exit_code) from None
        except InternalError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(70) from None

    return wrapper


def write_output(path: Path | None, text: str | bytes) -> None:
    """Write to a file (atomically: a failed write leaves the old file) or, with no path, to stdout."""
    if path is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            typer.echo(text, nl=not text.endswith("\n"))
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        if isinstance(text, bytes):
            tmp.write_bytes(text)
        else:
            tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise EqSurveyError.single(
            "write-failed", f"cannot write {path}: {exc.strerror}", "check the folder exists and is writable"
        ) from None

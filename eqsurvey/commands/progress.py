"""Progress bars for long work: on stderr, only at a terminal, never with --quiet."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn


def progress_bar(ctx: typer.Context, *columns: str | ProgressColumn) -> Progress:
    from rich.console import Console
    from rich.progress import Progress

    from eqsurvey.commands.kit import state

    console = Console(stderr=True)
    # Outside a terminal (a pipe, a log file, a test) a live bar is only noise.
    return Progress(*columns, console=console, disable=state(ctx).quiet or not console.is_terminal, transient=True)

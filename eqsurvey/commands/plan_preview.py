"""``eqsurvey plan preview``: is the sample large enough? In the project's language, with labels.

The command belongs to the ``plan`` group, but it speaks with the instrument's
labels and the report catalogue's words, which live here; the ``eqsurvey``
command mounts it on the group (``analysis`` may not import ``reports``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import user_errors
from eqsurvey.commands.plan import InstrumentOption, PlanArgument, load_for_command

SHOWN_CELLS = 12
"""Cells shown per table without --all: enough to see the pattern, few enough to see every table."""


@user_errors
def plan_preview(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    respondents: Annotated[
        int, typer.Option("--respondents", "-n", min=1, help="How many people you expect to take part.")
    ],
    path: PlanArgument = None,
    shares: Annotated[
        Path | None,
        typer.Option(
            "--shares",
            help="Pilot CSV with columns variable,category,share (fractions of all respondents); it overrides the "
            "plan's reference shares and the defaults (3 % no answer, 2 % prefer not to say, the rest evenly).",
        ),
    ] = None,
    instrument: InstrumentOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the preview (default: the instrument's): de, en, or tr, ar, ru, uk, fa (drafts).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print verdicts, every table and cell as JSON (codes and labels).")
    ] = False,
    show_all: Annotated[bool, typer.Option("--all", help=f"Show every cell, not the first {SHOWN_CELLS}.")] = False,
) -> None:
    """Preview a plan before fielding: is the sample large enough, table by table?

    For N respondents it gives an overall verdict, then for every table whether
    it is publishable, shows only its largest groups, or is not publishable at
    this size, and how many respondents would make it publishable; then each
    cell's expected number, the half-width of its 95 % interval, how likely it
    is to be suppressed, and the split of the budget across tables. It reads no
    responses, spends no budget and needs no key.

    Example: eqsurvey plan preview -n 1500 --lang en --shares pilot.csv
    """
    from rich.console import Console

    from eqsurvey.commands.report import _language
    from eqsurvey.workflows.plan_preview import prepare_preview, preview_words
    from reports.preview.text import print_preview

    file, inst, total, loaded = load_for_command(ctx, path, instrument)
    language = _language(lang, inst)
    prepared = prepare_preview(file, loaded.plan, inst, total, shares)
    words = preview_words(prepared, respondents=respondents, lang=language)
    if as_json:
        typer.echo(json.dumps(words.as_json(), ensure_ascii=False, indent=2))
        return
    console = Console(width=None if sys.stdout.isatty() else 120, highlight=False)
    print_preview(console, words, None if show_all else SHOWN_CELLS)

"""``eqsurvey dataset …``: open the sealed responses into the analysis dataset.

This is where the analysts' private key is used: the passphrase comes from
``EQSURVEY_PASSPHRASE`` or a prompt. Every export is recorded in the audit
log (what, how many rows, the file's fingerprint; never a value).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from anonymize.analysis_dataset import AnalysisDataset
    from anonymize.redaction import Redactor
    from eqsurvey.config import Project
    from eqsurvey.workflows.dataset_export import Progress
    from instruments.model import Instrument
    from survey.opening.export import DayRange
    from survey.store import ResponseStore

app = typer.Typer(
    help="The analysis dataset: open sealed responses with the private key.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


def _names(path: Path | None) -> list[str]:
    if path is None:
        return []
    from kernel.files import read_text

    return [line.strip() for line in read_text(path, EqSurveyError).splitlines() if line.strip()]


def open_with_progress(
    ctx: typer.Context,
    project: Project,
    store: ResponseStore,
    instrument: Instrument,
    redactor: Redactor,
    *,
    days: DayRange | None = None,
) -> AnalysisDataset:
    """Ask for the passphrase, then open every sealed response of the survey (or those received within
    ``days``: one wave's), with a progress bar."""
    from eqsurvey.commands.keys import read_passphrase
    from eqsurvey.workflows.dataset_export import open_responses, opener_for

    opener = opener_for(project, read_passphrase())
    with _bar(ctx) as progress:
        return open_responses(project, store, instrument, redactor, opener, progress=progress, days=days)


@contextmanager
def _bar(ctx: typer.Context) -> Iterator[Progress]:
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    from eqsurvey.commands.progress import progress_bar

    columns = (TextColumn("opening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = progress_bar(ctx, *columns)
    task = bar.add_task("open", total=None)

    def advance(done: int, total: int) -> None:
        # Shown from the first response counted, once the key is unlocked: a wrong passphrase is said alone.
        bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield advance
    finally:
        bar.stop()


@app.command()
@user_errors
def export(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Parquet file to write; the dictionary goes beside it.")
    ],
    names: Annotated[
        Path | None,
        typer.Option("--names", help="Text file of people's names (one per line) to redact from free text."),
    ] = None,
    scientific_use: Annotated[
        bool,
        typer.Option(
            "--scientific-use",
            help="A file to leave the analysts' hands: no free text, refused unless k-anonymous over quasi-identifiers.",
        ),
    ] = False,
    k: Annotated[
        int | None, typer.Option("--k", min=2, help="k for --scientific-use (default: [dataset] k_anonymity, else 5).")
    ] = None,
    drop: Annotated[
        list[str] | None, typer.Option("--drop", help="Leave this question (or received_month) out; repeatable.")
    ] = None,
) -> None:
    """Open the sealed responses and write the analysis dataset (Parquet) and its data dictionary (JSON).

    Example: EQSURVEY_PASSPHRASE=… eqsurvey dataset export -o data/dataset.parquet
    """
    from eqsurvey.commands.keys import read_passphrase
    from eqsurvey.workflows.dataset_export import unlocking

    if output.suffix.lower() != ".parquet":
        raise typer.BadParameter("the dataset is written as Parquet: give -o FILE.parquet", param_hint="-o")
    project = require_project(ctx)
    opener = unlocking(project, read_passphrase())
    # Imported while the key unlocks (pandas and pyarrow come with survey.opening.export).
    from anonymize.redaction import Redactor
    from eqsurvey.workflows.dataset_export import export_dataset
    from survey.opening.export import ScientificUse, dictionary_path

    dropped = tuple(drop or ())
    rules = ScientificUse(k or project.config.dataset.k_anonymity, dropped) if scientific_use else None
    redactor = Redactor(_names(names))
    with _bar(ctx) as progress:
        done = export_dataset(
            project, output, opener, redactor=redactor, rules=rules, dropped=dropped, progress=progress
        )
    dictionary, simulated, risk = done.dictionary, done.simulated, done.risk
    if done.carried is not None:
        # On stdout with the data: what was not carried from earlier versions is part of what was exported.
        for line in done.carried.lines():
            typer.echo(line)
    redacted = done.redacted
    say(
        ctx,
        f"wrote {output} ({dictionary['rows']} rows, {len(dictionary['columns'])} columns) and {dictionary_path(output)}",
    )
    if simulated:
        say(ctx, f"{simulated} of the {dictionary['rows']} responses are simulated: the dictionary says so")
    if redacted:
        say(ctx, f"redacted {redacted} piece(s) of personal data from free text (counts in the dictionary)")
    if risk is not None:
        say(ctx, f"k-anonymous with k={risk.k}: smallest group {risk.smallest_group}")

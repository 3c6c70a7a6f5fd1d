"""``eqsurvey dataset …``: open the sealed responses into the analysis dataset.

This is where the analysts' private key is used: the passphrase comes from
``EQSURVEY_PASSPHRASE`` or a prompt. Every export is recorded in the audit
log (what, how many rows, the file's fingerprint; never a value).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from anonymize.analysis_dataset import AnalysisDataset
    from anonymize.redaction import Redactor
    from eqsurvey.config import Project
    from instruments.model import Instrument
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
    ctx: typer.Context, project: Project, store: ResponseStore, instrument: Instrument, redactor: Redactor
) -> AnalysisDataset:
    """Ask for the passphrase, then open every sealed response of the survey, with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    from anonymize.sealing import Opener
    from eqsurvey.commands.keys import read_passphrase
    from eqsurvey.commands.progress import progress_bar
    from eqsurvey.resources import project_keyring
    from survey.opening.export import open_dataset, version_bridge

    bridge = version_bridge(project.root, store, instrument)
    opener = Opener(project_keyring(project).private_keys(read_passphrase()))
    columns = (TextColumn("opening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with progress_bar(ctx, *columns) as bar:
        task = bar.add_task("open", total=store.count(instrument.id))
        return open_dataset(store, instrument, opener, redactor, lambda n: bar.advance(task, n), bridge=bridge)


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
    from anonymize.redaction import Redactor
    from eqsurvey.resources import project_store
    from instruments.loader import load_instrument
    from survey.opening.export import ScientificUse, dictionary_path, drop_sources, restrict, write_dataset

    if output.suffix.lower() != ".parquet":
        raise typer.BadParameter("the dataset is written as Parquet: give -o FILE.parquet", param_hint="-o")
    project = require_project(ctx)
    instrument = load_instrument(project.instrument_path).instrument
    dropped = tuple(drop or ())
    rules = ScientificUse(k or project.config.dataset.k_anonymity, dropped) if scientific_use else None
    store = project_store(project)
    try:
        dataset = open_with_progress(ctx, project, store, instrument, Redactor(_names(names)))
        risk = None
        if rules is not None:
            dataset, risk = restrict(instrument, dataset, rules)
        elif dropped:
            dataset = drop_sources(dataset, dropped)
        # Counted after opening, so at most the rows opened (a simulated import meanwhile adds to the count only).
        simulated = min(store.simulated(instrument.id), len(dataset.frame))
        dictionary = write_dataset(output, instrument, dataset, risk=risk, dropped=dropped, simulated=simulated)
        store.audit(
            "dataset-export",
            {
                "rows": dictionary["rows"],
                "columns": len(dictionary["columns"]),
                "scientific_use": scientific_use,
                "parquet_sha256": dictionary["parquet_sha256"],
                "instrument": f"{instrument.id}@{instrument.version}",
                "not_carried": dataset.carried.lost if dataset.carried else 0,
                "simulated": simulated,
            },
        )
    finally:
        store.close()
    if dataset.carried is not None:
        # On stdout with the data: what was not carried from earlier versions is part of what was exported.
        for line in dataset.carried.lines():
            typer.echo(line)
    redacted = sum(sum(kinds.values()) for kinds in dictionary["redactions"].values())
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

"""``eqsurvey responses …``: simulate, import and count responses.

Every imported row is checked, pseudonymised, sealed to the analysts' public
key and stored; the collecting side needs no passphrase.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import (
    nothing_to_tear_down,
    require_project,
    say,
    user_errors,
    warn,
    write_output,
)
from eqsurvey.commands.transfer import bundle, merge
from survey.importers.formats import ImportFormat, SimulateFormat

app = typer.Typer(
    help="Responses: simulate, import (sealed on arrival), bundle and merge (server → analysts), erase, count, progress.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.command()
@user_errors
def simulate(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    n: Annotated[int, typer.Option("--n", min=1, max=10_000_000, help="How many synthetic respondents.")] = 500,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same respondents.")] = 1,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
    fmt: Annotated[
        SimulateFormat,
        typer.Option(
            "--format", help="csv (eqsurvey), limesurvey (response CSV), kobo (JSON; CSV if -o ends in .csv)."
        ),
    ] = SimulateFormat.csv,
    population: Annotated[
        str,
        typer.Option(
            "--population",
            help="Shares to draw answers from: germany-city (published figures and stated assumptions, see the"
            " README), or random (arbitrary weights: tests the pipeline, means nothing).",
        ),
    ] = "germany-city",
) -> None:
    """Write synthetic responses for the project's instrument, to pilot the analysis before fielding.

    Import them with --simulated, so that the dataset, releases and reports say the data are simulated.

    Example: eqsurvey responses simulate --n 800 --seed 1 -o pilot.csv
    """
    from survey.intake.bulk import collector_paused  # no cycles to collect: the data are arrays

    with collector_paused():
        from instruments.loader import load_instrument
        from survey.importers.formats import writer
        from survey.simulation.population import load_population
        from survey.simulation.simulator import Settings, simulate_columns

        instrument = load_instrument(require_project(ctx).instrument_path).instrument
        settings = Settings(population=None if population == "random" else load_population(population))
        simulated = simulate_columns(instrument, n, seed, settings)
        if fmt is SimulateFormat.csv:  # written from the columns: no answer mapping per respondent
            from survey.simulation.csv_columns import csv_blocks

            write_output(output, csv_blocks(instrument, simulated))
        else:
            write_output(output, writer(fmt, output)(instrument, simulated.to_dicts()))
    if output:
        say(ctx, f"wrote {n} synthetic responses to {output}; import them with --simulated")
    nothing_to_tear_down()  # no store or connection: the file is written and closed


app.command()(bundle)
app.command()(merge)


@app.command("import")
@user_errors
def import_(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            help="Responses file: eqsurvey CSV, LimeSurvey CSV, survey archive (.lsa) or responses (.lsr), "
            "Kobo JSON/CSV/XLSX, or any CSV/XLSX with --mapping."
        ),
    ],
    fmt: Annotated[
        ImportFormat, typer.Option("--format", help="File format; auto looks at the file.")
    ] = ImportFormat.auto,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Column-mapping file (YAML) for any other CSV or XLSX.")
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", help="LimeSurvey/Kobo: a column to leave out unread (repeatable), e.g. a date question."
        ),
    ] = None,
    structure: Annotated[
        Path | None,
        typer.Option("--structure", help="LimeSurvey .lsr only: the survey's structure (.lss) that names its columns."),
    ] = None,
    simulated: Annotated[
        bool,
        typer.Option(
            "--simulated",
            help="The file holds simulated responses (responses simulate): stored as such, so that datasets,"
            " releases and reports made from them say the data are simulated.",
        ),
    ] = False,
) -> None:
    """Check, pseudonymise, seal and store responses; bad rows are reported and not stored (exit 1).

    Import each new export of a platform whole: responses stored before are recognised by their id
    there and stored once; a response changed since replaces the stored one.

    \b
    Example: eqsurvey responses import limesurvey-export.csv
    Example: eqsurvey responses import survey_archive_123456.lsa
    """
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    from eqsurvey.commands.progress import progress_bar
    from eqsurvey.workflows.responses import import_responses

    project = require_project(ctx)
    columns = (SpinnerColumn(), TextColumn("{task.completed} rows checked and sealed"), TimeElapsedColumn())
    with progress_bar(ctx, *columns) as bar:
        task = bar.add_task("import")
        imported = import_responses(
            project,
            source,
            fmt,
            mapping,
            frozenset(ignore or ()),
            structure,
            simulated=simulated,
            progress=lambda n: bar.advance(task, n),
        )
    warn(ctx, imported.report.rejected)
    for line in imported.notes:
        say(ctx, line)
    typer.echo(imported.summary)
    if imported.report.rejected_rows:
        raise typer.Exit(1)


@app.command()
@user_errors
def mapping(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="The CSV or XLSX file to be imported.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Mapping file to write (default: stdout).")
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX: the sheet with the responses.")] = None,
    header_row: Annotated[int, typer.Option("--header-row", min=1, help="The row with the column names.")] = 1,
) -> None:
    """Draft a column-mapping file for a CSV/XLSX file; review it, then import with --mapping.

    Example: eqsurvey responses mapping umfrage.xlsx -o mapping.yaml
    """
    from instruments.loader import load_instrument
    from survey.importers.mapping.draft import draft_mapping

    instrument = load_instrument(require_project(ctx).instrument_path).instrument
    write_output(output, draft_mapping(instrument, source, sheet=sheet, header_row=header_row))
    if output:
        say(ctx, f"wrote {output}: check every entry before importing")


@app.command()
@user_errors
def erase(
    ctx: typer.Context,
    receipt: Annotated[
        str | None, typer.Option("--receipt", help="The receipt code the respondent got after submitting.")
    ] = None,
    access_code: Annotated[
        str | None, typer.Option("--access-code", help="The respondent's access or invitation code (also for imports).")
    ] = None,
) -> None:
    """Erase one respondent's response on request (GDPR Art. 17); the audit log records that, not what.

    Example: eqsurvey responses erase --receipt 7K2Q-M9XD-4HTR-P0WZ-3FJC
    """
    from eqsurvey.workflows.responses import CARRY_NOTE, erase_response

    if (receipt is None) == (access_code is None):
        raise typer.BadParameter("give exactly one of --receipt or --access-code")
    erased = erase_response(require_project(ctx), receipt=receipt, access_code=access_code)
    typer.echo(f"erased {erased.count} response(s); the audit log records the erasure")
    if erased.carry_to_server:
        say(ctx, CARRY_NOTE)


@app.command()
@user_errors
def progress(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: invitations, responses, weeks.")] = False,
) -> None:
    """Show how the fieldwork goes: invitations answered, and responses received per ISO week.

    The counts are exact, down to a week with a single response: they are for steering the
    fieldwork (when to send reminders) on this computer, not for publication. Publish figures
    only through a release (eqsurvey release), which protects small counts.

    Example: eqsurvey responses progress
    """
    from eqsurvey.workflows.fieldwork import fieldwork_progress

    shown = fieldwork_progress(require_project(ctx))
    if as_json:
        typer.echo(json.dumps(shown.as_json()))
        return
    if shown.invitations_created:
        share = 100 * shown.invitations_used / shown.invitations_created
        typer.echo(
            f"invitations: {shown.invitations_used} of {shown.invitations_created} answered ({share:.1f} %),"
            f" {shown.invitations_unused} not yet"
        )
    typer.echo(f"responses: {shown.responses}")
    for week in shown.weeks:
        typer.echo(f"{week.label} (from {week.monday.isoformat()}): {week.responses}")
    say(ctx, "exact counts for steering the fieldwork on this computer; publish figures only through a release")


@app.command()
@user_errors
def count(ctx: typer.Context) -> None:
    """Print how many responses and contact records are stored.

    Example: eqsurvey responses count
    """
    from eqsurvey.resources import project_store

    store = project_store(require_project(ctx))
    try:
        typer.echo(f"responses {store.count()}, contacts {store.count_contacts()}")
    finally:
        store.close()

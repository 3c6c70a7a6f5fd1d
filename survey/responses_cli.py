"""``eqsurvey responses …``: simulate, import and count responses.

Every imported row is checked, pseudonymised, sealed to the analysts' public
key and stored; the collecting side needs no passphrase.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from instruments.clikit import require_project, say, user_errors, warn, write_output
from instruments.errors import EqSurveyError, Location

app = typer.Typer(
    help="Responses: simulate, import (sealed on arrival) and count.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


class ImportFormat(StrEnum):
    csv = "csv"


def _store_url(project_tables: dict[str, object]) -> str:
    table = project_tables.get("store", {})
    url = table.get("url", "sqlite:///data/responses.sqlite") if isinstance(table, dict) else None
    if not isinstance(url, str):
        raise EqSurveyError.single(
            "config-invalid", "[store] url must be text", 'write url = "sqlite:///data/responses.sqlite"'
        )
    return url


@app.command()
@user_errors
def simulate(
    ctx: typer.Context,
    n: Annotated[int, typer.Option("--n", min=1, max=10_000_000, help="How many synthetic respondents.")] = 500,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same respondents.")] = 1,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="CSV file to write (default: stdout).")] = None,
) -> None:
    """Write synthetic responses for the project's instrument, to pilot the analysis before fielding.

    Example: eqsurvey responses simulate --n 800 --seed 1 -o pilot.csv
    """
    from instruments.loader import load_instrument

    from .csv_format import write_csv
    from .simulate import simulate as run

    instrument = load_instrument(require_project(ctx).instrument_path).instrument
    write_output(output, write_csv(instrument, run(instrument, n, seed)))
    if output:
        say(ctx, f"wrote {n} synthetic responses to {output}")


@app.command("import")
@user_errors
def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="Responses file (eqsurvey CSV).")],
    fmt: Annotated[ImportFormat, typer.Option("--format", help="File format.")] = ImportFormat.csv,
) -> None:
    """Check, pseudonymise, seal and store responses; bad rows are reported and not stored (exit 1).

    Example: eqsurvey responses import pilot.csv
    """
    from anonymize.keyring import project_keyring
    from instruments.loader import load_instrument

    from .csv_format import read_csv
    from .ingest import ingest
    from .store import open_store

    project = require_project(ctx)
    instrument = load_instrument(project.instrument_path).instrument
    keyring = project_keyring(project)
    public_key, secret = keyring.public_key(), keyring.pseudonym_secret()
    try:
        digest = "sha256:" + hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError as exc:
        raise EqSurveyError.single(
            "unreadable", f"cannot read {source}: {exc.strerror}", "check the path", Location(file=str(source))
        ) from None
    store = open_store(_store_url(project.tables), project.root)
    try:
        report = ingest(
            store, instrument, public_key, secret, read_csv(instrument, source), digest=digest, source=f"import:{fmt}"
        )
        store.audit("import", {"digest": digest, "stored": report.stored, "rejected": len(report.rejected_rows)})
    finally:
        store.close()
    warn(ctx, report.rejected)
    typer.echo(
        f"stored {report.stored}, rejected {len(report.rejected_rows)}, already stored {report.skipped_as_duplicates}"
    )
    if report.rejected_rows:
        raise typer.Exit(1)


@app.command()
@user_errors
def count(ctx: typer.Context) -> None:
    """Print how many responses and contact records are stored.

    Example: eqsurvey responses count
    """
    from .store import open_store

    project = require_project(ctx)
    store = open_store(_store_url(project.tables), project.root)
    try:
        typer.echo(f"responses {store.count()}, contacts {store.count_contacts()}")
    finally:
        store.close()

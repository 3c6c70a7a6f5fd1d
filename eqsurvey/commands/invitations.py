"""``eqsurvey invitations …``: single-use access codes for invitation letters.

The codes go into a CSV for a mail merge; the store keeps only their keyed
hashes. Like the collecting side, this needs the pseudonym secret and never
the passphrase.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors, write_private_output
from eqsurvey.commands.transfer import invitations_bundle, invitations_merge
from kernel.errors import EqSurveyError, Location
from kernel.formula_safe import safe_cells

app = typer.Typer(
    help="Invitations: single-use access codes for letters, stored only as keyed hashes; bundle/merge to the server.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

app.command("bundle")(invitations_bundle)
app.command("merge")(invitations_merge)

MAX_INVITATIONS = 1_000_000


@app.command()
@user_errors
def create(
    ctx: typer.Context,
    n: Annotated[int, typer.Argument(min=1, max=MAX_INVITATIONS, help="How many codes to make.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV file for the mail merge (column access_code).")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file if it exists (the codes in it stay valid).")
    ] = False,
    serial: Annotated[
        bool, typer.Option("--serial", help="Number the rows in a first column 'serial' (1, 2, …).")
    ] = False,
) -> None:
    """Make N single-use access codes; write them to a CSV and store only their keyed hashes.

    Example: eqsurvey invitations create 2000 -o invitations.csv
    """
    from anonymize.invitations import BITS, new_invitation_codes
    from eqsurvey.collection_access import record_by_invitation
    from eqsurvey.resources import project_keyring, project_store
    from instruments.loader import load_instrument

    if output.is_dir():
        raise EqSurveyError.single("write-failed", f"{output} is a folder", "give a file name, e.g. -o invitations.csv")
    if output.exists() and not force:
        raise EqSurveyError.single(
            "output-exists",
            f"{output} already exists",
            "choose another file name, or pass --force to replace it (the codes in it would stay valid)",
            Location(file=str(output)),
        )
    project = require_project(ctx)
    instrument = load_instrument(project.instrument_path).instrument
    secret = project_keyring(project).pseudonym_secret()
    codes = new_invitation_codes(n)
    hashes = [secret.invitation_hash(instrument.id, code) for code in codes]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["serial", "access_code"] if serial else ["access_code"])
    # Codes are from a safe alphabet; the one rule for every CSV is applied anyway, so that a change
    # to the alphabet cannot turn a mail merge into a formula.
    writer.writerows(safe_cells([i, code] if serial else [code]) for i, code in enumerate(codes, start=1))
    # Stored first: if writing the file fails, the stored hashes belong to codes nobody has, which is harmless;
    # the other way round, letters could go out with codes that do not work.
    store = project_store(project)
    try:
        store.add_invitations(hashes, instrument.id)
    finally:
        store.close()
    try:
        write_private_output(output, text.getvalue())  # the codes open the questionnaire: owner only
    except EqSurveyError as exc:
        raise EqSurveyError.single(
            "write-failed",
            f"{exc.problems[0].problem}; the {n} codes made were not written anywhere, so nobody has them",
            "run the command again with a file in a folder you can write to",
            Location(file=str(output)),
        ) from None
    say(ctx, f"wrote {n} single-use codes ({BITS:.0f} random bits each) to {output}; the store keeps only hashes")
    if record_by_invitation(project):
        say(
            ctx,
            'eqsurvey.toml now says the survey is by invitation ([collection] access = "invitations"): a server'
            " without codes refuses to serve it open; bring codes made here to a server with"
            " eqsurvey invitations bundle / merge",
        )


@app.command()
@user_errors
def count(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: created, used, unused.")] = False,
) -> None:
    """Print how many invitations of the project's survey were made, used and are still unused.

    Example: eqsurvey invitations count --json
    """
    from eqsurvey.resources import project_store
    from instruments.loader import load_instrument

    project = require_project(ctx)
    instrument = load_instrument(project.instrument_path).instrument
    store = project_store(project)
    try:
        counts = store.invitation_counts(instrument.id)
    finally:
        store.close()
    if as_json:
        body = {"instrument": instrument.id, "created": counts.created, "used": counts.used, "unused": counts.unused}
        typer.echo(json.dumps(body))
    else:
        typer.echo(f"created {counts.created}, used {counts.used}, unused {counts.unused}")

"""``eqsurvey invitations …``: single-use access codes for invitation letters.

The codes go into a CSV for a mail merge; the store keeps only their keyed
hashes. Like the collecting side, this needs the pseudonym secret and never
the passphrase.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors, write_private_output
from eqsurvey.commands.transfer import invitations_bundle, invitations_merge
from kernel.errors import EqSurveyError, Location

app = typer.Typer(
    help="Invitations: single-use access codes for letters, stored only as keyed hashes; bundle/merge to the server.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

app.command("bundle")(invitations_bundle)
app.command("merge")(invitations_merge)

MAX_INVITATIONS = 1_000_000  # eqsurvey.workflows.invitations checks the same bound; typer needs it here, unimported
MAX_LETTERS = 20_000  # reports.letters.MAX_LETTERS, for --new (a test holds the two equal)


def _check_output(output: Path, force: bool, example: str) -> None:
    if output.is_dir():
        raise EqSurveyError.single("write-failed", f"{output} is a folder", f"give a file name, e.g. -o {example}")
    if output.exists() and not force:
        raise EqSurveyError.single(
            "output-exists",
            f"{output} already exists",
            "choose another file name, or pass --force to replace it (the codes in it would stay valid)",
            Location(file=str(output)),
        )


def _write_codes(output: Path, data: str | bytes, n: int) -> None:
    try:
        write_private_output(output, data)  # the codes open the questionnaire: owner only
    except EqSurveyError as exc:
        raise EqSurveyError.single(
            "write-failed",
            f"{exc.problems[0].problem}; the {n} codes made were not written anywhere, so nobody has them",
            "run the command again with a file in a folder you can write to",
            Location(file=str(output)),
        ) from None


def _said_recorded(ctx: typer.Context, recorded: bool) -> None:
    if recorded:
        say(
            ctx,
            'eqsurvey.toml now says the survey is by invitation ([collection] access = "invitations"): a server'
            " without codes refuses to serve it open; bring codes made here to a server with"
            " eqsurvey invitations bundle / merge",
        )


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
    from eqsurvey.workflows.invitations import codes_csv, create_invitations

    _check_output(output, force, "invitations.csv")
    created = create_invitations(require_project(ctx), n)
    _write_codes(output, codes_csv(created.codes, serial=serial), n)
    say(
        ctx,
        f"wrote {n} single-use codes ({created.bits:.0f} random bits each) to {output}; the store keeps only hashes",
    )
    _said_recorded(ctx, created.recorded_by_invitation)


@app.command()
@user_errors
def letters(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    text: Annotated[
        Path, typer.Option("--text", help="The letter text (link: header, then the letter with {code} and {link}).")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write, one letter per page.")],
    codes: Annotated[
        Path | None, typer.Option("--codes", help="A CSV written by eqsurvey invitations create (column access_code).")
    ] = None,
    new: Annotated[
        int | None,
        typer.Option(
            "--new", min=1, max=MAX_LETTERS, help="Make this many new codes for the letters (no CSV is written)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the PDF if it exists.")] = False,
) -> None:
    """Print invitation letters: the letter text once per code, with the code and the link LINK?code=CODE.

    The PDF holds the codes, so it is written for its owner only. Each page leaves the address
    field (DIN 5008) empty for an address label made elsewhere: addresses never enter eqsurvey.
    The letter text's format is in the README ("Invitation letters").

    \b
    Example: eqsurvey invitations letters --text letter.md --codes invitations.csv -o letters.pdf
    Example: eqsurvey invitations letters --text letter.md --new 500 -o letters.pdf
    """
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn

    from eqsurvey.commands.progress import progress_bar
    from eqsurvey.workflows.invitations import (
        check_letter_fits,
        create_invitations,
        letters_pdf,
        read_codes,
        read_letter,
    )

    if (codes is None) == (new is None):
        raise typer.BadParameter("give exactly one of --codes FILE or --new N")
    _check_output(output, force, "letters.pdf")
    project = require_project(ctx)
    letter = read_letter(text)  # before any code is made: a broken text makes none
    recorded = False
    if codes is not None:
        made = read_codes(codes)
    else:
        check_letter_fits(project, letter, str(text))
        created = create_invitations(project, new or 0)
        made, recorded = created.codes, created.recorded_by_invitation
    with progress_bar(ctx, TextColumn("letters"), BarColumn(), MofNCompleteColumn()) as bar:
        task = bar.add_task("letters", total=len(made))
        pdf = letters_pdf(project, letter, made, source=str(text), progress=lambda n: bar.advance(task, n))
    if new:  # the codes exist nowhere else: a failed write is said as such
        _write_codes(output, pdf, len(made))
    else:
        write_private_output(output, pdf)
    say(ctx, f"wrote {len(made)} letters to {output} (owner-only: the codes in it open the questionnaire)")
    _said_recorded(ctx, recorded)


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

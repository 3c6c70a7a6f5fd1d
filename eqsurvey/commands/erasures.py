"""``eqsurvey erasures …``: erasures made on the analysts' side carried to the server.

An erasure on the server reaches the analysts with the next responses bundle;
one on the analysts' computer reaches the server in an erasures bundle
(keyed hashes only; see :mod:`survey.store.erasures_bundle`), and the server
erases what it names. Needs the pseudonym secret, never the passphrase.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import say, user_errors
from eqsurvey.commands.transfer import check_output, opened

app = typer.Typer(
    help="Erasures: carry erasures made on the analysts' computer to the server (bundle/merge), so it erases them too.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.command("bundle")
@user_errors
def bundle(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="Bundle file to write, e.g. erasures.eqbundle.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write this side's erasure tombstones to a bundle for the server (on the analysts' computer).

    The bundle holds keyed hashes only (the erased responses' pseudonyms and source identities):
    no answer, no contact, no code. Merge it on the server with eqsurvey erasures merge FILE.

    Example: eqsurvey erasures bundle -o erasures-2027-05-03.eqbundle
    """
    check_output(output, force)
    with opened(ctx) as (store, instrument_id, tag):
        written = store.write_erasures_bundle(output, instrument_id, tag)
    typer.echo(f"wrote {written} erasure tombstones to {output}")
    say(ctx, f"copy {output} to the server and run there: eqsurvey erasures merge {output.name}")


@app.command("merge")
@user_errors
def merge(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A bundle written by eqsurvey erasures bundle.")],
) -> None:
    """Erase on the server what the analysts erased, and keep it erased; merging it again changes nothing.

    The responses the bundle's tombstones name are erased as eqsurvey responses erase erases them
    (no copy left in the store's files); the tombstones stay, so no later import brings them back
    and no responses bundle carries them again. The audit log records the counts.

    Example: eqsurvey erasures merge erasures-2027-05-03.eqbundle
    """
    with opened(ctx) as (store, instrument_id, tag):
        report = store.merge_erasures(source, instrument_id, tag)
    typer.echo(
        f"erased {report.erased} response(s); erasure tombstones new {report.new}, already here {report.already}"
    )

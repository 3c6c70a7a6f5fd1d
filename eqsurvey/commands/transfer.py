"""Bundles between the two sides: ``responses bundle``/``merge`` and ``invitations bundle``/``merge``.

Each side keeps its own store and ledger; only bundles travel (see
:mod:`survey.store.merge`): sealed responses from the server to the analysts,
keyed hashes of invitation codes from wherever they were made to the server
(and, in :mod:`eqsurvey.commands.erasures`, the analysts' erasure tombstones to the server).
Mounted on the ``responses`` and ``invitations`` command groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from kernel.errors import EqSurveyError, Location

if TYPE_CHECKING:
    from survey.store import ResponseStore


@contextmanager
def opened(ctx: typer.Context) -> Iterator[tuple[ResponseStore, str, str]]:
    """The project's store, its survey's id and the keyed tag that says a bundle is this survey's."""
    from eqsurvey.resources import project_keyring, project_store
    from instruments.loader import load_instrument

    project = require_project(ctx)
    instrument_id = load_instrument(project.instrument_path).instrument.id
    tag = project_keyring(project).pseudonym_secret().bundle_tag(instrument_id)
    store = project_store(project)
    try:
        yield store, instrument_id, tag
    finally:
        store.close()


@user_errors
def bundle(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="Bundle file to write, e.g. responses.eqbundle.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write the survey's sealed responses to a bundle for the analysts (on the server; safe while it serves).

    The bundle is one consistent snapshot: every response thanked before it began, sealed as stored,
    with erasure tombstones; none of this side's ledger, and no invitation. Merge it on the analysts'
    computer with eqsurvey responses merge FILE.

    Example: eqsurvey responses bundle -o responses-2027-05-02.eqbundle
    """
    check_output(output, force)
    with opened(ctx) as (store, instrument_id, tag):
        counts = store.write_bundle(output, instrument_id, tag)
        store.audit("bundle", {"instrument": instrument_id, "responses": counts["responses"]})
    typer.echo(
        f"wrote {counts['responses']} responses, {counts['contacts']} contact records and"
        f" {counts['erasures'] + counts['erased_sources']} erasure tombstones to {output}"
    )
    say(ctx, f"copy {output} to the analysts' computer and run there: eqsurvey responses merge {output.name}")


@user_errors
def merge(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A bundle written by eqsurvey responses bundle on the server.")],
) -> None:
    """Merge a responses bundle from the server into this store; merging it again changes nothing.

    Responses are matched by pseudonym and source identity; an erasure made on either side wins;
    the ledger (releases, budget, audit log) is never touched.

    Example: eqsurvey responses merge responses-2027-05-02.eqbundle
    """
    with opened(ctx) as (store, instrument_id, tag):
        report = store.merge_bundle(source, instrument_id, tag)
    if report.same_store:
        typer.echo(
            f"nothing to merge: {source.name} was written from this very store (both sides use the same"
            " store, e.g. one PostgreSQL database), so every response in it is here already"
        )
        return
    typer.echo(
        f"new {report.new}, already here {report.already}, replaced {report.replaced},"
        f" erased (not merged) {report.erased}, erased here by the server's erasures {report.erased_here},"
        f" new contact records {report.contacts}"
    )
    if report.replaced:
        say(
            ctx,
            f"{report.replaced} imported response(s) were corrected on the server since: the bundle's answers replaced them",
        )


def check_output(output: Path, force: bool) -> None:
    if output.is_dir():
        raise EqSurveyError.single(
            "write-failed", f"{output} is a folder", "give a file name, e.g. -o responses.eqbundle"
        )
    if output.exists() and not force:
        raise EqSurveyError.single(
            "output-exists",
            f"{output} already exists",
            "choose another file name, or pass --force to replace it",
            Location(file=str(output)),
        )
    if not output.parent.is_dir():
        raise EqSurveyError.single(
            "write-failed",
            f"the folder {output.parent} does not exist",
            "create it first, or give a file in an existing folder",
            Location(file=str(output)),
        )


@user_errors
def invitations_bundle(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="Bundle file to write, e.g. codes.eqbundle.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write the keyed hashes of the survey's invitation codes to a bundle for the server (never a code).

    Example: eqsurvey invitations bundle -o codes.eqbundle
    """
    check_output(output, force)
    with opened(ctx) as (store, instrument_id, tag):
        written = store.write_invitations_bundle(output, instrument_id, tag)
    typer.echo(f"wrote the keyed hashes of {written} invitation codes to {output}")
    say(ctx, f"copy {output} to the server and run there: eqsurvey invitations merge {output.name}")


@user_errors
def invitations_merge(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A bundle written by eqsurvey invitations bundle.")],
) -> None:
    """Add the codes of an invitations bundle to this store (on the server); merging it again adds nothing.

    Example: eqsurvey invitations merge codes.eqbundle
    """
    with opened(ctx) as (store, instrument_id, tag):
        added, already = store.merge_invitations(source, instrument_id, tag)
    typer.echo(f"added {added} invitation codes, already here {already}")

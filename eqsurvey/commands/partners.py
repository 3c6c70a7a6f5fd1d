"""``eqsurvey instrument partners …``: community partners review the questionnaire from a personal link.

A thin adapter over :mod:`eqsurvey.workflows.partners` (which the console calls too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors

app = typer.Typer(
    help="Review links for community partners: invite an organisation (a personal link, no account), revoke it,"
    " list links; carry links and sealed notes between server and analysts; take partners' notes into reviews.jsonl.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

Organisation = Annotated[str, typer.Argument(help="The organisation's name, as reports will name it.")]


@app.command()
@user_errors
def invite(
    ctx: typer.Context,
    organisation: Organisation,
    url: Annotated[
        str, typer.Option("--url", help="The address partners reach eqsurvey serve at (its /review/ pages).")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Make ORGANISATION's review link for the questionnaire's present version and print it (shown only now).

    Example: eqsurvey instrument partners invite "Migrationsbeirat" --url https://umfrage.musterstadt.de
    """
    from eqsurvey.workflows.partners import invite as make

    invited = make(require_project(ctx), organisation, url)
    link = invited.link
    typer.echo(invited.url)
    say(
        ctx,
        f"review link for {link.organisation}: {link.instrument_id} {link.instrument_version}"
        f" ({link.content_hash[:12]}); send it to them yourself: it is shown only now and stored only as a keyed"
        " hash (an earlier link of theirs no longer works)",
    )


@app.command()
@user_errors
def revoke(ctx: typer.Context, organisation: Organisation) -> None:
    """Stop ORGANISATION's review link from working (notes already sent are kept).

    Example: eqsurvey instrument partners revoke "Migrationsbeirat"
    """
    from eqsurvey.workflows.partners import revoke as stop

    count = stop(require_project(ctx), organisation)
    say(ctx, f"revoked {count} review link(s) of {organisation.strip()}")


@app.command("list")
@user_errors
def list_links(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the links as JSON.")] = False,
) -> None:
    """List the review links (organisation, version, content hash, day, open or revoked; never a token).

    Example: eqsurvey instrument partners list
    """
    from eqsurvey.workflows.partners import as_json as links_json
    from eqsurvey.workflows.partners import partner_links, unreceived

    project = require_project(ctx)
    links = partner_links(project)
    if as_json:
        typer.echo(links_json(links))
        return
    for k in links:
        state = "revoked" if k.revoked else "open"
        typer.echo(f"{k.created_day} {k.organisation}: v{k.instrument_version} ({k.content_hash[:12]}) {state}")
    if not links:
        say(ctx, 'no review links yet; make one with eqsurvey instrument partners invite "ORGANISATION"')
    waiting = unreceived(project)
    if waiting:
        say(
            ctx,
            f"{waiting} partner note(s) not yet in reviews.jsonl: where the private key is, run eqsurvey instrument"
            " partners receive (on a server: eqsurvey instrument partners bundle, for the analysts to merge)",
        )


@app.command()
@user_errors
def bundle(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The bundle file to write.")],
) -> None:
    """Write the links (keyed hashes only) and partners' sealed notes to a file, for the other side.

    Example: eqsurvey instrument partners bundle -o partners.json
    """
    from eqsurvey.workflows.partners import write_bundle

    links, notes = write_bundle(require_project(ctx), output)
    say(ctx, f"wrote {links} link(s) and {notes} sealed note(s) to {output}")


@app.command()
@user_errors
def merge(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A bundle written by eqsurvey instrument partners bundle.")],
) -> None:
    """Take in the other side's bundle: new links and revocations (server), sealed notes (analysts).

    Example: eqsurvey instrument partners merge partners.json && eqsurvey instrument partners receive
    """
    from eqsurvey.workflows.partners import merge_bundle

    merged = merge_bundle(require_project(ctx), file)
    say(ctx, f"merged {merged.links} link change(s) and {merged.notes} new sealed note(s)")


@app.command()
@user_errors
def receive(ctx: typer.Context) -> None:
    """Open the partners' notes with the analysts' private key and append them to reviews.jsonl (each once).

    Example: eqsurvey instrument partners receive
    """
    from eqsurvey.commands.keys import read_passphrase
    from eqsurvey.resources import project_keyring
    from eqsurvey.workflows.partners import receive as take
    from eqsurvey.workflows.partners import unreceived

    project = require_project(ctx)
    if not unreceived(project):
        say(ctx, "no new partner notes")
        return
    added = take(project, project_keyring(project).private_keys(read_passphrase()))
    for r in added:
        about = f" on question {r.question}" if r.question else ""
        say(ctx, f"{r.by}: {r.decision}{about} (v{r.instrument_version}, {r.content_hash[:12]})")
    say(ctx, f"appended {len(added)} partner note(s) to {project.reviews_path.name}")

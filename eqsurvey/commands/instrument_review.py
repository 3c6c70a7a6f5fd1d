"""``eqsurvey instrument diff`` and ``review``: what changed between versions, and partners' approvals and comments.

Registered on the ``instrument`` command group (:mod:`eqsurvey.commands.instrument`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import PathArg, instrument_path, require_project, say, user_errors


@user_errors
def diff(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    old: Annotated[
        Path | None,
        typer.Argument(
            help="The earlier instrument version (default: the last one kept under versions/).", show_default=False
        ),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Argument(help="The new instrument version (default: the project's instrument).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Show wording in this language only.")] = None,
    check_version: Annotated[
        bool, typer.Option("--check-version", help="Exit 1 if the new version number does not fit the changes.")
    ] = False,
) -> None:
    """Show what changed between two versions, marking breaking changes, for community review.

    Without files, it compares the project's instrument with the last version kept under versions/.

    \b
    Example: eqsurvey instrument diff instrument-1.0.0.yaml instrument.yaml
    Example: eqsurvey instrument diff
    """
    from instruments.diff.changes import diff_instruments
    from instruments.editing.versioning import changes_since_last
    from instruments.loader import load_instrument
    from kernel.errors import EqSurveyError

    if old is not None and new is not None:
        result = diff_instruments(load_instrument(old).instrument, load_instrument(new).instrument)
        new_file = new
    elif old is not None:
        raise typer.BadParameter("give both files, or none to compare with the last kept version", param_hint="NEW")
    else:
        project = require_project(ctx)
        new_file = project.instrument_path
        since = changes_since_last(project.root, load_instrument(new_file).instrument)
        if since is None:
            raise EqSurveyError.single(
                "no-kept-version",
                f"no earlier version of the instrument is kept under {project.root / 'versions'}",
                "keep one with `eqsurvey instrument versions draft OLD.yaml`, or give both files",
            )
        result = since
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(result.render_text(lang))
    if check_version and result.version_problem:
        raise EqSurveyError.single(
            "version-mismatch", result.version_problem, f"set version: {result.suggested_version} in {new_file}"
        )


@user_errors
def review(
    ctx: typer.Context,
    path: PathArg = None,
    by: Annotated[
        str | None, typer.Option("--by", help="The reviewing organisation, e.g. 'Migrant*innenbeirat'.")
    ] = None,
    approve: Annotated[bool, typer.Option("--approve", help="Record approval of this exact content.")] = False,
    comment: Annotated[str | None, typer.Option("--comment", help="Record a comment on this content.")] = None,
) -> None:
    """Record a community partner's approval or comment against the instrument's content hash, or list reviews.

    Example: eqsurvey instrument review instrument.yaml --by "Verein X" --approve
    """
    from instruments.loader import load_instrument
    from instruments.review import append_review, new_review, read_reviews, review_status

    file = instrument_path(ctx, path)
    inst = load_instrument(file).instrument
    project = require_project(ctx, near=file.parent)
    if approve or comment:
        if not by or not by.strip():
            raise typer.BadParameter("say who reviews: --by ORGANISATION", param_hint="--by")
        if len(by) > 200:
            raise typer.BadParameter("at most 200 characters", param_hint="--by")
        if comment is not None and len(comment) > 10_000:
            raise typer.BadParameter(
                "at most 10,000 characters; put longer feedback in a document", param_hint="--comment"
            )
        record = new_review(inst, by, "approve" if approve else "comment", comment)
        append_review(project.reviews_path, record)
        say(
            ctx,
            f"recorded: {record.by} {'approved' if approve else 'commented on'} {inst.id} {inst.version} ({record.content_hash[:12]})",
        )
        return
    status = review_status(inst, read_reviews(project.reviews_path))
    for label, records in (("this content", status.current), ("earlier content", status.earlier)):
        for r in records:
            text = f" — {r.comment}" if r.comment else ""
            about = f" on {r.question}" if r.question else ""
            typer.echo(
                f"[{label}] {r.at:%Y-%m-%d} {r.by}: {r.decision}{about} v{r.instrument_version}"
                f" ({r.content_hash[:12]}){text}"
            )
    if not status.current and not status.earlier:
        say(ctx, "no reviews recorded yet; record one with --by ORG --approve or --comment TEXT")

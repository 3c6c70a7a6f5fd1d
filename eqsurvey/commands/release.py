"""``eqsurvey release …``: differentially private releases, recorded in the ledger.

``eqsurvey release [PLAN]`` makes one (:func:`eqsurvey.workflows.release.make_release_from_store`:
the ledger's check, the statement and the question before spending, the
measuring, the record); ``release list|show|export`` read stored ones
(``release audit`` and ``verify`` check them: :mod:`eqsurvey.commands.release_checks`).
A group whose own arguments could swallow a sub-command's name needs help:
:class:`_RunByDefault` sends anything that is not a sub-command to ``run``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from eqsurvey.commands.kit import require_project, say, user_errors, write_output, write_private_output
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from analysis.releases.model import Release
    from kernel.ledger import LedgerEntry


class _RunByDefault(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's vendored click.Context
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_RunByDefault,
    help="Differentially private releases of the analysis plan: `eqsurvey release [PLAN]` makes one"
    " (the same as `release run`); list, show and export read the ones already made.",
    pretty_exceptions_show_locals=False,
)


@app.command()
@user_errors
def run(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    plan_file: Annotated[
        Path | None, typer.Argument(metavar="[PLAN]", help="Plan YAML; defaults to the project's.", show_default=False)
    ] = None,
    dataset: Annotated[
        Path | None,
        typer.Option(help="Analysis dataset (Parquet from eqsurvey dataset export); default: open the store."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print id and budget as JSON.")] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Release without asking when a warning applies (stale or small dataset, a repeat); never below"
            " the minimum number of respondents.",
        ),
    ] = False,
    wave: Annotated[
        str | None,
        typer.Option(
            "--wave",
            help="The survey wave (number or name, see eqsurvey wave) whose respondents to measure and whose budget"
            " to spend; default: the latest.",
        ),
    ] = None,
) -> None:
    """Compute one release of the plan and store it, if the survey's budget still covers it.

    Before spending it states what it spends on what, and asks when the
    dataset is older than the store, too small for the plan, or was already
    released with this plan; below the minimum number of respondents it
    refuses.

    Example: EQSURVEY_PASSPHRASE=… eqsurvey release --dataset data/dataset.parquet
    """
    from eqsurvey.workflows.release import make_release_from_store

    done = make_release_from_store(ctx, require_project(ctx), plan_file, dataset, yes, wave)
    made, record, remaining, total = done.made, done.record, done.remaining, done.total
    hidden = made.suppression
    if as_json:
        found = {"id": made.release_id, "rho_spent": float(record.rho), "rho_remaining": float(remaining)}
        found |= {"rho_total": float(total), "plan": done.plan_id, "suppressed": hidden.as_json()}
        found |= {"wave": record.wave}
        typer.echo(json.dumps(found, indent=2))
        return
    typer.echo(made.release_id)
    say(
        ctx,
        f"suppressed {hidden.primary + hidden.secondary} cell(s): {hidden.primary} under the threshold of"
        f" {done.suppress_below} (primary), {hidden.secondary} more so that no hidden count can"
        f" be worked out to within {hidden.protection:g} respondents from the published figures (secondary;"
        f" audited in {hidden.seconds:.1f} s)",
    )
    say(
        ctx,
        f"stored release {made.release_id}: spent ρ = {record.rho.text}, ρ = {remaining.text} of {float(total):g} left",
    )


@app.command("list")
@user_errors
def list_(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List the survey's releases, oldest first.

    Example: eqsurvey release list --json
    """
    from eqsurvey.workflows.release import stored_releases, summary

    found = [summary(r) for r in stored_releases(require_project(ctx))]
    if as_json:
        typer.echo(json.dumps(found, indent=2))
    elif not found:
        say(ctx, "no releases yet: make one with eqsurvey release")
    for r in [] if as_json else found:
        typer.echo(f"{r['id']}  {r['created_at'][:19]}  {r['plan']}  ρ = {r['rho']:g}  {r['tables']} tables")


def _stored(ctx: typer.Context, release_id: str) -> LedgerEntry:
    from eqsurvey.workflows.release import stored_release

    return stored_release(require_project(ctx), release_id)


@app.command()
@user_errors
def show(
    ctx: typer.Context,
    release_id: Annotated[str, typer.Argument(metavar="ID", help="The release's id (see release list).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the release as JSON, as it may be published (for report compare).")
    ] = False,
) -> None:
    """Show a stored release: what it publishes, with how much budget, and how.

    Example: eqsurvey release show r-20261122T101500-3f9a1c
    """
    from analysis import Release

    release = _stored(ctx, release_id)
    typed = Release.from_body(release.release_id, release.body)
    if as_json:  # what other municipalities get for `report compare`: published, so without the dataset's MAC
        typer.echo(json.dumps(typed.shown(), ensure_ascii=False, indent=2))
        return
    privacy = typed.privacy
    typer.echo(f"release {release.release_id} of plan {release.plan_id} ({typed.plan_hash})")
    typer.echo(f"  instrument {release.instrument_id} {release.instrument_version}, made {release.created_at}")
    typer.echo("  dataset named by a keyed MAC kept in the store, never published (see eqsurvey release verify)")
    typer.echo(f"  spent ρ = {release.rho.text} (ε = {privacy.epsilon:.3g}, δ = {privacy.delta:.2g})")
    hidden = typed.suppression
    if hidden is not None:
        typer.echo(
            f"  hidden: {hidden.primary} cell(s) under the threshold, {hidden.secondary} more so that"
            f" none can be worked out to within {hidden.protection} respondents"
        )
    for table in typed.tables:
        shown = sum(1 for c in table.cells if not c.suppressed)
        scales = ", ".join(f"{part} σ = {n.scale:.3g}" for part, n in table.noise.items())
        typer.echo(f"  {table.id} ({table.kind}): {shown}/{len(table.cells)} cells shown; {scales}")
    weighting = typed.weighting
    if weighting is not None:  # a calibrated plan's weighted tables (analysis.calibration)
        typer.echo(
            f"  weighted ({weighting.method}) to {' × '.join(weighting.variables)} from {weighting.source};"
            f" design effect {weighting.design_effect:.2f}, about {weighting.effective_respondents:.0f} effective"
            f" respondents, {weighting.trimmed_cells} cell weight(s) trimmed"
        )
        for table in weighting.tables:
            shown = sum(1 for c in table.cells if not c.suppressed)
            typer.echo(f"  {table.id} (weighted): {shown}/{len(table.cells)} cells shown")


@app.command()
@user_errors
def export(
    ctx: typer.Context,
    release_id: Annotated[str, typer.Argument(metavar="ID", help="The release's id (see release list).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    format_: Annotated[
        Literal["csv", "json"], typer.Option("--format", help="csv: one row per cell; json: cells and metadata.")
    ] = "csv",
    *,
    for_pooling: Annotated[
        bool,
        typer.Option(
            "--for-pooling",
            help="Write a contribution to a regional pool (for eqsurvey report pool): the public release and the"
            " noisy values of its hidden cells, for the pool's coordinator only, never to be published.",
        ),
    ] = False,
) -> None:
    """Write a stored release as tidy data: one row per cell with estimate, interval, noisy n and flags.

    Example: eqsurvey release export r-20261122T101500-3f9a1c --format csv -o tables.csv
    Example: eqsurvey release export r-20261122T101500-3f9a1c --for-pooling -o town.pool.json
    """
    from analysis import Release
    from analysis.tidy import to_csv, to_json

    stored = _stored(ctx, release_id)
    release = Release.from_body(stored.release_id, stored.body)
    if for_pooling:
        _export_for_pooling(ctx, release, output)
        return
    text = to_csv(release) if format_ == "csv" else to_json(release)
    write_output(output, text)
    say(ctx, f"wrote {output}")


def _export_for_pooling(ctx: typer.Context, release: Release, output: Path) -> None:
    """The contribution file: owner-only, since its hidden values are for the pool's coordinator, not the public."""
    from analysis.pooling.sources import contribution_document

    if release.pooling is None:
        raise EqSurveyError.single(
            "no-pooling-values",
            f"release {release.id} was made before releases kept their hidden cells' values for pooling",
            "give its public file instead (eqsurvey release show ID --json): the pool then leaves its hidden cells"
            " unknown; or make a new release",
        )
    write_private_output(output, json.dumps(contribution_document(release), ensure_ascii=False, indent=2) + "\n")
    say(ctx, f"wrote {output}: for the regional pool's coordinator only (it holds the noisy values of hidden cells)")

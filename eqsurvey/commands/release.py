"""``eqsurvey release …`` and ``eqsurvey budget``: differentially private releases, recorded in the ledger.

This adapter joins the store (ledger, sealed responses) with the DP layer,
which is why it lives in ``survey`` and is the one module besides the command
mounter allowed to import ``analysis`` (see pyproject's import contracts).

``eqsurvey release [PLAN]`` runs a release, after :mod:`.release_confirm` has
stated the spend and asked where it buys little (the dataset it reads:
:mod:`.release_dataset`); ``release list|show|export`` read stored ones
(``release audit`` and ``verify`` check them: :mod:`.release_checks_cli`). A group whose own arguments could swallow a sub-command's name
needs help: :class:`_RunByDefault` sends anything that is not a sub-command
to ``run``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from eqsurvey.commands.kit import require_project, say, user_errors, warn, write_output
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from instruments.project import Project
    from survey.store import ResponseStore
    from survey.store.ledger import BodyCheck, Release


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


def release_store(project: Project) -> ResponseStore:
    from survey.project_store import project_store

    return project_store(project)


@app.command()
@user_errors
def run(
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
) -> None:
    """Compute one release of the plan and store it, if the survey's budget still covers it.

    Before spending it states what it spends on what, and asks when the
    dataset is older than the store, too small for the plan, or was already
    released with this plan; below the minimum number of respondents it
    refuses.

    Example: EQSURVEY_PASSPHRASE=… eqsurvey release --dataset data/dataset.parquet
    """
    from analysis import load_plan, make_release
    from anonymize.keys.keyring import project_keyring
    from eqsurvey.commands.plan import total_rho
    from eqsurvey.workflows.release_confirm import Intent, confirm_spend, least_respondents, refuse_too_few
    from eqsurvey.workflows.release_dataset import dataset_frame
    from instruments.loader import load_instrument
    from kernel.files import read_text
    from survey.provenance import simulated_in
    from survey.store.ledger import Release, exact, refusal

    project = require_project(ctx)
    file = plan_file or project.plan_path
    instrument = load_instrument(project.instrument_path).instrument
    total = total_rho(project.tables)
    loaded = load_plan(file, instrument, total)
    warn(ctx, list(loaded.warnings))
    planned = loaded.plan.budget_share * total
    plan_text = read_text(file, EqSurveyError)
    store = release_store(project)
    try:
        earlier = tuple(store.releases(instrument.id, check=body_check()))  # a damaged ledger spends nothing more
        store.total(instrument.id, total)  # the config's total is the ledger's, or nothing is spent
        history = [t.as_json() for t in store.budget_totals(instrument.id)]
        spent = store.spent(instrument.id)
        if spent + exact(planned) > exact(total):
            raise refusal(exact(planned), spent, exact(total))  # before the passphrase is asked for
        intent = Intent(loaded.plan, plan_text, file, instrument, dataset, planned, total, float(spent), yes, earlier)
        if dataset is None:  # the store's count is the dataset's: refuse before the passphrase is asked for
            refuse_too_few(store, intent, least_respondents(project, intent), store.count(instrument.id))
        frame, digest = dataset_frame(ctx, project, store, instrument, dataset)
        confirm_spend(ctx, project, store, intent, frame=frame, digest=digest)
        simulated = min(simulated_in(dataset, store, instrument.id), len(frame))  # recorded so reports say so
        mac = project_keyring(project).dataset_mac_key(create=True).mac(digest)
        say(ctx, f"measuring {len(loaded.plan.tables)} tables with ρ = {planned:g} …")
        made = make_release(
            loaded.plan, plan_text, instrument, frame, mac, planned, project.settings.name,
            total={"rho": total, "changes": history[1:]}, simulated=simulated,
        )  # fmt: skip
        record = Release(
            release_id=made.release_id,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            plan_id=loaded.plan.id,
            plan_hash=made.release.plan_hash,
            dataset_mac=mac,
            rho=exact(planned),  # what the plan budgets; the mechanisms' own maps (in the body) are at most this
            created_at=made.created_at,
            body=made.body,
        )
        remaining = store.spend(record, total)
    finally:
        store.close()
    hidden = made.suppression
    if as_json:
        summary = {"id": made.release_id, "rho_spent": float(record.rho), "rho_remaining": float(remaining)}
        summary |= {"rho_total": total, "plan": loaded.plan.id, "suppressed": hidden.as_json()}
        typer.echo(json.dumps(summary, indent=2))
        return
    typer.echo(made.release_id)
    say(
        ctx,
        f"suppressed {hidden.primary + hidden.secondary} cell(s): {hidden.primary} under the threshold of"
        f" {loaded.plan.publication.suppress_below} (primary), {hidden.secondary} more so that no hidden count can"
        f" be worked out to within {hidden.protection:g} respondents from the published figures (secondary;"
        f" audited in {hidden.seconds:.1f} s)",
    )
    say(ctx, f"stored release {made.release_id}: spent ρ = {record.rho}, ρ = {remaining} of {total:g} left")


def summary(release: Release) -> dict[str, Any]:
    return {
        "id": release.release_id,
        "created_at": release.created_at,
        "plan": release.plan_id,
        "instrument": f"{release.instrument_id}@{release.instrument_version}",
        "rho": float(release.rho),
        "tables": len(release.body.get("tables", [])),
    }


@app.command("list")
@user_errors
def list_(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List the survey's releases, oldest first.

    Example: eqsurvey release list --json
    """
    from instruments.loader import load_instrument

    project = require_project(ctx)
    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        found = [summary(r) for r in store.releases(instrument.id, check=body_check())]
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(found, indent=2))
    elif not found:
        say(ctx, "no releases yet: make one with eqsurvey release")
    for r in [] if as_json else found:
        typer.echo(f"{r['id']}  {r['created_at'][:19]}  {r['plan']}  ρ = {r['rho']:g}  {r['tables']} tables")


def body_check() -> BodyCheck:
    from analysis import body_problems

    check: BodyCheck = body_problems
    return check


def stored_release(project: Project, release_id: str) -> Release:
    store = release_store(project)
    try:
        release = store.release(release_id, check=body_check())
    finally:
        store.close()
    if release is None:
        raise EqSurveyError.single(
            "unknown-release", f"there is no release '{release_id}' in this project", "see eqsurvey release list"
        )
    return release


def _stored(ctx: typer.Context, release_id: str) -> Release:
    return stored_release(require_project(ctx), release_id)


def stored_body(project: Project, release_id: str) -> dict[str, Any]:
    """A stored release for the report commands (see eqsurvey.commands.kit.ReleaseSource)."""
    from analysis import Release

    release = stored_release(project, release_id)
    return Release.from_body(release.release_id, release.body).shown()


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
    typer.echo(f"  spent ρ = {release.rho} (ε = {privacy.epsilon:.3g}, δ = {privacy.delta:.2g})")
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


@app.command()
@user_errors
def export(
    ctx: typer.Context,
    release_id: Annotated[str, typer.Argument(metavar="ID", help="The release's id (see release list).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    format_: Annotated[
        Literal["csv", "json"], typer.Option("--format", help="csv: one row per cell; json: cells and metadata.")
    ] = "csv",
) -> None:
    """Write a stored release as tidy data: one row per cell with estimate, interval, noisy n and flags.

    Example: eqsurvey release export r-20261122T101500-3f9a1c --format csv -o tables.csv
    """
    from analysis import Release
    from analysis.tidy import to_csv, to_json

    stored = _stored(ctx, release_id)
    release = Release.from_body(stored.release_id, stored.body)
    text = to_csv(release) if format_ == "csv" else to_json(release)
    write_output(output, text)
    say(ctx, f"wrote {output}")

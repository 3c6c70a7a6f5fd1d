"""``eqsurvey budget``: the survey's privacy budget, and ``budget change``: a new total, on purpose.

The total is written into the ledger by the survey's first release; from then
on the config's ``total_rho`` must say the same, or every command that spends
or reports the budget refuses. Changing it is ``budget change --reason``: the
new total is the one the config now says, recorded with its reason in the
ledger and the audit log, and every later release (and its report) states it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from eqsurvey.workflows.release import release_store
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from eqsurvey.workflows.waves import WaveBudget

app = typer.Typer(
    help="The survey's privacy budget: `eqsurvey budget` shows it; `budget change` records a new total.",
    invoke_without_command=True,
    pretty_exceptions_show_locals=False,
)

MAX_REASON = 500


@app.callback()
@user_errors
def show(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Show the survey's privacy budget: total (and its changes), spent, remaining, and each release's spend.

    Example: eqsurvey budget --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from eqsurvey.workflows.budget import budget_state
    from eqsurvey.workflows.waves import wave_budgets

    project = require_project(ctx)
    waves = wave_budgets(project)
    if len(waves) > 1:  # each wave has its own budget: shown wave by wave, as eqsurvey wave does
        _show_waves(waves, as_json)
        return
    state = budget_state(project)
    total, spent, history, releases, remaining = (
        state.total,
        state.spent,
        state.history,
        state.releases,
        state.remaining,
    )
    data = state.as_json()
    rows = data["releases"]
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    fixed = "fixed in the ledger" if history else "from eqsurvey.toml; fixed by the first release"
    typer.echo(f"survey {state.instrument_id}: ρ = {total} in all ({fixed})")
    for change in history[1:]:
        typer.echo(f"  total changed to ρ = {change.total} on {change.set_at[:10]}: {change.reason}")
    typer.echo(
        f"  spent     ρ = {spent.text} (ε = {data['epsilon_spent']:.3g} at δ = 1e-06) in {len(releases)} release(s)"
    )
    typer.echo(f"  remaining ρ = {remaining.text}")
    for r in rows:
        typer.echo(f"    {r['id']}  {r['plan']}  ρ = {r['rho']:g}")


def _show_waves(waves: list[WaveBudget], as_json: bool) -> None:
    from eqsurvey.workflows.waves import BOTH_WAVES

    if as_json:
        typer.echo(json.dumps({"waves": [w.as_json() for w in waves], "note": BOTH_WAVES}, indent=2))
        return
    for w in waves:
        typer.echo(f"wave {w.wave.number} ({w.wave.name}): ρ = {w.total} in all, {w.respondents} responses")
        for change in w.history[1:]:
            typer.echo(f"  total changed to ρ = {change.total} on {change.set_at[:10]}: {change.reason}")
        typer.echo(f"  spent     ρ = {w.spent.text} in {len(w.releases)} release(s)")
        typer.echo(f"  remaining ρ = {w.total.left_after(w.spent).text}")
        for r in w.releases:
            typer.echo(f"    {r.release_id}  {r.plan_id}  ρ = {float(r.rho):g}")
    typer.echo(f"note: {BOTH_WAVES}")


@app.command()
@user_errors
def change(
    ctx: typer.Context,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Why the total changes (e.g. the advisory board's decision of 3 May); goes into the audit log.",
        ),
    ],
    wave: Annotated[
        str | None,
        typer.Option("--wave", help="The survey wave (number or name) whose total changes; default: the latest."),
    ] = None,
) -> None:
    """Make the config's total_rho the survey's total budget from now on, with a reason.

    Write the new total as [analysis] total_rho in eqsurvey.toml first. The
    change, its reason and the total before are recorded in the ledger and the
    audit log; every later release and report states them.

    Example: eqsurvey budget change --reason "second wave approved by the advisory board on 3 May"
    """
    from instruments.loader import load_instrument
    from kernel.waves import find

    text = " ".join(reason.split())
    if not text or len(text) > MAX_REASON:
        raise EqSurveyError.single(
            "budget-reason",
            "the reason is empty" if not text else f"the reason is longer than {MAX_REASON} characters",
            "say in a sentence why the survey's total budget changes, e.g. --reason 'second wave approved on 3 May'",
        )
    project = require_project(ctx)
    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        number = find(store.waves(instrument.id), wave).number
        before = store.budget_totals(instrument.id, number)
        done = store.change_total(instrument.id, project.total_rho, text, wave=number)
    finally:
        store.close()
    was = f"from ρ = {before[-1].total} " if before else ""
    say(ctx, f"the survey's total budget changed {was}to ρ = {done.total} (recorded in the audit log)")

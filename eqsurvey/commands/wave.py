"""``eqsurvey wave``: the survey's waves, and ``wave start``: declare the next one (see kernel.waves).

A wave is a fieldwork period: from the day it starts, new responses belong to
it, and its releases (``eqsurvey release --wave``) spend its own budget. The
declaration goes into the ledger and the audit log, and cannot be changed.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors

app = typer.Typer(
    help="Survey waves: `eqsurvey wave` lists them; `wave start NAME` declares the next fieldwork period.",
    invoke_without_command=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
@user_errors
def show(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List the survey's waves: days, respondents, budget spent and left, releases.

    Example: eqsurvey wave --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from eqsurvey.workflows.waves import BOTH_WAVES, wave_budgets

    budgets = wave_budgets(require_project(ctx))
    if as_json:
        typer.echo(json.dumps({"waves": [b.as_json() for b in budgets], "note": BOTH_WAVES}, indent=2))
        return
    for b in budgets:
        since = f"from {b.wave.starts}" if b.wave.starts else "from the survey's start"
        until = f" to {b.ends} (not included)" if b.ends else ""
        typer.echo(f"wave {b.wave.number} ({b.wave.name}): {since}{until}, {b.respondents} responses")
        typer.echo(
            f"  ρ = {b.total} in all, spent ρ = {b.spent.text} in {len(b.releases)} release(s),"
            f" remaining ρ = {b.total.left_after(b.spent).text}"
        )
    if len(budgets) > 1:
        typer.echo(f"note: {BOTH_WAVES}")


@app.command()
@user_errors
def start(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="A short name for the wave, e.g. 2027.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why a new wave starts (e.g. the council's decision of 3 May).")
    ],
    starts: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="YYYY-MM-DD",
            help="First day of the wave (default: tomorrow); after every release of the wave before.",
        ),
    ] = None,
) -> None:
    """Declare the survey's next wave: from its first day on, responses belong to it and its releases spend
    its own budget.

    Each wave has its own respondents and its own privacy budget (the config's
    total_rho, fixed by the wave's first release). Responses received before the
    first day stay in the wave before. The wave must start after every release
    of the wave before, which measured every response received until then.

    Example: eqsurvey wave start 2027 --from 2027-03-01 --reason "second wave approved by the council on 3 May"
    """
    from eqsurvey.workflows.waves import start_wave

    wave = start_wave(require_project(ctx), name, starts, reason)
    say(ctx, f"wave {wave.number} ({wave.name}) starts on {wave.starts}: responses from that day on are its own,")
    say(ctx, "and its releases spend its own budget (recorded in the ledger and the audit log)")

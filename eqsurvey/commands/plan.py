"""``eqsurvey plan …``: check an analysis plan against the project's instrument and budget.

``plan preview`` is not defined here: it speaks the reader's language with the
instrument's labels, which live in ``reports`` (a layer above this one), so it is
:mod:`eqsurvey.commands.plan_preview`, mounted on this group by the ``eqsurvey`` command.

Thin adapter: heavy modules are imported inside each command so that
``eqsurvey --help`` stays instant.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eqsurvey.commands.kit import find_project, require_project, user_errors, warn

if TYPE_CHECKING:
    from analysis.plans.loader import LoadedPlan
    from analysis.plans.model import AnalysisPlan
    from instruments.model import Instrument
    from kernel.privacy_budget import PrivacyBudget

app = typer.Typer(
    help="Analysis plans: what a release publishes, and with how much of the privacy budget.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

PlanArgument = Annotated[
    Path | None, typer.Argument(help="Plan YAML file; defaults to the project's plan.", show_default=False)
]
InstrumentOption = Annotated[
    Path | None, typer.Option(help="Instrument YAML file; defaults to the project's instrument.")
]


def load_for_command(
    ctx: typer.Context, path: Path | None, instrument: Path | None
) -> tuple[Path, Instrument, PrivacyBudget, LoadedPlan]:
    """The plan checked against its instrument, and the project's total budget; no store, no keys."""
    from analysis.plans.loader import load_plan
    from eqsurvey.config import DEFAULT_TOTAL_RHO
    from instruments.loader import load_instrument

    project = find_project(ctx) if instrument is not None else require_project(ctx)
    file = path or require_project(ctx).plan_path
    inst = load_instrument(instrument or require_project(ctx).instrument_path).instrument
    total = project.total_rho if project else DEFAULT_TOTAL_RHO
    loaded = load_plan(file, inst, total)
    warn(ctx, list(loaded.warnings))
    return file, inst, total, loaded


@app.command()
@user_errors
def validate(
    ctx: typer.Context,
    path: PlanArgument = None,
    instrument: InstrumentOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Check an analysis plan: every table fits the instrument, the budget split adds up, the budget is shown.

    Example: eqsurvey plan validate plan.yaml
    """
    from analysis.budget import describe, epsilon_of

    file, _, total, loaded = load_for_command(ctx, path, instrument)
    plan = loaded.plan
    spend = total.share(plan.budget_share)
    kinds = dict(sorted(Counter(t.kind for t in plan.tables).items()))
    summary = {
        "file": str(file),
        "id": plan.id,
        "instrument": plan.instrument,
        "tables": len(plan.tables),
        "kinds": kinds,
        "rho_total": float(total),
        "rho_per_release": float(spend),
        "epsilon_per_release": epsilon_of(spend),
        "warnings": len(loaded.warnings),
        "calibration": _calibration(plan, float(spend)),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{file}: valid — plan {plan.id} for {plan.instrument}")
    typer.echo(f"  {len(plan.tables)} tables ({', '.join(f'{n} {k}' for k, n in kinds.items())})")
    typer.echo(f"  one release spends {describe(spend)} of the survey's ρ = {float(total):g}")
    weighting = summary["calibration"]
    if isinstance(weighting, dict):
        typer.echo(
            f"  weighted tables ({', '.join(weighting['tables'])}): {weighting['method']} to"
            f" {', '.join(weighting['variables'])} from {weighting['margins']} ({weighting['source']});"
            f" {weighting['share']:.0%} of each release's budget (ρ = {weighting['rho_per_release']:g}),"
            f" weights kept within {weighting['trim'][0]:g}–{weighting['trim'][1]:g} × the mean"
        )


def _calibration(plan: AnalysisPlan, rho_per_release: float) -> dict[str, Any] | None:
    """What the plan's weighting is, as ``plan validate`` states it (None: no weighted tables)."""
    calibration = plan.calibration
    if calibration is None:
        return None
    return {
        "variables": list(calibration.variables),
        "method": calibration.method,
        "margins": calibration.margins or "the plan's population figures",
        "source": calibration.source,
        "share": calibration.share,
        "rho_per_release": rho_per_release * calibration.share,
        "trim": list(calibration.trim),
        "tables": [t.id for t in plan.weighted_tables()],
    }

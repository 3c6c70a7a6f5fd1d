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
from typing import TYPE_CHECKING, Annotated

import typer

from analysis.budget import MAX_RHO
from eqsurvey.commands.kit import find_project, require_project, user_errors, warn
from kernel.errors import ProjectError

if TYPE_CHECKING:
    from analysis.plans.loader import LoadedPlan
    from instruments.model import Instrument

app = typer.Typer(
    help="Analysis plans: what a release publishes, and with how much of the privacy budget.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

DEFAULT_TOTAL_RHO = 0.5
"""The budget of a survey's data for all its releases together, unless eqsurvey.toml says otherwise."""

MAX_TOTAL_RHO = MAX_RHO


def total_rho(tables: dict[str, object]) -> float:
    """``[analysis] total_rho`` of the project config (a positive number, at most :data:`MAX_TOTAL_RHO`)."""
    section = tables.get("analysis") or {}
    value = section.get("total_rho", DEFAULT_TOTAL_RHO) if isinstance(section, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TOTAL_RHO:
        raise ProjectError.single(
            "config-value",
            f"[analysis] total_rho must be a positive number up to {MAX_TOTAL_RHO:g}, not {value!r}",
            f"e.g. total_rho = {DEFAULT_TOTAL_RHO} (zCDP; the (ε, δ) equivalent is shown by eqsurvey plan validate)",
        )
    return float(value)


PlanArgument = Annotated[
    Path | None, typer.Argument(help="Plan YAML file; defaults to the project's plan.", show_default=False)
]
InstrumentOption = Annotated[
    Path | None, typer.Option(help="Instrument YAML file; defaults to the project's instrument.")
]


def load_for_command(
    ctx: typer.Context, path: Path | None, instrument: Path | None
) -> tuple[Path, Instrument, float, LoadedPlan]:
    """The plan checked against its instrument, and the project's total budget; no store, no keys."""
    from analysis.plans.loader import load_plan
    from instruments.loader import load_instrument

    project = find_project(ctx) if instrument is not None else require_project(ctx)
    file = path or require_project(ctx).plan_path
    inst = load_instrument(instrument or require_project(ctx).instrument_path).instrument
    total = total_rho(project.tables) if project else DEFAULT_TOTAL_RHO
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
    from analysis.budget import Budget

    file, _, total, loaded = load_for_command(ctx, path, instrument)
    plan = loaded.plan
    spend = Budget(plan.budget_share * total)
    kinds = dict(sorted(Counter(t.kind for t in plan.tables).items()))
    summary = {
        "file": str(file),
        "id": plan.id,
        "instrument": plan.instrument,
        "tables": len(plan.tables),
        "kinds": kinds,
        "rho_total": total,
        "rho_per_release": spend.rho,
        "epsilon_per_release": spend.epsilon(),
        "warnings": len(loaded.warnings),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{file}: valid — plan {plan.id} for {plan.instrument}")
    typer.echo(f"  {len(plan.tables)} tables ({', '.join(f'{n} {k}' for k, n in kinds.items())})")
    typer.echo(f"  one release spends {spend.describe()} of the survey's ρ = {total:g}")

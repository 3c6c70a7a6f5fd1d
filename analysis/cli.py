"""``eqsurvey plan …``: check an analysis plan against the project's instrument and budget.

Thin adapter: heavy modules are imported inside each command so that
``eqsurvey --help`` stays instant.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instruments.clikit import find_project, require_project, user_errors, warn
from instruments.errors import ProjectError

from .budget import MAX_RHO

if TYPE_CHECKING:
    from rich.table import Table as RichTable

    from instruments.model import Instrument

    from .plan_loader import LoadedPlan
    from .preview import CellPreview, Preview, TablePreview

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


def _load(ctx: typer.Context, path: Path | None, instrument: Path | None) -> tuple[Path, Instrument, float, LoadedPlan]:
    """The plan checked against its instrument, and the project's total budget; no store, no keys."""
    from instruments.loader import load_instrument

    from .plan_loader import load_plan

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
    from .budget import Budget

    file, _, total, loaded = _load(ctx, path, instrument)
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


SHOWN_CELLS = 12
"""Cells shown per table without --all: enough to see the pattern, few enough to see every table."""


@app.command("preview")
@user_errors
def preview_command(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    respondents: Annotated[
        int, typer.Option("--respondents", "-n", min=1, help="How many people you expect to take part.")
    ],
    path: PlanArgument = None,
    shares: Annotated[
        Path | None,
        typer.Option(
            "--shares",
            help="Pilot CSV with columns variable,category,share (fractions of all respondents); "
            "without it: 3 % no answer, 2 % prefer not to say, the rest evenly over the categories.",
        ),
    ] = None,
    instrument: InstrumentOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every table and cell as JSON.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help=f"Show every cell, not the first {SHOWN_CELLS}.")] = False,
) -> None:
    """Preview a plan's accuracy before fielding: noise, 95 % intervals and likely suppressions per cell.

    For N respondents it shows, for every table and cell, the noise's standard
    deviation, the half-width of each count's and share's interval (noise and
    sampling together for shares), how likely the cell is suppressed, and the
    split of the budget across tables that minimises the plan's weighted error.
    It reads no responses, spends no budget and needs no key.

    Example: eqsurvey plan preview --respondents 1500 --shares pilot.csv
    """
    from .pilot import read_pilot
    from .preview import preview

    file, inst, total, loaded = _load(ctx, path, instrument)
    plan = loaded.plan
    pilot = read_pilot(shares, inst) if shares is not None else None
    result = preview(plan, inst, plan.budget_share * total, respondents, pilot)
    if as_json:
        body = {"file": str(file), "plan": plan.id, "shares_file": str(shares) if shares else None}
        typer.echo(json.dumps(body | result.as_dict(), ensure_ascii=False, indent=2))
        return
    _render(result, plan.id, shares, None if show_all else SHOWN_CELLS)


def _render(result: Preview, plan: str, shares: Path | None, limit: int | None) -> None:
    """Compact tables for people: each plan table's cells (capped at ``limit``), then the proposed split."""
    from rich.console import Console
    from rich.markup import escape

    from .budget import Budget

    console = Console(width=None if sys.stdout.isatty() else 120, highlight=False)
    console.print(
        f"Accuracy preview of plan {escape(plan)} for {result.respondents} respondents;"
        f" one release spends {Budget(result.rho).describe()}."
    )
    console.print(f"Expected shares: {escape(str(shares)) if shares else DEFAULT_SHARES}.")
    for table in result.tables:
        console.print()
        if table.kind == "write_ins":
            floor = math.ceil(table.threshold or 0)
            console.print(
                f"[bold]{escape(table.id)}[/bold] — write-ins of {escape(table.measure)}"
                f"\n  an answer shows only if its noisy count clears {table.threshold:.1f}:"
                f" answers given by fewer than about {floor} people will likely not show."
                f"\n  {_budget_line(table)}"
            )
            continue
        shown = table.cells if limit is None else table.cells[:limit]
        console.print(_cells(table, shown))
        if len(shown) < len(table.cells):
            console.print(f"  … {len(table.cells) - len(shown)} more cells (--all shows every one)")
        console.print(f"  {_budget_line(table)}")
    console.print()
    console.print(_split(result))
    error = "weighted error (each table's noise variance of a cell × its weight, summed)"
    if result.own_split:
        gain = 1 - result.optimal_weighted_error / result.weighted_error
        console.print(
            f"The plan sets its own shares: {error} {result.weighted_error:.4g};"
            f" with the optimal split {result.optimal_weighted_error:.4g} ({gain:.1%} less)."
            "\nTo accept the proposal, set each table's `share` to its optimal share, or remove every `share`."
        )
    else:
        console.print(
            f"The plan sets no shares, so a release uses the optimal split: {error} {result.weighted_error:.4g}."
            "\nTo override it, give every table a `share` (together at most 1)."
        )


DEFAULT_SHARES = "defaults (3 % no answer, 2 % prefer not to say, the rest evenly; variables independent)"


def _budget_line(table: TablePreview) -> str:
    noise = ", ".join(f"{part} {sd:.3g}" for part, sd in table.noise.items())
    return (
        f"ρ = {table.rho:.3g} ({table.share:.1%} of the release; optimal {table.optimal_share:.1%}); noise SD {noise}"
    )


def _cells(table: TablePreview, cells: tuple[CellPreview, ...]) -> RichTable:
    from rich.markup import escape
    from rich.table import Table

    by = f" by {', '.join(table.by)}" if table.by else ""
    out = Table(
        title=f"[bold]{escape(table.id)}[/bold] — {table.kind} of {escape(table.measure)}{escape(by)}",
        title_justify="left",
    )
    mean = table.kind == "mean"
    labels = ["row"] if table.kind == "matrix" else []
    labels += ["group"] if mean else ["category", "group"]
    labels += ["n", "± n", "mean" if mean else "share", "± mean" if mean else "± share", "P(suppressed)", "likely"]
    for label in labels:
        out.add_column(label, justify="left" if label in ("row", "category", "group", "likely") else "right")
    for c in cells:
        group = " × ".join(c.by.values()) or "everyone"
        value, half = (c.mean, c.mean_half_width) if mean else (c.share, c.share_half_width)
        likely = c.status + (", share imprecise" if c.share_status == "imprecise" else "")
        row = [c.row or ""] if table.kind == "matrix" else []
        row += [group] if mean else [c.measure or "", group]
        row += [f"{c.expected:.0f}", f"{c.count_half_width:.0f}", _number(value, mean), _number(half, mean)]
        row += [f"{c.p_suppressed:.0%}", likely]
        out.add_row(*(escape(v) for v in row))
    return out


def _number(value: float | None, mean: bool) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if mean else f"{value:.1%}"


def _split(result: Preview) -> RichTable:
    from rich.table import Table

    out = Table(title="[bold]Budget split[/bold] across tables", title_justify="left")
    for label in ("table", "kind", "share now", "optimal share"):
        out.add_column(label, justify="right" if "share" in label else "left")
    for t in result.tables:
        out.add_row(t.id, t.kind, f"{t.share:.1%}", f"{t.optimal_share:.1%}")
    return out

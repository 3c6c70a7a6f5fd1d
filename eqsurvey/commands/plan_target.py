"""``eqsurvey plan target``: how many respondents, in which groups, and how much budget for a given accuracy.

The reverse of ``plan preview``: given the half-width of the 95 % intervals a
municipality needs (± 5 points: ``--half-width 0.05``), the respondents needed
per group and overall and the ρ each table needs, and which breakdowns are
out of reach. Group names are the instrument's labels (``reports.labels``), so
the ``eqsurvey`` command mounts it on the ``plan`` group, as it does ``plan preview``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from eqsurvey.commands.kit import user_errors
from eqsurvey.commands.plan import InstrumentOption, PlanArgument, load_for_command
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from analysis.preview.target import GroupNeed, TableNeed
    from eqsurvey.workflows.plan_target import TargetAnswer
    from reports.labels import Labels

VERDICTS = {
    "reachable": "reachable",
    "beyond_cap": "out of reach: more respondents than {most:,}",
    "sampling": "out of reach at {at:,} respondents: sampling alone is wider, whatever the budget",
    "budget": "out of reach at {at:,} respondents: the table would need more than the project's whole ρ = {total:g}",
    "empty": "no one expected in this group",
}
LONGEST = 32
"""Category labels longer than this are cut, so that a table fits a terminal."""


def _cut(text: str) -> str:
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


SKIPPED = {
    "write_ins": "write-ins have no interval to target",
    "mean": "a mean: give --mean-half-width in the measure's units",
}


@user_errors
def plan_target(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    half_width: Annotated[
        float,
        typer.Option(
            "--half-width",
            help="Half-width of the 95 % interval each share should have, as a fraction: 0.05 for ± 5 points.",
        ),
    ],
    path: PlanArgument = None,
    mean_half_width: Annotated[
        float | None,
        typer.Option("--mean-half-width", help="For mean tables: the half-width in the measure's units (0.25)."),
    ] = None,
    tables: Annotated[
        list[str] | None, typer.Option("--table", help="Plan only this table (repeat for several); default: all.")
    ] = None,
    groups: Annotated[
        list[str] | None,
        typer.Option("--group", help="Plan only groups with this code (repeat for several); default: all."),
    ] = None,
    shares: Annotated[
        Path | None,
        typer.Option(
            "--shares",
            help="The groups' shares from a pilot: a CSV (variable,category,share) or a pilot's release file "
            "(FILE.json, from: eqsurvey release show ID --json).",
        ),
    ] = None,
    city_type: Annotated[
        str | None,
        typer.Option(
            "--city-type",
            help="Shares from the sourced reference file for this city type (germany, largest_cities) where "
            "neither the pilot nor the plan gives them.",
        ),
    ] = None,
    max_respondents: Annotated[
        int, typer.Option("--max-respondents", min=1, help="The most respondents the city could reach.")
    ] = 100_000,
    respondents: Annotated[
        int | None,
        typer.Option("--respondents", "-n", min=1, help="Work out the ρ each table needs at this many respondents."),
    ] = None,
    instrument: InstrumentOption = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the group names (default: the instrument's).")
    ] = None,
    format_: Annotated[Literal["text", "json"], typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Plan from the accuracy you need: respondents per group and overall, and the budget per table.

    For every group of every table (or of --table/--group) it gives the
    group's expected share of respondents, the members it needs for intervals
    of at most ± the half-width, the respondents needed overall so that the
    group has them with 95 % confidence, and the ρ the table needs at that
    number (or at --respondents). Unknown shares are taken at their worst
    (near 50 %). It reads no responses, spends no budget and needs no key.

    Example: eqsurvey plan target --half-width 0.05 --table discrimination_by_identity --shares pilot.csv
    """
    from analysis.preview.target import Target
    from eqsurvey.commands.report import _language
    from eqsurvey.workflows.plan_target import plan_target as answer_for
    from reports.catalogue import Catalogue
    from reports.labels import Labels

    if not 0 < half_width < 1:
        raise EqSurveyError.single(
            "bad-half-width",
            f"--half-width {half_width:g} is not a fraction between 0 and 1",
            "write 0.05 for ± 5 points",
        )
    if mean_half_width is not None and not mean_half_width > 0:
        raise EqSurveyError.single(
            "bad-half-width", f"--mean-half-width {mean_half_width:g} is not positive", "write e.g. 0.25 on a 1–5 scale"
        )
    _, inst, total, loaded = load_for_command(ctx, path, instrument)
    target = Target(half_width, mean_half_width, tuple(tables or ()), tuple(groups or ()), max_respondents, respondents)
    answer = answer_for(loaded.plan, inst, total, target, shares, city_type)
    if format_ == "json":
        typer.echo(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
        return
    labels = Labels(inst, Catalogue(_language(lang, inst)))
    for line in lines(answer, labels):
        typer.echo(line)


def lines(answer: TargetAnswer, labels: Labels) -> list[str]:
    """The answer as the command prints it."""
    result, target = answer.result, answer.result.target
    out = [f"Target: 95 % intervals of at most ± {target.half_width * 100:g} points for shares"
           + (f", ± {target.mean_half_width:g} for means" if target.mean_half_width else "")
           + f", met with {target.confidence * 100:g} % confidence"]  # fmt: skip
    out.append(f"One release spends ρ = {result.rho:.4g} of the project's {answer.total:g}")
    out.append(_sources(answer))
    if result.respondents is not None:
        out.append(f"Respondents needed: {result.respondents:,} (every group planned)")
    else:
        out.append(f"Respondents needed: more than {target.max_respondents:,} for some group (see below)")
    needed = result.rho_needed
    out.append(
        f"ρ needed at {result.at:,} respondents: {needed:.4g}" if needed is not None
        else f"ρ needed at {result.at:,} respondents: some group cannot be reached with that many, whatever the budget"
    )  # fmt: skip
    for table in result.tables:
        out.extend(["", *_table(table, result.at, target.max_respondents, labels, answer.total)])
    if any(not g.stated for t in result.tables for g in t.groups):
        out.append("\n* the shares of the answers in this group are not known: the widest interval (near 50 %) counts")
    for table_id, kind in result.skipped.items():
        out.append(f"Not planned: {table_id} ({SKIPPED[kind]})")
    return out


def _sources(answer: TargetAnswer) -> str:
    by_source: dict[str, list[str]] = {}
    for name, source in sorted(answer.sources.items()):
        by_source.setdefault(source, []).append(name)
    words = {"pilot": f"the pilot {answer.shares_file}", "release": f"the pilot's release {answer.shares_file}",
             "plan": "the plan's reference shares", "reference": f"the reference figures for {answer.city_type}"}  # fmt: skip
    given = "; ".join(f"{words[s]} ({', '.join(names)})" for s, names in by_source.items())
    rest = "every other variable: 3 % no answer, 2 % prefer not to say, the rest evenly (no fact about your city)"
    return f"Shares from: {given}; {rest}" if given else f"Shares: {rest}"


def _table(table: TableNeed, at: int, most: int, labels: Labels, total: float) -> list[str]:
    width = f"± {table.half_width * 100:g} points" if table.kind != "mean" else f"± {table.half_width:g}"
    rho = f"{table.rho_needed:.4g}" if table.rho_needed is not None else "out of reach"
    respondents = f"{table.respondents:,}" if table.respondents is not None else f"more than {most:,}"
    rows = [
        f"{table.id}: {table.kind} of {table.measure}" + (f" by {', '.join(table.by)}" if table.by else "") + f", {width}",
        f"  respondents needed {respondents}; ρ now {table.rho:.4g}, needed at {at:,} respondents {rho}",
    ]  # fmt: skip
    header = ("group", "expected share", "members needed", "respondents needed", "ρ needed", "verdict")
    body = [_group(g, labels, at, most, table.measure, total) for g in table.groups]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    for row in [header, *body]:
        rows.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return rows


def _group(group: GroupNeed, labels: Labels, at: int, most: int, measure: str, total: float) -> tuple[str, ...]:  # noqa: PLR0917
    # The table's line names the breakdowns: each group by its categories' labels, each cut to fit a terminal.
    parts = [_cut(str(labels.category(name, code))) for name, code in group.by.items()]
    name = " · ".join(parts) if parts else "everyone"
    if group.row:
        name = f"{_cut(str(labels.row(measure, group.row)))}: {name}"
    assumed = "" if group.stated else " *"
    return (
        name + assumed,
        f"{group.share:.1%}",
        f"{group.members:,}" if group.members is not None else "–",
        f"{group.respondents:,}" if group.respondents is not None else "–",
        f"{group.rho:.4g}" if group.rho is not None else "–",
        VERDICTS[group.reach.value].format(most=most, at=at, total=total),
    )

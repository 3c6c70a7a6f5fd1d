"""Reading an analysis plan: YAML → :class:`AnalysisPlan`, every problem with file and line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from analysis.budget import CONVENTIONAL_EPSILON, DEFAULT_DELTA, PrivacyBudget, describe, is_conventional
from analysis.plans.check import check_plan
from analysis.plans.margins import read_margins
from analysis.plans.model import AnalysisPlan, Calibration, Publication, Table
from analysis.plans.scales import check_scales
from instruments.checks import Path as FindingPath
from instruments.model import Instrument
from kernel.errors import MAX_LISTED, EqSurveyError, Location, Problem, first_listed
from kernel.files import read_text
from kernel.yaml_source import MAX_YAML_BYTES, load_yaml, locate

_KEYS = sorted({*AnalysisPlan.model_fields, *Table.model_fields, *Publication.model_fields, *Calibration.model_fields})


class PlanError(EqSurveyError):
    """An analysis plan is broken (one or many problems)."""


@dataclass(frozen=True)
class LoadedPlan:
    plan: AnalysisPlan
    warnings: tuple[Problem, ...]


def load_plan(path: Path, instrument: Instrument, total: PrivacyBudget | None = None) -> LoadedPlan:
    return parse_plan(read_text(path, PlanError, MAX_YAML_BYTES), str(path), instrument, total)


def parse_plan(text: str, source: str, instrument: Instrument, total: PrivacyBudget | None = None) -> LoadedPlan:
    """Validate plan YAML against its model and the instrument; raises :class:`PlanError` listing every error.

    With the project's total budget (``total_rho``), a share too small to buy a usable noise scale is refused, and a plan that
    spends more than is conventional at once is warned about.
    """
    checked = check_plan_text(text, source, instrument, total)
    problems = [p.problem for p in checked.problems]
    if checked.plan is None or any(p.severity == "error" for p in problems):
        raise PlanError(problems)
    return LoadedPlan(checked.plan, tuple(problems))


@dataclass(frozen=True)
class PlacedProblem:
    """A problem of a plan and the path into the plan it concerns (``("tables", 2, "by", 0)``; ``()`` the whole file)."""

    path: FindingPath
    problem: Problem


@dataclass(frozen=True)
class CheckedPlan:
    """Everything :func:`parse_plan` finds, without raising: for an editor that shows each problem at its place."""

    plan: AnalysisPlan | None
    """The plan, when its YAML fits the model (it may still have errors against the instrument)."""
    problems: tuple[PlacedProblem, ...]

    @property
    def errors(self) -> tuple[PlacedProblem, ...]:
        return tuple(p for p in self.problems if p.problem.severity == "error")


def check_plan_text(text: str, source: str, instrument: Instrument, total: PrivacyBudget | None = None) -> CheckedPlan:
    """The plan and every problem :func:`parse_plan` would list, each with its path; a YAML that cannot be read raises."""
    raw = load_yaml(text, source)
    if not isinstance(raw, dict):
        raise PlanError.single(
            "plan-not-mapping",
            "an analysis plan is a mapping (id, instrument, tables, …)",
            "start from examples/musterstadt/plan.yaml",
            Location(source),
        )
    try:
        plan = AnalysisPlan.model_validate(raw)
    except ValidationError as exc:
        details = exc.errors(include_url=False)
        listed = [PlacedProblem(tuple(err["loc"]), _problem(err, raw)) for err in details[:MAX_LISTED]]
        more = first_listed([p.problem for p in listed], len(details), source)[len(listed) :]
        return CheckedPlan(None, (*listed, *(PlacedProblem((), p) for p in more)))
    plan, margins = _with_margins(plan, raw, source)
    findings = check_plan(plan, instrument)
    if total is not None and not any(f.severity == "error" for f in findings):
        findings += check_scales(plan, instrument, float(total))  # needs a plan whose tables fit the instrument
    problems = [
        PlacedProblem(f.path, Problem(f.code, _place(f.path, raw, margins), f.problem, f.fix, f.severity))
        for f in findings
    ]
    if total is not None and not any(p.problem.severity == "error" for p in problems):
        spend = total.share(plan.budget_share)
        if not is_conventional(spend):
            problems.append(
                PlacedProblem(
                    ("budget_share",),
                    Problem(
                        "weak-guarantee",
                        locate(raw, ("budget_share",)),
                        f"one release spends {describe(spend)}, above the conventional ε = {CONVENTIONAL_EPSILON:g}"
                        f" at δ = {DEFAULT_DELTA:g}",
                        "spend a smaller share per release, or publish fewer tables",
                        "warning",
                    ),
                )
            )
    return CheckedPlan(plan, tuple(problems))


@dataclass(frozen=True)
class _MarginsFile:
    path: str
    lines: list[int]


def _with_margins(plan: AnalysisPlan, raw: Any, source: str) -> tuple[AnalysisPlan, _MarginsFile | None]:
    """The plan with its margins file's figures read into ``calibration.population`` (the release stores them)."""
    calibration = plan.calibration
    if calibration is None or calibration.margins is None:
        return plan, None
    where = locate(raw, ("calibration", "margins"))
    if calibration.population is not None:
        raise PlanError.single(
            "margins-twice",
            "the calibration gives both a margins file and population figures",
            "keep one: margins: FILE.csv, or the figures under population",
            where,
        )
    name = Path(calibration.margins)
    if name.is_absolute() or ".." in name.parts:
        raise PlanError.single(
            "margins-place",
            f"the margins file '{calibration.margins}' is not beside the plan",
            "put the file in the plan's folder (or below it) and name it relative to the plan",
            where,
        )
    path = Path(source).parent / name
    if not path.is_file():
        raise PlanError.single(
            "margins-missing", f"there is no margins file {path}", "create it, or correct calibration.margins", where
        )
    rows, lines = read_margins(path, calibration.variables, PlanError)
    read = calibration.model_copy(update={"population": rows})
    return plan.model_copy(update={"calibration": read}), _MarginsFile(str(path), lines)


def _place(path: FindingPath, raw: Any, margins: _MarginsFile | None) -> Location:
    """Where a finding is: in the plan, or at its line of the margins file for figures read from one."""
    if margins is None or tuple(path[:2]) != ("calibration", "population"):
        return locate(raw, path)
    if len(path) > 2 and isinstance(path[2], int):
        return Location(margins.path, margins.lines[path[2]])
    return Location(margins.path)


def _problem(err: Any, raw: Any) -> Problem:
    loc = tuple(err["loc"])
    where = locate(raw, loc)
    key = str(loc[-1]) if loc else ""
    kind = err["type"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, _KEYS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return Problem("unknown-key", where, f"unknown key '{key}'{hint}", "remove it or correct its spelling")
    if kind == "missing":
        return Problem("missing-key", where, f"the required key '{key}' is missing", f"add '{key}: …' here")
    if kind == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        return Problem(
            "invalid-value", where, f"{err.get('input')!r} is not allowed for '{key}'", f"use one of: {expected}"
        )
    message = str(err["msg"]).removeprefix("Value error, ")
    fix = _FIXES.get(key, "correct the value")
    return Problem("invalid-value", where, f"{message} (for '{key}', got {err.get('input')!r:.60})", fix)


_FIXES = {
    "budget_share": "give the share of the project's total budget one release spends: above 0 and at most 1, e.g. 0.3",
    "share": "give this table's share of the plan's budget: above 0 and at most 1, the tables' shares adding up to 1",
    "weight": "give how much this table's accuracy matters against the others: from 0.000001 to 1000000, e.g. 2",
}

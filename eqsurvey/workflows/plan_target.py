"""Planning from target accuracy: what ``eqsurvey plan target`` prints and the console's plan page shows.

It reads no responses, spends no budget and needs no key: the plan, its
instrument, the project's total budget and, if given, a pilot's group shares
(a CSV, or a pilot's release file) or a city type of the sourced reference
file. The shares come, per variable, from the first of: the pilot, the plan's
reference shares, the city type's figures, the preview's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.errors import EqSurveyError, Location, Problem

if TYPE_CHECKING:
    from analysis.plans.model import AnalysisPlan
    from analysis.preview.accuracy import Planned
    from analysis.preview.reference import ReferenceShare
    from analysis.preview.target import Target, TargetPlan
    from instruments.model import Instrument
    from kernel.privacy_budget import PrivacyBudget


@dataclass(frozen=True)
class TargetAnswer:
    """The planner's answer, and where each share it assumed came from."""

    result: TargetPlan
    planned: Planned
    sources: dict[str, str]
    """Per variable whose shares are not the defaults: ``pilot``, ``release``, ``plan`` or ``reference``."""
    references: list[ReferenceShare] = field(default_factory=list)
    shares_file: str | None = None
    city_type: str | None = None
    total: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "target": {
                "half_width": self.result.target.half_width,
                "mean_half_width": self.result.target.mean_half_width,
            },
            "confidence": self.result.target.confidence,
            "rho": self.result.rho,
            "rho_total": self.total,
            "respondents": self.result.respondents,
            "at": self.result.at,
            "rho_needed": self.result.rho_needed,
            "shares": {"file": self.shares_file, "city_type": self.city_type, "sources": self.sources},
            "references": [
                {"variable": r.variable, "category": r.category, "share": r.share, "source": r.source, "note": r.note}
                for r in self.references
            ],
            "tables": self.result.as_dict()["tables"],
            "skipped": self.result.skipped,
        }


def read_shares(path: Path, instrument: Instrument) -> tuple[dict[str, dict[str, float]], str]:
    """A pilot's shares from ``path``: a release file (``.json``, its noisy counts) or a pilot CSV; and which."""
    from analysis.preview.pilot import PilotError, read_pilot
    from analysis.preview.release_shares import release_shares
    from eqsurvey.workflows.release_files import parse_release_file
    from kernel.files import read_text

    if path.suffix.lower() == ".json":
        release = parse_release_file(read_text(path, PilotError), str(path))
        return release_shares(release, instrument, str(path)), "release"
    return read_pilot(path, instrument), "pilot"


def plan_target(  # noqa: PLR0917 - what the planner needs, each a different thing
    plan: AnalysisPlan,
    instrument: Instrument,
    total: PrivacyBudget,
    target: Target,
    shares: Path | None = None,
    city_type: str | None = None,
) -> TargetAnswer:
    """The respondents and budget ``plan`` needs for ``target``; user errors for unknown tables and groups."""
    from analysis.preview.accuracy import Planned
    from analysis.preview.assumed_shares import assumed_shares
    from analysis.preview.reference import reference_shares
    from analysis.preview.target import plan_target as solve

    _check_tables(plan, target)
    if target.max_rho is None:  # no table can have more than the project's whole budget
        target = replace(target, max_rho=float(total))
    given, kind = read_shares(shares, instrument) if shares is not None else ({}, "")
    assumed = assumed_shares(plan, instrument, given)
    merged = {name: dict(values) for name, values in assumed.shares.items()}
    sources = {name: kind if source.value == "pilot" else source.value for name, source in assumed.sources.items()}
    references: list[ReferenceShare] = []
    if city_type is not None:
        reference, figures = reference_shares(city_type, instrument)
        for name, values in reference.items():
            if name not in merged:  # a pilot's or the plan's own figures come first
                merged[name], sources[name] = values, "reference"
                references.extend(f for f in figures if f.variable == name)
    planned = Planned(plan, instrument, float(total.share(plan.budget_share)), merged)
    result = solve(planned, target)
    _check_groups(planned, result, target)
    return TargetAnswer(result, planned, sources, references, str(shares) if shares else None, city_type, float(total))


def _check_tables(plan: AnalysisPlan, target: Target) -> None:
    known = [t.id for t in plan.tables]
    unknown = [t for t in target.tables if t not in known]
    if unknown:
        raise EqSurveyError(
            [
                Problem(
                    "unknown-table",
                    Location(field="table"),
                    f"the plan has no table '{table}'",
                    f"use one of: {', '.join(known)}",
                )
                for table in unknown
            ]
        )


def _check_groups(planned: Planned, result: TargetPlan, target: Target) -> None:
    seen = {code for t in result.tables for g in t.groups for code in g.by.values()}
    unknown = [g for g in target.groups if g not in seen]
    if not unknown or not result.tables:
        return
    chosen = {t.id for t in result.tables}
    every = sorted(
        {
            code
            for index, shape in enumerate(planned.shapes)
            if shape.table.id in chosen
            for cell in planned.table(index, 1000).cells
            for code in cell.by.values()
        }
    )
    raise EqSurveyError(
        [
            Problem(
                "unknown-group",
                Location(field="group"),
                f"no table planned has a group '{code}'",
                f"use a group code of the tables' breakdowns: {', '.join(every) or '(the tables have no groups)'}",
            )
            for code in unknown
        ]
    )

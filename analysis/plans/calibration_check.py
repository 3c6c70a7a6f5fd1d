"""A calibrated plan's ``calibration`` block checked against the instrument and its population figures.

Problems carry the path into the plan (``calibration.variables.1``,
``calibration.population.4``); the loader names the margins file's line for
figures read from a file (:mod:`.margins`).
"""

from __future__ import annotations

from collections.abc import Iterator

from analysis.plans.dimensions import dimension
from analysis.plans.margins import margin_problems
from analysis.plans.model import AnalysisPlan, Calibration
from instruments.checks import Finding
from instruments.dataset import dataset_schema
from instruments.model import Instrument
from instruments.questions import MultiChoice

HERE = ("calibration",)


def check_calibration(plan: AnalysisPlan, instrument: Instrument, breaks_down: dict[str, bool]) -> Iterator[Finding]:
    """``breaks_down``: per variable of the instrument, whether a table may break down by it."""
    calibration = plan.calibration
    if calibration is None:
        return
    yield from _tables(plan, calibration)
    if calibration.trim[0] >= 1 or calibration.trim[1] <= 1:
        yield Finding(
            (*HERE, "trim"),
            "invalid-value",
            f"trim {list(calibration.trim)} does not hold the mean weight 1",
            "give the lowest and highest weight relative to the mean, e.g. [0.3, 3.0]",
        )
    schema = dataset_schema(instrument)
    categories: dict[str, list[str]] = {}
    for j, name in enumerate(calibration.variables):
        if name not in breaks_down:
            yield Finding(
                (*HERE, "variables", j),
                "unknown-variable",
                f"'{name}' is no question or derived variable of the instrument",
                "name a single-choice question (age group, gender, district) of the instrument",
            )
            continue
        single = not isinstance(instrument.question_map.get(name), MultiChoice)
        if not breaks_down[name] or not single:
            yield Finding(
                (*HERE, "variables", j),
                "calibration-variable",
                f"'{name}' does not sort each respondent into one group",
                "calibrate by single-choice questions or derived groups (age group, gender, district)",
            )
            continue
        dim = dimension(schema, name)
        categories[name] = [dim.categories[i] for i in dim.substantive]
    if len(set(calibration.variables)) != len(calibration.variables):
        yield Finding((*HERE, "variables"), "duplicate-variable", "a variable is named twice", "name each once")
    if calibration.population is None:
        yield Finding(
            HERE,
            "missing-margins",
            "the calibration names no population figures",
            "give margins: FILE.csv (beside the plan) with the population by each calibration variable",
        )
        return
    if len(categories) != len(calibration.variables):
        return  # the figures can only be checked against variables that exist
    for problem in margin_problems(calibration, categories):
        at = (*HERE, "population", problem.row) if problem.row is not None else (*HERE, "population")
        yield Finding(at, "population-margins", problem.problem, problem.fix)


def _tables(plan: AnalysisPlan, calibration: Calibration) -> Iterator[Finding]:
    kinds = {t.id: t.kind for t in plan.tables}
    for j, name in enumerate(calibration.tables or []):
        if name not in kinds:
            yield Finding(
                (*HERE, "tables", j), "unknown-table", f"the plan has no table '{name}'", "name a table of the plan"
            )
        elif kinds[name] != "counts":
            yield Finding(
                (*HERE, "tables", j),
                "weighted-kind",
                f"table '{name}' is a {kinds[name]} table; only counts tables are published weighted",
                "name counts tables only",
            )
    if not plan.weighted_tables() and not any(n not in kinds for n in calibration.tables or []):
        yield Finding(
            (*HERE, "tables"),
            "nothing-weighted",
            "the calibration weights no table (the plan has no counts table)",
            "add a counts table, or remove the calibration",
        )

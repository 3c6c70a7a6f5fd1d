"""Population margins of a calibrated plan: read from a small CSV beside the plan, and checked.

The file has one column per calibration variable it uses and a ``population``
column; a row fills the variables of its margin and leaves the others blank,
so one file holds several margins (age group × gender, district)::

    # Amt für Statistik, Einwohnerregister, Stichtag 31.12.2025
    age_group,gender,district,population
    18_34,female,,10400
    18_34,male,,10100
    ,,mitte,5000

Lines starting with ``#`` are comments. Every problem names the file and line
(:func:`read_margins`) or the plan's place (:func:`margin_problems` for
figures written into the plan), what is wrong and how to fix it.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from analysis.plans.model import Calibration, PopulationRow
from kernel.errors import EqSurveyError, Location, Problem
from kernel.files import read_text

MAX_BYTES = 1_000_000
"""A margins file is a few dozen rows; anything near this size is the wrong file."""
TOTALS_AGREE = 0.01
"""Margins of one population may differ by rounding, not more: relative difference of their totals."""
COUNT = "population"


@dataclass(frozen=True)
class MarginProblem:
    """A problem of one population row (``row`` its index; None: of the margins as a whole)."""

    row: int | None
    problem: str
    fix: str


def read_margins(path: Path, variables: list[str], error: type[EqSurveyError]) -> tuple[list[PopulationRow], list[int]]:
    """The file's rows and the line of each; ``error`` (a :class:`PlanError`) listing every problem of its form."""
    text = read_text(path, error, MAX_BYTES).removeprefix("\ufeff")  # Excel's "CSV UTF-8" starts with one
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    where = str(path)
    if not lines:
        raise error.single("margins-empty", "the margins file holds no rows", _FORMAT_FIX, Location(where))
    header_line, header = lines[0]
    names = [h.strip() for h in next(csv.reader([header]))]
    problems: list[Problem] = []
    if COUNT not in names:
        problems.append(Problem("margins-header", Location(where, header_line), "no 'population' column", _FORMAT_FIX))
    for name in names:
        if name != COUNT and name not in variables:
            problems.append(
                Problem(
                    "margins-header",
                    Location(where, header_line),
                    f"column '{name}' is not a calibration variable ({', '.join(variables)})",
                    "name the columns after the plan's calibration variables, or add it to calibration.variables",
                )
            )
    if problems:
        raise error(problems)
    rows: list[PopulationRow] = []
    found: list[int] = []
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)), [])
        place = Location(where, number)
        if len(values) != len(names):
            problems.append(
                Problem("margins-row", place, f"{len(values)} fields, the header has {len(names)}", _FORMAT_FIX)
            )
            continue
        cells = dict(zip(names, (v.strip() for v in values), strict=True))
        codes = {k: v for k, v in cells.items() if k != COUNT and v}
        count = _number(cells[COUNT])
        if count is None or count < 0:
            problems.append(
                Problem(
                    "margins-count",
                    place,
                    f"population {cells[COUNT]!r} is not a count of people",
                    "give a whole or decimal number of 0 or more, without thousands separators",
                )
            )
            continue
        if not 1 <= len(codes) <= 2:
            problems.append(
                Problem(
                    "margins-row",
                    place,
                    f"the row names {len(codes)} variables",
                    "fill one variable (a margin of it) or two (their cross) per row, the others blank",
                )
            )
            continue
        rows.append(PopulationRow(codes=codes, count=count))
        found.append(number)
    if problems:
        raise error(problems)
    return rows, found


_FORMAT_FIX = "write one column per calibration variable and a 'population' column (see examples/calibration/)"


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def margins_of(rows: list[PopulationRow]) -> dict[tuple[str, ...], dict[tuple[str, ...], float]]:
    """Per margin (its variables, sorted), each category's population."""
    out: dict[tuple[str, ...], dict[tuple[str, ...], float]] = defaultdict(dict)
    for row in rows:
        names = tuple(sorted(row.codes))
        out[names][tuple(row.codes[n] for n in names)] = row.count
    return dict(out)


def margin_problems(calibration: Calibration, categories: dict[str, list[str]]) -> list[MarginProblem]:
    """What is wrong with the population figures against the calibration variables' categories."""
    rows = calibration.population or []
    found: list[MarginProblem] = []
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    for i, row in enumerate(rows):
        for name, code in row.codes.items():
            if name not in categories:
                found.append(MarginProblem(i, f"'{name}' is not a calibration variable", "add it to variables"))
            elif code not in categories[name]:
                found.append(
                    MarginProblem(
                        i,
                        f"'{code}' is not a category of '{name}' ({', '.join(categories[name])})",
                        "use the question's option codes",
                    )
                )
        key = tuple(sorted(row.codes.items()))
        if key in seen:
            found.append(MarginProblem(i, "the same category is given twice", "keep one row per category"))
        seen[key] = i
    if found:
        return found
    margins = margins_of(rows)
    found += _coverage(margins, categories, calibration)
    totals = {names: sum(cells.values()) for names, cells in margins.items()}
    if totals and (low := min(totals.values())) < max(totals.values()) * (1 - TOTALS_AGREE):
        listed = ", ".join(f"{' × '.join(n)}: {t:,.0f}" for n, t in totals.items())
        found.append(
            MarginProblem(
                None,
                f"the margins do not add up to the same population ({listed})",
                "take every margin from the same population and date; they may differ by rounding (1 %), not more",
            )
        )
    if totals and low <= 0:
        found.append(MarginProblem(None, "the population adds up to 0", "give the population's counts"))
    return found


def _coverage(
    margins: dict[tuple[str, ...], dict[tuple[str, ...], float]],
    categories: dict[str, list[str]],
    calibration: Calibration,
) -> list[MarginProblem]:
    found = []
    for names, cells in margins.items():
        missing = [combo for combo in _product([categories[n] for n in names]) if combo not in cells]
        if missing:
            found.append(
                MarginProblem(
                    None,
                    f"the margin {' × '.join(names)} lacks {', '.join('/'.join(m) for m in missing[:3])}",
                    "give every category of the margin (0 where nobody is in it)",
                )
            )
    covered = {n for names in margins for n in names}
    for name in calibration.variables:
        if name not in covered:
            found.append(MarginProblem(None, f"no margin gives '{name}'", f"add the population by {name}"))
    if calibration.method == "poststratify" and len(calibration.variables) <= 2:
        if tuple(sorted(calibration.variables)) not in margins:
            found.append(
                MarginProblem(
                    None,
                    f"post-stratification needs the population by {' × '.join(calibration.variables)} (every cell)",
                    "give that cross, or use method: rake with the margins you have",
                )
            )
    elif calibration.method == "poststratify":
        found.append(
            MarginProblem(
                None,
                "post-stratification by three variables needs a cross of all three, which a margins file cannot hold",
                "use method: rake",
            )
        )
    return found


def _product(lists: list[list[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for options in lists:
        out = [(*o, c) for o in out for c in options]
    return out

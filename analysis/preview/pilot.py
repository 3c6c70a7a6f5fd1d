"""Expected shares of each group before any data exist: stated defaults, or a pilot's figures.

The accuracy preview needs to know how many respondents to expect in each
cell. Unless a pilot says otherwise it assumes:

- :data:`MISSING_SHARE` (3 %) of respondents give no answer to a variable
  (not asked, or skipped), :data:`DECLINED_SHARE` (2 %) choose "prefer not to
  say" where it is offered (the defaults of :mod:`survey.simulation.simulator`);
- the others are spread evenly over the substantive categories of a single
  choice (scale points, derived groups, true/false alike);
- of those who answer a multiple choice, each option is ticked by one in
  *k* (*k* options): as if everyone ticked exactly one, all equally likely;
- variables are independent of each other.

A pilot file (CSV, UTF-8) overrides these per variable::

    variable,category,share
    rac_self,black,0.03
    gender_group,tin,0.04
    gender_group,_no_answer,0.05

``share`` is the fraction of *all* respondents in the category (for a
multiple-choice option: who tick it). Categories a variable leaves out share
what is left, in proportion to their defaults. ``variable`` is a question,
derived variable or matrix row (``discr_5y__work``); a matrix question's id
stands for each of its rows. The status categories ``_no_answer``,
``prefer_not_to_say`` and (multiple choice) ``_answered`` may be given too.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from pathlib import Path

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension, dimension, matrix_rows
from instruments.dataset import DatasetSchema, dataset_schema
from instruments.model import Instrument
from instruments.questions import Matrix
from instruments.text import DECLINED
from kernel.errors import EqSurveyError, Location, Problem
from kernel.files import read_text

MISSING_SHARE = 0.03
DECLINED_SHARE = 0.02
TOLERANCE = 0.005
"""Published pilot shares are rounded: sums may miss 1 by this much."""

Pilot = dict[str, dict[str, float]]
"""Per variable, the given share of each category."""


class PilotError(EqSurveyError):
    """A pilot shares file is broken (one or many problems)."""


def category_shares(dim: Dimension, given: Mapping[str, float] | None = None) -> tuple[float, ...]:
    """Each category's expected fraction of all respondents: the defaults, overridden by ``given``."""
    given = given or {}
    cats = dim.categories
    declined = DECLINED_SHARE if any(cats[i] == DECLINED for i in dim.partition) else 0.0
    answered = 1 - MISSING_SHARE - declined
    status = {NO_ANSWER: MISSING_SHARE, DECLINED: declined, ANSWERED: answered}
    shares = [
        answered / len(dim.substantive) if i in dim.substantive else status.get(c, 0.0) if i in dim.partition else 0.0
        for i, c in enumerate(cats)
    ]
    rest = [i for i in dim.partition if cats[i] not in given]
    left = max(1 - sum(v for c, v in given.items() if cats.index(c) in dim.partition), 0.0)
    weight = sum(shares[i] for i in rest)
    for i in rest:
        shares[i] = left * (shares[i] / weight if weight > 0 else 1 / len(rest))
    for code, value in given.items():
        shares[cats.index(code)] = value
    if dim.multi:  # the options left out follow those who answer, whoever set that share
        for i in dim.substantive:
            if cats[i] not in given:
                shares[i] = answered_share(dim, shares) / len(dim.substantive)
    return tuple(shares)


def answered_share(dim: Dimension, shares: tuple[float, ...] | list[float]) -> float:
    """The fraction who gave an answer (the base of the dimension's shares)."""
    if dim.multi:
        return shares[dim.categories.index(ANSWERED)]
    return sum(shares[i] for i in dim.substantive)


def variables(schema: DatasetSchema) -> dict[str, list[Dimension]]:
    """Every name a pilot may use, with the dimensions it stands for (a matrix id: all its rows)."""
    out: dict[str, list[Dimension]] = {g.question: [dimension(schema, g.question)] for g in schema.multi_select}
    for c in schema.columns:
        bounded = c.kind == "integer" and c.minimum is not None and c.maximum is not None
        if c.kind == "categorical" or (c.kind == "boolean" and c.option is None) or bounded:
            out[c.name] = [dimension(schema, c.name)]
    return out


def read_pilot(path: Path, instrument: Instrument) -> Pilot:
    return parse_pilot(read_text(path, PilotError), str(path), instrument)


def parse_pilot(text: str, source: str, instrument: Instrument) -> Pilot:
    """Pilot CSV → shares per variable; raises :class:`PilotError` listing every problem with its line."""
    schema = dataset_schema(instrument)
    known = variables(schema)
    for q in instrument.questions():
        matrix = matrix_rows(schema, q.id) if isinstance(q, Matrix) else []
        if matrix:
            known[q.id] = matrix
    problems: list[Problem] = []
    rows = _rows(text.removeprefix("\ufeff"), source, problems)
    given: dict[str, dict[str, tuple[float, int]]] = {}
    for line, variable, category, raw in rows:
        where = Location(source, line)
        dims = known.get(variable)
        if dims is None:
            close = difflib.get_close_matches(variable, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                Problem(
                    "pilot-variable",
                    where,
                    f"'{variable}' is no question, derived variable or matrix row that sorts respondents into groups{hint}",
                    "use the variable's id as in the plan (a matrix row as QUESTION__ROW)",
                )
            )
            continue
        if category not in dims[0].categories:
            problems.append(
                Problem(
                    "pilot-category",
                    where,
                    f"'{category}' is no category of '{variable}'",
                    f"use one of: {', '.join(dims[0].categories)}",
                )
            )
            continue
        share = _share(raw)
        if share is None:
            problems.append(
                Problem("pilot-share", where, f"share {raw!r} is not a number from 0 to 1", "write e.g. 0.04 for 4 %")
            )
            continue
        if category in given.setdefault(variable, {}):
            first = given[variable][category][1]
            problems.append(
                Problem(
                    "pilot-duplicate",
                    where,
                    f"'{variable},{category}' was already given on line {first}",
                    "keep one row per category",
                )
            )
            continue
        given[variable][category] = (share, line)
    for variable, shares in given.items():
        problems.extend(_check_sums(known[variable][0], variable, shares, source))
    if problems:
        raise PilotError(problems)
    pilot: Pilot = {}
    rows_first = sorted(given.items(), key=lambda kv: known[kv[0]][0].name != kv[0])  # a row beats its matrix's id
    for variable, shares in rows_first:
        for dim in known[variable]:
            pilot.setdefault(dim.name, {c: v for c, (v, _) in shares.items()})
    return pilot


def _rows(text: str, source: str, problems: list[Problem]) -> list[tuple[int, str, str, str]]:
    """(line, variable, category, share) of every non-empty row; the header may order its columns freely."""
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if ";" in first and "," not in first else ",")
    header = [h.strip().lower() for h in next(reader, [])]
    wanted = ("variable", "category", "share")
    if any(w not in header for w in wanted):
        problems.append(
            Problem(
                "pilot-header",
                Location(source, 1),
                f"the first line must name the columns {', '.join(wanted)} (found: {', '.join(header) or 'nothing'})",
                "start the file with the line: variable,category,share",
            )
        )
        return []
    at = [header.index(w) for w in wanted]
    out = []
    for row in reader:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        padded = cells + [""] * (max(at) + 1 - len(cells))
        out.append((reader.line_num, padded[at[0]], padded[at[1]], padded[at[2]]))
    return out


def _share(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", ".") if "." not in raw else raw)  # German spreadsheets write 0,04
    except ValueError:
        return None
    return value if 0 <= value <= 1 else None


def _check_sums(dim: Dimension, variable: str, given: dict[str, tuple[float, int]], source: str) -> list[Problem]:
    """Everyone is in exactly one category of a partition, and no option is ticked by more than answered."""
    problems = []
    total, lines = 0.0, []
    for code, (value, line) in sorted(given.items(), key=lambda kv: kv[1][1]):
        if dim.categories.index(code) not in dim.partition:
            continue
        total += value
        lines.append(line)
        if total > 1 + TOLERANCE:
            return [
                Problem(
                    "pilot-over-one",
                    Location(source, line),
                    f"the shares of '{variable}' add up to {total:.3g} by this line, more than everyone",
                    "each respondent is in one of them: give fractions of all respondents that add up to 1 at most",
                )
            ]
    every = all(dim.categories[i] in given for i in dim.partition)
    if every and lines and total < 1 - TOLERANCE:
        problems.append(
            Problem(
                "pilot-under-one",
                Location(source, lines[-1]),
                f"every category of '{variable}' is given, and their shares add up to {total:.3g}, less than everyone",
                "make them add up to 1 (leave a category out and it gets what is left)",
            )
        )
    if dim.multi:
        answered = answered_share(dim, category_shares(dim, {c: v for c, (v, _) in given.items()}))
        for code, (value, line) in given.items():
            if dim.categories.index(code) in dim.substantive and value > answered + TOLERANCE:
                problems.append(
                    Problem(
                        "pilot-option-over-answered",
                        Location(source, line),
                        f"'{code}' is ticked by {value:g} of respondents, more than the {answered:.3g} who answer '{variable}'",
                        "give the fraction of all respondents who tick it, or raise _answered",
                    )
                )
    return problems

"""The attack: the smallest and largest value of every suppressed cell that the published figures allow.

Each bound is one linear program over the constraints of :mod:`.constraints`
(HiGHS, through scipy). An interval narrower than the protection range means a
reader can tell more about the cell than "under the threshold".
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.audit.components import ContradictionError, Piece, pieces
from analysis.audit.constraints import System, Target, build
from analysis.audit.settings import Protection, Reading, quiet
from analysis.releases.model import Release
from analysis.releases.tables import COUNTED
from kernel.errors import EqSurveyError


@dataclass(frozen=True)
class Implied:
    """A suppressed cell and the interval its release's published figures leave it."""

    cell: Target
    low: float
    high: float
    disclosed: bool

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class TableAudit:
    release: str
    table: str
    protection: Protection
    cells: tuple[Implied, ...]
    """Its suppressed cells."""

    @property
    def disclosed(self) -> tuple[Implied, ...]:
        return tuple(c for c in self.cells if c.disclosed)


@dataclass(frozen=True)
class Audit:
    reading: Reading
    tables: tuple[TableAudit, ...]
    seconds: float

    @property
    def suppressed(self) -> int:
        return sum(len(t.cells) for t in self.tables)

    @property
    def disclosed(self) -> int:
        return sum(len(t.disclosed) for t in self.tables)

    def as_json(self) -> dict[str, Any]:
        return {
            "reading": self.reading.name,
            "suppressed": self.suppressed,
            "disclosed": self.disclosed,
            "seconds": round(self.seconds, 3),
            "tables": [
                {
                    "release": t.release,
                    "table": t.table,
                    "protection_width": t.protection.width,
                    "suppressed": len(t.cells),
                    "disclosed": [
                        {
                            "row": c.cell.row,
                            "measure": c.cell.measure,
                            "by": dict(c.cell.by),
                            "low": _finite(c.low),
                            "high": _finite(c.high),
                        }
                        for c in t.disclosed
                    ],
                }
                for t in self.tables
            ],
        }


def _finite(value: float) -> float | None:
    return value if np.isfinite(value) else None


def audit(
    releases: Sequence[tuple[str, Mapping[str, Any]]],
    reading: Reading | None = None,
    protection: Protection | None = None,
) -> Audit:
    """Bound every suppressed count cell of the releases (id, stored or public body) from their published figures.

    ``protection``: by default each release's own (its plan's ``protection``, else its ``suppress_below``).
    """
    started = time.perf_counter()
    reading = reading or Reading.exact()
    typed = [Release.from_body(rid, body) for rid, body in releases]
    system = build(typed, reading)
    try:
        bounds = implied_bounds(system)
    except InfeasibleError as exc:
        raise EqSurveyError.single(
            "audit-infeasible",
            f"the published figures of {exc.target.release} admit no value of {exc.target.label} ({exc})",
            "report this with the release: the audit's model of the release does not fit its figures",
        ) from exc
    ranges = {r.id: protection or Protection(r.publication.protection_width) for r in typed}
    tables: dict[tuple[str, str], list[Implied]] = {}
    for release in typed:
        for table in release.tables:
            if table.kind in COUNTED and any(c.suppressed for c in table.cells):
                tables[release.id, table.id] = []
    for target in system.targets:
        low, high = bounds[target.variable]
        tables[target.release, target.table].append(
            Implied(target, low, high, ranges[target.release].discloses(low, high))
        )
    found = tuple(TableAudit(rid, tid, ranges[rid], tuple(cells)) for (rid, tid), cells in tables.items())
    return Audit(reading, found, time.perf_counter() - started)


class InfeasibleError(Exception):
    """The constraints admit no values at all: some published figures pin hidden cells below zero."""

    def __init__(self, target: Target, message: str) -> None:
        super().__init__(message)
        self.target = target


def implied_bounds(system: System, enough: Mapping[int, float] | None = None) -> dict[int, tuple[float, float]]:
    """Each target's smallest and largest value under the system (±inf where nothing caps it).

    Solved piece by piece (:mod:`.components`): hidden cells that share no row
    with a hidden cell of another piece are bounded in programs of their own.

    ``enough``: a width per target variable that settles it (its protection range). Every program's optimum
    is a point that the published figures allow, so the values of the other targets in it are values they
    can take; once two such points are ``enough`` apart for a target, its range is at least that wide and its
    own programs are not solved. Such a target gets the interval the points span (inside its exact bounds, and
    at least ``enough`` wide); every other target gets its exact bounds. Whether a range is narrower than
    ``enough`` is so the same as from the exact bounds, at a fraction of the programs.
    """
    try:
        parts = pieces(system)
    except ContradictionError as exc:
        if not system.targets:
            return {}
        raise InfeasibleError(system.targets[0], str(exc)) from exc
    out: dict[int, tuple[float, float]] = {}
    for part in parts:
        local = (
            None
            if enough is None
            else {t.variable: enough[o] for t, o in zip(part.system.targets, _originals(system, part), strict=True)}
        )
        found = _bounds(part.system, local)
        for target, original in zip(part.system.targets, _originals(system, part), strict=True):
            out[original] = found[target.variable]
    return out


def _originals(system: System, part: Piece) -> list[int]:
    return [int(part.unknowns[t.variable]) for t in part.system.targets]


def _bounds(system: System, enough: Mapping[int, float] | None = None) -> dict[int, tuple[float, float]]:
    """Both ends of every target: one model kept in HiGHS, whose objective alone changes from program to program
    (each starts from the last optimal basis: several times faster than a fresh program per end).

    With ``enough`` (see :func:`implied_bounds`), the values of every optimum are kept, and a target whose
    seen values already span its width is not solved further."""
    import highspy

    a_ub, b_ub = inequalities(system)
    unknowns = len(system.lower)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = unknowns, a_ub.shape[0]
    lp.col_cost_ = np.zeros(unknowns)
    lp.col_lower_ = np.array([lo if np.isfinite(lo) else -inf for lo in system.lower], dtype=float)
    lp.col_upper_ = np.array([hi if np.isfinite(hi) else inf for hi in system.upper], dtype=float)
    lp.row_lower_ = np.full(a_ub.shape[0], -inf)
    lp.row_upper_ = np.asarray(b_ub, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = a_ub.indptr
    lp.a_matrix_.index_ = a_ub.indices
    lp.a_matrix_.value_ = a_ub.data
    with quiet():
        highs = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's constructor is untyped
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("simplex_strategy", 4)
    highs.setOptionValue("presolve", "off")  # tells unbounded from infeasible, and keeps the basis between ends
    highs.passModel(lp)
    status = highspy.HighsModelStatus
    seen = _Seen(system, enough)
    if enough is not None and system.targets:
        columns = np.array([t.variable for t in system.targets], dtype=np.int32)
        for sign in (1.0, -1.0):  # two points far apart in every target at once: most are settled by them
            highs.changeColsCost(len(columns), columns, np.full(len(columns), sign))
            highs.run()
            if highs.getModelStatus() == status.kOptimal:
                seen.add(highs.getSolution().col_value)
        highs.changeColsCost(len(columns), columns, np.zeros(len(columns)))
    out: dict[int, tuple[float, float]] = {}
    for target in system.targets:
        ends = []
        for sign in (1.0, -1.0):
            if seen.settled(target.variable):
                break
            highs.changeColCost(target.variable, sign)
            highs.run()
            found = highs.getModelStatus()
            if found not in (status.kOptimal, status.kUnbounded, status.kInfeasible):
                # From some warm starts HiGHS's simplex stops without a verdict ("Unknown"): the same
                # program solved from a cold start has one.
                highs.clearSolver()
                highs.run()
                found = highs.getModelStatus()
            if found == status.kUnbounded:  # nothing published caps the cell
                ends.append(-np.inf if sign > 0 else np.inf)
                seen.unbounded(target.variable, sign)
                continue
            if found != status.kOptimal:
                raise InfeasibleError(target, highs.modelStatusToString(found))
            ends.append(sign * highs.getInfo().objective_function_value)
            seen.add(highs.getSolution().col_value)
        highs.changeColCost(target.variable, 0.0)
        out[target.variable] = seen.span(target.variable) if len(ends) < 2 else (ends[0], ends[1])
    return out


class _Seen:
    """The smallest and largest value each target took in the optima found so far (points the figures allow)."""

    def __init__(self, system: System, enough: Mapping[int, float] | None) -> None:
        self.variables = np.array([t.variable for t in system.targets], dtype=int)
        self.low = np.full(len(system.lower), np.inf)
        self.high = np.full(len(system.lower), -np.inf)
        self.enough = enough

    def add(self, values: Sequence[float]) -> None:
        point = np.asarray(values, dtype=float)[self.variables]
        self.low[self.variables] = np.minimum(self.low[self.variables], point)
        self.high[self.variables] = np.maximum(self.high[self.variables], point)

    def unbounded(self, variable: int, sign: float) -> None:
        if sign > 0:
            self.low[variable] = -np.inf
        else:
            self.high[variable] = np.inf

    def settled(self, variable: int) -> bool:
        return self.enough is not None and self.high[variable] - self.low[variable] >= self.enough[variable]

    def span(self, variable: int) -> tuple[float, float]:
        return float(self.low[variable]), float(self.high[variable])


def inequalities(system: System) -> tuple[Any, np.ndarray]:
    """The system's two-sided rows as ``A x ≤ b`` (a sparse A): each finite side one row."""
    from scipy.sparse import coo_matrix, vstack

    unknowns = len(system.lower)
    rows = [(i, columns, coefficients) for i, (columns, coefficients, _, _) in enumerate(system.rows)]
    matrix = coo_matrix(
        (
            np.concatenate([c for _, _, c in rows]) if rows else np.zeros(0),
            (
                np.concatenate([np.full(len(cols), i) for i, cols, _ in rows]) if rows else np.zeros(0, int),
                np.concatenate([cols for _, cols, _ in rows]) if rows else np.zeros(0, int),
            ),
        ),
        shape=(len(rows), unknowns),
    ).tocsr()
    low = np.array([r[2] for r in system.rows])
    high = np.array([r[3] for r in system.rows])
    upper_rows, lower_rows = np.isfinite(high), np.isfinite(low)
    a_ub = vstack([matrix[upper_rows], -matrix[lower_rows]]).tocsr()
    return a_ub, np.concatenate([high[upper_rows], -low[lower_rows]])

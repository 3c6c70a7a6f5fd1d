"""Secondary suppression: hide further cells until no suppressed cell can be worked out from what is shown.

A cell under the threshold is hidden (primary suppression), but the published
figures around it — its group's other answers and base, the margins that the
consistency step makes equal across tables — may still pin it down. This
module plays the attack of :mod:`.attack` on the release before it is stored
and, for every hidden cell it narrows below the protection range, chooses
further cells to hide (secondary suppression), as τ-Argus and sdcTable do.

Choosing them is a linear program per exposed cell (after Fischetti and
Salazar's model of cell suppression, relaxed to a linear program as in
τ-Argus's and sdcTable's heuristics): find two sets of cell values that fit
everything still published and differ in the exposed cell by at least the
protection range, where each shown cell may deviate from its value at a cost,
and a group's base may change only as far as every cell that publishes it
does. The cells that have to deviate are hidden. Each costs its value plus
the protection range: like τ-Argus's default (the cell's value) it spares
large groups and margins — a total is worth more than its parts — and the
constant keeps it from trading one cell for a long chain of small ones;
cells of "prefer not to say" and "no answer" cost half. Hiding cells only ever widens what
the attack can derive, so cells protected stay protected; the attack runs
again until it finds nothing.

The LP works on the figures as stored (every digit): a reader of the rounded
report knows less, so what protects against the stored figures protects the
printed ones too.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from instruments.errors import InternalError
from instruments.text import DECLINED

from ..compute import NEGATIVE_TOLERANCE
from ..dimensions import NO_ANSWER
from ..estimates import hide
from ..release_body import StoredTable
from .attack import InfeasibleError, implied_bounds
from .constraints import COUNTED, CountBlock, System, Target, add_margins, add_release
from .settings import Protection, Reading

ROUNDS = 6
"""Attack, hide, attack again: hiding only widens intervals, so one round nearly always suffices."""

LESSER = 0.5
"""The cost of hiding a count of people who preferred not to say or gave no answer, relative to other cells:
what a report says about them matters less than what it says about the groups and answers themselves."""
_STATUSES = frozenset({DECLINED, NO_ANSWER})
_RELEASE = "new"
_MARGIN = 1e-6
"""Relative headroom over the protection range, so that the attack's own rounding does not find it a hair short."""


@dataclass(frozen=True)
class Suppression:
    """How many cells a release hides, and why."""

    primary: int
    """Hidden because their noisy count is under the threshold (or their group's base is)."""
    secondary: int
    """Hidden so that the primary ones cannot be worked out from the published figures."""
    protection: float
    """The width in respondents every hidden count keeps in the audit."""
    rounds: int
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {"primary": self.primary, "secondary": self.secondary, "protection": self.protection}


def protect(tables: list[dict[str, Any]], protection: Protection) -> Suppression:
    """Hide cells of ``tables`` (published cells, in place) until the audit finds every hidden count protected.

    Hiding every shown cell always protects (nothing but the floor of zero is
    then left), so the linear programs are always feasible; failing that is a
    bug, reported as an internal error.
    """
    started = time.perf_counter()
    primary = sum(1 for t in tables for c in t["cells"] if c["status"] == "suppressed")
    secondary, rounds = 0, 0
    while protection.width > 0:
        exposed, model = _exposed(tables, protection)
        if not exposed:
            break
        rounds += 1
        if rounds > ROUNDS:
            named = "; ".join(t.label for t in exposed[:3] if t is not None)
            raise InternalError(f"secondary suppression left cells exposed after {ROUNDS} rounds: {named}")
        hidden = _cover(model, exposed, protection.width)
        secondary += _hide(tables, model, hidden)
    return Suppression(primary, secondary, protection.width, rounds, time.perf_counter() - started)


@dataclass
class _Model:
    system: System
    blocks: list[CountBlock]
    shown: list[tuple[int, float]] = field(default_factory=list)
    """Every shown count cell: its unknown and its value."""
    lesser: set[int] = field(default_factory=set)
    """Shown cells (indices into ``shown``) of "prefer not to say" or "no answer": cheaper to hide."""
    bases: list[tuple[np.ndarray, float, list[int]]] = field(default_factory=list)
    """Every published base: the unknowns it sums, its value, and the shown cells (indices into ``shown``)
    that publish it."""


def _exposed(tables: list[dict[str, Any]], protection: Protection) -> tuple[list[Target | None], _Model]:
    """The hidden cells the attack narrows below the range ([None] when the figures contradict a floor of zero)."""
    counted = [StoredTable.model_validate(t) for t in tables if t["kind"] in COUNTED]
    system = System()
    model = _Model(system, add_release(system, _RELEASE, counted, Reading.exact()))
    _shown_and_bases(model)
    if not system.targets:
        return [], model
    try:
        bounds = implied_bounds(system)
    except InfeasibleError:
        # Some figures pin hidden cells below zero, which tells a reader they are about zero: free what pins them.
        return [None], model
    return [t for t in system.targets if protection.discloses(*bounds[t.variable])], model


def _shown_and_bases(model: _Model) -> None:
    for b in model.blocks:
        for flat, cell in enumerate(b.cells):
            if cell.status != "suppressed" and cell.n is not None:
                if {cell.measure, *cell.by.values()} & _STATUSES:
                    model.lesser.add(len(model.shown))
                model.shown.append((b.unknown(flat), cell.n))
    where = {unknown: k for k, (unknown, _) in enumerate(model.shown)}
    for b in model.blocks:
        codes = b.base_codes()
        for flats, cells in b.groups():
            carriers = [where[b.unknown(f)] for f, c in zip(flats, cells, strict=True) if c.base is not None]
            published = [c.base for c in cells if c.base is not None]
            if carriers and published[0] is not None:
                columns = np.array([b.unknown(flats[c]) for c in codes])
                model.bases.append((columns, published[0], carriers))


def _cover(model: _Model, exposed: Sequence[Target | None], width: float) -> set[int]:
    """Shown cells (indices into ``model.shown``) to hide so that every exposed cell keeps ``width``."""
    hidden: set[int] = set()
    for target in exposed:
        hidden |= _solve(model, target, width, hidden)
    return hidden


def _solve(model: _Model, target: Target | None, width: float, hidden: set[int]) -> set[int]:
    """The cheapest cells to hide so that two value sets fit the figures and differ by ``width`` in the target.

    Unknowns: cell values x¹ and x² (one set only for ``target`` None, which
    asks just for values that fit), one deviation allowance per shown cell, one
    per published base.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    system, unknowns = model.system, len(model.system.lower)
    copies = 1 if target is None else 2
    shown, bases = len(model.shown), len(model.bases)
    u0 = copies * unknowns
    g0 = u0 + shown
    total = g0 + bases
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    rhs: list[float] = []

    def row(entries: list[tuple[int, float]], bound: float) -> None:
        index = len(rhs)
        for column, value in entries:
            rows.append(index)
            cols.append(column)
            vals.append(value)
        rhs.append(bound)

    for copy in range(copies):
        x0 = copy * unknowns
        for k, (unknown, value) in enumerate(model.shown):
            row([(x0 + unknown, 1.0), (u0 + k, -1.0)], value)
            row([(x0 + unknown, -1.0), (u0 + k, -1.0)], -value)
        for g, (columns, value, _) in enumerate(model.bases):
            row([*((x0 + int(c), 1.0) for c in columns), (g0 + g, -1.0)], value)
            row([*((x0 + int(c), -1.0) for c in columns), (g0 + g, -1.0)], -value)
    for g, (_, _, carriers) in enumerate(model.bases):
        for k in carriers:
            row([(g0 + g, 1.0), (u0 + k, -1.0)], 0.0)
    if target is not None:
        row([(target.variable, -1.0), (unknowns + target.variable, 1.0)], -width * (1 + _MARGIN) - _MARGIN)
    a_ub = coo_matrix((vals, (rows, cols)), shape=(len(rhs), total)).tocsr()
    a_eq, b_eq = _margins(model, copies, total)
    floor = [min(-NEGATIVE_TOLERANCE, lo) for lo in system.lower]
    bounds = [(lo, None) for lo in floor] * copies + [(0.0, None)] * (shown + bases)
    cost = np.zeros(total)
    for k, (_, value) in enumerate(model.shown):
        weight = LESSER if k in model.lesser else 1.0
        cost[u0 + k] = 0.0 if k in hidden else weight * (max(value, 0.0) + width)
    result = linprog(cost, A_ub=a_ub, b_ub=np.array(rhs), A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status != 0:
        raise InternalError(f"secondary suppression's linear program failed: {result.message}")
    allowance = result.x[u0:g0]
    return {k for k in range(shown) if k not in hidden and allowance[k] > _MARGIN * max(1.0, width)}


def _margins(model: _Model, copies: int, total: int) -> tuple[Any, np.ndarray | None]:
    """The margins the consistency step makes equal, for each set of values."""
    from scipy.sparse import coo_matrix

    equal = System()
    add_margins(equal, model.blocks)
    if not equal.rows:
        return None, None
    unknowns = len(model.system.lower)
    rows, cols, vals = [], [], []
    for copy in range(copies):
        for i, (columns, coefficients, _, _) in enumerate(equal.rows):
            rows.extend([copy * len(equal.rows) + i] * len(columns))
            cols.extend((copy * unknowns + columns).tolist())
            vals.extend(coefficients.tolist())
    matrix = coo_matrix((vals, (rows, cols)), shape=(copies * len(equal.rows), total)).tocsr()
    return matrix, np.zeros(copies * len(equal.rows))


def _hide(tables: list[dict[str, Any]], model: _Model, hidden: set[int]) -> int:
    """Hide the chosen cells in the tables; how many."""
    wanted = set()
    for k in hidden:
        unknown = model.shown[k][0]
        b = next(b for b in model.blocks if b.start <= unknown < b.start + b.block.cells)
        cell = b.cells[unknown - b.start]
        wanted.add((b.table.id, cell.row, cell.measure, tuple(sorted(cell.by.items()))))
    count = 0
    for table in tables:
        for i, cell in enumerate(table["cells"]):
            key = (table["id"], cell.get("row"), cell.get("measure"), tuple(sorted((cell.get("by") or {}).items())))
            if key in wanted and cell["status"] != "suppressed":
                table["cells"][i] = hide(cell)
                count += 1
    return count

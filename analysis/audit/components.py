"""Splitting the attack's system into independent pieces: fixed figures become constants.

Read exactly, a shown count is known to within rounding of the stored float
(:data:`.settings.FLOAT_SLACK`): such an unknown is a constant, and moving it
to the other side of every row (as an interval, so that nothing is lost)
leaves rows over hidden cells only. Hidden cells that share no row then do
not influence each other's bounds, and each connected group of them is a
linear program of its own: tens of unknowns instead of thousands. The
interval arithmetic makes every bound at most a few millionths of a
respondent wider than the whole program's.

Read as printed, counts carry a whole unit of doubt and stay unknowns; the
pieces are then the releases (each has unknowns of its own) and whatever else
shares no row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.audit.constraints import System, Target
from analysis.audit.settings import FLOAT_SLACK

FIXED = 4 * FLOAT_SLACK
"""An unknown whose bounds are this close is a constant."""


@dataclass(frozen=True)
class Piece:
    """A part of the system: its own small system, and where its unknowns were in the whole."""

    system: System
    unknowns: np.ndarray
    """The whole system's index of each of this piece's unknowns."""


class ContradictionError(Exception):
    """Constant figures that no values fit (a row with no unknown left whose sides exclude its constant)."""


def pieces(system: System) -> list[Piece]:
    """The independent parts of ``system`` that hold its targets."""
    lower, upper = np.array(system.lower), np.array(system.upper)
    fixed = np.isfinite(lower) & np.isfinite(upper) & (upper - lower <= FIXED)
    parent = np.arange(len(lower))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    reduced: list[tuple[np.ndarray, np.ndarray, float, float]] = []
    for columns, coefficients, low, high in system.rows:
        constant = fixed[columns]
        lo_part = np.where(coefficients > 0, lower[columns], upper[columns]) * coefficients
        hi_part = np.where(coefficients > 0, upper[columns], lower[columns]) * coefficients
        shift_low, shift_high = float(lo_part[constant].sum()), float(hi_part[constant].sum())
        free, weights = columns[~constant], coefficients[~constant]
        row_low, row_high = low - shift_high, high - shift_low
        if free.size == 0:
            if row_low > FIXED or row_high < -FIXED:
                raise ContradictionError(f"published figures contradict each other ({row_low:.6g} … {row_high:.6g})")
            continue
        reduced.append((free, weights, row_low, row_high))
        first = root(int(free[0]))
        for other in free[1:]:
            parent[root(int(other))] = first
    groups: dict[int, list[Target]] = {}
    for target in system.targets:
        groups.setdefault(root(target.variable), []).append(target)
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(~fixed):
        key = root(int(i))
        if key in groups:
            members.setdefault(key, []).append(int(i))
    row_groups: dict[int, list[tuple[np.ndarray, np.ndarray, float, float]]] = {}
    for row in reduced:
        key = root(int(row[0][0]))
        if key in groups:
            row_groups.setdefault(key, []).append(row)
    out = []
    for key, targets in groups.items():
        unknowns = np.array(sorted(members[key]))
        local = {int(u): i for i, u in enumerate(unknowns)}
        piece = System(
            lower=[float(lower[u]) for u in unknowns],
            upper=[float(upper[u]) for u in unknowns],
            rows=[
                (np.array([local[int(c)] for c in cols]), weights, lo, hi)
                for cols, weights, lo, hi in row_groups.get(key, [])
            ],
            targets=[_moved(t, local[t.variable]) for t in targets],
        )
        out.append(Piece(piece, unknowns))
    return out


def _moved(target: Target, variable: int) -> Target:
    return Target(target.release, target.table, target.question, target.row, target.measure, target.by, variable)

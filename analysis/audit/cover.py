"""Which shown cells to hide so that an exposed hidden cell keeps its range: the linear program of :mod:`.protect`.

After Fischetti and Salazar's model of cell suppression, relaxed to a linear
program as τ-Argus's and sdcTable's heuristics relax it. Unknowns: two sets
of cell values x¹ and x², each fitting everything still published (the
margins consistency makes equal, each published base, each shown count), one
allowance per shown cell (how far either set may move it from its value) and
one per published base (which may move only as far as every cell that
publishes it does). The target must differ by the range between the sets;
the cost is the allowances, weighted by what hiding each cell loses. Cells
with an allowance are the ones to hide.

The program's rows are the same for every exposed cell of a round, so they are
built once (:class:`Program`); each exposed cell adds its one row and the
costs of what is already hidden drop to zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from instruments.errors import InternalError
from instruments.text import DECLINED

from ..compute import NEGATIVE_TOLERANCE
from ..dimensions import NO_ANSWER
from .constraints import CountBlock, System, Target, add_margins

LESSER = 0.5
"""The cost of hiding a count of people who preferred not to say or gave no answer, relative to other cells:
what a report says about them matters less than what it says about the groups and answers themselves."""
_STATUSES = frozenset({DECLINED, NO_ANSWER})
MARGIN = 1e-6
"""Relative headroom over the protection range, so that the attack's own rounding does not find it a hair short."""


@dataclass
class Model:
    """A release's count cells as the attack sees them, with what the program needs besides."""

    system: System
    blocks: list[CountBlock]
    shown: list[tuple[int, float]] = field(default_factory=list)
    """Every shown count cell: its unknown and its value."""
    lesser: set[int] = field(default_factory=set)
    """Shown cells (indices into ``shown``) of "prefer not to say" or "no answer": cheaper to hide."""
    bases: list[tuple[np.ndarray, float, list[int]]] = field(default_factory=list)
    """Every published base: the unknowns it sums, its value, and the shown cells (indices into ``shown``)
    that publish it."""

    @classmethod
    def of(cls, system: System, blocks: list[CountBlock]) -> Model:
        model = cls(system, blocks)
        for b in blocks:
            for flat, cell in enumerate(b.cells):
                if cell.status != "suppressed" and cell.n is not None:
                    if {cell.measure, *cell.by.values()} & _STATUSES:
                        model.lesser.add(len(model.shown))
                    model.shown.append((b.unknown(flat), cell.n))
        where = {unknown: k for k, (unknown, _) in enumerate(model.shown)}
        for b in blocks:
            codes = b.base_codes()
            for flats, cells in b.groups():
                carriers = [where[b.unknown(f)] for f, c in zip(flats, cells, strict=True) if c.base is not None]
                published = [c.base for c in cells if c.base is not None]
                if carriers and published[0] is not None:
                    columns = np.array([b.unknown(flats[c]) for c in codes])
                    model.bases.append((columns, published[0], carriers))
        return model

    def cost(self, k: int, width: float) -> float:
        """Hiding shown cell ``k``: its value plus the range (τ-Argus's default is the value), less for statuses."""
        weight = LESSER if k in self.lesser else 1.0
        return weight * (max(self.shown[k][1], 0.0) + width)


class _Rows:
    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.rhs: list[float] = []

    def add(self, columns: np.ndarray, values: np.ndarray, bound: float) -> None:
        index = len(self.rhs)
        self.rows.extend([index] * len(columns))
        self.cols.extend(int(c) for c in columns)
        self.vals.extend(float(v) for v in values)
        self.rhs.append(bound)

    def matrix(self, width: int) -> Any:
        from scipy.sparse import coo_matrix

        return coo_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.rhs), width)).tocsr()


@dataclass(frozen=True)
class Program:
    """The rows every exposed cell of a round shares; ``copies`` value sets (2, or 1 to find values that fit)."""

    model: Model
    copies: int
    a_ub: Any
    b_ub: np.ndarray
    a_eq: Any
    b_eq: np.ndarray | None
    bounds: list[tuple[float, float | None]]

    @property
    def unknowns(self) -> int:
        return len(self.model.system.lower)

    @property
    def u0(self) -> int:
        return self.copies * self.unknowns

    @property
    def total(self) -> int:
        return self.u0 + len(self.model.shown) + len(self.model.bases)

    @classmethod
    def of(cls, model: Model, copies: int) -> Program:
        unknowns = len(model.system.lower)
        u0 = copies * unknowns
        g0 = u0 + len(model.shown)
        total = g0 + len(model.bases)
        rows = _Rows()
        one = np.array([1.0, -1.0])
        for copy in range(copies):
            x0 = copy * unknowns
            for k, (unknown, value) in enumerate(model.shown):
                rows.add(np.array([x0 + unknown, u0 + k]), one, value)
                rows.add(np.array([x0 + unknown, u0 + k]), -np.abs(one), -value)
            for g, (columns, value, _) in enumerate(model.bases):
                ones = np.ones(len(columns))
                rows.add(np.append(x0 + columns, g0 + g), np.append(ones, -1.0), value)
                rows.add(np.append(x0 + columns, g0 + g), np.append(-ones, -1.0), -value)
        for g, (_, _, carriers) in enumerate(model.bases):
            for k in carriers:
                rows.add(np.array([g0 + g, u0 + k]), one, 0.0)
        equal = System()
        add_margins(equal, model.blocks)
        same = _Rows()
        for copy in range(copies):
            for columns, coefficients, _, _ in equal.rows:
                same.add(copy * unknowns + columns, coefficients, 0.0)
        floor = [min(-NEGATIVE_TOLERANCE, lo) for lo in model.system.lower]
        none: float | None = None  # no upper bound
        bounds = [(lo, none) for lo in floor] * copies + [(0.0, none)] * (total - u0)
        a_eq = same.matrix(total) if same.rhs else None
        b_eq = np.zeros(len(same.rhs)) if same.rhs else None
        return cls(model, copies, rows.matrix(total), np.array(rows.rhs), a_eq, b_eq, bounds)

    def solve(self, target: Target | None, width: float, hidden: set[int]) -> tuple[set[int], np.ndarray | None]:
        """The cells to hide for ``target`` (None: just for values that fit), and how far apart each cell's values
        are in the two sets (None for one set)."""
        from scipy.optimize import linprog
        from scipy.sparse import coo_matrix, vstack

        a_ub, b_ub = self.a_ub, self.b_ub
        if target is not None:
            if self.copies != 2:
                raise InternalError("a target needs two value sets")
            # x²_t − x¹_t ≤ −width: the two sets differ by the range in the target.
            extra = coo_matrix(([-1.0, 1.0], ([0, 0], [target.variable, self.unknowns + target.variable])),
                               shape=(1, self.total))  # fmt: skip
            a_ub = vstack([a_ub, extra]).tocsr()
            b_ub = np.append(b_ub, -width * (1 + MARGIN) - MARGIN)
        shown = len(self.model.shown)
        cost = np.zeros(self.total)
        for k in range(shown):
            cost[self.u0 + k] = 0.0 if k in hidden else self.model.cost(k, width)
        result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=self.a_eq, b_eq=self.b_eq, bounds=self.bounds,
                         method="highs")  # fmt: skip
        if result.status != 0:
            raise InternalError(f"secondary suppression's linear program failed: {result.message}")
        allowance = result.x[self.u0 : self.u0 + shown]
        chosen = {k for k in range(shown) if k not in hidden and allowance[k] > MARGIN * max(1.0, width)}
        if target is None:
            return chosen, None
        return chosen, np.abs(result.x[: self.unknowns] - result.x[self.unknowns : self.u0])


def cover(model: Model, exposed: Sequence[Target | None], width: float) -> set[int]:
    """Shown cells (indices into ``model.shown``) to hide so that every exposed cell keeps ``width``.

    Each program's two value sets stay valid as more cells are hidden (that
    only relaxes the model), so an exposed cell they already set ``width``
    apart needs no program of its own.
    """
    hidden: set[int] = set()
    if list(exposed) == [None]:
        return Program.of(model, 1).solve(None, width, hidden)[0]
    program = Program.of(model, 2)
    apart: np.ndarray | None = None
    for target in exposed:
        if target is None or (apart is not None and apart[target.variable] >= width * (1 + MARGIN)):
            continue
        chosen, spread = program.solve(target, width, hidden)
        hidden |= chosen
        if spread is not None:
            apart = spread if apart is None else np.maximum(apart, spread)
    return hidden

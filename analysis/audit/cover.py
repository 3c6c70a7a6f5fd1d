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
built once (:class:`Program`) and kept in HiGHS (through highspy): each
exposed cell changes one row's coefficients and the costs of what is already
hidden drop to zero, and HiGHS starts from the last optimal basis (on the
benchmark's standard plan of 2,568 cells at 5,000 respondents, 4× faster than
a fresh program per cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.audit.constraints import CountBlock, System, Target, add_margins, floor_of
from analysis.audit.settings import quiet
from analysis.plans.dimensions import NO_ANSWER
from instruments.text import DECLINED
from kernel.errors import InternalError

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
                if not cell.suppressed and cell.n is not None:
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
        # A shown cell, once hidden, may take any value its table's hidden cells may (the attack's floor).
        floor = np.array(model.system.lower)
        for b in model.blocks:
            floor[b.start : b.start + b.block.cells] = np.minimum(
                floor[b.start : b.start + b.block.cells], floor_of(b.table)
            )
        none: float | None = None  # no upper bound
        bounds = [(lo, none) for lo in floor] * copies + [(0.0, none)] * (total - u0)
        a_eq = same.matrix(total) if same.rhs else None
        b_eq = np.zeros(len(same.rhs)) if same.rhs else None
        return cls(model, copies, rows.matrix(total), np.array(rows.rhs), a_eq, b_eq, bounds)

    def solver(self, width: float) -> _Solver:
        return _Solver(self, width)


class _Solver:
    """The program in HiGHS, kept between exposed cells: each one changes a row and some costs, and HiGHS starts
    from the last optimal basis instead of from scratch."""

    def __init__(self, program: Program, width: float) -> None:
        import highspy
        from scipy.sparse import csr_matrix, vstack

        self.program, self.width = program, width
        inf = highspy.kHighsInf
        blocks = [program.a_ub] + ([program.a_eq] if program.a_eq is not None else [])
        target = csr_matrix((1, program.total))  # the exposed cell's row, filled in per cell
        matrix = vstack([*blocks, target]).tocsr()
        equalities = 0 if program.b_eq is None else len(program.b_eq)
        self.row = matrix.shape[0] - 1
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = program.total, matrix.shape[0]
        shown = len(program.model.shown)
        cost = np.zeros(program.total)
        cost[program.u0 : program.u0 + shown] = [program.model.cost(k, width) for k in range(shown)]
        lp.col_cost_ = cost
        lp.col_lower_ = np.array([lo for lo, _ in program.bounds])
        lp.col_upper_ = np.array([inf if hi is None else hi for _, hi in program.bounds])
        lp.row_lower_ = np.concatenate([np.full(len(program.b_ub), -inf), np.zeros(equalities), [-inf]])
        apart = -width * (1 + MARGIN) - MARGIN if program.copies == 2 else inf  # one set: the row stays empty
        lp.row_upper_ = np.concatenate([program.b_ub, np.zeros(equalities), [apart]])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        with quiet():
            self.highs = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's constructor is untyped
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self.highspy = highspy
        self.columns: tuple[int, int] | None = None
        self.free: set[int] = set()

    def solve(self, target: Target | None, hidden: set[int]) -> tuple[set[int], np.ndarray | None]:
        """The cells to hide for ``target`` (None: just for values that fit), and how far apart each cell's values
        are in the two sets (None for one set)."""
        program, highs = self.program, self.highs
        if self.columns is not None:
            for column in self.columns:
                highs.changeCoeff(self.row, column, 0.0)
        if target is not None:
            self.columns = (target.variable, program.unknowns + target.variable)
            highs.changeCoeff(self.row, self.columns[0], -1.0)
            highs.changeCoeff(self.row, self.columns[1], 1.0)
        newly = sorted(hidden - self.free)
        if newly:
            highs.changeColsCost(
                len(newly), np.array([program.u0 + k for k in newly], dtype=np.int32), np.zeros(len(newly))
            )
            self.free |= set(newly)
        highs.run()
        if highs.getModelStatus() != self.highspy.HighsModelStatus.kOptimal:
            raise InternalError(
                f"secondary suppression's linear program failed: {highs.modelStatusToString(highs.getModelStatus())}"
            )
        x = np.array(highs.getSolution().col_value)
        shown = len(program.model.shown)
        allowance = x[program.u0 : program.u0 + shown]
        chosen = {k for k in range(shown) if k not in hidden and allowance[k] > MARGIN * max(1.0, self.width)}
        if target is None:
            return chosen, None
        return chosen, np.abs(x[: program.unknowns] - x[program.unknowns : program.u0])


def cover(model: Model, exposed: Sequence[Target | None], width: float) -> set[int]:
    """Shown cells (indices into ``model.shown``) to hide so that every exposed cell keeps ``width``.

    Each program's two value sets stay valid as more cells are hidden (that
    only relaxes the model), so an exposed cell they already set ``width``
    apart needs no program of its own.
    """
    hidden: set[int] = set()
    if list(exposed) == [None]:
        return Program.of(model, 1).solver(width).solve(None, hidden)[0]
    solver = Program.of(model, 2).solver(width)
    apart: np.ndarray | None = None
    for target in exposed:
        if target is None or (apart is not None and apart[target.variable] >= width * (1 + MARGIN)):
            continue
        chosen, spread = solver.solve(target, hidden)
        hidden |= chosen
        if spread is not None:
            apart = spread if apart is None else np.maximum(apart, spread)
    return hidden

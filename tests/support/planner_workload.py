"""Any plan's count tables as a ResidualPlanner workload, read from its layouts (for the optimality benchmarks).

ResidualPlanner (:mod:`tests.support.residual_planner`) puts each person in
one cell of a product of attribute domains. A plan's layouts
(:func:`analysis.plans.layout.layouts`) map onto that as follows:

- a dimension that is not a multiple choice (single choice, boolean, scale,
  matrix row, derived group) is one attribute with all its categories,
  ``prefer_not_to_say`` and ``_no_answer`` included: a status is a value like
  any other;
- a multiple choice is one yes/no attribute per option, and its status
  (``_answered``, ``prefer_not_to_say``, ``_no_answer``) one more attribute,
  which enters the workload only where the loss asks for one of its cells
  (the declined cell, when declined cells are asked);
- a count table (``counts``, ``matrix``, ``representation``) asks for each
  cell it publishes (never ``_answered`` or ``_no_answer``; declined cells
  when ``declined`` is true), weight 1 each. A cell is one value of each
  attribute of a marginal, so a block with a multiple choice asks cells of
  as many marginals as the choice has asked categories.

Means and write-ins are not counts and are left out: ResidualPlanner's loss
is the sum of the asked count cells' variances.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.plans.dimensions import Dimension
from analysis.plans.layout import Block, TableLayout
from instruments.text import DECLINED
from tests.support import residual_planner as rp

COUNTED = ("counts", "matrix", "representation")

Groups = tuple[tuple[str, str], ...]
CellKey = tuple[str, str | None, str, Groups]
"""A published count cell: (table, matrix row or None, the measure's category, sorted groups)."""


@dataclass(frozen=True)
class Choice:
    """One asked category of a dimension: where it is in the dimension, and its attribute and value."""

    index: int
    attribute: str
    size: int


@dataclass(frozen=True)
class Cell:
    """One asked cell: its published key, its place in its table's block, and its marginal."""

    key: CellKey
    table: int
    """Index of the table in the layouts."""
    block: int
    index: tuple[int, ...]
    marginal: rp.Attrs


@dataclass(frozen=True)
class Workload:
    sizes: dict[str, int]
    asked: dict[rp.Attrs, int]
    """Per marginal (attributes sorted), how many of its cells the loss asks for."""
    cells: tuple[Cell, ...]

    def marginals(self) -> list[rp.Marginal]:
        """Each marginal weighted so that its loss is its asked cells' variances (all its cells' are equal)."""
        return [rp.Marginal(s, n / math.prod(self.sizes[a] for a in s)) for s, n in self.asked.items()]

    def optimum(self, rho: float) -> rp.Optimum:
        return rp.optimum(self.sizes, self.marginals(), rho)

    def only(self, table: int) -> Workload:
        """The workload of one table's cells alone."""
        cells = tuple(c for c in self.cells if c.table == table)
        asked = Counter(c.marginal for c in cells)
        sizes = {a: n for a, n in self.sizes.items() if any(a in s for s in asked)}
        return Workload(sizes, dict(asked), cells)

    def rmse(self, rho: float) -> float:
        """ResidualPlanner's root mean squared error over the asked cells at ``rho``."""
        best = self.optimum(rho)
        return math.sqrt(sum(n * best.cell_variance(s) for s, n in self.asked.items()) / sum(self.asked.values()))


def choices(dim: Dimension, declined: bool) -> list[Choice]:
    """The dimension's asked categories: its answers, and "prefer not to say" if ``declined``."""
    wanted = [*dim.substantive, *([dim.categories.index(DECLINED)] if declined and DECLINED in dim.categories else [])]
    if not dim.multi:
        return [Choice(i, dim.name, dim.size) for i in sorted(wanted)]
    out = []
    for i in sorted(wanted):
        if i in dim.partition:
            out.append(Choice(i, f"{dim.name}:status", len(dim.partition)))
        else:
            out.append(Choice(i, f"{dim.name}={dim.categories[i]}", 2))
    return out


def asked_reach(dim: Dimension, declined: bool) -> int:
    """How many of the dimension's asked categories one respondent can be in (declining ticks no option)."""
    if not dim.multi:
        return 1
    options = sum(1 for c in choices(dim, declined) if c.index not in dim.partition)
    return max(min(dim.bound - 1, options), int(declined and DECLINED in dim.categories))


def _row(shape: TableLayout, block: Block) -> str | None:
    if shape.table.kind != "matrix":
        return None
    return block.dims[0].name.removeprefix(shape.table.measure + "__")


def workload(shapes: Sequence[TableLayout], declined: bool) -> Workload:
    """The asked cells of the plan's count tables, and ResidualPlanner's attributes and marginals for them."""
    sizes: dict[str, int] = {}
    asked: Counter[rp.Attrs] = Counter()
    cells: list[Cell] = []
    for t, shape in enumerate(shapes):
        if shape.table.kind not in COUNTED:
            continue
        for b, block in enumerate(shape.blocks):
            per_dim = [choices(d, declined) for d in block.dims]
            for c in itertools.chain.from_iterable(per_dim):
                if sizes.setdefault(c.attribute, c.size) != c.size:
                    raise ValueError(f"attribute {c.attribute} has two sizes: {sizes[c.attribute]} and {c.size}")
            for picked in itertools.product(*per_dim):
                attributes = tuple(sorted(c.attribute for c in picked))
                if len(set(attributes)) != len(attributes):
                    raise ValueError(f"table {shape.table.id} crosses {attributes[0]} with itself")
                measure, *by = (d.categories[c.index] for d, c in zip(block.dims, picked, strict=True))
                groups = tuple(sorted((d.name, code) for d, code in zip(block.dims[1:], by, strict=True)))
                key = (shape.table.id, _row(shape, block), measure, groups)
                cells.append(Cell(key, t, b, tuple(c.index for c in picked), attributes))
                asked[attributes] += 1
    return Workload(sizes, dict(asked), tuple(cells))


def asked_cells(block: Block, declined: bool) -> int:
    return math.prod(len(choices(d, declined)) for d in block.dims)


def even_split(shapes: Sequence[TableLayout], rho: float, declined: bool) -> float:
    """The asked count cells' RMSE when every asked cell, a mean's group, a write-in gets the same share of ρ.

    Closed form: each count table one Gaussian measurement of its asked cells
    only, at its L2 sensitivity over them (a matrix's rows add up); a mean
    table's groups and a write-ins table's figures count as cells of the split.
    """
    counted = [s for s in shapes if s.table.kind in COUNTED]
    cells = {id(s): sum(asked_cells(b, declined) for b in s.blocks) for s in counted}
    others = sum(
        asked_cells(s.blocks[0], declined) if s.table.kind == "mean" else s.published_cells
        for s in shapes
        if s.table.kind not in COUNTED
    )
    total = sum(cells.values()) + others
    variance = 0.0
    for s in counted:
        squared = sum(math.prod(asked_reach(d, declined) for d in b.dims) for b in s.blocks)
        variance += cells[id(s)] * squared / (2 * rho * cells[id(s)] / total)
    return math.sqrt(variance / sum(cells.values()))

"""The shape of each table of a plan, worked out from the instrument alone (no data).

A table is released as noisy vectors (*parts*): counts for counts, matrix and
representation tables; counts, clamped sums and sums of squares for means; a
thresholded histogram for write-ins. Each part's sensitivity follows from the
instrument: how many of the part's cells one respondent can reach (a product
over the table's dimensions of each one's bound; a matrix adds its rows).

A counts table of a multiple choice whose respondents may tick many of its
options is measured *centred* where that is less noisy (:func:`centred_parts`):
per option and group, ticked minus not ticked among those who answered
(``options``: each answering respondent moves every option's value by one), and
the status cells apart (``statuses``: one per respondent and group); a ticked
count is read back as (answered + centred value) / 2. This is how
ResidualPlanner (McKenna et al., NeurIPS 2023) measures a yes/no attribute:
all options share the one noisy "answered" count, so a respondent who may be
in every option costs √m rather than √(m + 1) with each cell on its own
noise of that size. With few ticks allowed the plain measurement stays better,
and is kept.

The accuracy preview and the release both start here, so what the preview
promises is what the release does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension, dimension, matrix_rows
from analysis.plans.model import AnalysisPlan, Table
from instruments.dataset import DatasetSchema, dataset_schema
from instruments.model import Instrument
from kernel.errors import InternalError

OPTIONS, STATUSES = "options", "statuses"
"""The parts of a multiple choice measured centred (see the module's docstring)."""

MEAN_PARTS = {"counts": 0.3, "sums": 0.5, "squares": 0.2}
"""How a mean table's budget is split between its noisy counts, sums and sums of squares.

The mean's noise variance is (σ_sums² + mean² σ_counts²) / n²; with means
around half the scale's half-range the sums matter most, the squares only
feed the (second-order) sampling-variance estimate.
"""


WRITE_IN_CELLS = 10
"""How many answers the split counts a write-ins table as publishing: about what one shows (the frequent answers)."""


@dataclass(frozen=True)
class Block:
    """One cross-tabulation: cells over its dimensions, the first varying slowest."""

    dims: tuple[Dimension, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(d.size for d in self.dims)

    @property
    def cells(self) -> int:
        return math.prod(self.shape)

    @property
    def reach(self) -> int:
        """How many of the block's cells one respondent can be in."""
        return math.prod(d.bound for d in self.dims)


@dataclass(frozen=True)
class Part:
    name: str
    """``counts``, ``sums``, ``squares``, ``write_ins``, or a centred multiple choice's ``options`` and ``statuses``."""
    sensitivity: float
    """L2 distance between the part's vectors with and without one respondent."""
    fraction: float
    """Its share of the table's budget."""
    load: float = 0.0
    """A count table's part: how much its noise variance weighs in the table's published figures' variance
    (each figure that holds its noise with weight w adds w²; :meth:`TableLayout.cost`)."""


@dataclass(frozen=True)
class TableLayout:
    table: Table
    blocks: tuple[Block, ...]
    parts: tuple[Part, ...]
    value: str | None = None
    """Means: the numeric column; write-ins: the text column."""
    bounds: tuple[float, float] | None = None
    axis: int | None = None
    """A table measured centred: the dimension (a multiple choice) it is centred along."""

    @property
    def cells(self) -> int:
        return sum(b.cells for b in self.blocks)

    def column(self) -> str:
        if self.value is None:
            raise InternalError(f"table {self.table.id} ({self.table.kind}) reads no single column")
        return self.value

    def limits(self) -> tuple[float, float]:
        if self.bounds is None:
            raise InternalError(f"table {self.table.id} ({self.table.kind}) has no bounds")
        return self.bounds

    @property
    def reach(self) -> int:
        return sum(b.reach for b in self.blocks)

    def size(self, part: Part) -> int:
        """How many values the part's vector holds (a mean's counts, sums and squares: one per group)."""
        if part.name == "write_ins":
            raise InternalError(f"table {self.table.id}: write-ins are a histogram, not a vector")
        if self.axis is not None:  # centred: per group of the other dimensions, each option or each status
            dim = self.blocks[0].dims[self.axis]
            groups = self.cells // dim.size
            return groups * (len(dim.partition) if part.name == STATUSES else dim.size - len(dim.partition))
        return self.blocks[0].cells if self.table.kind == "mean" else self.cells

    @property
    def published_cells(self) -> int:
        """How many figures the table publishes: its cells without the status categories (no answer, answered).

        A write-ins table's answers are not known before the data: it counts as
        :data:`WRITE_IN_CELLS`.
        """
        if self.table.kind == "write_ins":
            return WRITE_IN_CELLS
        return sum(math.prod(d.size - len(_statuses(d)) for d in b.dims) for b in self.blocks)

    def cost(self) -> float:
        """K in error = K / ρ: the weighted noise variance of all the table's published figures, per unit of budget.

        Every figure a table publishes counts (times the table's weight), so
        that the split minimises the error of the release as a reader sums it
        over cells, as the accuracy benchmarks measure it. A large matrix then
        gets more than a small table, but only by the square root of its size
        (see :func:`optimal_shares`), and means and write-ins keep at least an
        even split's share.
        """
        cells = self.table.weight * self.published_cells
        if self.table.kind == "write_ins":
            return cells / 2
        base = cells * self.reach / 2
        if self.table.kind == "mean":
            # In half-ranges: σ_sums²/h² + (mean/h)² σ_counts², taking |mean| ≈ h/2.
            return base * (1 / MEAN_PARTS["sums"] + 1 / (4 * MEAN_PARTS["counts"]))
        return self.table.weight * _parts_cost(self.parts)

    @property
    def guarded(self) -> bool:
        """Whether the split must give the table at least an even per-figure share (means and write-ins)."""
        return self.table.kind in ("mean", "write_ins")


def _statuses(dim: Dimension) -> tuple[str, ...]:
    return tuple(c for c in dim.categories if c in (NO_ANSWER, ANSWERED))


def _parts_cost(parts: tuple[Part, ...]) -> float:
    """K of a count table's parts, their split of its budget optimal: (Σ √(Δ²/2 · load))².

    A part given ρ_p has noise variance Δ² / 2ρ_p; the table's error Σ load_p Δ_p² / 2ρ_p
    under Σ ρ_p = ρ is least with ρ_p ∝ √(Δ_p² / 2 · load_p) (Lagrange), and then K / ρ.
    """
    return sum(math.sqrt(p.sensitivity**2 / 2 * p.load) for p in parts) ** 2


def _with_fractions(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    roots = [math.sqrt(p.sensitivity**2 / 2 * p.load) for p in parts]
    return tuple(Part(p.name, p.sensitivity, r / sum(roots), p.load) for p, r in zip(parts, roots, strict=True))


def centred_parts(block: Block) -> tuple[tuple[Part, ...], int | None]:
    """A count block's parts, and the dimension they are centred along (None: one ``counts`` part).

    A block can be measured centred along any of its multiple choices (the
    measure or a breakdown); the one that gives the least noise is taken, and
    only where it beats the plain measurement. With m options, r the cells of
    the other dimensions one respondent is in (their bounds multiplied): the
    plain measurement gives every cell variance reach / 2ρ; centred, an
    option's cell has (σ_options² + σ_answered²) / 4 and a status cell
    σ_statuses², the budget split between the two parts optimally.
    """
    published = math.prod(d.size - len(_statuses(d)) for d in block.dims)
    best: tuple[tuple[Part, ...], int | None] = ((Part("counts", math.sqrt(block.reach), 1.0, float(published)),), None)
    for axis, dim in enumerate(block.dims):
        if not dim.multi or ANSWERED not in dim.categories:
            continue
        others = [d for i, d in enumerate(block.dims) if i != axis]
        options = dim.size - len(dim.partition)
        groups = math.prod(d.bound for d in others)
        shown_options = options * math.prod(d.size - len(_statuses(d)) for d in others)
        centred = _with_fractions(
            (
                Part(OPTIONS, math.sqrt(options * groups), 0.0, shown_options / 4),
                Part(STATUSES, math.sqrt(groups), 0.0, shown_options / 4 + published - shown_options),
            )
        )
        if _parts_cost(centred) < _parts_cost(best[0]):
            best = (centred, axis)
    return best


def layouts(plan: AnalysisPlan, instrument: Instrument) -> list[TableLayout]:
    schema = dataset_schema(instrument)
    return [layout(t, schema) for t in plan.tables]


def layout(table: Table, schema: DatasetSchema) -> TableLayout:
    by = tuple(dimension(schema, b) for b in table.by)
    if table.kind == "write_ins":
        return TableLayout(table, (), (Part("write_ins", 1.0, 1.0),), value=table.measure)
    if table.kind == "mean":
        column = schema.column(table.measure)
        lo, hi = float(column.minimum or 0), float(column.maximum or 0)
        block = Block(by)
        root, half = math.sqrt(block.reach), (hi - lo) / 2
        parts = (
            Part("counts", root, MEAN_PARTS["counts"]),
            Part("sums", half * root, MEAN_PARTS["sums"]),
            Part("squares", half * half * root, MEAN_PARTS["squares"]),
        )
        return TableLayout(table, (block,), parts, value=table.measure, bounds=(lo, hi))
    if table.kind == "matrix":
        blocks = tuple(Block((row, *by)) for row in matrix_rows(schema, table.measure))
        reach = sum(b.reach for b in blocks)
        published = sum(math.prod(d.size - len(_statuses(d)) for d in b.dims) for b in blocks)
        return TableLayout(table, blocks, (Part("counts", math.sqrt(reach), 1.0, float(published)),))
    block = Block((dimension(schema, table.measure), *by))
    measured, axis = centred_parts(block)
    return TableLayout(table, (block,), measured, axis=axis)


def split(tables: list[TableLayout], rho: float) -> list[float]:
    """Each table's ρ: the plan's own shares, else the split that minimises the plan's weighted error."""
    shares = [t.table.share for t in tables]
    chosen = [float(s) for s in shares if s is not None]
    return [rho * s for s in (chosen if len(chosen) == len(tables) else optimal_shares(tables))]


def optimal_shares(tables: list[TableLayout]) -> list[float]:
    """The split of a budget that minimises the plan's weighted error, in closed form.

    With Gaussian noise a table's weighted error (its figures' noise variance,
    times the table's weight) is K_t / ρ_t, so minimising Σ K_t / ρ_t under
    Σ ρ_t = ρ gives ρ_t = ρ √K_t / Σ √K_s (Lagrange). Means and write-ins
    are small tables whose figures are read one by one: each keeps at least
    the share an even split per published figure gives it (the Karush–Kuhn–
    Tucker solution: those below their floor are held at it, the rest share
    what is left in proportion to √K_t).
    """
    roots = [math.sqrt(t.cost()) for t in tables]
    figures = [t.published_cells for t in tables]
    floors = [f / sum(figures) if t.guarded else 0.0 for t, f in zip(tables, figures, strict=True)]
    held: set[int] = set()
    while True:
        free = [i for i in range(len(tables)) if i not in held]
        left = 1 - sum(floors[i] for i in held)
        if not free:  # every table guarded and below its floor: the floors are an even split, summing to 1
            return floors
        total = sum(roots[i] for i in free)
        shares = [floors[i] if i in held else left * roots[i] / total for i in range(len(tables))]
        below = {i for i in free if shares[i] < floors[i]}
        if not below:
            return shares
        held |= below

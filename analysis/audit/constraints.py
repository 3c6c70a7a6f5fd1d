"""What a reader can write down from a release's published figures: linear constraints on its count cells.

One unknown per count cell (counts, matrix and representation tables): the
cell's value after the consistency step, which is what the release would have
printed had the cell been shown. The constraints are only those that hold for
those values as published, noise and all:

- a shown cell's count, to the precision the reader trusts (see :class:`.Reading`);
- a published base: the sum of its group's answer cells (single choice), or
  the group's ``_answered`` cell (multiple choice, whose options overlap and so
  sum to anything: a respondent may tick several, and each option's noise is
  its own, so no option is bounded by the base either);
- a published share: count = t(share) · base, linear because the base is a sum of unknowns, where
  t undoes the share's bias correction (:func:`analysis.intervals.share_estimate`): share =
  r (1 − c/B²) + cov/B² with r = count / base, c the base's noise variance and cov its covariance
  with the count (functions of the plan and the noise scales alone, :func:`analysis.consistency.noise`);
- every margin that the consistency step makes equal across blocks (tables,
  and a matrix's rows): the same sums of cells agree, whichever block they come from;
- a floor: counts are unbiased and unclamped, so a hidden count may lie below
  zero by its noise; the attacker takes it to be at least −:data:`FLOOR_SDS`
  noise deviations of its table (true counts are never negative).

Not written down, because it does not hold for noisy values: an option at most
its base, a table's options summing to at most ``max_selections`` times its
base, anything linking two releases (each has its own noise).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.audit.settings import FLOAT_SLACK, Reading
from analysis.centred import cell_scale, published_noisy
from analysis.consistency import noise, shared_margins
from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block
from analysis.releases.cells import PublishedCell
from analysis.releases.model import Release
from analysis.releases.tables import COUNTED, PublishedTable
from instruments.text import COLUMN_SEP, DECLINED
from kernel.errors import EqSurveyError

FLOOR_SDS = 5.0
"""How far below zero a hidden count may lie, in its table's noise deviations (a deviation this far has
probability 3e-7; one further makes the figures infeasible, which secondary suppression treats as exposed)."""

_STATUS = (ANSWERED, DECLINED, NO_ANSWER)


@dataclass(frozen=True)
class Target:
    """A suppressed cell of a release: where it is, and which unknown holds it."""

    release: str
    table: str
    question: str
    """The measure's question (its dimension, for a matrix row)."""
    row: str | None
    measure: str | None
    by: tuple[tuple[str, str], ...]
    variable: int

    @property
    def label(self) -> str:
        return ", ".join([f"{self.question}={self.measure}", *(f"{k}={v}" for k, v in self.by)])


@dataclass
class System:
    """Bounds of every unknown and two-sided rows ``low ≤ Σ coefficient·unknown ≤ high``."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[tuple[np.ndarray, np.ndarray, float, float]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def unknowns(self, count: int, floor: float) -> int:
        """``count`` new unknowns, each at least ``floor``; the first one's index."""
        start = len(self.lower)
        self.lower.extend([floor] * count)
        self.upper.extend([np.inf] * count)
        return start

    def row(self, columns: np.ndarray, coefficients: np.ndarray, low: float, high: float) -> None:
        self.rows.append((columns, coefficients, low, high))


@dataclass(frozen=True)
class CountBlock:
    """One block of a release's count tables as the attack sees it: its cells and where their unknowns start."""

    table: PublishedTable
    row: str | None
    block: Block
    cells: tuple[PublishedCell, ...]
    """In the block's flat order."""
    start: int
    """The unknown of its first cell."""

    def unknown(self, flat: int) -> int:
        return self.start + flat

    def base_codes(self) -> list[int]:
        """The measure's categories a group's published base sums: its answers, or a multiple choice's _answered."""
        measure = self.block.dims[0]
        return [measure.categories.index(ANSWERED)] if measure.multi else list(measure.substantive)

    def groups(self) -> Iterator[tuple[list[int], list[PublishedCell]]]:
        """Each group of the breakdowns: the flat index and the cell of every category of the measure."""
        measure = self.block.dims[0]
        per_group = self.block.cells // measure.size
        for g in range(per_group):
            flats = [c * per_group + g for c in range(measure.size)]
            yield flats, [self.cells[f] for f in flats]


def build(releases: Sequence[Release], reading: Reading) -> System:
    """The constraints of every release's count tables, each release with unknowns of its own."""
    system = System()
    for release in releases:
        add_release(system, release.id, release.tables, reading)
    return system


def add_release(
    system: System, release_id: str, tables: Sequence[PublishedTable], reading: Reading
) -> list[CountBlock]:
    """Unknowns and constraints for one release's tables; its count blocks, in the order of their unknowns."""
    blocks = count_blocks(tables, system)
    scales = [_scale(b.table) for b in blocks]
    if all(scales):
        exact = noise(
            [published_noisy(b.block, b.table.noise, np.zeros(b.block.cells)) for b in blocks],
            [tuple(b.base_codes()) for b in blocks],
        )
        moments = [(e.base_variance, e.base_covariance) for e in exact]
    else:  # figures without noise (hand-made): shares are plain ratios
        moments = [(np.zeros(b.block.cells), np.zeros(b.block.cells)) for b in blocks]
    for b, (base_variance, base_covariance) in zip(blocks, moments, strict=True):
        _cells(system, release_id, b, reading)
        _bases_and_shares(system, b, reading, base_variance, base_covariance)
    add_margins(system, blocks)
    return blocks


EXACT_FLOOR = 1e-3
"""Figures stated without noise (hand-made bodies) are taken as exact counts, never below zero."""


def _scale(table: PublishedTable) -> float:
    return cell_scale(table.noise)


def floor_of(table: PublishedTable) -> float:
    """The lowest value a count of the table may take: −FLOOR_SDS noise deviations (or just below 0 without noise)."""
    return -FLOOR_SDS * _scale(table) if _scale(table) else -EXACT_FLOOR


def count_blocks(tables: Sequence[PublishedTable], system: System) -> list[CountBlock]:
    """The count tables' blocks, each given unknowns of its own in ``system``."""
    out = []
    for table in tables:
        if table.kind not in COUNTED:
            continue
        rows: dict[str | None, list[PublishedCell]] = {}
        for cell in table.cells:
            rows.setdefault(cell.row, []).append(cell)
        for row, cells in rows.items():
            block, ordered = _layout(table, row, cells)
            _check_centred(table, block)
            out.append(CountBlock(table, row, block, ordered, system.unknowns(block.cells, floor_of(table))))
    return out


def _layout(
    table: PublishedTable, row: str | None, cells: list[PublishedCell]
) -> tuple[Block, tuple[PublishedCell, ...]]:
    """The block as the release laid it out, from the labels alone: every cell is stored, suppressed ones too."""
    name = table.measure if row is None else f"{table.measure}{COLUMN_SEP}{row}"
    names = (name, *table.by)
    seen: dict[str, dict[str, int]] = {d: {} for d in names}
    labelled = []
    for cell in cells:
        codes = (cell.measure, *(cell.by.get(d) for d in table.by))
        for dim, code in zip(names, codes, strict=True):
            if code is None:
                raise _damaged(table, f"a cell has no category of {dim}")
            seen[dim].setdefault(code, len(seen[dim]))
        labelled.append((tuple(seen[d][str(c)] for d, c in zip(names, codes, strict=True)), cell))
    block = Block(tuple(_dimension(dim, tuple(codes)) for dim, codes in seen.items()))
    if block.cells != len(cells):
        raise _damaged(table, f"{len(cells)} cells where its categories make {block.cells}")
    ordered: list[PublishedCell | None] = [None] * block.cells
    for index, cell in labelled:
        ordered[int(np.ravel_multi_index(index, block.shape))] = cell
    if any(c is None for c in ordered):
        raise _damaged(table, "a cell is stored twice")
    return block, tuple(c for c in ordered if c is not None)


def _check_centred(table: PublishedTable, block: Block) -> None:
    """A table measured centred is centred along a multiple choice its cells have (its "_answered" among them)."""
    name = table.noise["options"].along if "options" in table.noise else None
    if name is None:
        return
    dim = next((d for d in block.dims if d.name == name), None)
    if dim is None or not dim.multi:
        raise _damaged(table, f"its noise is centred along '{name}', which is no multiple choice of its cells")


def _dimension(name: str, codes: tuple[str, ...]) -> Dimension:
    # A multiple choice is the one dimension with an "_answered" status; its statuses partition respondents.
    multi = ANSWERED in codes
    partition = tuple(i for i, c in enumerate(codes) if c in _STATUS) if multi else tuple(range(len(codes)))
    substantive = tuple(i for i, c in enumerate(codes) if c not in (*_STATUS, DECLINED))
    kind = "multi" if multi else "categorical"
    return Dimension(name, codes, partition, substantive, len(codes), (), kind)


def _damaged(table: PublishedTable, problem: str) -> EqSurveyError:
    return EqSurveyError.single(
        "release-cells", f"table {table.id}: {problem}", "audit the release as eqsurvey stored it; this one was changed"
    )


def _cells(system: System, release_id: str, b: CountBlock, reading: Reading) -> None:
    for flat, cell in enumerate(b.cells):
        unknown = b.unknown(flat)
        if cell.suppressed:
            by = tuple((d, cell.by[d]) for d in b.table.by)
            question = b.block.dims[0].name
            system.targets.append(Target(release_id, b.table.id, question, cell.row, cell.measure, by, unknown))
            continue
        if cell.n is None:  # a shown cell always has its n (release_body checks it)
            continue
        low, high = reading.count(cell.n)
        # A published 0 may stand for a value below zero (shown as 0 where nothing is suppressed).
        system.lower[unknown] = max(system.lower[unknown], low if cell.n > 0 else system.lower[unknown])
        system.upper[unknown] = high


def _bases_and_shares(
    system: System, b: CountBlock, reading: Reading, base_variance: np.ndarray, base_covariance: np.ndarray
) -> None:
    for flats, cells in b.groups():
        base_columns = np.array([b.unknown(flats[c]) for c in b.base_codes()])
        published = [c.base for c in cells if c.base is not None]
        if published:
            low, high = reading.count(published[0])
            system.row(base_columns, np.ones(len(base_columns)), low, high)
        for flat, cell in zip(flats, cells, strict=True):
            if cell.share is None:
                continue
            variance, covariance = float(base_variance[flat]), float(base_covariance[flat])
            if variance or covariance:  # the share was corrected with its published base (stored with it)
                if not cell.base:
                    continue
                scale, shift = 1 - variance / cell.base**2, covariance / cell.base**2
                if scale <= 0:  # the base's noise swamps it: the share says nothing linear about the count
                    continue
            else:
                scale, shift = 1.0, 0.0
            low, high = reading.share(cell.share)
            ratio = ((low - shift) / scale, (high - shift) / scale)
            _share(system, b.unknown(flat), base_columns, ratio, (low > 0, high < 1))


def _share(
    system: System, unknown: int, base: np.ndarray, ratio: tuple[float, float], sides: tuple[bool, bool]
) -> None:
    """count − ratio·base between the two ends of the ratio; the count may be the base's own cell.

    ``sides``: which ends hold (a share shown as 0 or 1 may stand for a ratio beyond it)."""
    low, high = ratio
    columns = np.append(base, unknown)
    if sides[1]:
        system.row(columns, np.append(-high * np.ones(len(base)), 1.0), -np.inf, FLOAT_SLACK)
    if sides[0]:
        system.row(columns, np.append(-low * np.ones(len(base)), 1.0), -FLOAT_SLACK, np.inf)


def add_margins(system: System, blocks: list[CountBlock]) -> None:
    for shared in shared_margins(tuple(b.block for b in blocks)):
        (first, reference), *others = shared
        for index, weights in others:
            for one, other in zip(reference, weights, strict=True):
                left, right = np.flatnonzero(one), np.flatnonzero(other)
                columns = np.concatenate([blocks[first].start + left, blocks[index].start + right])
                coefficients = np.concatenate([one[left], -other[right]])
                system.row(columns, coefficients, -FLOAT_SLACK, FLOAT_SLACK)

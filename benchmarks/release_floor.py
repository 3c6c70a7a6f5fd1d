"""The exact cells of a plan without privacy: the "floor" that release_bench.py compares compute() with.

Each variant computes, for every table of a plan, the same exact numbers that
:func:`analysis.compute.compute` measures before it adds noise:

- counts, matrix and representation tables: per block, the number of
  respondents in each cell, shaped like the block (a multi-select dimension
  has one category per option, at most ``max_selections`` kept per
  respondent in the questionnaire's order, and its status categories);
- mean tables: per group, how many respondents have a value, the sum of their
  values clamped to the scale and centred on its middle, and the sum of squares.

Which cells, in which order, is read from :mod:`analysis.plans.layout` (the
specification, no data); how answers become categories (missing answers,
the multi-select bound, status categories) is written here anew, and
:func:`check` compares the result with :mod:`analysis.tabulate`. Tables with
more than one multi-select dimension in a block, and write-ins, are not
needed by the benchmark's plan and are refused.

Variants:

- ``pandas``: categoricals and ``groupby(observed=False)`` sums/sizes per block;
- ``bincount``: pandas' categorical codes and ``np.bincount`` per block (and per
  ticked option of a multi-select);
- ``polars``: in release_floor_polars.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block, TableLayout
from analysis.tabulate import Coder, counts, sums
from instruments.text import DECLINED

Exact = dict[str, list[np.ndarray]]
"""Per table: its blocks' counts (shaped like each block), or for a mean table [counts, sums, squares]."""

COUNTED = ("counts", "matrix", "representation")


def _options(dim: Dimension) -> int:
    return len(dim.categories) - len(dim.partition)


def _split(block: Block) -> tuple[list[Dimension], tuple[int, Dimension] | None]:
    singles = [d for d in block.dims if not d.multi]
    multis = [(i, d) for i, d in enumerate(block.dims) if d.multi]
    if len(multis) > 1:
        raise ValueError("the floor handles one multi-select dimension per block")
    return singles, (multis[0] if multis else None)


def _assemble(per_group: np.ndarray, singles: list[Dimension], multi: tuple[int, Dimension] | None) -> np.ndarray:
    """(groups of the single dimensions, categories of the multi one) → shaped like the block."""
    shape = [d.size for d in singles]
    if multi is None:
        return per_group.reshape(shape)
    position, dim = multi
    return np.moveaxis(per_group.reshape([*shape, dim.size]), -1, position)


# ----------------------------------------------------------------------------------------------- numpy and pandas


@dataclass(frozen=True)
class _Multi:
    """A multi-select dimension coded: which respondents keep each option, and each respondent's status."""

    chosen: list[np.ndarray]
    """Per option, a boolean per respondent (at most ``max_selections`` kept, in the questionnaire's order)."""
    rows: list[np.ndarray]
    """Per option, the respondents who keep it."""
    state: np.ndarray
    """Each respondent's status, numbered from 0 in the order of the dimension's status categories."""


class _Coded:
    """Each dimension coded once per run (as compute's Coder does)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._single: dict[str, np.ndarray] = {}
        self._multi: dict[str, _Multi] = {}

    def single(self, dim: Dimension) -> np.ndarray:
        if dim.name not in self._single:
            series = self.frame[dim.columns[0]]
            none = dim.categories.index(NO_ANSWER)
            if dim.kind == "categorical":
                expected = list(dim.categories[:-1])
                if list(series.cat.categories) != expected:
                    series = series.cat.set_categories(expected)
                codes = series.cat.codes.to_numpy().astype(np.int64)
                codes[codes < 0] = none
            elif dim.kind == "boolean":
                codes = np.where(series.to_numpy(dtype=bool, na_value=False), 0, 1)
                codes[series.isna().to_numpy()] = none
            else:
                raise ValueError(f"the floor does not break down by {dim.kind} dimensions")
            self._single[dim.name] = codes
        return self._single[dim.name]

    def multi(self, dim: Dimension) -> _Multi:
        if dim.name not in self._multi:
            options = _options(dim)
            ticked = np.zeros(len(self.frame), dtype=np.int16)
            chosen = []
            for name in dim.columns[:options]:
                kept = self.frame[name].to_numpy(dtype=bool, na_value=False) & (ticked < dim.bound - 1)
                ticked += kept
                chosen.append(kept)
            status = list(dim.categories[options:])
            state = np.full(len(self.frame), status.index(NO_ANSWER), dtype=np.int64)
            if DECLINED in status:
                state[self.frame[dim.columns[-1]].to_numpy(dtype=bool, na_value=False)] = status.index(DECLINED)
            state[ticked > 0] = status.index(ANSWERED)
            self._multi[dim.name] = _Multi(chosen, [np.flatnonzero(c) for c in chosen], state)
        return self._multi[dim.name]


def _numbers(frame: pd.DataFrame, shape: TableLayout) -> tuple[np.ndarray, np.ndarray]:
    """Present (0/1) and the clamped value centred on the scale's middle (0 where missing)."""
    lo, hi = shape.limits()
    values = frame[shape.column()]
    present = values.notna().to_numpy()
    centred = np.where(present, np.clip(values.fillna(lo).to_numpy(dtype=float), lo, hi) - (lo + hi) / 2, 0.0)
    return present.astype(float), centred


def _numpy_block(coded: _Coded, block: Block, weights: np.ndarray | None = None) -> np.ndarray:
    singles, multi = _split(block)
    group: np.ndarray | None = None
    groups = 1
    for dim in singles:
        codes = coded.single(dim)
        group = codes if group is None else group * dim.size + codes
        groups *= dim.size
    if multi is None:
        if group is None:
            raise ValueError("the floor needs at least one dimension per block")
        return _assemble(np.bincount(group, weights, minlength=groups).astype(float), singles, None)
    dim = multi[1]
    coded_multi = coded.multi(dim)
    columns = []
    for rows in coded_multi.rows:
        if group is None:
            columns.append(np.array([len(rows) if weights is None else weights[rows].sum()]))
        else:
            columns.append(np.bincount(group[rows], None if weights is None else weights[rows], minlength=groups))
    states = len(dim.partition)
    flat = coded_multi.state if group is None else group * states + coded_multi.state
    columns.append(np.bincount(flat, weights, minlength=groups * states).reshape(groups, states))
    return _assemble(np.column_stack(columns).astype(float), singles, multi)


def numpy_floor(layouts: list[TableLayout], frame: pd.DataFrame) -> Exact:
    coded = _Coded(frame)
    out: Exact = {}
    for shape in layouts:
        if shape.table.kind in COUNTED:
            out[shape.table.id] = [_numpy_block(coded, b) for b in shape.blocks]
        elif shape.table.kind == "mean":
            present, centred = _numbers(frame, shape)
            block = shape.blocks[0]
            out[shape.table.id] = [_numpy_block(coded, block, w) for w in (present, centred, centred * centred)]
        else:
            raise ValueError(f"the floor does not compute {shape.table.kind} tables")
    return out


def _keys(coded: _Coded, singles: list[Dimension]) -> dict[str, pd.Categorical[str]]:
    return {d.name: pd.Categorical.from_codes(coded.single(d), categories=pd.Index(d.categories)) for d in singles}


def _pandas_block(coded: _Coded, block: Block, values: pd.DataFrame | None = None) -> list[np.ndarray]:
    """Counts (``values`` None) or the sums of each column of ``values``, per cell of the block."""
    singles, multi = _split(block)
    keys = _keys(coded, singles)
    names = list(keys)
    data = pd.DataFrame(keys) if values is None else values.assign(**keys)
    if multi is None:
        grouped = data.groupby(names, observed=False)
        if values is None:
            return [_assemble(grouped.size().to_numpy(dtype=float), singles, None)]
        sums = grouped[list(values.columns)].sum()
        return [_assemble(sums[c].to_numpy(dtype=float), singles, None) for c in values.columns]
    dim = multi[1]
    coded_multi = coded.multi(dim)
    options = _options(dim)
    option_names = [str(c) for c in dim.categories[:options]]
    state = pd.Categorical.from_codes(coded_multi.state, categories=pd.Index(dim.categories[options:]))
    kept = pd.DataFrame(dict(zip(option_names, coded_multi.chosen, strict=True)))
    out = []
    for column in [None] if values is None else list(values.columns):
        weight = None if column is None else data[column].to_numpy(dtype=float)
        ticked = kept if weight is None else kept.mul(weight, axis=0)
        by_option = (
            ticked.assign(**keys).groupby(names, observed=False)[option_names].sum().to_numpy()
            if names
            else ticked.sum().to_numpy()[None, :]
        )
        states = pd.DataFrame({**keys, "_state": state})
        if weight is None:
            per_state = states.groupby([*names, "_state"], observed=False).size().to_numpy()
        else:
            per_state = states.assign(_w=weight).groupby([*names, "_state"], observed=False)["_w"].sum().to_numpy()
        cells = np.column_stack([by_option, per_state.reshape(-1, len(dim.partition))]).astype(float)
        out.append(_assemble(cells, singles, multi))
    return out


def pandas_floor(layouts: list[TableLayout], frame: pd.DataFrame) -> Exact:
    coded = _Coded(frame)
    out: Exact = {}
    for shape in layouts:
        if shape.table.kind in COUNTED:
            out[shape.table.id] = [_pandas_block(coded, b)[0] for b in shape.blocks]
        elif shape.table.kind == "mean":
            present, centred = _numbers(frame, shape)
            values = pd.DataFrame({"counts": present, "sums": centred, "squares": centred * centred})
            out[shape.table.id] = _pandas_block(coded, shape.blocks[0], values)
        else:
            raise ValueError(f"the floor does not compute {shape.table.kind} tables")
    return out


# ----------------------------------------------------------------------------------------------- checks


def exact(layouts: list[TableLayout], frame: pd.DataFrame) -> Exact:
    """The same cells from analysis.tabulate (what compute() measures), to check the variants against."""
    coder = Coder(frame)
    out: Exact = {}
    for shape in layouts:
        if shape.table.kind in COUNTED:
            out[shape.table.id] = [counts(coder, b).reshape(b.shape) for b in shape.blocks]
        else:
            values, present = coder.numbers(shape.column(), shape.limits())
            centred = values - sum(shape.limits()) / 2
            block = shape.blocks[0]
            out[shape.table.id] = [
                counts(coder, block, present).reshape(block.shape),
                sums(coder, block, centred, present).reshape(block.shape),
                sums(coder, block, centred * centred, present).reshape(block.shape),
            ]
    return out


def check(name: str, got: Exact, want: Exact) -> None:
    """Refuse a floor whose cells differ from analysis.tabulate's (it would not be computing the same thing)."""
    for table, arrays in want.items():
        for i, (a, b) in enumerate(zip(got[table], arrays, strict=True)):
            if a.shape != b.shape or not np.allclose(a, b, rtol=0, atol=1e-6):
                raise RuntimeError(f"{name} floor: table {table}, part {i} differs from analysis.tabulate")


Floor = Callable[[list[TableLayout], Any], Exact]

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
- ``polars``: ``group_by`` per block on the same data held as a polars frame
  (made before timing: a polars user would have loaded it that way).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block, TableLayout
from analysis.tabulate import Coder, counts, sums
from instruments.text import DECLINED

if TYPE_CHECKING:
    import polars as pl

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


# ----------------------------------------------------------------------------------------------- polars


def to_polars(frame: pd.DataFrame) -> pl.DataFrame:
    """The dataset as polars holds it best: categoricals as enums of their categories, in their order."""
    import polars as pl

    enums = {c: list(frame[c].cat.categories) for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    return pl.from_pandas(frame).with_columns(pl.col(c).cast(pl.Enum(cats)) for c, cats in enums.items())


class _PolarsCoded:
    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame
        self.rows = frame.height
        self._single: dict[str, pl.Series] = {}
        self._multi: dict[str, tuple[list[pl.Series], pl.Series]] = {}

    def single(self, dim: Dimension) -> pl.Series:
        import polars as pl

        if dim.name not in self._single:
            column = pl.col(dim.columns[0])
            none = dim.categories.index(NO_ANSWER)
            if dim.kind == "categorical":
                enum = pl.Enum(list(dim.categories[:-1]))
                if self.frame.schema[dim.columns[0]] != enum:
                    column = column.cast(enum)
                code = column.to_physical().cast(pl.Int64).fill_null(none)
            elif dim.kind == "boolean":
                code = pl.when(column.is_null()).then(none).when(column).then(0).otherwise(1).cast(pl.Int64)
            else:
                raise ValueError(f"the floor does not break down by {dim.kind} dimensions")
            self._single[dim.name] = self.frame.select(code.alias(dim.name)).to_series()
        return self._single[dim.name]

    def multi(self, dim: Dimension) -> tuple[list[pl.Series], pl.Series]:
        import polars as pl

        if dim.name not in self._multi:
            options = _options(dim)
            ticks = self.frame.select(
                pl.col(c).fill_null(False).alias(f"_t{j}") for j, c in enumerate(dim.columns[:options])
            )
            # How many options up to each one are ticked, one column at a time (cum_sum_horizontal's struct was
            # recomputed for every option it was read for: a second per million respondents).
            running = ticks.select(pl.col("_t0").cast(pl.UInt8).alias("_r0"))
            for j in range(1, options):
                running = running.with_columns(
                    (pl.col(f"_r{j - 1}") + ticks.get_column(f"_t{j}").cast(pl.UInt8)).alias(f"_r{j}")
                )
            counted = pl.concat([ticks, running], how="horizontal")
            kept = [
                (pl.col(f"_t{j}") & (pl.col(f"_r{j}") <= dim.bound - 1)).alias(str(dim.categories[j]))
                for j in range(options)
            ]
            declined = (
                pl.col(dim.columns[-1]).fill_null(False) if DECLINED in dim.categories[options:] else pl.lit(False)
            )
            status = (
                pl.when(pl.col(f"_r{options - 1}") > 0)  # any option ticked (the first is always kept)
                .then(dim.categories.index(ANSWERED))
                .when(declined)
                .then(dim.categories.index(DECLINED) if DECLINED in dim.categories else -1)
                .otherwise(dim.categories.index(NO_ANSWER))
            )
            coded = pl.concat([self.frame, counted], how="horizontal").select(*kept, status.alias("_state"))
            self._multi[dim.name] = (coded.get_columns()[:options], coded.get_column("_state"))
        return self._multi[dim.name]


def _scatter(result: pl.DataFrame, keys: list[tuple[str, int]], value: str) -> np.ndarray:
    """A group_by result's ``value`` column as a dense vector over every combination of the key columns."""
    flat = np.zeros(len(result), dtype=np.int64)
    for name, size in keys:
        flat = flat * size + result.get_column(name).to_numpy()
    out = np.zeros(int(np.prod([size for _, size in keys])))
    out[flat] = result.get_column(value).to_numpy()
    return out


def _polars_block(coded: _PolarsCoded, block: Block, values: dict[str, pl.Series] | None = None) -> list[np.ndarray]:
    """Counts (``values`` None) or the sums of each of ``values``, per cell of the block."""
    import polars as pl

    singles, multi = _split(block)
    keys = [(d.name, d.size) for d in singles]
    names = [d.name for d in singles]
    columns = [coded.single(d) for d in singles] + list((values or {}).values())
    measures: dict[str, pl.Expr | None] = {"_n": None} if values is None else {n: pl.col(n) for n in values}

    def total(weight: pl.Expr | None, name: str) -> pl.Expr:
        return (pl.len() if weight is None else weight.sum()).alias(name)

    def grouped(data: pl.DataFrame, by: list[str], aggs: list[pl.Expr]) -> pl.DataFrame:
        return data.group_by(by).agg(*aggs) if by else data.select(*aggs)

    if multi is None:
        result = grouped(pl.DataFrame(columns), names, [total(w, n) for n, w in measures.items()])
        return [_scatter(result, keys, n).reshape([d.size for d in singles]) for n in measures]
    dim = multi[1]
    kept, status = coded.multi(dim)
    options, states = _options(dim), len(dim.partition)
    ticked = [k.alias(f"_o{j}") for j, k in enumerate(kept)]
    data = pl.DataFrame([*columns, *ticked, (status - options).alias("_state")])
    out = []
    for n, w in measures.items():
        option_sums = [
            (pl.col(t.name).sum() if w is None else pl.when(pl.col(t.name)).then(w).otherwise(0.0).sum()).alias(t.name)
            for t in ticked
        ]
        by_option = grouped(data, names, option_sums)
        option_cells = np.column_stack([_scatter(by_option, keys, t.name) for t in ticked])
        by_state = data.group_by([*names, "_state"]).agg(total(w, n))
        state_cells = _scatter(by_state, [*keys, ("_state", states)], n).reshape(-1, states)
        out.append(_assemble(np.column_stack([option_cells, state_cells]).astype(float), singles, multi))
    return out


def polars_floor(layouts: list[TableLayout], frame: pl.DataFrame) -> Exact:
    import polars as pl

    coded = _PolarsCoded(frame)
    out: Exact = {}
    for shape in layouts:
        if shape.table.kind in COUNTED:
            out[shape.table.id] = [_polars_block(coded, b)[0] for b in shape.blocks]
        elif shape.table.kind == "mean":
            lo, hi = shape.limits()
            value = pl.col(shape.column())
            centred = (value.clip(lo, hi).cast(pl.Float64) - (lo + hi) / 2).fill_null(0.0)
            parts = frame.select(
                value.is_not_null().cast(pl.Float64).alias("counts"),
                centred.alias("sums"),
                (centred * centred).alias("squares"),
            )
            out[shape.table.id] = _polars_block(coded, shape.blocks[0], dict(zip(parts.columns, parts, strict=True)))
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

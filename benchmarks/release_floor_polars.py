"""The polars variant of the exact floor (see release_floor.py): the same cells, as a polars user would count them.

Two starting points, one aggregation:

- **pre-coded** (``precode``, before timing): every dimension of the plan as
  the integer code of its category (missing answers and "prefer not to say"
  included, as the plan counts them), a multiple choice as one boolean column
  per option (its bound applied) and one status code, a mean's column as
  floats. What is timed (``coded_floor``) is the counting alone;
- **raw strings** (``raw_floor``): the dataset's categoricals as plain strings,
  as polars reads an export; coding them (enums, missing answers, the
  multiple choice's bound) is part of the timed query.

The aggregation is what a competent polars user writes for a plan: the blocks
are grouped by the single-choice keys they break down by, every key set is
one ``group_by`` computing all its blocks' cells at once (its length, the sum
of each option column, a mean's count, sum and sum of squares; a multiple
choice's status adds its code to the keys), the keys combined into one
integer, and all the key sets' lazy queries run together with
``pl.collect_all`` on polars' thread pool (``POLARS_MAX_THREADS``; the
benchmarks set it to the cores the release gets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from release_floor import COUNTED, Exact, _assemble, _Coded, _options, _split

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import TableLayout
from instruments.text import DECLINED

if TYPE_CHECKING:
    import polars as pl

PARTS = ("counts", "sums", "squares")
"""A mean table's parts, in the order release_floor's Exact lists them."""


def _status(dim: Dimension) -> str:
    return f"{dim.name}#status"


def _option(dim: Dimension, j: int) -> str:
    return _option_name(dim.name, j)


def _option_name(name: str, j: int) -> str:
    return f"{name}#{j}"


def _code_type(size: int) -> pl.DataType:
    import polars as pl

    return pl.UInt8() if size <= 2**8 else pl.UInt16() if size <= 2**16 else pl.UInt32()


def _dimensions(layouts: list[TableLayout]) -> dict[str, Dimension]:
    return {d.name: d for shape in layouts for block in shape.blocks for d in block.dims}


def _means(layouts: list[TableLayout]) -> dict[str, tuple[float, float]]:
    return {shape.column(): shape.limits() for shape in layouts if shape.table.kind == "mean"}


# ----------------------------------------------------------------------------------------------- the data, coded


def precode(frame: pd.DataFrame, layouts: list[TableLayout]) -> pl.DataFrame:
    """The plan's dimensions as integer codes and boolean options, its means' columns as floats (before timing)."""
    import polars as pl

    coded = _Coded(frame)
    columns: dict[str, pl.Series] = {}
    for dim in _dimensions(layouts).values():
        if dim.multi:
            multi = coded.multi(dim)
            for j, kept in enumerate(multi.chosen):
                columns[_option(dim, j)] = pl.Series(kept)
            columns[_status(dim)] = pl.Series(multi.state).cast(_code_type(len(dim.partition)))
        else:
            columns[dim.name] = pl.Series(coded.single(dim)).cast(_code_type(dim.size))
    for column in _means(layouts):
        columns[column] = pl.Series(frame[column].to_numpy(dtype=float, na_value=np.nan), nan_to_null=True)
    return pl.DataFrame(columns)


def _raw_codes(layouts: list[TableLayout], frame: pl.DataFrame) -> pl.LazyFrame:
    """The same columns as :func:`precode`, coded by polars from plain strings inside the query."""
    import polars as pl

    singles: list[pl.Expr] = []
    data = frame.lazy()
    multis = []
    for dim in _dimensions(layouts).values():
        if dim.multi:
            data = _raw_multi(dim, data)
            multis += [*(_option(dim, j) for j in range(_options(dim))), _status(dim)]
            continue
        column = pl.col(dim.columns[0])
        none = dim.categories.index(NO_ANSWER)
        if dim.kind == "categorical":
            code = column.cast(pl.Enum(list(dim.categories[:-1]))).to_physical().fill_null(none)
        elif dim.kind == "boolean":
            code = pl.when(column.is_null()).then(none).when(column).then(0).otherwise(1)
        else:
            raise ValueError(f"the floor does not break down by {dim.kind} dimensions")
        singles.append(code.cast(_code_type(dim.size)).alias(dim.name))
    means = [pl.col(c).cast(pl.Float64) for c in _means(layouts)]
    return data.select(*singles, *multis, *means)


def _raw_multi(dim: Dimension, data: pl.LazyFrame) -> pl.LazyFrame:
    """Each option kept while fewer than the bound's options before it are; the status from the kept ones.

    One column at a time (the running count materialised): an expression of all the earlier options
    for each option would be recomputed for every option that reads it.
    """
    import polars as pl

    options, running = _options(dim), f"{dim.name}#ticked"
    data = data.with_columns(pl.lit(0, dtype=pl.UInt8).alias(running))
    for j, column in enumerate(dim.columns[:options]):
        keep = pl.col(column).fill_null(False) & (pl.col(running) < dim.bound - 1)
        data = data.with_columns(keep.alias(_option(dim, j))).with_columns(
            (pl.col(running) + pl.col(_option(dim, j)).cast(pl.UInt8)).alias(running)
        )
    status = list(dim.categories[options:])
    declined = pl.col(dim.columns[-1]).fill_null(False) if DECLINED in status else pl.lit(False)
    state = (
        pl.when(pl.col(running) > 0)
        .then(status.index(ANSWERED))
        .when(declined)
        .then(status.index(DECLINED) if DECLINED in status else 0)
        .otherwise(status.index(NO_ANSWER))
    )
    return data.with_columns(state.cast(_code_type(len(status))).alias(_status(dim)))


# ----------------------------------------------------------------------------------------------- the counting


@dataclass(frozen=True)
class _Need:
    """One aggregate of a key set: ``weight`` None counts rows, else sums a mean's part; ``option`` restricts to
    the respondents who kept an option of a multiple choice."""

    weight: tuple[str, str] | None = None
    """(column, part): a mean's present, centred value or its square."""
    option: tuple[str, int] | None = None

    @property
    def name(self) -> str:
        weight = "n" if self.weight is None else "/".join(self.weight)
        return weight if self.option is None else f"{weight}@{self.option[0]}#{self.option[1]}"


Keys = tuple[Dimension, ...]


def _weights(shape: TableLayout) -> list[tuple[str, str] | None]:
    return [None] if shape.table.kind in COUNTED else [(shape.column(), p) for p in PARTS]


def _needs(layouts: list[TableLayout]) -> dict[Keys, set[_Need]]:
    """Per key set (the single dimensions a block breaks down by, plus a multiple choice's status), its aggregates."""
    out: dict[Keys, set[_Need]] = {}
    for shape in layouts:
        if shape.table.kind not in (*COUNTED, "mean"):
            raise ValueError(f"the floor does not compute {shape.table.kind} tables")
        for block in shape.blocks:
            singles, multi = _split(block)
            for weight in _weights(shape):
                if multi is None:
                    out.setdefault(tuple(singles), set()).add(_Need(weight))
                    continue
                dim = multi[1]
                options = {_Need(weight, (dim.name, j)) for j in range(_options(dim))}
                out.setdefault(tuple(singles), set()).update(options)
                out.setdefault((*singles, _status_dim(dim)), set()).add(_Need(weight))
    return out


def _status_dim(dim: Dimension) -> Dimension:
    """A multiple choice's status as a single dimension of its own (what its status code column holds)."""
    states = tuple(dim.categories[i] for i in dim.partition)
    return Dimension(_status(dim), states, tuple(range(len(states))), (), 1, (_status(dim),), "status")


def _expression(need: _Need, bounds: dict[str, tuple[float, float]]) -> pl.Expr:
    import polars as pl

    tick = None if need.option is None else pl.col(_option_name(*need.option))
    if need.weight is None:
        return (pl.len() if tick is None else tick.sum()).alias(need.name)
    column, part = need.weight
    lo, hi = bounds[column]
    centred = pl.col(column).clip(lo, hi) - (lo + hi) / 2
    values = {"counts": pl.col(column).is_not_null().cast(pl.Float64), "sums": centred, "squares": centred * centred}
    value = values[part].fill_null(0.0)
    return (value if tick is None else pl.when(tick).then(value).otherwise(0.0)).sum().alias(need.name)


def _key(keys: Keys) -> pl.Expr:
    """The key set as one integer (mixed radix), cheaper to group by than several columns."""
    import polars as pl

    total = int(np.prod([d.size for d in keys]))
    code: pl.Expr = pl.lit(0, dtype=pl.UInt32)
    for d in keys:
        code = code * d.size + pl.col(d.name).cast(pl.UInt32)
    return code.cast(_code_type(total)).alias("_key")


def _queries(
    layouts: list[TableLayout], data: pl.LazyFrame
) -> tuple[list[tuple[Keys, list[_Need]]], list[pl.LazyFrame]]:
    bounds = _means(layouts)
    plans = [(keys, sorted(needs, key=lambda n: n.name)) for keys, needs in _needs(layouts).items()]
    queries = []
    for keys, needs in plans:
        aggs = [_expression(n, bounds) for n in needs]
        queries.append(data.group_by(_key(keys)).agg(aggs) if keys else data.select(aggs))
    return plans, queries


def _dense(result: pl.DataFrame, keys: Keys, name: str) -> np.ndarray:
    """A result column as a dense vector over every combination of the keys (absent combinations 0)."""
    out = np.zeros(int(np.prod([d.size for d in keys])))
    if keys:
        out[result.get_column("_key").to_numpy()] = result.get_column(name).to_numpy()
    else:
        out[0] = result.get_column(name).item()
    return out


def _cells(layouts: list[TableLayout], results: dict[Keys, pl.DataFrame]) -> Exact:
    out: Exact = {}
    for shape in layouts:
        parts = []
        for weight in _weights(shape):
            for block in shape.blocks:
                singles, multi = _split(block)
                keys = tuple(singles)
                if multi is None:
                    parts.append(_assemble(_dense(results[keys], keys, _Need(weight).name), singles, None))
                    continue
                dim = multi[1]
                groups = int(np.prod([d.size for d in singles]))
                options = [_dense(results[keys], keys, _Need(weight, (dim.name, j)).name) for j in range(_options(dim))]
                states = (*keys, _status_dim(dim))
                per_state = _dense(results[states], states, _Need(weight).name).reshape(groups, len(dim.partition))
                parts.append(_assemble(np.column_stack([*options, per_state]), singles, multi))
        out[shape.table.id] = parts
    return out


def _run(layouts: list[TableLayout], data: pl.LazyFrame) -> Exact:
    import polars as pl

    plans, queries = _queries(layouts, data)
    results = dict(zip((keys for keys, _ in plans), pl.collect_all(queries), strict=True))
    return _cells(layouts, results)


def coded_floor(layouts: list[TableLayout], coded: pl.DataFrame) -> Exact:
    """The plan's exact cells from :func:`precode`'s frame: the counting alone."""
    return _run(layouts, coded.lazy())


def raw_floor(layouts: list[TableLayout], strings: pl.DataFrame) -> Exact:
    """The plan's exact cells from plain strings: coding and counting in one polars query."""
    return _run(layouts, _raw_codes(layouts, strings))


def raw_strings(frame: pd.DataFrame) -> pl.DataFrame:
    """The dataset with its categorical columns as plain strings, as polars reads an export."""
    import polars as pl

    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return pl.from_pandas(frame).with_columns(pl.col(c).cast(pl.String) for c in categorical)

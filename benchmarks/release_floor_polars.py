"""The polars variant of the exact floor (see release_floor.py): the same cells, on a polars frame.

Made before timing, the frame holds categoricals as enums of their categories
(``to_polars``: "pre-coded"); a frame of plain strings is coded to enums inside
the timed call. Multiple choices keep at most their bound of options, counted
one option column at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from release_floor import COUNTED, Exact, _assemble, _options, _split

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block, TableLayout
from instruments.text import DECLINED

if TYPE_CHECKING:
    import polars as pl


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

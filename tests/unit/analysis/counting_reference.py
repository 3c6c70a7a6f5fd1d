"""A reference count of a dataset's cells, and random datasets to count, for the exact-tabulation tests.

The frames hold anything a damaged or hostile dataset could: missing values
everywhere, more ticks than a multiple choice allows, "prefer not to say"
ticked beside options, scale values outside the scale. The reference codes
each respondent's categories in pandas (the first ``max_selections`` ticked
options in the questionnaire's order, then one status; a scale value inside
the scale, else declined if said so, else no answer), joins them per
respondent and counts with ``groupby``.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from analysis.plans.dimensions import ANSWERED, FALSE, NO_ANSWER, TRUE, Dimension, dimension
from analysis.plans.layout import Block
from instruments.dataset import dataset_schema
from instruments.text import DECLINED
from tests.unit.analysis import synthetic

SCHEMA = dataset_schema(synthetic.INSTRUMENT)
DIMENSIONS = {
    name: dimension(SCHEMA, name) for name in ("group", "discr", "grounds", "trust", "agree", "domains__work")
}
CHOICE = ("yes", "no", DECLINED, None)


@st.composite
def frames(draw: Any, max_rows: int = 30) -> pd.DataFrame:
    """A dataset of the synthetic instrument with arbitrary, possibly impossible, answers."""
    n = draw(st.integers(0, max_rows))

    def column(values: st.SearchStrategy[Any]) -> list[Any]:
        return list(draw(st.lists(values, min_size=n, max_size=n)))

    def categorical(values: tuple[Any, ...], categories: tuple[str, ...]) -> pd.Series:
        return pd.Series(pd.Categorical(column(st.sampled_from(values)), categories=list(categories)))

    def boolean() -> pd.Series:
        return pd.Series(column(st.sampled_from([True, False, None])), dtype="boolean")

    data: dict[str, pd.Series] = {
        "group": categorical(("big", "small", DECLINED, None), ("big", "small", DECLINED)),
        "discr": categorical(CHOICE, ("yes", "no", DECLINED)),
    }
    for option in (*synthetic.OPTIONS, DECLINED):
        data[f"grounds__{option}"] = boolean()
    data["trust"] = pd.Series(column(st.one_of(st.none(), st.integers(-3, 9))), dtype="Int64")
    data["trust__prefer_not_to_say"] = boolean()
    for row in synthetic.ROWS:
        data[f"domains__{row}"] = categorical(CHOICE, ("yes", "no", DECLINED))
    data["agree"] = boolean()
    data["note"] = pd.Series(column(st.one_of(st.none(), st.text(max_size=5))), dtype="string")
    data["received_month"] = pd.Series(pd.Categorical(["2026-05"] * n))
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def labels(frame: pd.DataFrame, dim: Dimension) -> pd.DataFrame:
    """(respondent, category) rows of one dimension, coded with pandas."""
    n = len(frame)
    if dim.kind == "multi":
        options = [c for c in dim.columns if not c.endswith(DECLINED)]
        ticked = frame[options].fillna(False).astype(bool)
        kept = ticked & (ticked.cumsum(axis=1) <= dim.bound - 1)
        declined = frame[dim.columns[-1]].fillna(False).astype(bool) if DECLINED in dim.categories else False
        status = np.where(kept.any(axis=1), ANSWERED, np.where(declined, DECLINED, NO_ANSWER))
        long = kept.rename(columns=dict(zip(options, dim.categories, strict=False))).stack()
        chosen = long[long.to_numpy(dtype=bool)].index.to_frame(index=False)
        chosen.columns = ["respondent", dim.name]
        return pd.concat([chosen, pd.DataFrame({"respondent": range(n), dim.name: status})], ignore_index=True)
    series = frame[dim.columns[0]]
    if dim.kind == "categorical":
        coded = series.astype(object).where(series.notna(), NO_ANSWER)
    elif dim.kind == "boolean":
        coded = series.map({True: TRUE, False: FALSE}).astype(object).where(series.notna(), NO_ANSWER)
    else:
        lo, hi = int(dim.categories[0]), int(dim.categories[dim.substantive[-1]])
        inside = series.notna() & (series >= lo) & (series <= hi)
        declined = frame[dim.columns[1]].fillna(False).astype(bool)
        coded = pd.Series(np.where(declined, DECLINED, NO_ANSWER), dtype=object)
        coded[inside.to_numpy(dtype=bool)] = series[inside.to_numpy(dtype=bool)].astype(int).astype(str)
    return pd.DataFrame({"respondent": range(n), dim.name: coded.to_numpy()})


def reference(frame: pd.DataFrame, dims: tuple[Dimension, ...], weights: pd.Series | None = None) -> np.ndarray:
    """Counts (or sums of ``weights``) over every combination of the dimensions' categories, by groupby."""
    joined = labels(frame, dims[0])
    for dim in dims[1:]:
        joined = joined.merge(labels(frame, dim), on="respondent")
    names = [d.name for d in dims]
    if weights is None:
        found = joined.groupby(names).size()
    else:
        joined = joined.merge(pd.DataFrame({"respondent": weights.index, "w": weights.to_numpy()}), on="respondent")
        found = joined.groupby(names)["w"].sum()
    table = found.to_dict()
    cells = [table.get(key if len(dims) > 1 else key[0], 0) for key in product(*(d.categories for d in dims))]
    return np.array(cells, dtype=float)


blocks = st.lists(st.sampled_from(sorted(DIMENSIONS)), min_size=1, max_size=3, unique=True).map(
    lambda names: Block(tuple(DIMENSIONS[n] for n in names))
)

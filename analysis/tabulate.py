"""Exact cell vectors of a table, from the analysis dataset (before any noise).

Each dimension is coded once per release into *memberships*: pairs
(respondent, category). A single choice gives every respondent one pair. A
multiple choice gives one pair per ticked option, but never more than the
question's ``max_selections`` (a respondent who somehow ticked more keeps the
first ones in the questionnaire's order), plus one status pair. The bound the
noise is calibrated to is therefore a property of this code, not a hope about
the data. A block's cells are then one ``bincount`` over the joined pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from instruments.errors import EqSurveyError
from instruments.text import DECLINED

from .dimensions import ANSWERED, NO_ANSWER, Dimension
from .layout import Block

if TYPE_CHECKING:
    import pandas as pd

Int = np.int64


@dataclass(frozen=True)
class Memberships:
    """(respondent, category) pairs of one dimension, sorted by respondent."""

    respondents: np.ndarray
    categories: np.ndarray


@dataclass
class Coder:
    """Codes dimensions of one dataset, each once."""

    frame: pd.DataFrame
    _done: dict[str, Memberships] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.frame)

    def memberships(self, dim: Dimension) -> Memberships:
        if dim.name not in self._done:
            self._done[dim.name] = _multi(self.frame, dim) if dim.multi else _single(self.frame, dim)
        return self._done[dim.name]

    def numbers(self, column: str, bounds: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
        """The values clamped to the instrument's bounds, and which respondents have one."""
        values = self.frame[column].to_numpy(dtype=float, na_value=np.nan)
        present = ~np.isnan(values)
        return np.clip(np.where(present, values, 0.0), *bounds), present


def _missing(frame: pd.DataFrame, dim: Dimension) -> EqSurveyError:
    return EqSurveyError.single(
        "dataset-columns",
        f"the dataset has no column '{next(c for c in dim.columns if c not in frame.columns)}'",
        "open the dataset of this instrument version again (eqsurvey dataset export), or release from the store",
    )


def _single(frame: pd.DataFrame, dim: Dimension) -> Memberships:
    if dim.columns[0] not in frame.columns:
        raise _missing(frame, dim)
    series = frame[dim.columns[0]]
    none = dim.categories.index(NO_ANSWER)
    if dim.kind == "categorical":
        index = {c: i for i, c in enumerate(dim.categories)}
        found = [str(c) for c in series.cat.categories]
        stray = [c for c in found if c not in index or c == NO_ANSWER]
        if stray:
            raise EqSurveyError.single(
                "dataset-categories",
                f"column '{dim.name}' holds {', '.join(map(repr, stray[:3]))}, not categories of the instrument",
                "open the dataset with this instrument version again (eqsurvey dataset export)",
            )
        remap = np.array([index[c] for c in found] + [none], dtype=Int)
        codes = remap[series.cat.codes.to_numpy()]  # code -1 (missing) takes the last entry
    elif dim.kind == "boolean":
        values = series.to_numpy(dtype=float, na_value=np.nan)
        codes = np.where(np.isnan(values), none, np.where(values > 0, 0, 1)).astype(Int)
    else:
        lo = int(dim.categories[0])
        values = series.to_numpy(dtype=float, na_value=np.nan)
        inside = ~np.isnan(values) & (values >= lo) & (values <= int(dim.categories[dim.substantive[-1]]))
        codes = np.where(inside, np.nan_to_num(values, nan=lo) - lo, none).astype(Int)
        if DECLINED in dim.categories and len(dim.columns) > 1:
            declined = frame[dim.columns[1]].to_numpy(dtype=float, na_value=0.0) > 0
            codes[declined & ~inside] = dim.categories.index(DECLINED)
    return Memberships(np.arange(len(frame), dtype=Int), codes)


def _multi(frame: pd.DataFrame, dim: Dimension) -> Memberships:
    if any(c not in frame.columns for c in dim.columns):
        raise _missing(frame, dim)
    n = len(frame)
    options = len(dim.categories) - len(dim.partition)
    limit = dim.bound - 1
    ticked = np.zeros(n, dtype=Int)
    respondents, categories = [], []
    for j, name in enumerate(dim.columns[:options]):
        chosen = frame[name].to_numpy(dtype=float, na_value=0.0) > 0
        chosen &= ticked < limit  # the bound, enforced: later options no longer count once it is reached
        ticked += chosen
        rows = np.flatnonzero(chosen)
        respondents.append(rows)
        categories.append(np.full(len(rows), j, dtype=Int))
    status = np.full(n, dim.categories.index(NO_ANSWER), dtype=Int)
    if DECLINED in dim.categories[options:]:
        declined = frame[dim.columns[-1]].to_numpy(dtype=float, na_value=0.0) > 0
        status[declined] = dim.categories.index(DECLINED)
    status[ticked > 0] = dim.categories.index(ANSWERED)
    respondents.append(np.arange(n, dtype=Int))
    categories.append(status)
    who, what = np.concatenate(respondents), np.concatenate(categories)
    order = np.argsort(who, kind="stable")
    return Memberships(who[order], what[order])


def _join(
    who: np.ndarray, cell: np.ndarray, members: Memberships, size: int, rows: int
) -> tuple[np.ndarray, np.ndarray]:
    """Extend (respondent, cell) pairs by one dimension: each pair once per category its respondent is in."""
    per = np.bincount(members.respondents, minlength=rows)
    starts = np.cumsum(per) - per
    repeat = per[who]
    total = int(repeat.sum())
    source = np.repeat(np.arange(len(who)), repeat)
    offset = np.arange(total) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    picked = members.categories[starts[who][source] + offset]
    return who[source], cell[source] * size + picked


def pairs(coder: Coder, block: Block, among: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(respondent, cell) for every cell each respondent is in (``among``: a mask of respondents to count)."""
    who = np.arange(coder.rows, dtype=Int) if among is None else np.flatnonzero(among)
    cell = np.zeros(len(who), dtype=Int)
    for dim in block.dims:
        members = coder.memberships(dim)
        if dim.multi:
            who, cell = _join(who, cell, members, dim.size, coder.rows)
        else:
            cell = cell * dim.size + members.categories[who]
    return who, cell


def counts(coder: Coder, block: Block, among: np.ndarray | None = None) -> np.ndarray:
    _, cell = pairs(coder, block, among)
    return np.bincount(cell, minlength=block.cells).astype(float)


def sums(coder: Coder, block: Block, values: np.ndarray, among: np.ndarray) -> np.ndarray:
    who, cell = pairs(coder, block, among)
    return np.bincount(cell, weights=values[who], minlength=block.cells)

"""Exact cell vectors of a table, from the analysis dataset (before any noise).

Each dimension is coded once per release. A single choice becomes one small
integer code per respondent. A multiple choice becomes, per option, the rows
of the respondents who ticked it, but never more than the question's
``max_selections`` per respondent (who somehow ticked more keeps the first
ones in the questionnaire's order), plus one status code per respondent. The
bound the noise is calibrated to is therefore a property of this code, not a
hope about the data.

A block's cells are then one ``bincount`` over cell numbers: a respondent's
single-choice codes give the part of the cell number that is theirs alone; a
multiple choice adds one cell number per option ticked (and one for the
status). Two multiple choices in one block need every pair of their
memberships, which is joined respondent by respondent.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from analysis.plans.dimensions import ANSWERED, NO_ANSWER, Dimension
from analysis.plans.layout import Block
from instruments.text import DECLINED
from kernel.errors import EqSurveyError, InternalError

if TYPE_CHECKING:
    import pandas as pd

Int = np.int64


@dataclass(frozen=True)
class Single:
    codes: np.ndarray
    """Each respondent's category."""


@dataclass(frozen=True)
class Multi:
    ticked: tuple[np.ndarray, ...]
    """Per option, the rows of the respondents counted in it (the bound applied)."""
    status: np.ndarray
    """Each respondent's status category (answered, declined, no answer)."""

    @functools.cached_property
    def members(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (respondent, category) membership: everyone's status, then each option's respondents."""
        rows = len(self.status)
        who = np.concatenate([np.arange(rows), *self.ticked]).astype(np.int32 if rows < 2**31 else Int)
        what = np.concatenate([self.status, *(np.full(len(t), j, dtype=np.int16) for j, t in enumerate(self.ticked))])
        return who, what.astype(Int)  # cell numbers are int64: converted once here, not per block


@dataclass
class Coder:
    """Codes dimensions of one dataset, each once."""

    frame: pd.DataFrame
    _done: dict[str, Single | Multi] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.frame)

    def coded(self, dim: Dimension) -> Single | Multi:
        if dim.name not in self._done:
            self._done[dim.name] = _multi(self.frame, dim) if dim.multi else _single(self.frame, dim)
        return self._done[dim.name]

    def single(self, dim: Dimension) -> Single:
        coded = self.coded(dim)
        if isinstance(coded, Multi):
            raise InternalError(f"'{dim.name}' is a multiple choice, not coded one category per respondent")
        return coded

    def numbers(self, column: str, bounds: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
        """The values clamped to the instrument's bounds, and which respondents have one."""
        values = self.frame[column].to_numpy(dtype=float, na_value=np.nan)
        present = ~np.isnan(values)
        return np.clip(np.where(present, values, 0.0), *bounds), present


def missing_column(frame: pd.DataFrame, dim: Dimension) -> EqSurveyError:
    return EqSurveyError.single(
        "dataset-columns",
        f"the dataset has no column '{next(c for c in dim.columns if c not in frame.columns)}'",
        "open the dataset of this instrument version again (eqsurvey dataset export), or release from the store",
    )


def ticked(frame: pd.DataFrame, column: str) -> np.ndarray:
    # fillna first: about twice as fast as to_numpy(na_value=False) on pandas' nullable booleans.
    return frame[column].fillna(False).to_numpy(dtype=bool)


def category_positions(series: pd.Series, dim: Dimension) -> list[int]:
    """Where each of a categorical column's categories is among the dimension's; a category it lacks is refused."""
    index = {c: i for i, c in enumerate(dim.categories)}
    found = [str(c) for c in series.cat.categories]
    stray = [c for c in found if c not in index or c == NO_ANSWER]
    if stray:
        raise EqSurveyError.single(
            "dataset-categories",
            f"column '{dim.name}' holds {', '.join(map(repr, stray[:3]))}, not categories of the instrument",
            "open the dataset with this instrument version again (eqsurvey dataset export)",
        )
    return [index[c] for c in found]


def _single(frame: pd.DataFrame, dim: Dimension) -> Single:
    if dim.columns[0] not in frame.columns:
        raise missing_column(frame, dim)
    series = frame[dim.columns[0]]
    none = dim.categories.index(NO_ANSWER)
    code_type = np.int16 if dim.size < 2**15 else Int
    if dim.kind == "categorical":
        remap = np.array([*category_positions(series, dim), none], dtype=code_type)
        return Single(remap[series.cat.codes.to_numpy()])  # code -1 (missing) takes the last entry
    values = series.to_numpy(dtype=float, na_value=np.nan)
    if dim.kind == "boolean":
        return Single(np.where(np.isnan(values), none, np.where(values > 0, 0, 1)).astype(code_type))
    lo, hi = int(dim.categories[0]), int(dim.categories[dim.substantive[-1]])
    inside = ~np.isnan(values) & (values >= lo) & (values <= hi)
    codes = np.where(inside, np.nan_to_num(values, nan=lo) - lo, none).astype(code_type)
    if DECLINED in dim.categories and len(dim.columns) > 1:
        codes[ticked(frame, dim.columns[1]) & ~inside] = dim.categories.index(DECLINED)
    return Single(codes)


def _multi(frame: pd.DataFrame, dim: Dimension) -> Multi:
    if any(c not in frame.columns for c in dim.columns):
        raise missing_column(frame, dim)
    options = len(dim.categories) - len(dim.partition)
    limit = dim.bound - 1
    count = np.zeros(len(frame), dtype=np.int16)
    kept = []
    for name in dim.columns[:options]:
        chosen = ticked(frame, name) & (count < limit)  # the bound, enforced: later options stop counting
        count += chosen
        kept.append(np.flatnonzero(chosen))
    status = np.full(len(frame), dim.categories.index(NO_ANSWER), dtype=np.int16)
    if DECLINED in dim.categories[options:]:
        status[ticked(frame, dim.columns[-1])] = dim.categories.index(DECLINED)
    status[count > 0] = dim.categories.index(ANSWERED)
    return Multi(tuple(kept), status)


def _strides(block: Block) -> list[int]:
    strides, step = [], 1
    for d in reversed(block.dims):
        strides.append(step)
        step *= d.size
    return strides[::-1]


def _pairs(multi: Multi) -> tuple[np.ndarray, np.ndarray]:
    """(respondent, category) for every membership of a multiple choice, sorted by respondent."""
    who, what = multi.members
    order = np.argsort(who, kind="stable")
    return who[order].astype(Int), what[order]


def _join(who: np.ndarray, cell: np.ndarray, multi: Multi, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """Extend (respondent, cell) pairs by a multiple choice: each pair once per category its respondent is in."""
    members, categories = _pairs(multi)
    per = np.bincount(members, minlength=len(multi.status))
    starts = np.cumsum(per) - per
    repeat = per[who]
    source = np.repeat(np.arange(len(who)), repeat)
    offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    picked = categories[starts[who][source] + offset]
    return who[source], cell[source] + picked * stride


def _own(coder: Coder, block: Block) -> tuple[np.ndarray | None, list[tuple[Multi, int]]]:
    """Each respondent's part of the cell number from the block's single choices, and its multiple choices.

    Kept in the smallest integer type the block's cell numbers fit: gathering it
    for every membership of a multiple choice is most of a block's work.
    """
    small = np.dtype(np.int16 if block.cells < 2**15 else Int)
    own: np.ndarray | None = None
    multis = []
    for dim, stride in zip(block.dims, _strides(block), strict=True):
        coded = coder.coded(dim)
        if isinstance(coded, Multi):
            multis.append((coded, stride))
            continue
        part = coded.codes.astype(small) * np.array(stride, dtype=small) if stride != 1 else coded.codes.astype(small)
        own = part if own is None else own + part
    return own, multis


def pairs(coder: Coder, block: Block, among: np.ndarray | None = None) -> tuple[np.ndarray | None, np.ndarray]:
    """(respondent, cell number) for every cell each respondent is in (``among``: a mask of respondents).

    The respondents are None when they are simply everyone, in order.
    """
    own, multis = _own(coder, block)
    if not multis:
        cell = own.astype(Int) if own is not None else np.zeros(coder.rows, dtype=Int)
        if among is None:
            return None, cell
        who = np.flatnonzero(among)
        return who, cell[who]
    (first, stride), rest = multis[0], multis[1:]
    who, what = first.members
    if among is not None:
        keep = among[who]
        who, what = who[keep], what[keep]
    cell = what * stride if stride != 1 else what
    if own is not None:
        cell = cell + own[who]
    for multi, multi_stride in rest:
        who, cell = _join(who, cell, multi, multi_stride)
    return who, cell


def counts(coder: Coder, block: Block, among: np.ndarray | None = None) -> np.ndarray:
    _, cell = pairs(coder, block, among)
    return np.bincount(cell, minlength=block.cells).astype(float)


def sums(coder: Coder, block: Block, values: np.ndarray, among: np.ndarray) -> np.ndarray:
    who, cell = pairs(coder, block, among)
    return np.bincount(cell, weights=values if who is None else values[who], minlength=block.cells)

"""Matrices drawn column-wise: a row at a time for everyone asked it.

A matrix's rows are answered evenly over its options, an outcome's with yes at
the respondent's risk (see :class:`.answering.Run`). A population's own
discrimination questions differ (:mod:`.population`): its five-year question
decides once per respondent whether they are affected, then names domains by
their shares (at least one for someone affected), and its last-twelve-months
question says yes for a share of the domains asked.
"""

from __future__ import annotations

import numpy as np

from instruments.questions import Matrix
from survey.simulation.answering import Run, outcome_others, uniform, yes_code
from survey.simulation.columns import GIVEN, NO_CELL, MatrixColumn
from survey.simulation.draws import Risk
from survey.simulation.picks import pick, pick_rows, tick, usable


def matrix(run: Run, q: Matrix, who: np.ndarray, column: MatrixColumn, rows: np.ndarray) -> None:
    """Per row asked: an outcome's yes with the risk, else an option evenly; the population's own questions apart."""
    codes = [o.code for o in q.options]
    yes = yes_code(codes)
    risk = run.drawn.risk
    if risk is not None and yes is not None and len(codes) > 1:
        if q.id == risk.rule.question:
            return _experiences(run, q, who, column, rows, risk=risk, codes=codes, yes=yes)
        if risk.recent is not None and q.id == risk.recent[0]:
            return _recent(run, who, column, rows, codes=codes, yes=yes, share=risk.recent[1])
    shape = (len(who), len(q.rows))
    if q.role != "outcome" or yes is None:
        _fill(column, who, rows, run.rng.integers(len(codes), size=shape, dtype=np.int8))
        return
    others, weights = outcome_others(run, codes, yes)
    if not others:
        _fill(column, who, rows, np.full(shape, codes.index(yes), dtype=np.int8))
        return
    said_yes = uniform(run, *shape) < run.yes_rate(who)[:, None]
    _fill(column, who, rows, np.where(said_yes, codes.index(yes), _others(run, codes, others, weights, shape)))


def _others(run: Run, codes: list[str], others: list[str], weights: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The index of one of ``others`` by their weights, for each cell of ``shape``."""
    index = np.array([codes.index(c) for c in others], dtype=np.int8)
    if np.all(weights == weights[0]):
        evenly: np.ndarray = index[run.rng.integers(len(others), size=shape, dtype=np.int16)]
        return evenly
    out = np.empty(shape, dtype=np.int8)
    for j in range(shape[1]):  # a matrix row at a time: the draw's numbers for all cells at once are large
        out[:, j] = index[pick(uniform(run, shape[0]), weights)]
    return out


def _fill(column: MatrixColumn, who: np.ndarray, rows: np.ndarray, cells: np.ndarray) -> None:
    column.cells[who] = np.where(rows, cells, NO_CELL) if not rows.all() else cells
    column.state[who] = GIVEN


def _experiences(
    run: Run,
    q: Matrix,
    who: np.ndarray,
    column: MatrixColumn,
    rows: np.ndarray,
    *,
    risk: Risk,
    codes: list[str],
    yes: str,
) -> None:
    """Affected or not once per respondent, then the domains named by their shares (at least one)."""
    u_affected, u_fallback = uniform(run, len(who)), uniform(run, len(who))
    u_domain = uniform(run, len(who), len(q.rows))
    affected = u_affected < run.probability(who)
    run.affected[who] = affected
    domains = np.array([risk.rule.domains.get(r.code, 0.0) for r in q.rows])
    named = affected[:, None] & rows & (u_domain < domains[None, :])
    lacking = np.flatnonzero(affected & ~named.any(axis=1))
    fallback = np.where(rows[lacking], np.array([risk.rule.domains.get(r.code, 0.01) for r in q.rows]), 0.0)
    nothing = fallback.sum(axis=1) <= 0  # every domain asked has a share of 0: all alike
    fallback[nothing] = rows[lacking][nothing]
    chosen = pick_rows(u_fallback[lacking], fallback)
    tick(named, lacking, chosen)
    other = [c for c in codes if c != yes]
    weights = usable(np.array([risk.rule.otherwise.get(c, 0.0) for c in other]))
    other_index = _others(run, codes, other, weights, named.shape)
    _fill(column, who, rows, np.where(named, codes.index(yes), other_index))


def _recent(
    run: Run, who: np.ndarray, column: MatrixColumn, rows: np.ndarray, *, codes: list[str], yes: str, share: float
) -> None:
    """The population's later period: yes for a share of the domains asked, else another answer evenly."""
    other = [c for c in codes if c != yes]
    other_index = _others(run, codes, other, np.ones(len(other)), rows.shape)
    _fill(column, who, rows, np.where(uniform(run, *rows.shape) < share, codes.index(yes), other_index))

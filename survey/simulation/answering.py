"""Drawing one question's answers for everyone who answers it, column-wise.

Each function gets the run (:class:`Run`: the columns so far, the respondents'
risk, the random generator), the question and the positions of the respondents
who answer it (asked, and neither skipped nor declined), and fills that
question's column there. The rules are the simulator's (see
:mod:`survey.simulation.simulator`): single choice by weights (the
population's case that holds, else the question's own), an outcome question
with a yes option yes with the respondent's risk; multiple choice with
exclusive options alone, most ticking one and some several up to the limit
(or, with a population, one by its shares and one more with ``also``);
matrices per row (:mod:`.matrices`); scales and numbers evenly over their range.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from instruments.questions import Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from kernel.errors import InternalError
from survey.simulation.columns import (
    GIVEN,
    NO_CELL,
    NONE,
    IndexColumn,
    MatrixColumn,
    MultiColumn,
    NumberColumn,
    bit_keys,
)
from survey.simulation.draws import Drawn
from survey.simulation.picks import groups, pick, tick, top_k, usable

YES = frozenset({"yes", "ja", "y", "1", "often", "sometimes"})
#: With a population: the weight of a non-yes answer of an outcome question that its ``otherwise`` does not name.
OTHER_ANSWER = 0.1
WRITE_INS = ("keine Angabe dazu", "möchte ich selbst beschreiben", "gemischt", "it is complicated", "other")
#: Multiple choice without a population: the share ticking an exclusive option, and the share ticking several.
EXCLUSIVE_SHARE, SEVERAL_SHARE = 0.1, 0.25
WRITE_IN_SHARE = 0.15


@dataclass
class Run:
    """One simulation in progress: what is drawn so far, for ``size`` respondents."""

    size: int
    rng: np.random.Generator
    drawn: Drawn
    base_risk: float
    #: Per respondent: -1 not yet known, else whether the population's discrimination question found them affected.
    affected: np.ndarray
    #: Per respondent (no population): the sum of the random group effects of the answers so far, on the log-odds.
    effect_sum: np.ndarray
    holds: Callable[[dict[str, list[str]]], np.ndarray] = field(repr=False)

    def yes_rate(self, who: np.ndarray) -> np.ndarray:
        """The respondents' risk; with a population, tied to whether its discrimination question found them affected."""
        risk = self.drawn.risk
        if risk is None:
            return _logistic(math.log(self.base_risk / (1 - self.base_risk)) + self.effect_sum[who])
        share = risk.recent[1] if risk.recent else 1.0
        known = self.affected[who]
        rate: np.ndarray = known * share
        unknown = np.flatnonzero(known < 0)  # those who did not answer the discrimination question (or not yet)
        if len(unknown):
            rate[unknown] = self.probability(who[unknown]) * share
        return rate

    def probability(self, who: np.ndarray) -> np.ndarray:
        """The population's risk of discrimination: its log-odds plus the effects whose conditions hold."""
        risk = self.drawn.risk
        if risk is None:
            raise InternalError("the risk of a population asked for without one")
        log_odds = np.full(len(who), math.log(risk.rule.risk / (1 - risk.rule.risk)))
        for condition, effect in risk.effects:
            log_odds += self.holds(condition)[who] * effect
        return _logistic(log_odds)


def _logistic(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1 / (1 + np.exp(-x))
    return out


def yes_code(codes: list[str]) -> str | None:
    return next((c for c in codes if c.lower() in YES), None)


def outcome_others(run: Run, codes: list[str], yes: str) -> tuple[list[str], np.ndarray]:
    """The answers other than yes, and their weights: the population's ``otherwise``, else all alike."""
    others = [c for c in codes if c != yes]
    risk = run.drawn.risk
    if risk is None:
        return others, np.ones(len(others))
    return others, usable(np.array([risk.rule.otherwise.get(c, OTHER_ANSWER) for c in others]))


def _outcome(
    run: Run, who: np.ndarray, codes: list[str], yes: str, *, u_yes: np.ndarray, u_pick: np.ndarray
) -> list[Any]:
    """Per respondent the index into ``codes``: yes with their risk, else one of the others."""
    others, weights = outcome_others(run, codes, yes)
    if not others:
        return [codes.index(yes)] * len(who)
    yes_rate = run.yes_rate(who)
    other_index = np.array([codes.index(c) for c in others])[pick(u_pick, weights)]
    out: list[Any] = np.where(u_yes < yes_rate, codes.index(yes), other_index).tolist()
    return out


def case_of(run: Run, qid: str, who: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """With a population's entry: each respondent's weight row (the first case that holds, else the shares)."""
    choice = run.drawn.choices.get(qid)
    if choice is None:
        return None
    table = np.array([w for _, w in choice.cases] + [choice.weights], dtype=float)
    case = np.full(len(who), len(choice.cases), dtype=np.intp)
    for i in reversed(range(len(choice.cases))):
        case[run.holds(choice.cases[i][0])[who]] = i
    return case, table


def weight_groups(
    run: Run, q: SingleChoice | MultiChoice, who: np.ndarray, own: np.ndarray, offered: np.ndarray | None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Respondents grouped by the weights they draw with: (positions in ``who``, offered options, their weights)."""
    cased = case_of(run, q.id, who)
    case, table = cased if cased is not None else (np.zeros(len(who), dtype=np.intp), own[None, :])
    full = np.ones(len(q.options), dtype=bool)
    if offered is None:
        return [(at, full, table[c]) for c, at in groups(case)]
    pattern, patterns = bit_keys(offered)
    out = []
    for key, at in groups(case * len(patterns) + pattern):
        c, p = divmod(key, len(patterns))
        mask = patterns[p]
        weights = table[c][mask]
        out.append((at, mask, weights if mask.all() else usable(weights)))
    return out


def uniform(run: Run, *shape: int) -> np.ndarray:
    """Uniform numbers in [0, 1): single precision is plenty for rolls and picks, and half the work."""
    out: np.ndarray = run.rng.random(shape, dtype=np.float32)
    return out


def _exponential(run: Run, *shape: int) -> np.ndarray:
    out: np.ndarray = run.rng.standard_exponential(shape, dtype=np.float32)
    return out


def single(
    run: Run, q: SingleChoice, who: np.ndarray, column: IndexColumn, *, own: np.ndarray, offered: Any
) -> np.ndarray:
    """Fills the column; returns the options drawn (as numbers), for the group effects."""
    outcome = q.role == "outcome" and yes_code([o.code for o in q.options]) is not None
    u_yes = uniform(run, len(who)) if outcome else None
    u_pick = uniform(run, len(who))
    index = np.empty(len(who), dtype=np.intp)
    for at, mask, weights in weight_groups(run, q, who, own, offered):
        positions = np.flatnonzero(mask)
        codes = [q.options[i].code for i in positions.tolist()]
        yes = yes_code(codes) if u_yes is not None else None
        if u_yes is not None and yes is not None:
            index[at] = positions[_outcome(run, who[at], codes, yes, u_yes=u_yes[at], u_pick=u_pick[at])]
        else:
            index[at] = positions[pick(u_pick[at], weights)]
    column.index[who] = index
    column.state[who] = GIVEN
    return index


def multi(
    run: Run, q: MultiChoice, who: np.ndarray, column: MultiColumn, *, own: np.ndarray, offered: Any
) -> np.ndarray:
    """Fills the column; returns the options ticked (respondents × options), for the group effects."""
    exclusive = np.array([o.exclusive for o in q.options])
    ticked = np.zeros((len(who), len(q.options)), dtype=bool)
    choice = run.drawn.choices.get(q.id)
    if choice is not None:
        _ticked(run, q, who, ticked, own=own, offered=offered, exclusive=exclusive, also=choice.also or 0.0)
    else:
        _several(run, q, who, ticked, own=own, offered=offered, exclusive=exclusive)
    column.ticked[who] = ticked
    column.state[who] = GIVEN
    return ticked


def _several(
    run: Run, q: MultiChoice, who: np.ndarray, ticked: np.ndarray, *, own: Any, offered: Any, exclusive: np.ndarray
) -> None:
    """Without a population: an exclusive option alone now and then; most tick one option, some several."""
    u_excl = uniform(run, len(who)) if exclusive.any() else None
    u_which, u_k = uniform(run, len(who)), uniform(run, len(who))
    several = u_k < SEVERAL_SHARE
    u_n, keys = uniform(run, int(several.sum())), _exponential(run, int(several.sum()), len(q.options))
    row_of = np.cumsum(several) - 1  # a respondent's row among those ticking several
    for at, mask, weights in weight_groups(run, q, who, own, offered):
        w = np.zeros(len(q.options))
        w[mask] = weights
        excl = np.flatnonzero(mask & exclusive)
        inclusive = (w > 0) & ~exclusive & mask
        rest = at
        if u_excl is not None and len(excl):
            alone = u_excl[at] < EXCLUSIVE_SHARE
            tick(ticked, at[alone], excl[(u_which[at[alone]] * len(excl)).astype(np.intp)])
            rest = at[~alone]
        if not inclusive.any():
            any_offered = np.flatnonzero(mask)
            tick(ticked, rest, any_offered[(u_which[rest] * len(any_offered)).astype(np.intp)])
            continue
        count = min(q.selection_limit, int(inclusive.sum()))
        k = np.ones(len(rest), dtype=np.intp)
        many_at = several[rest]
        k[many_at] = 1 + (u_n[row_of[rest[many_at]]] * count).astype(np.intp)
        one = rest[k == 1]
        inclusive_at = np.flatnonzero(inclusive)
        tick(ticked, one, inclusive_at[pick(u_which[one], w[inclusive])])
        many = rest[k > 1]
        if len(many):
            ticked[many] = top_k(keys[row_of[many]], np.where(inclusive, w, 0.0), k[k > 1])


def _ticked(
    run: Run,
    q: MultiChoice,
    who: np.ndarray,
    ticked: np.ndarray,
    *,
    own: Any,
    offered: Any,
    exclusive: np.ndarray,
    also: float,
) -> None:
    """With a population: one option by its shares (an exclusive one alone), another with ``also``."""
    u_first, u_also = uniform(run, len(who)), uniform(run, len(who))
    more = u_also < also
    keys = _exponential(run, int(more.sum()), len(q.options))
    row_of = np.cumsum(more) - 1
    for at, mask, weights in weight_groups(run, q, who, own, offered):
        w = np.zeros(len(q.options))
        w[mask] = weights
        positions = np.flatnonzero(mask)
        first = positions[pick(u_first[at], weights)]
        tick(ticked, at, first)
        if q.selection_limit <= 1:
            continue
        adding = more[at] & ~exclusive[first]
        second = at[adding]
        barred = np.zeros((len(second), len(w)), dtype=bool)
        tick(barred, np.arange(len(second)), first[adding])
        others = np.where(exclusive | ~mask, 0.0, w)
        ticked[second] |= top_k(keys[row_of[second]], others, np.ones(len(second), dtype=np.intp), barred)


def scale(run: Run, q: Scale, who: np.ndarray, column: IndexColumn) -> None:
    column.index[who] = run.rng.integers(len(q.points), size=len(who))
    column.state[who] = GIVEN


def number(run: Run, q: Number, who: np.ndarray, column: NumberColumn) -> None:
    if q.integer:
        column.numbers[who] = run.rng.integers(int(q.min), int(q.max) + 1, size=len(who))
    else:
        value = run.rng.uniform(q.min, q.max, size=len(who))
        rounded = np.round(value, 2)
        column.numbers[who] = np.where((rounded >= q.min) & (rounded <= q.max), rounded, value)
    column.state[who] = GIVEN


def text(run: Run, q: Text, who: np.ndarray, column: IndexColumn) -> None:
    column.index[who] = run.rng.integers(len(WRITE_INS), size=len(who))
    column.state[who] = GIVEN if q.required else np.where(uniform(run, len(who)) < WRITE_IN_SHARE, GIVEN, NONE)


def empty_column(q: Question, size: int) -> Any:
    state = np.zeros(size, dtype=np.int8)
    if isinstance(q, Matrix):
        cells = np.full((size, len(q.rows)), NO_CELL, dtype=np.int8)
        return MatrixColumn(state, cells, [r.code for r in q.rows], [o.code for o in q.options])
    if isinstance(q, MultiChoice):
        return MultiColumn(state, np.zeros((size, len(q.options)), dtype=bool), [o.code for o in q.options])
    if isinstance(q, Number):
        return NumberColumn(state, np.zeros(size, dtype=np.int64 if q.integer else float), q.integer)
    index = np.zeros(size, dtype=np.int16 if len(getattr(q, "options", getattr(q, "points", []))) < 2**15 else np.int32)
    if isinstance(q, SingleChoice):
        return IndexColumn(state, index, [o.code for o in q.options])
    if isinstance(q, Scale):
        return IndexColumn(state, index, [p.value for p in q.points])
    if isinstance(q, Text):
        return IndexColumn(state, index, [w[: q.max_length] for w in WRITE_INS])
    return IndexColumn(state, index, [True])  # consent

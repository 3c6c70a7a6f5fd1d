"""Synthetic respondents for any instrument: for piloting the analysis before fielding.

Answers follow the questionnaire as a respondent would: skip logic, exclusive
options and selection limits are respected, some questions are skipped and
some declined. Identities matter: each option of a breakdown question carries
a hidden effect on how often its respondents report discrimination, so the
synthetic data show gaps between groups for the analysis to find. Small groups
(0.5–3 %) exist, because they are exactly what equality data must handle.

With a reference population (:mod:`.population`, e.g. ``germany-city``),
the questions it names are answered with its shares instead: age, gender,
migration history, racialisation, disability and the like as in published
figures (or stated assumptions), answers that depend on earlier ones (who is
perceived as white depends on how one positions oneself), and a risk of
discrimination that the population's odds ratios raise for some groups. The
random group effects are then not used: every effect is one the file states.
Questions the population does not name keep the default above.

All respondents are drawn at once, a question at a time in questionnaire
order (:mod:`.answering`): who is asked is decided by evaluating each
condition over whole columns (each test once per distinct answer it reads, see
:mod:`anonymize.derived_columns`), then the answers of everyone asked
are drawn as a column. A hundred thousand respondents take a fraction of a
second, where one Python dictionary at a time took most of a minute.

Seeded: the same instrument, n and seed give the same respondents. This is
test data, not privacy noise, so numpy's seeded generator is right.

The answers are no one's text: option codes (which start with a letter or
digit), numbers within the question's bounds, and the fixed write-ins of
:mod:`.answering`. So the files ``responses simulate`` writes are not
formula-neutralised (see :mod:`kernel.formula_safe`): they are import files
that must read back, and look, exactly as eqsurvey, LimeSurvey or KoboToolbox
write them, where a negative number is ``-3``, not ``'-3``. A test keeps every
cell that starts like a formula a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from anonymize.derived_columns import Conditions, DerivedColumns
from instruments.derived import names_in
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Question, SingleChoice
from survey.simulation import answering, matrices
from survey.simulation.columns import DECLINED_STATE, GIVEN, Column, SimulatedChunk, to_dicts
from survey.simulation.draws import Drawn, lay_onto
from survey.simulation.population import Condition, Population

#: Each option is a small group (0.5–3 % before the rest share what is left) with this probability.
SMALL_GROUP = 0.3


@dataclass
class Settings:
    """How the synthetic population looks."""

    skip_rate: float = 0.03
    decline_rate: float = 0.02
    base_risk: float = 0.12
    #: Fixed shares for some options, e.g. {"rac_self": {"black": 0.02}}; others are drawn.
    shares: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    #: A reference population: its shares and effects replace the drawn ones where it names a question.
    population: Population | None = None


@dataclass(frozen=True)
class _Step:
    """A question in the questionnaire's order, with the conditions that decide who is asked it."""

    section: str | None
    question: Question
    rows: tuple[str | None, ...]
    options: tuple[str | None, ...]


@dataclass(frozen=True)
class Simulated:
    """Simulated respondents as columns (see :mod:`.columns`), in the instrument's question order."""

    size: int
    columns: dict[str, Column]

    def to_dicts(self) -> list[dict[str, Any]]:
        return to_dicts(self.size, self.columns)


def _generator(seed: int) -> np.random.Generator:
    """A generator for any integer seed (negative ones too, which numpy's seeding refuses)."""
    return np.random.default_rng([abs(seed), int(seed < 0)])


class Simulator:
    """An instrument's synthetic population: its option weights and group effects, drawn from the seed."""

    def __init__(self, instrument: Instrument, seed: int, settings: Settings | None = None) -> None:
        self.instrument = instrument
        self.settings = settings or Settings()
        self.rng = _generator(seed)
        self.weights: dict[str, np.ndarray] = {}
        self.effects: dict[tuple[str, str], float] = {}
        population = self.settings.population
        self.drawn = lay_onto(population, instrument) if population else Drawn({}, None)
        self._steps = tuple(
            _Step(
                section.relevant,
                q,
                tuple(r.relevant for r in q.rows) if isinstance(q, Matrix) else (),
                tuple(o.relevant for o in q.options) if isinstance(q, (SingleChoice, MultiChoice)) else (),
            )
            for section in instrument.sections
            for q in section.questions
        )
        self._derived = DerivedColumns(instrument.derived)
        for q in instrument.questions():
            options = getattr(q, "options", None)
            if options and not isinstance(q, Matrix):
                self.weights[q.id] = self._option_weights(q.id, [o.code for o in options])
                if q.role == "breakdown" and population is None:
                    # Effects on the log-odds, centred on zero: with twenty identity questions per
                    # person, effects that only raised the risk would push everyone to the top.
                    drawn = self.rng.normal(0.0, 0.5, size=len(options)).tolist()
                    self.effects.update({(q.id, o.code): e for o, e in zip(options, drawn, strict=True)})

    def _option_weights(self, qid: str, codes: list[str]) -> np.ndarray:
        fixed = self.settings.shares.get(qid, {})
        # A few options are small groups (0.5–3 %), the rest share what is left.
        small = self.rng.random(len(codes)) < SMALL_GROUP
        drawn = np.where(small, self.rng.uniform(0.005, 0.03, len(codes)), self.rng.uniform(0.2, 1.0, len(codes)))
        free = max(0.0, 1.0 - sum(fixed.values()))
        rest = float(sum(w for c, w in zip(codes, drawn.tolist(), strict=True) if c not in fixed)) or 1.0
        return np.array([fixed.get(c, w / rest * free) for c, w in zip(codes, drawn.tolist(), strict=True)])

    def columns(self, size: int) -> Simulated:
        """``size`` respondents, drawn question by question for all of them at once."""
        columns: dict[str, Column] = {}
        chunk = SimulatedChunk(size, columns)
        held: dict[int, np.ndarray] = {}

        def holds(condition: Condition) -> np.ndarray:
            found = held.get(id(condition))
            if found is None:
                found = _holds(chunk, condition)
                if all(qid in columns for qid in condition):  # answers drawn never change: keep it
                    held[id(condition)] = found
            return found

        run = answering.Run(
            size,
            self.rng,
            self.drawn,
            self.settings.base_risk,
            np.full(size, -1, dtype=np.int8),
            np.zeros(size),
            holds,
        )
        settled: dict[str, np.ndarray] = {}
        for step in self._steps:
            conditions = _Settled(Conditions(chunk, self._derived), settled, columns)
            columns[step.question.id] = self._step(run, step, conditions)
        return Simulated(size, columns)

    def _step(self, run: answering.Run, step: _Step, conditions: _Settled) -> Column:
        q, size = step.question, run.size
        column = answering.empty_column(q, size)  # of the question's kind: each drawing function takes its own

        everyone = np.ones(size, dtype=bool)

        def holds(source: str | None) -> np.ndarray:
            return everyone if source is None else conditions.holds(source)

        asked = holds(step.section) & holds(q.relevant)  # a new array: the others stay as they are
        rows = np.stack([holds(r) for r in step.rows], axis=1) if step.rows else None
        if rows is not None:
            asked &= rows.any(axis=1)
        offered = None
        if any(step.options):
            # Options offered by earlier answers: only those, and a question offering none is not asked.
            distinct = {source: holds(source) for source in dict.fromkeys(step.options)}
            offered = np.stack([distinct[s] for s in step.options], axis=1)
            asked &= offered.any(axis=1)
        who = np.flatnonzero(asked)
        if isinstance(q, Consent):
            column.state[who] = GIVEN
            return cast(Column, column)
        roll = run.rng.random(len(who), dtype=np.float32)
        skipped = (roll < self.settings.skip_rate) & (not q.required)
        declined = ~skipped & (roll < self.settings.skip_rate + self.settings.decline_rate) & q.prefer_not_to_say
        column.state[who[declined]] = DECLINED_STATE
        who = who[~skipped & ~declined]
        own = self.weights.get(q.id)
        if isinstance(q, (SingleChoice, MultiChoice)):
            draw = answering.single if isinstance(q, SingleChoice) else answering.multi
            chosen = draw(run, q, who, column, own=own, offered=None if offered is None else offered[who])  # type: ignore[arg-type]
            if self.effects and q.role == "breakdown":
                effects = np.array([self.effects[(q.id, o.code)] for o in q.options])
                run.effect_sum[who] += effects[chosen] if chosen.ndim == 1 else chosen @ effects
        elif isinstance(q, Matrix) and rows is not None:
            matrices.matrix(run, q, who, column, rows[who])
        else:
            getattr(answering, q.type)(run, q, who, column)
        return cast(Column, column)


@dataclass(frozen=True)
class _Settled:
    """Conditions over the columns so far; one that reads only questions already drawn is evaluated once.

    A follow-up section repeats its condition on each of its questions ("any domain answered yes"),
    and the answers it reads do not change once drawn.
    """

    conditions: Conditions
    settled: dict[str, np.ndarray]
    drawn: Mapping[str, Column]

    def holds(self, source: str) -> np.ndarray:
        found = self.settled.get(source)
        if found is None:
            found = self.conditions.holds(source)
            if names_in(source).issubset(self.drawn):
                self.settled[source] = found
        return found


def _holds(chunk: SimulatedChunk, condition: Condition) -> np.ndarray:
    """Whether any named question was answered with one of its codes (ticked, for multiple choice)."""
    out = np.zeros(chunk.size, dtype=bool)
    for qid, codes in condition.items():
        numbers, values = chunk.factor(qid)
        table = np.array([_matches(v, codes) for v in values], dtype=bool)
        out |= table[numbers]
    return out


def _matches(value: Any, codes: list[str]) -> bool:
    if isinstance(value, list):
        return any(v in codes for v in value)
    return value in codes


def simulate_columns(instrument: Instrument, n: int, seed: int, settings: Settings | None = None) -> Simulated:
    """``n`` respondents as columns: for writing large files without a dictionary per respondent."""
    return Simulator(instrument, seed, settings).columns(n)


def simulate(instrument: Instrument, n: int, seed: int, settings: Settings | None = None) -> list[dict[str, Any]]:
    """``n`` respondents as answer mappings, each keyed in questionnaire order."""
    return simulate_columns(instrument, n, seed, settings).to_dicts()

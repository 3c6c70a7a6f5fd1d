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

Seeded: the same instrument, n and seed give the same respondents. This is
test data, not privacy noise, so the standard library's generator is right.

The answers are no one's text: option codes (which start with a letter or
digit), numbers within the question's bounds, and the fixed write-ins below.
So the files ``responses simulate`` writes are not formula-neutralised (see
:mod:`kernel.formula_safe`): they are import files that must read back,
and look, exactly as eqsurvey, LimeSurvey or KoboToolbox write them, where a
negative number is ``-3``, not ``'-3``. A test keeps every cell that starts
like a formula a number.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from instruments.derived import is_relevant, uses_derived, with_derived
from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number, Option, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED
from survey.simulation.draws import Drawn, lay_onto
from survey.simulation.population import Population

_YES = frozenset({"yes", "ja", "y", "1", "often", "sometimes"})
#: With a population: the weight of a non-yes answer of an outcome question that its ``otherwise`` does not name.
OTHER_ANSWER = 0.1
_WRITE_INS = ("keine Angabe dazu", "möchte ich selbst beschreiben", "gemischt", "it is complicated", "other")


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


class Simulator:
    def __init__(self, instrument: Instrument, seed: int, settings: Settings | None = None) -> None:
        self.instrument = instrument
        self.settings = settings or Settings()
        self.rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets or privacy noise
        self.weights: dict[str, list[float]] = {}
        self.effects: dict[tuple[str, str], float] = {}
        population = self.settings.population
        self.drawn = lay_onto(population, instrument) if population else Drawn({}, None)
        self._affected: bool | None = None  # this respondent's discrimination, drawn once per respondent
        self._questions = instrument.question_map  # built once: the instrument's property builds it per call
        self._steps = _steps(instrument)
        for q in instrument.questions():
            options = getattr(q, "options", None)
            if options and not isinstance(q, Matrix):
                self.weights[q.id] = self._option_weights(q.id, [o.code for o in options])
                if q.role == "breakdown" and population is None:
                    for o in options:
                        # Effects on the log-odds, centred on zero: with twenty identity questions per
                        # person, effects that only raised the risk would push everyone to the top.
                        self.effects[(q.id, o.code)] = self.rng.gauss(0.0, 0.5)

    def _option_weights(self, qid: str, codes: list[str]) -> list[float]:
        fixed = self.settings.shares.get(qid, {})
        # A few options are small groups (0.5–3 %), the rest share what is left.
        drawn = [
            self.rng.uniform(0.005, 0.03) if self.rng.random() < 0.3 else self.rng.uniform(0.2, 1.0) for _ in codes
        ]
        free = max(0.0, 1.0 - sum(fixed.values()))
        rest = sum(w for c, w in zip(codes, drawn, strict=True) if c not in fixed) or 1.0
        return [fixed.get(c, w / rest * free) for c, w in zip(codes, drawn, strict=True)]

    def respondent(self) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        self._affected = None
        for step in self._steps:
            q = step.question
            scope = with_derived(self.instrument, answers) if step.derived else answers
            if not (is_relevant(step.section, scope) and is_relevant(q.relevant, scope)):
                continue
            if isinstance(q, Matrix) and not any(is_relevant(r.relevant, scope) for r in q.rows):
                continue
            asked = q
            if step.conditional_options and isinstance(q, (SingleChoice, MultiChoice)):
                # Options offered by earlier answers: only those, and a question offering none is not asked.
                offered = self._offered(q, scope)
                if not offered:
                    continue
                asked = q.model_copy(update={"options": offered})
            value = self._answer(asked, scope)
            if value is not None:
                answers[q.id] = value
        return answers

    def _risk(self, answers: Mapping[str, Any]) -> float:
        if self.drawn.risk is not None:
            return self.drawn.risk.probability(answers)
        base = self.settings.base_risk
        log_odds = math.log(base / (1 - base))
        for (qid, code), effect in self.effects.items():
            value = answers.get(qid)
            if value == code or (isinstance(value, list) and code in value):
                log_odds += effect
        return 1 / (1 + math.exp(-log_odds))

    def _answer(self, q: Question, answers: Mapping[str, Any]) -> Any:
        if isinstance(q, Consent):
            return True
        roll = self.rng.random()
        if roll < self.settings.skip_rate and not q.required:
            return None
        if q.prefer_not_to_say and roll < self.settings.skip_rate + self.settings.decline_rate:
            return [DECLINED] if isinstance(q, MultiChoice) else DECLINED
        if isinstance(q, SingleChoice):
            return (
                self._outcome(q, [o.code for o in q.options], answers)
                or self.rng.choices([o.code for o in q.options], self._weights(q, answers))[0]
            )
        if isinstance(q, MultiChoice):
            return self._multi(q, answers)
        if isinstance(q, Matrix) and self.drawn.risk is not None:
            rows = self._experiences(q, answers)
            if rows is not None:
                return rows
        if isinstance(q, Matrix):
            rows = {}
            for row in q.rows:
                if is_relevant(row.relevant, answers):
                    codes = [o.code for o in q.options]
                    rows[row.code] = self._outcome(q, codes, answers) or self.rng.choice(codes)
            return rows or None
        if isinstance(q, Scale):
            return self.rng.choice([p.value for p in q.points])
        if isinstance(q, Number):
            if q.integer:
                return self.rng.randint(int(q.min), int(q.max))
            value = self.rng.uniform(q.min, q.max)
            rounded = round(value, 2)
            return rounded if q.min <= rounded <= q.max else value
        if isinstance(q, Text):
            wanted = q.required or self.rng.random() < 0.15
            return self.rng.choice(_WRITE_INS)[: q.max_length] if wanted else None
        return None

    def _outcome(self, q: Question, codes: list[str], answers: Mapping[str, Any]) -> str | None:
        """For outcome questions with a yes option: yes with the respondent's risk."""
        yes = next((c for c in codes if c.lower() in _YES), None)
        if q.role != "outcome" or yes is None:
            return None
        if self.rng.random() < self._yes_rate(answers):
            return yes
        others = [c for c in codes if c != yes]
        if others and self.drawn.risk is not None:  # the population's other answers ("no" mostly), others rarer
            otherwise = self.drawn.risk.rule.otherwise
            return self.rng.choices(others, [otherwise.get(c, OTHER_ANSWER) for c in others])[0]
        return self.rng.choice(others) if others else yes

    def _yes_rate(self, answers: Mapping[str, Any]) -> float:
        """The respondent's risk; with a population, tied to whether they reported discrimination at all.

        Someone the population's discrimination question found affected says yes with the share of
        recent experiences, someone it found unaffected says no: a city's own outcome questions then
        agree with the module's answers instead of adding a second, independent rate.
        """
        risk = self.drawn.risk
        if risk is None:
            return self._risk(answers)
        share = risk.recent[1] if risk.recent else 1.0
        if self._affected is None:
            return risk.probability(answers) * share
        return share if self._affected else 0.0

    def _offered(self, q: SingleChoice | MultiChoice, scope: Mapping[str, Any]) -> list[Option]:
        """The options the answers so far offer; each distinct condition is evaluated once (a cascade repeats them)."""
        holds: dict[str | None, bool] = {None: True}
        offered = []
        for o in q.options:
            if o.relevant not in holds:
                holds[o.relevant] = is_relevant(o.relevant, scope)
            if holds[o.relevant]:
                offered.append(o)
        return offered

    def _weights(self, q: SingleChoice | MultiChoice, answers: Mapping[str, Any]) -> list[float]:
        """The weights of the options ``q`` offers (fewer than the instrument's where conditions hold some back)."""
        full = self._questions[q.id]
        choice = self.drawn.choices.get(q.id)
        all_weights = choice.for_answers(answers) if choice else self.weights[q.id]
        if len(q.options) == len(getattr(full, "options", [])):
            return all_weights
        by_code = dict(zip((o.code for o in getattr(full, "options", [])), all_weights, strict=True))
        weights = [by_code[o.code] for o in q.options]
        return weights if sum(weights) > 0 else [1.0] * len(weights)

    def _multi(self, q: MultiChoice, answers: Mapping[str, Any]) -> list[str]:
        codes = [o.code for o in q.options]
        exclusive = [o.code for o in q.options if o.exclusive]
        weights = self._weights(q, answers)
        choice = self.drawn.choices.get(q.id)
        if choice is not None:
            return self._ticked(q, codes, weights, exclusive, choice.also or 0.0)
        if exclusive and self.rng.random() < 0.1:
            return [self.rng.choice(exclusive)]
        inclusive = [(c, w) for c, w in zip(codes, weights, strict=True) if c not in exclusive and w > 0]
        if not inclusive:
            return [self.rng.choice(codes)]
        # Most people tick one option; some tick several (up to the limit).
        k = 1 if self.rng.random() < 0.75 else self.rng.randint(1, min(q.selection_limit, len(inclusive)))
        chosen: set[str] = set()
        while len(chosen) < k:
            chosen.add(self.rng.choices([c for c, _ in inclusive], [w for _, w in inclusive])[0])
        return [c for c in codes if c in chosen]

    def _ticked(
        self, q: MultiChoice, codes: list[str], weights: list[float], exclusive: list[str], also: float
    ) -> list[str]:
        """A population's multiple choice: one option by its shares (an exclusive one alone), another with ``also``."""
        first = self.rng.choices(codes, weights)[0]
        if first in exclusive:
            return [first]
        chosen = {first}
        others = [(c, w) for c, w in zip(codes, weights, strict=True) if c not in exclusive and c != first and w > 0]
        if others and q.selection_limit > 1 and self.rng.random() < also:
            chosen.add(self.rng.choices([c for c, _ in others], [w for _, w in others])[0])
        return [c for c in codes if c in chosen]

    def _experiences(self, q: Matrix, answers: Mapping[str, Any]) -> dict[str, str] | None:
        """The population's discrimination questions: affected or not once per respondent, then domains by shares."""
        risk = self.drawn.risk
        if risk is None:
            return None
        codes = [o.code for o in q.options]
        yes = next((c for c in codes if c.lower() in _YES), None)
        recent = risk.recent
        rows = [r.code for r in q.rows if is_relevant(r.relevant, answers)]
        if yes is None or not rows:
            return None
        if q.id == risk.rule.question:
            if self._affected is None:
                self._affected = self.rng.random() < risk.probability(answers)
            named = {r for r in rows if self._affected and self.rng.random() < risk.rule.domains.get(r, 0.0)}
            if self._affected and not named:  # affected means in at least one domain
                named.add(self.rng.choices(rows, [risk.rule.domains.get(r, 0.01) for r in rows])[0])
            other = [c for c in codes if c != yes]
            weights = [risk.rule.otherwise.get(c, 0.0) for c in other]
            if not other or sum(weights) <= 0:
                weights = [1.0] * len(other)
            return {r: yes if r in named else self.rng.choices(other, weights)[0] for r in rows} if other else None
        if recent is not None and q.id == recent[0]:
            other = [c for c in codes if c != yes]
            return {r: yes if self.rng.random() < recent[1] or not other else self.rng.choice(other) for r in rows}
        return None


@dataclass(frozen=True)
class _Step:
    """A question in the questionnaire's order, with what deciding whether it is asked needs (the same for all)."""

    section: str | None
    question: Question
    derived: bool
    """Whether a condition of the question (its section's, its own, a row's or an option's) reads a derived variable."""
    conditional_options: bool


def _steps(instrument: Instrument) -> tuple[_Step, ...]:
    steps = []
    for section in instrument.sections:
        for q in section.questions:
            rows = [r.relevant for r in q.rows] if isinstance(q, Matrix) else []
            options = [o.relevant for o in q.options] if isinstance(q, (SingleChoice, MultiChoice)) else []
            derived = uses_derived(instrument, section.relevant, q.relevant, *rows, *options)
            steps.append(_Step(section.relevant, q, derived, any(options)))
    return tuple(steps)


def simulate(instrument: Instrument, n: int, seed: int, settings: Settings | None = None) -> list[dict[str, Any]]:
    simulator = Simulator(instrument, seed, settings)
    return [simulator.respondent() for _ in range(n)]

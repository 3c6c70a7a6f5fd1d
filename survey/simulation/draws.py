"""A reference population (:mod:`.population`) laid onto one instrument: weights per option, conditions, risks.

Matching is by question id and option code. Whatever the instrument has that
the file does not name is left to the simulator's default; an option the file
does not name, in a question it does, gets :data:`UNNAMED` (a small group), so
an instrument that adds an option still sees it chosen now and then.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from instruments.model import Instrument
from instruments.questions import Matrix, MultiChoice, SingleChoice
from survey.simulation.population import Condition, Discrimination, Population, Shares

#: The weight of an option a population file does not name, in a question it does.
UNNAMED = 0.005


def holds(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Whether any named question was answered with one of its codes (ticked, for multiple choice)."""
    for qid, codes in condition.items():
        value = answers.get(qid)
        if isinstance(value, list):
            if any(v in codes for v in value):
                return True
        elif value in codes:
            return True
    return False


def _weights(codes: list[str], shares: Shares) -> list[float]:
    return [shares.get(c, UNNAMED) for c in codes]


@dataclass(frozen=True)
class Choice:
    """One question's weights (aligned with its options), the alternatives by condition, and ``also``."""

    weights: list[float]
    cases: list[tuple[Condition, list[float]]]
    also: float | None

    def for_answers(self, answers: Mapping[str, Any]) -> list[float]:
        for condition, weights in self.cases:
            if holds(condition, answers):
                return weights
        return self.weights


@dataclass(frozen=True)
class Risk:
    """How likely a respondent reports discrimination, and in which domains (rows) of which questions."""

    rule: Discrimination
    effects: list[tuple[Condition, float]]

    def probability(self, answers: Mapping[str, Any]) -> float:
        base = self.rule.risk
        log_odds = math.log(base / (1 - base))
        log_odds += sum(effect for condition, effect in self.effects if holds(condition, answers))
        return 1 / (1 + math.exp(-log_odds))

    @property
    def recent(self) -> tuple[str, float] | None:
        later = self.rule.last_12_months
        return (later.question, later.share) if later else None


@dataclass(frozen=True)
class Drawn:
    choices: dict[str, Choice]
    risk: Risk | None


def lay_onto(population: Population, instrument: Instrument) -> Drawn:
    """The population's entries for the questions this instrument has (by id), with weights by option code."""
    choices = {}
    for q in instrument.questions():
        entry = population.questions.get(q.id)
        if entry is None or not isinstance(q, (SingleChoice, MultiChoice)):
            continue
        codes = [o.code for o in q.options]
        if not set(codes) & set(entry.shares):
            continue  # the same id with other options: not the module the file describes
        cases = [(c.when, _weights(codes, c.shares)) for c in entry.cases]
        choices[q.id] = Choice(_weights(codes, entry.shares), cases, entry.also)
    rule = population.discrimination
    risk = None
    if rule is not None and isinstance(instrument.question_map.get(rule.question), Matrix):
        risk = Risk(rule, [(e.when, e.log_odds) for e in rule.effects])
    return Drawn(choices, risk)

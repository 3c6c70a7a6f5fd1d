"""Reference populations for simulated respondents: shares with their sources, read from ``populations/*.yaml``.

A population file says, per question id of the standard modules, how often
each option is chosen in a plausible population, and how often people in some
groups report discrimination. Every entry carries the sources of its figures
or an explicit assumption note, and loading refuses a file where one lacks
both: a simulated demo must not pass off invented rates as published ones.

The file is checked here (shares are probabilities that add up, cases and
effects name questions and codes); matching it to an instrument happens in
:mod:`.simulate`, where a question or code the instrument does not have is
simply not used.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kernel.errors import EqSurveyError, Location

#: The population ``responses simulate`` and ``demo`` use unless told otherwise.
DEFAULT_POPULATION = "germany-city"
#: How far a file's shares may add up from 1 (rounding in a hand-written file).
TOLERANCE = 0.002

Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Shares = dict[str, Probability]
#: Any of these questions answered with any of their codes (a code ticked, for multiple choice).
Condition = dict[str, list[str]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _adds_up(shares: Shares, where: str) -> None:
    if not shares or abs(sum(shares.values()) - 1) > TOLERANCE:
        raise ValueError(f"{where}: the shares add up to {sum(shares.values()):.4f}, not 1")


class Source(_Strict):
    publisher: str = Field(min_length=1)
    title: str = Field(min_length=1)
    year: int = Field(ge=1900, le=2100)
    """The year the figures refer to."""
    url: str | None = Field(default=None, pattern=r"^https://")
    figures: str = Field(min_length=1)
    """The published figures this file relies on, in words."""


class _Sourced(_Strict):
    sources: list[str] = []
    assumption: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _sourced(self) -> _Sourced:
        if not self.sources and self.assumption is None:
            raise ValueError("name the sources of these figures, or say in `assumption` that they are assumed")
        return self


class Case(_Strict):
    when: Condition = Field(min_length=1)
    shares: Shares

    @model_validator(mode="after")
    def _valid(self) -> Case:
        _adds_up(self.shares, "a case")
        return self


class Entry(_Sourced):
    shares: Shares
    also: Probability | None = None
    """Multiple choice: the probability of ticking one further option."""
    cases: list[Case] = []

    @model_validator(mode="after")
    def _valid(self) -> Entry:
        _adds_up(self.shares, "shares")
        return self


class Effect(_Sourced):
    when: Condition = Field(min_length=1)
    odds_ratio: Annotated[float, Field(gt=0, le=20, allow_inf_nan=False)]

    @property
    def log_odds(self) -> float:
        return math.log(self.odds_ratio)


class Recent(_Strict):
    question: str
    share: Probability


class Discrimination(_Sourced):
    question: str
    risk: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)]
    """Probability of any discrimination in the reference period, for someone in none of the groups of ``effects``."""
    domains: Shares
    """For a respondent who is affected: the probability of naming each domain (row)."""
    otherwise: Shares
    """The other answers of a row that is not yes."""
    last_12_months: Recent | None = None
    effects: list[Effect] = []

    @model_validator(mode="after")
    def _valid(self) -> Discrimination:
        _adds_up(self.otherwise, "otherwise")
        return self


class Population(_Strict):
    name: str
    version: int
    default: str = Field(min_length=1)
    """What questions without an entry get, in words (shown with the file)."""
    sources: dict[str, Source]
    questions: dict[str, Entry]
    discrimination: Discrimination | None = None

    @model_validator(mode="after")
    def _known_sources(self) -> Population:
        named = [*(s for e in self.questions.values() for s in e.sources)]
        if self.discrimination is not None:
            named += self.discrimination.sources + [s for e in self.discrimination.effects for s in e.sources]
        unknown = sorted(set(named) - set(self.sources))
        if unknown:
            raise ValueError(f"sources named but not listed under `sources`: {', '.join(unknown)}")
        return self


def population_names() -> list[str]:
    folder = resources.files("survey.simulation").joinpath("populations")
    return sorted(p.name.removesuffix(".yaml").replace("_", "-") for p in folder.iterdir() if p.name.endswith(".yaml"))


def parse_population(text: str, where: str) -> Population:
    """A population file's content, checked; a user error naming the entry otherwise."""
    try:
        # libyaml's safe loader where PyYAML has it: the same values as safe_load, at a fraction of the cost.
        data: Any = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        return Population.model_validate(data)
    except yaml.YAMLError as exc:
        raise EqSurveyError.single(
            "population-file", f"not YAML: {exc}", "fix the file's syntax", Location(file=where)
        ) from None
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        path = ".".join(str(p) for p in first["loc"])
        raise EqSurveyError.single(
            "population-file",
            f"{path or '(the file)'}: {str(first['msg']).removeprefix('Value error, ')}",
            "see the comments at the top of the bundled germany_city.yaml for the format",
            Location(file=where),
        ) from None


@cache
def load_population(name: str = DEFAULT_POPULATION) -> Population:
    """A bundled population by name (``germany-city``)."""
    if name not in population_names():
        raise EqSurveyError.single(
            "unknown-population",
            f"there is no population '{name}'",
            f"use one of: {', '.join(population_names())}",
        )
    filename = name.replace("-", "_") + ".yaml"
    text = resources.files("survey.simulation").joinpath("populations", filename).read_text(encoding="utf-8")
    return parse_population(text, f"survey/simulation/populations/{filename}")

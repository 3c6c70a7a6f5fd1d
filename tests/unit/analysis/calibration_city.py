"""The calibration study of issue 20: a synthetic city whose respondents select themselves.

The city's 100,000 adults live in 24 calibration cells (age group × gender ×
district). Who answers the open online survey depends on all three (young
people, women and the northern district answer far more often: the chance of
answering is a product of one factor per variable, so raking to the age
group × gender and district margins can undo it), and so does the outcome,
discrimination experienced in the last 12 months (and a migration
background, itself more common among the young and in some districts, raises
it). Within a cell, taking part says nothing about the outcome: the
assumption under which weighting corrects, stated in every weighted release.
2 % decline to give their gender and are in no calibration cell (at random).

Each replication draws a sample of :data:`RESPONDENTS` (seeded numpy: the
sample is test data), makes its analysis dataset and releases the plan
through the real path, :func:`analysis.releases.making.make_release`: OpenDP's
noise, consistency, publication, the disclosure audit, and the weighted
tables computed from noisy counts only. It records for both the plain and
the weighted share of "yes" (overall and in each migration-background group)
its error against the population's true share, whether its interval covered
it, and its width.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.plans.loader import parse_plan
from analysis.plans.model import AnalysisPlan
from analysis.releases.making import make_release
from analysis.releases.tables import PublishedTable
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.text import DECLINED
from tests.support.builders import instrument_yaml
from tests.support.studies import in_processes

RESPONDENTS = 1500
RHO = 0.5
AGES = ("18_34", "35_59", "60_plus")
GENDERS = ("female", "male")
DISTRICTS = ("north", "south", "east", "west")
PEOPLE = np.array([[16000, 15500], [21000, 20500], [14500, 12500]], dtype=float)
"""The city's adults by age group × gender."""
LIVE_IN = np.array([0.30, 0.25, 0.25, 0.20])
"""Each district's share of every age group × gender."""
ANSWERS = (np.array([3.0, 1.5, 0.6]), np.array([1.6, 1.0]), np.array([2.0, 1.0, 0.8, 0.5]))
"""How much more likely than others to take part, per age group, gender and district."""
RATE = (np.array([0.30, 0.18, 0.08]), np.array([1.25, 0.85]), np.array([0.08, 0.0, -0.02, 0.04]))
"""Discrimination experienced: by age group, times by gender, plus by district."""
ORIGIN = (np.array([0.45, 0.30, 0.15]), np.array([0.15, 0.0, 0.05, 0.10]))
"""A migration background: by age group, plus by district."""
ORIGIN_RAISES = 0.15
DECLINE_GENDER = 0.02
DECLINE_DISCR = 0.05

QUESTIONS = f"""\
- id: age
  type: single_choice
  label: {{de: Alter, en: Age group}}
  role: breakdown
  options: [{", ".join(f"{{code: {a}, label: {{de: '{a}', en: '{a}'}}}}" for a in AGES)}]
- id: gender
  type: single_choice
  label: {{de: Geschlecht, en: Gender}}
  role: breakdown
  options: [{", ".join(f"{{code: {g}, label: {{de: {g}, en: {g}}}}}" for g in GENDERS)}]
- id: district
  type: single_choice
  label: {{de: Bezirk, en: District}}
  role: breakdown
  prefer_not_to_say: false
  options: [{", ".join(f"{{code: {d}, label: {{de: {d}, en: {d}}}}}" for d in DISTRICTS)}]
- id: origin
  type: single_choice
  label: {{de: Migrationsgeschichte, en: Migration background}}
  role: breakdown
  prefer_not_to_say: false
  options: [{{code: 'yes', label: {{de: Ja, en: 'Yes'}}}}, {{code: 'no', label: {{de: Nein, en: 'No'}}}}]
- id: discr
  type: single_choice
  label: {{de: Diskriminierung, en: Discrimination}}
  role: outcome
  options: [{{code: 'yes', label: {{de: Ja, en: 'Yes'}}}}, {{code: 'no', label: {{de: Nein, en: 'No'}}}}]
"""
INSTRUMENT: Instrument = parse_instrument(instrument_yaml(QUESTIONS), "city.yaml").instrument


def population_rows() -> list[tuple[dict[str, str], float]]:
    """The margins as a register would give them: age group × gender, and district."""
    rows = [
        ({"age": a, "gender": g}, PEOPLE[i, j])
        for (i, a), (j, g) in itertools.product(enumerate(AGES), enumerate(GENDERS))
    ]
    rows += [({"district": d}, float(PEOPLE.sum() * LIVE_IN[k])) for k, d in enumerate(DISTRICTS)]
    return rows


def plan_text(method: str = "rake") -> str:
    rows = "\n".join(
        f"    - {{codes: {{{', '.join(f'{k}: {v}' for k, v in codes.items())}}}, count: {count:g}}}"
        for codes, count in population_rows()
    )
    return f"""\
id: city
instrument: {INSTRUMENT.id}
budget_share: 1
publication: {{suppress_below: 0, flag_below: 0}}
tables:
  - {{id: discrimination, kind: counts, measure: discr}}
  - {{id: by_origin, kind: counts, measure: discr, by: [origin]}}
calibration:
  variables: [age, gender, district]
  source: "synthetic city (issue 20 study): register counts by age group × gender and by district"
  method: {method}
  trim: [0.2, 5.0]
  share: 0.5
  population:
{rows}
"""


PLAN: AnalysisPlan = parse_plan(plan_text(), "city-plan.yaml", INSTRUMENT).plan


def _cells() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per calibration cell (age, gender, district): people, chance of taking part, of a migration background,
    and of discrimination without and with one."""
    people, takes, origin, rate = [], [], [], []
    for (i, _), (j, _), (k, _) in itertools.product(enumerate(AGES), enumerate(GENDERS), enumerate(DISTRICTS)):
        people.append(PEOPLE[i, j] * LIVE_IN[k])
        takes.append(ANSWERS[0][i] * ANSWERS[1][j] * ANSWERS[2][k])
        origin.append(ORIGIN[0][i] + ORIGIN[1][k])
        rate.append(RATE[0][i] * RATE[1][j] + RATE[2][k])
    return np.array(people), np.array(takes), np.array(origin), np.array(rate)


CELL_PEOPLE, CELL_TAKES, CELL_ORIGIN, CELL_RATE = _cells()


def truth() -> dict[str | None, float]:
    """The population's share of "yes" among those who answered: overall (None) and per migration background."""
    yes_with = CELL_PEOPLE * CELL_ORIGIN * (CELL_RATE + ORIGIN_RAISES)
    yes_without = CELL_PEOPLE * (1 - CELL_ORIGIN) * CELL_RATE
    with_ = float((CELL_PEOPLE * CELL_ORIGIN).sum())
    return {
        None: float((yes_with + yes_without).sum() / CELL_PEOPLE.sum()),
        "yes": float(yes_with.sum() / with_),
        "no": float(yes_without.sum() / (CELL_PEOPLE.sum() - with_)),
    }


TRUTH = truth()


def model_design_effect() -> float:
    """Kish's design effect of the ideal weights (population over expected sample, untrimmed)."""
    sampled = CELL_PEOPLE * CELL_TAKES / (CELL_PEOPLE * CELL_TAKES).sum()
    weights = 1 / CELL_TAKES
    return float((sampled * weights * weights).sum() / (sampled * weights).sum() ** 2)


def frame(rng: np.random.Generator, n: int = RESPONDENTS) -> pd.DataFrame:
    """One self-selected sample's analysis dataset."""
    chance = CELL_PEOPLE * CELL_TAKES
    cell = rng.choice(len(chance), size=n, p=chance / chance.sum())
    age, gender, district = np.unravel_index(cell, (len(AGES), len(GENDERS), len(DISTRICTS)))
    origin = rng.random(n) < CELL_ORIGIN[cell]
    yes = rng.random(n) < CELL_RATE[cell] + ORIGIN_RAISES * origin
    declined = rng.random(n) < DECLINE_DISCR
    gender_code = np.where(rng.random(n) < DECLINE_GENDER, len(GENDERS), gender)
    return pd.DataFrame(
        {
            "age": _categorical(age, AGES),
            "gender": _categorical(gender_code, (*GENDERS, DECLINED)),
            "district": _categorical(district, DISTRICTS),
            "origin": _categorical(np.where(origin, 0, 1), ("yes", "no")),
            "discr": _categorical(np.where(declined, 2, np.where(yes, 0, 1)), ("yes", "no", DECLINED)),
            "received_month": pd.Categorical(["2026-05"] * n),
        }
    )


def _categorical(codes: np.ndarray, categories: tuple[str, ...]) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(codes.astype(np.int32), dtype=pd.CategoricalDtype(list(categories))))


CLASSES = ("everyone", "migration background", "no migration background")
GROUP = {None: "everyone", "yes": "migration background", "no": "no migration background"}


@dataclass
class Tally:
    """Per class and estimator (``plain``, ``weighted``): errors, coverage and widths of the share of "yes"."""

    errors: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    hits: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    widths: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    design_effects: list[float] = field(default_factory=list)

    def add(self, key: tuple[str, str], share: float, low: float, high: float, truth: float) -> None:
        self.errors[key].append(share - truth)
        self.hits[key] += low <= truth <= high
        self.widths[key].append(high - low)

    def merge(self, other: Tally) -> None:
        for key in other.errors:
            self.errors[key] += other.errors[key]
            self.hits[key] += other.hits[key]
            self.widths[key] += other.widths[key]
        self.design_effects += other.design_effects

    def releases(self, key: tuple[str, str]) -> int:
        return len(self.errors[key])

    def coverage(self, key: tuple[str, str]) -> float:
        return self.hits[key] / self.releases(key)

    def coverage_se(self, key: tuple[str, str]) -> float:
        p = self.coverage(key)
        return math.sqrt(max(p * (1 - p), 0.95 * 0.05) / self.releases(key))

    def bias(self, key: tuple[str, str]) -> float:
        return float(np.mean(self.errors[key]))

    def bias_se(self, key: tuple[str, str]) -> float:
        return float(np.std(self.errors[key], ddof=1) / math.sqrt(self.releases(key)))

    def width(self, key: tuple[str, str]) -> float:
        return float(np.mean(self.widths[key]))


def _record(tally: Tally, kind: str, table: PublishedTable) -> None:
    for cell in table.cells:
        shown = cell.share_shown
        if cell.measure != "yes" or shown is None or cell.by.get("origin") not in GROUP:
            continue
        group = cell.by.get("origin")
        share = cell.share_unclamped if cell.share_unclamped is not None else shown.value
        tally.add((GROUP[group], kind), share, shown.low, shown.high, TRUTH[group])


def simulate(seed: int, releases: int) -> Tally:
    """``releases`` samples, each released through the real path; their plain and weighted shares tallied."""
    rng = np.random.default_rng(seed)
    tally = Tally()
    text = plan_text()
    for _ in range(releases):
        made = make_release(PLAN, text, INSTRUMENT, frame(rng), "hmac-sha256:study", RHO)
        weighting = made.release.weighting
        assert weighting is not None  # a calibrated plan's release always has its weighting
        tally.design_effects.append(weighting.design_effect)
        for table in made.release.tables:
            _record(tally, "plain", table)
        for table in weighting.tables:
            _record(tally, "weighted", table)
    return tally


def run(releases: int, workers: int = 2, seed: int = 20261207) -> Tally:
    """The study over ``releases`` releases on ``workers`` processes (each with its own seed)."""
    total = Tally()
    for part in in_processes(simulate, releases, workers, seed, numbered=False):
        total.merge(part)
    return total


def table(tally: Tally) -> str:
    """The README's Markdown table: bias plain vs weighted, coverage of both, mean interval widths."""
    lines = [
        "| share of “yes” | true share | bias unweighted | bias weighted | coverage unweighted | coverage weighted"
        " | width unweighted | width weighted |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, group in zip(CLASSES, (None, "yes", "no"), strict=True):
        plain, weighted = (name, "plain"), (name, "weighted")
        lines.append(
            f"| {name} | {TRUTH[group]:.3f} "
            f"| {tally.bias(plain):+.4f} ± {tally.bias_se(plain):.4f} "
            f"| {tally.bias(weighted):+.4f} ± {tally.bias_se(weighted):.4f} "
            f"| {tally.coverage(plain):.1%} ± {tally.coverage_se(plain):.1%} "
            f"| {tally.coverage(weighted):.1%} ± {tally.coverage_se(weighted):.1%} "
            f"| {tally.width(plain):.3f} | {tally.width(weighted):.3f} |"
        )
    return "\n".join(lines)

"""A small survey, a population model of its respondents, and the exact vectors a release starts from.

The DP release tests (noise scale, interval coverage, privacy map, consistency)
share one instrument with every kind of dimension the release layer knows: a
single choice breakdown, a single choice and a multiple choice (at most two
ticks) outcome, a scale, a matrix, a consent and a self-description.

Samples of the population are drawn with seeded numpy and made into analysis
datasets directly, as columns, because the coverage test needs thousands of
them; :func:`answers` gives the same respondents as answers for
:class:`anonymize.analysis_dataset.DatasetBuilder`, and a test checks that both
routes give the same frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.compute import exact_values
from analysis.plans.layout import TableLayout, layouts
from analysis.plans.loader import parse_plan
from analysis.plans.model import AnalysisPlan
from analysis.tabulate import Coder
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.text import DECLINED
from tests.support.builders import instrument_yaml

QUESTIONS = """\
- id: group
  type: single_choice
  label: {de: Gruppe, en: Group}
  role: breakdown
  options:
    - {code: big, label: {de: groß, en: big}}
    - {code: small, label: {de: klein, en: small}}
- id: discr
  type: single_choice
  label: {de: Diskriminierung, en: Discrimination}
  role: outcome
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
- id: grounds
  type: multi_choice
  label: {de: Gründe, en: Grounds}
  max_selections: 2
  options:
    - {code: a, label: {de: A, en: A}}
    - {code: b, label: {de: B, en: B}}
    - {code: c, label: {de: C, en: C}}
    - {code: d, label: {de: D, en: D}}
- id: trust
  type: scale
  label: {de: Vertrauen, en: Trust}
  points:
    - {value: 1, label: {de: gar nicht, en: not at all}}
    - {value: 2, label: {de: wenig, en: little}}
    - {value: 3, label: {de: mittel, en: somewhat}}
    - {value: 4, label: {de: viel, en: much}}
    - {value: 5, label: {de: sehr, en: very much}}
- id: domains
  type: matrix
  label: {de: Bereiche, en: Domains}
  rows:
    - {code: work, label: {de: Arbeit, en: Work}}
    - {code: housing, label: {de: Wohnen, en: Housing}}
  options:
    - {code: 'yes', label: {de: Ja, en: 'Yes'}}
    - {code: 'no', label: {de: Nein, en: 'No'}}
- id: agree
  type: consent
  label: {de: Einwilligung, en: Consent}
- id: note
  type: text
  label: {de: Selbstbeschreibung, en: Self-description}
  self_description: true
  prefer_not_to_say: false
"""

INSTRUMENT: Instrument = parse_instrument(instrument_yaml(QUESTIONS), "synthetic.yaml").instrument

GROUPS = ("big", "small", DECLINED, None)
"""The group question's answers, in the order of the population model (None: not answered)."""
DISCR = ("yes", "no", DECLINED, None)
OPTIONS = ("a", "b", "c", "d")
PATTERNS: tuple[tuple[str, ...] | str | None, ...] = (
    ("a",),
    ("b",),
    ("c",),
    ("d",),
    ("a", "b"),
    ("a", "c"),
    ("b", "d"),
    ("c", "d"),
    DECLINED,
    None,
)
"""The grounds a respondent may give (at most two, as the questionnaire allows), declined, or none."""
TRUST = (1, 2, 3, 4, 5, DECLINED, None)
ROWS = ("work", "housing")
WRITE_INS = ("Nonbinary", "genderfluid", "Agender.")


def plan(tables: str, publication: str = "{suppress_below: 0, flag_below: 0}") -> AnalysisPlan:
    """A plan of the synthetic instrument with the given tables (a YAML list, one table a line)."""
    text = f"id: synthetic\ninstrument: test-survey\nbudget_share: 1\npublication: {publication}\ntables:\n{tables}"
    return parse_plan(text, "synthetic-plan.yaml", INSTRUMENT).plan


@dataclass(frozen=True)
class Population:
    """Who answers what, as probabilities: the group's, then per group those of each outcome."""

    group: Sequence[float]
    discr: Sequence[Sequence[float]]
    grounds: Sequence[Sequence[float]]
    trust: Sequence[Sequence[float]]

    def share(self, question: str, group: int, code: str) -> float:
        """The population share of ``code`` among the group's members who gave an answer to ``question``."""
        if question == "discr":
            p = np.asarray(self.discr[group])
            return float(p[DISCR.index(code)] / p[:2].sum())
        p = np.asarray(self.grounds[group])
        answered = [i for i, pattern in enumerate(PATTERNS) if isinstance(pattern, tuple)]
        ticked = [i for i in answered if code in (PATTERNS[i] or ())]
        return float(p[ticked].sum() / p[answered].sum())

    def mean(self, group: int) -> float:
        """The population mean of trust among the group's members who gave a value."""
        p = np.asarray(self.trust[group])[:5]
        return float((p * np.arange(1, 6)).sum() / p.sum())


POPULATION = Population(
    group=(0.85, 0.10, 0.03, 0.02),
    discr=((0.30, 0.60, 0.06, 0.04), (0.45, 0.40, 0.10, 0.05), (0.20, 0.50, 0.25, 0.05), (0.25, 0.45, 0.10, 0.20)),
    grounds=(
        (0.22, 0.15, 0.12, 0.08, 0.10, 0.08, 0.07, 0.06, 0.07, 0.05),
        (0.10, 0.20, 0.08, 0.12, 0.12, 0.10, 0.08, 0.06, 0.09, 0.05),
        (0.15, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.05, 0.15, 0.05),
        (0.15, 0.15, 0.10, 0.10, 0.10, 0.05, 0.05, 0.05, 0.10, 0.15),
    ),
    trust=(
        (0.10, 0.20, 0.30, 0.20, 0.12, 0.05, 0.03),
        (0.25, 0.25, 0.20, 0.15, 0.05, 0.06, 0.04),
        (0.15, 0.15, 0.20, 0.20, 0.10, 0.15, 0.05),
        (0.10, 0.10, 0.30, 0.20, 0.10, 0.05, 0.15),
    ),
)


@dataclass(frozen=True)
class Sample:
    """Respondents as indices into the answer tuples above (one entry per respondent)."""

    group: np.ndarray
    discr: np.ndarray
    grounds: np.ndarray
    trust: np.ndarray
    domains: np.ndarray
    """Per respondent and matrix row: an index into DISCR (the rows share its options)."""
    agree: np.ndarray
    """1 consented, 0 did not, -1 not answered."""
    note: np.ndarray
    """An index into WRITE_INS, or -1 for no self-description."""

    def __len__(self) -> int:
        return len(self.group)


def _conditional(rng: np.random.Generator, given: np.ndarray, table: Sequence[Sequence[float]]) -> np.ndarray:
    """One draw per respondent from the row of ``table`` that their ``given`` index picks."""
    cdf = np.cumsum(np.asarray(table, dtype=float), axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(len(given))
    drawn: np.ndarray = np.minimum((u[:, None] > cdf[given]).sum(axis=1), cdf.shape[1] - 1)
    return drawn


def draw(rng: np.random.Generator, n: int, population: Population = POPULATION) -> Sample:
    group = rng.choice(len(GROUPS), size=n, p=np.asarray(population.group))
    return Sample(
        group=group,
        discr=_conditional(rng, group, population.discr),
        grounds=_conditional(rng, group, population.grounds),
        trust=_conditional(rng, group, population.trust),
        domains=rng.choice(len(DISCR), size=(n, len(ROWS)), p=[0.3, 0.5, 0.1, 0.1]),
        agree=rng.choice([1, 0, -1], size=n, p=[0.9, 0.05, 0.05]),
        note=rng.choice([-1, 0, 1, 2], size=n, p=[0.1, 0.4, 0.3, 0.2]),
    )


def _categorical(index: np.ndarray, answers: Sequence[Any], categories: Sequence[str]) -> pd.Series:
    codes = np.array([-1 if a is None else list(categories).index(a) for a in answers], dtype=np.int32)
    return pd.Series(pd.Categorical.from_codes(codes[index], dtype=pd.CategoricalDtype(list(categories))))


def _boolean(values: np.ndarray, missing: np.ndarray) -> pd.Series:
    return pd.Series(pd.arrays.BooleanArray(values.astype(bool), missing.astype(bool)))


def frame(sample: Sample) -> pd.DataFrame:
    """The analysis dataset of the sample, column for column as DatasetBuilder makes it."""
    with_declined = ("yes", "no", DECLINED)
    columns: dict[str, pd.Series] = {
        "group": _categorical(sample.group, GROUPS, ("big", "small", DECLINED)),
        "discr": _categorical(sample.discr, DISCR, with_declined),
    }
    kinds = np.array([0 if isinstance(p, tuple) else 1 if p == DECLINED else 2 for p in PATTERNS])[sample.grounds]
    for option in OPTIONS:
        ticked = np.array([isinstance(p, tuple) and option in p for p in PATTERNS])[sample.grounds]
        columns[f"grounds__{option}"] = _boolean(ticked, kinds != 0)
    columns["grounds__prefer_not_to_say"] = _boolean(kinds == 1, kinds == 2)
    values = np.array([v if isinstance(v, int) else 0 for v in TRUST], dtype=np.int64)[sample.trust]
    trust_missing = np.array([not isinstance(v, int) for v in TRUST])[sample.trust]
    columns["trust"] = pd.Series(pd.arrays.IntegerArray(values, trust_missing))
    trust_none = np.array([v is None for v in TRUST])[sample.trust]
    columns["trust__prefer_not_to_say"] = _boolean(np.array([v == DECLINED for v in TRUST])[sample.trust], trust_none)
    for r, row in enumerate(ROWS):
        columns[f"domains__{row}"] = _categorical(sample.domains[:, r], DISCR, with_declined)
    columns["agree"] = _boolean(sample.agree == 1, sample.agree == -1)
    texts = np.array([*WRITE_INS, None], dtype=object)[sample.note]
    columns["note"] = pd.Series(pd.array(texts, dtype="string"))
    columns["received_month"] = pd.Series(pd.Categorical(["2026-05"] * len(sample)))
    return pd.DataFrame(columns)


def answers(sample: Sample) -> list[dict[str, Any]]:
    """The same respondents as the answers a questionnaire stores (for DatasetBuilder)."""
    out: list[dict[str, Any]] = []
    for i in range(len(sample)):
        a: dict[str, Any] = {}
        for name, choices, index in (("group", GROUPS, sample.group), ("discr", DISCR, sample.discr)):
            if choices[index[i]] is not None:
                a[name] = choices[index[i]]
        pattern = PATTERNS[sample.grounds[i]]
        if pattern is not None:
            a["grounds"] = list(pattern) if isinstance(pattern, tuple) else [DECLINED]
        if TRUST[sample.trust[i]] is not None:
            a["trust"] = TRUST[sample.trust[i]]
        rows = {row: DISCR[sample.domains[i, r]] for r, row in enumerate(ROWS)}
        if any(v is not None for v in rows.values()):
            a["domains"] = {row: v for row, v in rows.items() if v is not None}
        if sample.agree[i] >= 0:
            a["agree"] = bool(sample.agree[i])
        if sample.note[i] >= 0:
            a["note"] = WRITE_INS[sample.note[i]]
        out.append(a)
    return out


Parts = dict[str, dict[str, Any]]


def exact_parts(shape: TableLayout, coder: Coder) -> dict[str, Any]:
    """A table's exact parts, as :func:`analysis.compute.compute` measures them (before any noise).

    Counted tables: the concatenated counts of their blocks; means: counts,
    sums and sums of squares of the values centred on the scale's middle;
    write-ins: the histogram of normalised answers.
    """
    values = exact_values(shape, coder)
    return {"write_ins": values} if shape.table.kind == "write_ins" else dict(values)


def exact(plan: AnalysisPlan, frame: pd.DataFrame) -> Parts:
    """Every table's exact parts over the frame."""
    coder = Coder(frame)
    return {shape.table.id: exact_parts(shape, coder) for shape in layouts(plan, INSTRUMENT)}

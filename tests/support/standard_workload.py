"""The standard equality-survey workload of the release benchmarks, written down: questionnaire, plan, respondents.

Questionnaire (every question allows "prefer not to say"):

- ``identity``: a multiple choice of 12 self-identifications, at most 3 ticks
  (shares from 30 % down to 0.5 %: small groups are the point);
- 15 single choices: ``gender`` (3 options), ``district`` (10) and ``q01`` …
  ``q13`` (4 options each);
- ``domains``: a matrix of 8 life domains, each answered yes / no;
- ``trust``: a scale from 1 to 5.

Plan (one release, nothing suppressed, so that every cell is compared):
each single choice and ``identity`` counted on its own; ``domains`` by
``identity``; ``identity`` by ``gender``; the mean of ``trust`` by ``gender``
and by ``district``. The cells the plan asks for are the answers' (:func:`asked`):
12 + 3 + 10 + 13 × 4 + 8 × 2 × 12 + 3 × 12 = 305 counts and 3 + 10 = 13 means.

Respondents are drawn with seeded numpy and made into the analysis dataset
directly, as columns, since DatasetBuilder takes about 0.5 ms a respondent and
the benchmarks go to ten million. :func:`check` builds the same respondents
through DatasetBuilder and compares, so the two routes cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.plans.loader import parse_plan
from analysis.plans.model import AnalysisPlan
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.text import DECLINED

IDENTITIES = tuple(f"id{i:02d}" for i in range(1, 13))
IDENTITY_WEIGHTS = (0.30, 0.20, 0.14, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.015, 0.01, 0.005)
TICKS = (0.75, 0.18, 0.07)  # one, two or three identities
SINGLES: dict[str, tuple[str, ...]] = {
    "gender": ("woman", "man", "diverse"),
    "district": tuple(f"d{i:02d}" for i in range(1, 11)),
    **{f"q{i:02d}": ("a", "b", "c", "d") for i in range(1, 14)},
}
SINGLE_WEIGHTS = {
    "gender": (0.49, 0.49, 0.02),
    "district": (0.16, 0.14, 0.13, 0.12, 0.10, 0.09, 0.08, 0.07, 0.06, 0.05),
}
OTHER_WEIGHTS = (0.4, 0.3, 0.2, 0.1)
DOMAINS = ("work", "housing", "school", "health", "police", "offices", "shops", "transport")
SKIP, DECLINE = 0.03, 0.02
"""Each question: not answered by 3 %, declined ("prefer not to say") by 2 %."""

_HEADER = """\
id: standard-workload
version: 1.0.0
title: {de: Standardlast, en: Standard workload}
languages: [de, en]
default_language: de
purpose: {de: Benchmark, en: Benchmark}
controller: {de: Niemand, en: No one}
legal_basis: {de: Keine, en: None}
retention: {de: Keine, en: None}
contact: {de: niemand@example.org, en: niemand@example.org}
sections:
  - id: main
    title: {de: Fragen, en: Questions}
    questions:
"""


def _options(codes: tuple[str, ...]) -> str:
    return "".join(f"          - {{code: {c}, label: {{de: {c}, en: {c}}}}}\n" for c in codes)


def instrument_text() -> str:
    out = [_HEADER]
    out.append(
        "      - id: identity\n        type: multi_choice\n        role: breakdown\n        max_selections: 3\n"
        "        label: {de: Selbstbezeichnung, en: Self-identification}\n        options:\n" + _options(IDENTITIES)
    )
    for qid, codes in SINGLES.items():
        role = "breakdown" if qid in ("gender", "district") else "outcome"
        out.append(
            f"      - id: {qid}\n        type: single_choice\n        role: {role}\n"
            f"        label: {{de: {qid}, en: {qid}}}\n        options:\n" + _options(codes)
        )
    rows = "".join(f"          - {{code: {r}, label: {{de: {r}, en: {r}}}}}\n" for r in DOMAINS)
    out.append(
        "      - id: domains\n        type: matrix\n        role: outcome\n"
        "        label: {de: Bereiche, en: Domains}\n        rows:\n" + rows + "        options:\n"
        "          - {code: 'yes', label: {de: Ja, en: 'Yes'}}\n          - {code: 'no', label: {de: Nein, en: 'No'}}\n"
    )
    points = "".join(f"          - {{value: {v}, label: {{de: '{v}', en: '{v}'}}}}\n" for v in range(1, 6))
    out.append(
        "      - id: trust\n        type: scale\n        label: {de: Vertrauen, en: Trust}\n        points:\n" + points
    )
    return "".join(out)


INSTRUMENT: Instrument = parse_instrument(instrument_text(), "standard-workload.yaml").instrument


def plan_text() -> str:
    tables = [f"  - {{id: {q}, kind: counts, measure: {q}}}" for q in ("identity", *SINGLES)]
    tables += [
        "  - {id: domains_by_identity, kind: matrix, measure: domains, by: [identity]}",
        "  - {id: identity_by_gender, kind: counts, measure: identity, by: [gender]}",
        "  - {id: trust_by_gender, kind: mean, measure: trust, by: [gender]}",
        "  - {id: trust_by_district, kind: mean, measure: trust, by: [district]}",
    ]
    head = "id: standard\ninstrument: standard-workload\nbudget_share: 1\n"
    return head + "publication: {suppress_below: 0, flag_below: 0}\ntables:\n" + "\n".join(tables) + "\n"


PLAN: AnalysisPlan = parse_plan(plan_text(), "standard-plan.yaml", INSTRUMENT).plan


@dataclass(frozen=True)
class Respondents:
    """Per question, each respondent's answer as an index: an option, or -1 not answered, -2 declined."""

    singles: dict[str, np.ndarray]
    identity: np.ndarray
    """(respondents, 12) booleans: ticked; rows of a respondent who declined or skipped are all False."""
    identity_status: np.ndarray
    """0 answered, -1 not answered, -2 declined."""
    domains: np.ndarray
    """(respondents, 8): 0 yes, 1 no, -1, -2."""
    trust: np.ndarray
    """1–5, or -1, -2."""

    def __len__(self) -> int:
        return len(self.trust)


def _status(rng: np.random.Generator, n: int) -> np.ndarray:
    roll = rng.random(n)
    return np.where(roll < SKIP, -1, np.where(roll < SKIP + DECLINE, -2, 0))


def _single(rng: np.random.Generator, weights: tuple[float, ...], n: int) -> np.ndarray:
    drawn = rng.choice(len(weights), size=n, p=np.asarray(weights) / sum(weights))
    status = _status(rng, n)
    return np.where(status < 0, status, drawn)


def draw(n: int, seed: int) -> Respondents:
    rng = np.random.default_rng(seed)
    singles = {q: _single(rng, SINGLE_WEIGHTS.get(q, OTHER_WEIGHTS), n) for q in SINGLES}
    # Ticks without replacement, weighted (Gumbel top-k): the k largest of log w + Gumbel noise.
    keys = np.log(np.asarray(IDENTITY_WEIGHTS)) + rng.gumbel(size=(n, len(IDENTITIES)))
    ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
    ticks = rng.choice(len(TICKS), size=n, p=TICKS) + 1
    status = _status(rng, n)
    identity = (ranks < ticks[:, None]) & (status == 0)[:, None]
    # Discrimination is likelier for the smaller groups: the tables have differences to show.
    risk = 0.10 + 0.25 * identity[:, 6:].any(axis=1) + 0.10 * (singles["gender"] == 2)
    yes = rng.random((n, len(DOMAINS))) < risk[:, None] * np.linspace(1.0, 0.4, len(DOMAINS))
    domain_status = np.stack([_status(rng, n) for _ in DOMAINS], axis=1)
    domains = np.where(domain_status < 0, domain_status, np.where(yes, 0, 1))
    trust = _single(rng, (0.10, 0.20, 0.35, 0.25, 0.10), n)
    trust = np.where(trust >= 0, trust + 1, trust)
    return Respondents(singles, identity, status, domains, trust)


def _categorical(index: np.ndarray, codes: tuple[str, ...]) -> pd.Series:
    categories = (*codes, DECLINED)
    mapped = np.where(index == -2, len(codes), index).astype(np.int32)  # -1 stays missing
    return pd.Series(pd.Categorical.from_codes(mapped, dtype=pd.CategoricalDtype(list(categories))))


def _boolean(values: np.ndarray, missing: np.ndarray) -> pd.Series:
    return pd.Series(pd.arrays.BooleanArray(values.astype(bool), missing.astype(bool)))


def frame(people: Respondents) -> pd.DataFrame:
    """The analysis dataset of the respondents, column for column as DatasetBuilder makes it."""
    columns: dict[str, pd.Series] = {}
    answered, declined = people.identity_status == 0, people.identity_status == -2
    for i, code in enumerate(IDENTITIES):
        columns[f"identity__{code}"] = _boolean(people.identity[:, i], ~answered)
    columns[f"identity__{DECLINED}"] = _boolean(declined, people.identity_status == -1)
    for qid, codes in SINGLES.items():
        columns[qid] = _categorical(people.singles[qid], codes)
    for r, row in enumerate(DOMAINS):
        columns[f"domains__{row}"] = _categorical(people.domains[:, r], ("yes", "no"))
    values = np.where(people.trust > 0, people.trust, 0).astype(np.int64)
    columns["trust"] = pd.Series(pd.arrays.IntegerArray(values, people.trust < 0))
    columns[f"trust__{DECLINED}"] = _boolean(people.trust == -2, people.trust == -1)
    columns["received_month"] = pd.Series(pd.Categorical(["2026-05"] * len(people)))
    return pd.DataFrame(columns)


def answers(people: Respondents) -> list[dict[str, object]]:
    """The same respondents as stored answers (for DatasetBuilder): slow, for :func:`check` only."""
    out: list[dict[str, object]] = []
    for i in range(len(people)):
        a: dict[str, object] = {}
        for qid, codes in SINGLES.items():
            index = people.singles[qid][i]
            if index != -1:
                a[qid] = DECLINED if index == -2 else codes[index]
        if people.identity_status[i] != -1:
            ticked = [c for c, t in zip(IDENTITIES, people.identity[i], strict=True) if t]
            a["identity"] = [DECLINED] if people.identity_status[i] == -2 else ticked
        rows = {r: v for r, v in zip(DOMAINS, people.domains[i], strict=True) if v != -1}
        if rows:
            a["domains"] = {r: DECLINED if v == -2 else ("yes", "no")[v] for r, v in rows.items()}
        if people.trust[i] != -1:
            a["trust"] = DECLINED if people.trust[i] == -2 else int(people.trust[i])
        out.append(a)
    return out


def check(n: int = 2000, seed: int = 7) -> None:
    """Raise unless the frame made here equals DatasetBuilder's for the same respondents."""
    from anonymize.analysis_dataset import DatasetBuilder

    people = draw(n, seed)
    builder = DatasetBuilder(INSTRUMENT)
    builder.add([(f"w-{i:06d}", a, "2026-05-01") for i, a in enumerate(answers(people))])
    built = builder.finish().frame
    mine = frame(people)
    pd.testing.assert_frame_equal(mine, built[list(mine.columns)], check_categorical=True)


def asked(plan: AnalysisPlan = PLAN) -> int:
    """How many cells the plan asks for: the answers' and groups' (no status cells); a mean's groups once."""
    from analysis.plans.layout import layouts

    return sum(
        int(np.prod([len(d.substantive) for d in block.dims])) for s in layouts(plan, INSTRUMENT) for block in s.blocks
    )


if __name__ == "__main__":
    check()
    print(f"the standard workload: frame checked against DatasetBuilder; {asked()} cells asked")

"""The target planner's study (issue 20): are the promised half-widths met in ≥ 95 % of surveys of the size it recommends?

A city plans ± 5 points on discrimination in each of two groups and ± 0.25
on a 1–5 trust scale's mean in each, with the real publication rules
(suppress below 20, flag below 50) and a small budget, ρ = 0.05 for the
release, so that the noise matters. The planner is given the groups' shares
and the discrimination shares (a pilot's figures, :data:`PILOT`); it knows
nothing of trust, so a mean's spread is taken at its widest.

Each table is simulated at the number of respondents the planner recommends
for it (the plan's recommendation is the largest of them). Each replication
draws that number of respondents from the
population (seeded numpy: sampling is test data, as in :mod:`.synthetic`),
makes their analysis dataset and releases the plan through the real path,
:func:`analysis.compute.compute` (OpenDP's noise, consistency, suppression,
published cells). A group's promise is met in a release when every share of
an answer in it is published (not suppressed) with a half-width at most the
target, or for a mean, when the mean is published with one.

The population has discrimination at exactly one half among those who
answer, the share whose interval is widest: the promise is tested where it
is tightest. The trust scale is spread towards both ends, but less than the
worst case the planner assumes, so the means' promise holds with room.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from analysis.compute import compute
from analysis.preview.accuracy import Planned
from analysis.preview.target import Target, TargetPlan, plan_target
from tests.unit.analysis import synthetic

RHO = 0.05
TARGET = Target(0.05, mean_half_width=0.25)
PLAN = synthetic.plan(
    """\
  - {id: discrimination, kind: counts, measure: discr, by: [group], share: 0.5}
  - {id: trust, kind: mean, measure: trust, by: [group], share: 0.5}
""",
    "{suppress_below: 20, flag_below: 50}",
)
POPULATION = synthetic.Population(
    group=(0.62, 0.28, 0.05, 0.05),
    discr=((0.47, 0.47, 0.03, 0.03),) * 4,
    grounds=synthetic.POPULATION.grounds,
    trust=((0.30, 0.10, 0.10, 0.15, 0.30, 0.02, 0.03),) * 4,
)
PILOT = {
    "group": {"big": 0.62, "small": 0.28, "prefer_not_to_say": 0.05, "_no_answer": 0.05},
    "discr": {"yes": 0.47, "no": 0.47, "prefer_not_to_say": 0.03, "_no_answer": 0.03},
}
"""What the planner is told: the population's own shares of the groups and of discrimination."""


def recommended() -> TargetPlan:
    return plan_target(Planned(PLAN, synthetic.INSTRUMENT, RHO, PILOT), TARGET)


@dataclass
class Tally:
    """Per (table, group): releases seen and releases in which the promise was met."""

    seen: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    met: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    def merge(self, other: Tally) -> None:
        for key in other.seen:
            self.seen[key] += other.seen[key]
            self.met[key] += other.met[key]

    def rate(self, key: tuple[str, str]) -> float:
        return self.met[key] / self.seen[key]

    def se(self, key: tuple[str, str]) -> float:
        """Binomial standard error of the rate (at least that of a 95 % rate: a rate of 100 % is no certainty)."""
        p = self.rate(key)
        return math.sqrt(max(p * (1 - p), 0.95 * 0.05) / self.seen[key])


GROUPS = ("big", "small")


def simulate(seed: int, releases: int, respondents: int, tables: tuple[str, ...]) -> Tally:
    """``releases`` surveys of ``respondents`` people; per table (of ``tables``) and group, whether the promise was met."""
    rng = np.random.default_rng(seed)
    tally = Tally()
    for _ in range(releases):
        sample = synthetic.draw(rng, respondents, POPULATION)
        released = compute(PLAN, synthetic.INSTRUMENT, synthetic.frame(sample), RHO)
        for table in (t.stored() for t in released.tables if t.id in tables):
            goal = TARGET.mean_half_width if table["kind"] == "mean" else TARGET.half_width
            for group in GROUPS:
                cells = [c for c in table["cells"] if c["by"].get("group") == group]
                if table["kind"] == "mean":
                    widths = [(c["high"] - c["low"]) / 2 if c.get("estimate") is not None else math.inf for c in cells]
                else:
                    answers = [c for c in cells if c["measure"] in ("yes", "no")]
                    widths = [
                        (c["share_high"] - c["share_low"]) / 2 if c.get("share") is not None else math.inf
                        for c in answers
                    ]
                key = (table["id"], group)
                tally.seen[key] += 1
                tally.met[key] += bool(widths) and max(widths) <= (goal or 0.0)
    return tally


def sizes(plan: TargetPlan) -> dict[int, tuple[str, ...]]:
    """Each table's recommended number of respondents, and the tables it is recommended for."""
    out: dict[int, tuple[str, ...]] = {}
    for need in plan.tables:
        if need.respondents is None:
            raise ValueError(f"the study's target for {need.id} is out of reach")
        out[need.respondents] = (*out.get(need.respondents, ()), need.id)
    return out


def run(releases: int, workers: int = 2, seed: int = 20261207) -> tuple[TargetPlan, Tally]:
    """The study: ``releases`` surveys at each table's recommended size, split over ``workers`` processes."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    plan = recommended()
    jobs = sizes(plan)
    seeds = [int(s) for s in np.random.SeedSequence(seed).generate_state(workers * len(jobs))]
    shares = [releases // workers + (i < releases % workers) for i in range(workers)] * len(jobs)
    counts = [n for n in jobs for _ in range(workers)]
    tables = [jobs[n] for n in counts]
    if workers == 1:
        parts = [simulate(*job) for job in zip(seeds, shares, counts, tables, strict=True)]
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            parts = list(pool.map(simulate, seeds, shares, counts, tables))
    total = Tally()
    for part in parts:
        total.merge(part)
    return plan, total


def table(plan: TargetPlan, tally: Tally) -> str:
    """The Markdown table: table and group, target, members and respondents the planner recommends (each table
    simulated at its own recommended number), share of surveys that met the target, SE."""
    lines = [
        "| table | group | target ± | members needed | recommended respondents | promise met | binomial SE |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for need in plan.tables:
        for group in need.groups:
            code = group.by.get("group", "")
            key = (need.id, code)
            if key not in tally.seen:
                continue
            lines.append(
                f"| {need.id} | {code} | {need.half_width:g} | {group.members:,} | {need.respondents:,} "
                f"| {tally.rate(key):.1%} | {tally.se(key):.1%} |"
            )
    return "\n".join(lines)

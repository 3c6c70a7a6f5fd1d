"""The study of changes between two survey waves (issue 20): coverage and bias of the changes' intervals.

Each replication draws two independent waves of 1,000 respondents, the first
from the synthetic population (:mod:`.synthetic`), the second from one whose
shares and means moved by known amounts (and in one group not at all), and
makes a release of each through the real path (:func:`analysis.make_release`:
OpenDP's noise, consistency, published cells, secondary suppression). The
changes are then :func:`analysis.changes.wave_changes` of the two stored
releases, post-processing only. Each change's interval must cover the true
change of the population values (the difference of the two populations'
shares or means): it combines both waves' noise and sampling error.

Classes: shares of groups over 100 members (the "big" group, about 850) and
of 20–100 members (the "small" group, about 100, and "prefer not to say",
about 30), a true change of 0 (the "prefer not to say" group's answers do
not move), and means of a scale by group size. Bias is measured in units of
the σ the interval implies (its width / 2z). Groups under 20 are left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from analysis.changes import wave_changes
from analysis.intervals import Z95
from analysis.releases.making import make_release
from instruments.text import DECLINED
from tests.support.studies import in_processes
from tests.unit.analysis import synthetic
from tests.unit.analysis.coverage_classes import Tally

RESPONDENTS = 1000
RHO = 0.15
PLAN_TEXT = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group], share: 0.35}
  - {id: grounds, kind: counts, measure: grounds, by: [group], share: 0.4}
  - {id: trust, kind: mean, measure: trust, by: [group], share: 0.25}
"""
PLAN = synthetic.plan(PLAN_TEXT)
GROUPS = ("big", "small", DECLINED, "_no_answer")
FIRST = synthetic.POPULATION
SECOND = dataclasses.replace(
    FIRST,
    discr=((0.36, 0.54, 0.06, 0.04), (0.35, 0.50, 0.10, 0.05), FIRST.discr[2], FIRST.discr[3]),
    grounds=(
        (0.17, 0.15, 0.12, 0.13, 0.10, 0.08, 0.07, 0.06, 0.07, 0.05),
        (0.20, 0.10, 0.08, 0.12, 0.12, 0.10, 0.08, 0.06, 0.09, 0.05),
        FIRST.grounds[2],
        FIRST.grounds[3],
    ),
    trust=(
        (0.05, 0.15, 0.30, 0.25, 0.17, 0.05, 0.03),
        (0.35, 0.25, 0.20, 0.10, 0.00, 0.06, 0.04),
        FIRST.trust[2],
        FIRST.trust[3],
    ),
)
"""The second wave: discrimination up 6 points in the big group and down 11 in the small one, grounds
shifted in both, trust up in the big group and down in the small one; "prefer not to say" unchanged."""

CLASSES = (
    "share changed, group over 100",
    "share changed, group 20–100",
    "share unchanged, group over 100",
    "share unchanged, group 20–100",
    "mean changed, group over 100",
    "mean changed, group 20–100",
    "mean unchanged, group 20–100",
)
"""Every class the study reports (the big group's trust moves, so no mean of a group over 100 is unchanged);
each is held to 93–97 % in CI."""


def _truth(population: synthetic.Population, table: str, code: str | None, group: int) -> float:
    if table == "trust":
        return population.mean(group)
    return population.share("discr" if table == "discrimination" else "grounds", group, str(code))


def _class(table: str, size: int, change: float) -> str:
    what = "mean" if table == "trust" else "share"
    return f"{what} {'unchanged' if change == 0 else 'changed'}, group {'over 100' if size > 100 else '20–100'}"


def _release(rng: np.random.Generator, population: synthetic.Population) -> tuple[Any, np.ndarray]:
    sample = synthetic.draw(rng, RESPONDENTS, population)
    made = make_release(PLAN, PLAN_TEXT, synthetic.INSTRUMENT, synthetic.frame(sample), "sha256:study", RHO)
    return made.release, np.bincount(sample.group, minlength=len(GROUPS))


def simulate(seed: int, replications: int, first: int = 0) -> Tally:
    """Pairs of waves; for every change both show, its class, whether its interval covered, its bias."""
    rng = np.random.default_rng(seed)
    tally = Tally()
    for replication in range(first, first + replications):
        wave_a, sizes_a = _release(rng, FIRST)
        wave_b, sizes_b = _release(rng, SECOND)
        for table in wave_changes(wave_a, wave_b).tables:
            for change in table.changes:
                _, code, by = change.place
                group = GROUPS.index(dict(by)["group"])
                size = int(min(sizes_a[group], sizes_b[group]))
                if change.change is None or size < 20 or code in ("_no_answer", "_declined", DECLINED):
                    continue
                truth = _truth(SECOND, table.first.id, code, group) - _truth(FIRST, table.first.id, code, group)
                truth = 0.0 if abs(truth) < 1e-12 else truth
                d = change.change
                sd = (d.high - d.low) / (2 * Z95)
                tally.add(
                    _class(table.first.id, size, truth), replication, d.low <= truth <= d.high, d.value - truth, sd
                )
    return tally


def run(replications: int, workers: int = 2, seed: int = 20261207) -> Tally:
    """The study over ``replications`` pairs of waves, split over ``workers`` processes (each its own seed)."""
    total = Tally()
    for part in in_processes(simulate, replications, workers, seed):
        total.merge(part)
    return total


def table(tally: Tally, classes: Sequence[str] = CLASSES) -> str:
    """The per-class table, as Markdown: class, changes, replications, coverage, binomial SE, bias in σ."""
    lines = [
        "| class | changes | replications | coverage | binomial SE | bias (σ) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in classes:
        if not tally.cells[name]:
            continue
        lines.append(
            f"| {name} | {tally.cells[name]:,} | {len(tally.releases[name]):,} | {tally.coverage(name):.1%} "
            f"| {tally.coverage_se(name):.1%} | {tally.mean_bias(name):+.3f} ± {tally.bias_se(name):.3f} |"
        )
    return "\n".join(lines)


def widths(tally: Tally) -> dict[str, float]:
    """Mean half-width of the changes' intervals per class (in the measure's unit), for the README."""
    return {name: Z95 * tally.sigma[name] / tally.cells[name] for name in CLASSES if tally.cells[name]}

"""The pooled means study: ten simulated towns released through the real path, their mean tables pooled.

Each replication draws ten towns of 120 to 800 respondents from one population
(seeded numpy: sampling is test data, as in :mod:`.synthetic`), releases each
with :func:`analysis.releases.making.make_release` (OpenDP's noise, suppression
under 20), writes and reads back each town's contribution file as ``report pool``
does, and pools them with the instrument (:func:`analysis.pooling.pool.pool`).
The plan has the mean of trust (1–5) by group beside discrimination by group.
A published pooled mean must cover the population's mean of its group (noise
and sampling). The small group (10 % of respondents) is hidden by the smallest
towns, so its pooled mean is shown only when every town shows it.
"""

from __future__ import annotations

import json

import numpy as np

from analysis.pooling.pool import pool
from analysis.pooling.sources import contribution_document, read_contribution
from analysis.releases.making import make_release
from tests.support.studies import tally_study
from tests.unit.analysis import synthetic
from tests.unit.analysis.coverage_classes import Tally

SIZES = (120, 160, 200, 250, 300, 350, 400, 500, 600, 800)
RHO = 0.5
TABLES = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group], share: 0.5}
  - {id: trust, kind: mean, measure: trust, by: [group], share: 0.5}
"""
PLAN = synthetic.plan(TABLES, "{suppress_below: 20, flag_below: 50}")
GROUPS = ("big", "small")
CLASSES = ("pooled mean, large group", "pooled mean, small group")


def replicate(rng: np.random.Generator, number: int, tally: Tally) -> None:
    """One replication: ten towns released and pooled, each published pooled mean tallied."""
    contributions = []
    for i, n in enumerate(SIZES):
        sample = synthetic.frame(synthetic.draw(rng, n))
        made = make_release(PLAN, TABLES, synthetic.INSTRUMENT, sample, f"sha256:{i}", RHO)
        text = json.dumps(contribution_document(made.release))
        contributions.append(read_contribution(text, f"town-{i}.pool.json"))
    result = pool(contributions, synthetic.INSTRUMENT)
    for cell in result.table_by_id("trust").cells:
        group = cell.by["group"]
        if group not in GROUPS or cell.suppressed:
            continue
        truth = synthetic.POPULATION.mean(GROUPS.index(group))
        mean, low, high = cell.shown
        name = CLASSES[group == "small"]
        tally.add(name, number, low <= truth <= high, mean - truth, 1.0)


def run(replications: int, workers: int = 2, seed: int = 20261207) -> Tally:
    """The study over ``replications`` pools, split over ``workers`` processes (each with its own seed)."""
    return tally_study(replicate, Tally, replications, workers, seed)


def table(tally: Tally) -> str:
    """Coverage per class of published pooled mean, as Markdown."""
    lines = [
        "| class of published pooled mean | pools showing it | coverage | binomial SE | mean error |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {len(tally.releases[name]):,} | {tally.coverage(name):.1%} | {tally.coverage_se(name):.1%}"
        f" | {tally.mean_bias(name):+.3f} |"
        for name in CLASSES
        if tally.cells[name]
    ]
    return "\n".join(lines)

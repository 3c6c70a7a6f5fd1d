"""The population-weighted pooling study: ten towns of two kinds, released through the real path and pooled.

Towns differ: half are drawn from the synthetic population, half from one where
the large group reports discrimination half again as often. Each town has a
population of its own (5,000 to 200,000 residents, drawn), and its respondents
(120 to 800) are not in proportion to it, as in an open online survey. Each town
is released with :func:`analysis.releases.making.make_release`, written and read
back as a contribution, and pooled (:func:`analysis.pooling.pool.pool`). The
region's truth for a group's share is Σ Wₕ pₕ: the towns' population shares of
their own population's value, Wₕ = Nₕ / Σ N.

Per published pooled share of yes in the large group: whether
the population-weighted share's interval covers the region's truth, and the
error of the share weighted by respondents (the default) against that truth,
which the towns' unequal response makes biased.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from analysis.pooling.pool import pool
from analysis.pooling.populations import weighted_shares
from analysis.pooling.sources import contribution_document, read_contribution
from analysis.releases.making import make_release
from tests.support.studies import tally_study
from tests.unit.analysis import synthetic
from tests.unit.analysis.coverage_classes import Tally
from tests.unit.analysis.pool_study import PLAN, RHO, SIZES, TABLES

OTHER = replace(
    synthetic.POPULATION,
    discr=((0.45, 0.45, 0.06, 0.04), *synthetic.POPULATION.discr[1:]),
)
KINDS = (synthetic.POPULATION, OTHER)
CLASSES = ("population-weighted share, large group", "respondent-weighted share, large group")


def replicate(rng: np.random.Generator, number: int, tally: Tally) -> None:
    """One replication: ten towns released and pooled, each large-group share tallied both ways."""
    populations = rng.uniform(5_000, 200_000, len(SIZES))
    kinds = [KINDS[i % 2] for i in range(len(SIZES))]
    contributions = []
    for i, (n, kind) in enumerate(zip(SIZES, kinds, strict=True)):
        made = make_release(
            PLAN, TABLES, synthetic.INSTRUMENT, synthetic.frame(synthetic.draw(rng, n, kind)), f"sha256:{i}", RHO
        )
        contributions.append(read_contribution(json.dumps(contribution_document(made.release)), f"town-{i}.pool.json"))
    weights = list(populations / populations.sum())
    result = pool(contributions)
    weighted = weighted_shares(result.tables, contributions, weights, result.rules)
    plain = result.table_by_id("discrimination")
    table = next(t for t in weighted if t.id == "discrimination")
    for cell, by_respondents in zip(table.cells, plain.cells, strict=True):
        if cell.by["group"] != "big" or cell.measure != "yes":
            continue
        truth = sum(w * k.share("discr", 0, "yes") for w, k in zip(weights, kinds, strict=True))
        if (share := cell.share_shown) is not None:
            tally.add(CLASSES[0], number, share.low <= truth <= share.high, share.value - truth, 1.0)
        if (other := by_respondents.share_shown) is not None:
            tally.add(CLASSES[1], number, other.low <= truth <= other.high, other.value - truth, 1.0)


def run(replications: int, workers: int = 2, seed: int = 20261207) -> Tally:
    """The study over ``replications`` pools, split over ``workers`` processes (each with its own seed)."""
    return tally_study(replicate, Tally, replications, workers, seed)


def table(tally: Tally) -> str:
    """Coverage of the region's population-weighted truth per way of pooling a share, as Markdown."""
    lines = [
        "| pooled share of yes (large group) | cells | covers the region's value | binomial SE | mean error |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {tally.cells[name]:,} | {tally.coverage(name):.1%} | {tally.coverage_se(name):.1%}"
        f" | {tally.mean_bias(name):+.3f} |"
        for name in CLASSES
        if tally.cells[name]
    ]
    return "\n".join(lines)

"""The pooling study of issue 20: ten simulated towns, each through the real release path, pooled.

Each replication draws ten towns of 120 to 800 respondents from one population
(seeded numpy: sampling is test data, as in :mod:`.synthetic`), releases each
with :func:`analysis.releases.making.make_release` (OpenDP's noise, consistency,
suppression under 20, secondary suppression), writes each town's contribution
file as ``release export --for-pooling`` does, reads them back and pools them
(:func:`analysis.pooling.pool.pool`: sums, strictest rules, the joint audit and
secondary suppression). The plan has discrimination by group and the groups
themselves; the "small" group (10 % of respondents) is what pooling is for: in
a town of 200 it has about 20 members, and its "yes" cell is nearly always hidden.

What each published pooled interval must cover: a count, the ten samples' own
count summed (its interval is about the noise); a share, the population's value
(noise and sampling). Cells are counted where the pool shows them. Publishable
cells: the count cells of answers (yes, no) in the groups (big, small), shown
by each town alone (averaged over towns) and in the pool.
"""

from __future__ import annotations

import json

import numpy as np

from analysis.pooling.hidden import Place
from analysis.pooling.pool import pool
from analysis.pooling.sources import Contribution, contribution_document, read_contribution
from analysis.releases.cells import PublishedCell
from analysis.releases.making import make_release
from instruments.text import DECLINED
from tests.support.studies import in_processes
from tests.unit.analysis import synthetic
from tests.unit.analysis.coverage_classes import Tally

SIZES = (120, 160, 200, 250, 300, 350, 400, 500, 600, 800)
RHO = 0.5
TABLES = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group], share: 0.7}
  - {id: groups, kind: representation, measure: group, reference: {big: 0.9, small: 0.1}, share: 0.3}
"""
PLAN = synthetic.plan(TABLES, "{suppress_below: 20, flag_below: 50}")
GROUPS = ("big", "small", DECLINED, "_no_answer")
ANSWERS = ("yes", "no", DECLINED, "_no_answer")
CLASSES = (
    "pooled count, small group",
    "pooled count, large group",
    "pooled share, small group",
    "pooled share, large group",
    "pooled representation share",
)
SHOWN = ("count shown, small group", "count shown, large group")


def _truth(samples: list[synthetic.Sample]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for sample in samples:
        for g, d in zip(sample.group, sample.discr, strict=True):
            key = (GROUPS[g], ANSWERS[d])
            counts[key] = counts.get(key, 0) + 1
    return counts


def _group_share(g: int) -> float:
    p = np.asarray(synthetic.POPULATION.group)
    return float(p[g] / p[:2].sum())


def replicate(rng: np.random.Generator, number: int, tally: Tally, shown: Tally) -> None:
    """One replication: ten towns released and pooled, each published pooled cell tallied."""
    samples = [synthetic.draw(rng, n) for n in SIZES]
    contributions = []
    for i, sample in enumerate(samples):
        made = make_release(PLAN, TABLES, synthetic.INSTRUMENT, synthetic.frame(sample), f"sha256:{i}", RHO)
        text = json.dumps(contribution_document(made.release))
        contributions.append(read_contribution(text, f"town-{i}.pool.json"))
    result = pool(contributions)
    truth = _truth(samples)
    for table in result.tables:
        for cell in table.cells:
            if table.id == "groups":
                if cell.measure in ("big", "small") and (group_share := cell.share_shown) is not None:
                    share = group_share
                    truth_share = _group_share(GROUPS.index(str(cell.measure)))
                    covered = share.low <= truth_share <= share.high
                    tally.add(CLASSES[4], number, covered, share.value - truth_share, 1.0)
                continue
            group, answer = cell.by["group"], str(cell.measure)
            if group not in ("big", "small") or answer not in ("yes", "no"):
                continue
            size = "small" if group == "small" else "large"
            alone = [c for c in contributions if not _cell(c, cell.place).suppressed]
            for _ in alone:
                shown.add(f"town alone: {SHOWN[size == 'large']}", number, True, 0.0, 0.0)
            for _ in range(len(contributions) - len(alone)):
                shown.add(f"town alone: {SHOWN[size == 'large']}", number, False, 0.0, 0.0)
            shown.add(f"pooled: {SHOWN[size == 'large']}", number, not cell.suppressed, 0.0, 0.0)
            if cell.suppressed:
                continue
            low, high = cell.shown[1:]
            exact = truth.get((group, answer), 0)
            tally.add(f"pooled count, {size} group", number, low <= exact <= high, cell.count - exact, 1.0)
            if (pooled := cell.share_shown) is not None:
                p = synthetic.POPULATION.share("discr", GROUPS.index(group), answer)
                covered = pooled.low <= p <= pooled.high
                tally.add(f"pooled share, {size} group", number, covered, pooled.value - p, 1.0)


def _cell(contribution: Contribution, place: Place) -> PublishedCell:
    table = contribution.release.table("discrimination")
    assert table is not None
    return next(c for c in table.cells if c.place == place)


def simulate(seed: int, replications: int, first: int = 0) -> tuple[Tally, Tally]:
    rng = np.random.default_rng(seed)
    tally, shown = Tally(), Tally()
    for r in range(replications):
        replicate(rng, first + r, tally, shown)
    return tally, shown


def run(replications: int, workers: int = 2, seed: int = 20261207) -> tuple[Tally, Tally]:
    """The study over ``replications`` pools, split over ``workers`` processes (each with its own seed)."""
    tally, shown = Tally(), Tally()
    for part, seen in in_processes(simulate, replications, workers, seed):
        tally.merge(part)
        shown.merge(seen)
    return tally, shown


def table(tally: Tally, shown: Tally) -> str:
    """Coverage per class of pooled cell, then the share of cells publishable alone and pooled, as Markdown."""
    lines = ["| class of published pooled cell | cells | coverage | binomial SE |", "|---|---:|---:|---:|"]
    lines += [
        f"| {name} | {tally.cells[name]:,} | {tally.coverage(name):.1%} | {tally.coverage_se(name):.1%} |"
        for name in CLASSES
        if tally.cells[name]
    ]
    lines += ["", "| count cells of answers by group | cells | shown | binomial SE |", "|---|---:|---:|---:|"]
    for name in SHOWN:
        for where in ("town alone", "pooled"):
            key = f"{where}: {name}"
            p = shown.coverage(key)
            se = (p * (1 - p) / len(shown.releases[key])) ** 0.5
            lines.append(f"| {key} | {shown.cells[key]:,} | {p:.1%} | {se:.1%} |")
    return "\n".join(lines)

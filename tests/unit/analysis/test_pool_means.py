"""Pooled means: the towns' published means weighted by their respondents, hidden where a town hides them.

Towns are released through the real path (:func:`analysis.releases.making.make_release`)
with the mean of trust by group; the coverage of the pooled means is the study's
(:mod:`tests.unit.analysis.pool_means_study`, ``benchmarks/pool_study.py --means``).
"""

from __future__ import annotations

import json
import math
from functools import cache

import numpy as np
import pytest

from analysis.intervals import Z95
from analysis.pooling.pool import pool
from analysis.pooling.sources import Contribution, contribution_document, read_contribution
from analysis.releases.making import make_release
from analysis.releases.tables import PublishedTable, TableKind
from tests.unit.analysis.coverage_classes import Tally
from tests.unit.analysis.pool_means_study import CLASSES, PLAN, RHO, TABLES, run, table
from tests.unit.analysis.synthetic import INSTRUMENT, draw, frame, plan

SIZES = (60, 400, 500, 900)


@cache
def _files() -> tuple[str, ...]:
    rng = np.random.default_rng(21)
    return tuple(
        json.dumps(
            contribution_document(
                make_release(PLAN, TABLES, INSTRUMENT, frame(draw(rng, n)), f"sha256:{i}", RHO).release
            )
        )
        for i, n in enumerate(SIZES)
    )


def _towns(files: tuple[str, ...] | None = None) -> list[Contribution]:
    return [read_contribution(text, f"town-{i}.pool.json") for i, text in enumerate(files or _files())]


def _trust(table: PublishedTable | None) -> PublishedTable:
    assert table is not None and table.kind is TableKind.MEAN
    return table


def test_a_pooled_mean_is_the_towns_means_weighted_by_their_respondents() -> None:
    towns = _towns()[1:]  # the three towns that show the large group's mean
    pooled = _trust(pool(towns, INSTRUMENT).table_by_id("trust"))
    cell = next(c for c in pooled.cells if c.by["group"] == "big")
    alone = [next(c for c in _trust(t.release.table("trust")).cells if c.place == cell.place) for t in towns]
    assert not cell.suppressed and not any(c.suppressed for c in alone)
    total = sum(c.count for c in alone)
    assert cell.count == pytest.approx(total)
    assert cell.shown.value == pytest.approx(sum(c.count * c.shown.value for c in alone) / total)
    # The interval combines the towns' standard errors (read from their intervals) with the same weights ...
    se = math.sqrt(sum((c.count / total * (c.shown.high - c.shown.low) / 2 / Z95) ** 2 for c in alone))
    assert (cell.shown.high - cell.shown.low) / 2 == pytest.approx(Z95 * se, rel=1e-6)
    # ... so it is narrower than any town's own.
    assert all(cell.shown.high - cell.shown.low < c.shown.high - c.shown.low for c in alone)
    assert 1 <= cell.shown.low <= cell.shown.value <= cell.shown.high <= 5


def test_a_mean_some_town_hides_is_not_pooled() -> None:
    towns = _towns()
    small = _trust(towns[0].release.table("trust"))
    hidden = {c.place for c in small.cells if c.suppressed}
    assert hidden, "the town of 60 hides some group's mean"
    pooled = _trust(pool(towns, INSTRUMENT).table_by_id("trust"))
    shown = {c.place for c in pooled.cells if not c.suppressed}
    assert shown and not hidden & shown
    assert all(
        set(c.model_dump(exclude_none=True)) <= {"row", "measure", "by", "status"} for c in pooled.cells if c.suppressed
    )


def test_means_need_their_scale_and_the_same_table_in_every_town() -> None:
    towns = _towns()
    assert pool(towns).not_pooled == ("trust",)
    assert "trust" not in {t.id for t in pool(towns).tables}
    assert pool(towns, INSTRUMENT).not_pooled == ()
    # A town whose plan breaks the mean down by nothing: its table differs, so the mean is not pooled.
    tables = TABLES.replace("kind: mean, measure: trust, by: [group]", "kind: mean, measure: trust")
    made = make_release(
        plan(tables, "{suppress_below: 20, flag_below: 50}"),
        tables,
        INSTRUMENT,
        frame(draw(np.random.default_rng(4), 300)),
        "sha256:y",
        RHO,
    )
    other = read_contribution(json.dumps(contribution_document(made.release)), "other.json")
    result = pool([*towns[1:], other], INSTRUMENT)
    assert result.not_pooled == ("trust",) and "discrimination" in {t.id for t in result.tables}


def test_pooled_means_are_in_the_pools_json_with_their_method() -> None:
    document = pool(_towns(), INSTRUMENT).as_json()
    assert [t["id"] for t in document["tables"]] == ["discrimination", "trust"]
    assert "means weighted by their respondents" in document["note"]
    assert document["tables"][1]["rho"] == 0.0


@pytest.mark.slow
def test_pooled_means_cover_93_to_97_percent() -> None:
    # 1,000 pools in the README (benchmarks/pool_study.py --means); 40 here: two binomial SEs are about 7 points.
    tally: Tally = run(40, 2, seed=11)
    name = CLASSES[0]
    assert len(tally.releases[name]) == 40, table(tally)
    slack = 2 * tally.coverage_se(name)
    assert 0.93 - slack <= tally.coverage(name) <= 0.97 + slack, table(tally)


def test_releases_of_means_alone_are_pooled() -> None:
    tables = "  - {id: trust, kind: mean, measure: trust, by: [group]}\n"
    only = plan(tables, "{suppress_below: 20, flag_below: 50}")
    rng = np.random.default_rng(5)
    towns = [
        read_contribution(
            json.dumps(
                contribution_document(
                    make_release(only, tables, INSTRUMENT, frame(draw(rng, n)), f"sha256:{n}", RHO).release
                )
            ),
            f"town-{n}.json",
        )
        for n in (300, 500)
    ]
    result = pool(towns, INSTRUMENT)
    assert [t.id for t in result.tables] == ["trust"] and result.audit.secondary == 0
    assert any(not c.suppressed for c in result.tables[0].cells)

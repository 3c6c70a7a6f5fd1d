"""Intervals that hold the truth more often than 95 % say so, with how often (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.compute import compute
from analysis.intervals.conservative import (
    EDGE_SHARE_COVERAGE,
    SMALL_MEAN_COVERAGE,
    SMALL_MEAN_GROUP,
    share_coverage,
)
from analysis.releases.cells import PublishedCell
from reports.catalogue import Catalogue
from reports.tables import flags
from tests.unit.analysis.synthetic import INSTRUMENT, draw, frame, plan
from tests.unit.reports.releases import TABLES

PUBLICATION = "{suppress_below: 10, flag_below: 50}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_means_of_small_groups_state_their_measured_coverage_and_larger_ones_do_not(seed: int) -> None:
    the_plan = plan(TABLES, PUBLICATION)
    # 300 respondents: the synthetic survey's small group has about 30, its large one about 250.
    released = compute(the_plan, INSTRUMENT, frame(draw(np.random.default_rng(seed), 300)), 1.0)
    (trust,) = [t for t in released.tables if t.kind == "mean"]
    shown = [c for c in trust.cells if not c.suppressed]
    assert any(c.count < SMALL_MEAN_GROUP for c in shown) and any(c.count >= SMALL_MEAN_GROUP for c in shown)
    for cell in shown:
        assert cell.coverage == (SMALL_MEAN_COVERAGE if cell.count < SMALL_MEAN_GROUP else None)


def test_a_share_interval_at_the_edge_states_its_coverage() -> None:
    assert share_coverage(0.0, 0.0) == EDGE_SHARE_COVERAGE
    assert share_coverage(0.0, 0.01) is None and share_coverage(0.2, 0.4) is None


@pytest.mark.parametrize(("lang", "said"), [("en", "about 97% of the time"), ("de", "in etwa 97")])
def test_the_report_flags_a_conservative_interval_with_how_often_it_holds(lang: str, said: str) -> None:
    t = Catalogue(lang)
    mean = {"status": "shown", "estimate": 3.1, "low": 2.0, "high": 4.2, "n": 30.0, "coverage": SMALL_MEAN_COVERAGE}
    share = {"status": "shown", "estimate": 0.0, "low": 0.0, "high": 3.0, "n": 0.0, "share": 0.0, "share_low": 0.0}
    share |= {"share_high": 0.0, "share_status": "imprecise", "by": {}}

    def cell(stored: dict[str, object]) -> PublishedCell:
        return PublishedCell.model_validate({"by": {}} | stored)

    assert said in flags(cell(mean), t)
    assert said.replace("97", "98") in flags(cell(share | {"share_coverage": EDGE_SHARE_COVERAGE}), t)
    assert "97" not in flags(cell(mean | {"coverage": None}), t)

"""Working suppressed cells back out of real releases: from every stored digit, and from the rendered report.

Each release is made through the real path (:func:`analysis.releases.making.make_release`,
OpenDP noise, consistency, secondary suppression) over simulated respondents:
the Musterstadt example's plan at 800 and 5,000 respondents (the size of issue
14's finding and the demo's), the synthetic survey's plan (counts by a group,
a multiple choice by an intersection, a matrix) at 400 and 2,000, and the same
plan asking for a protection range wider than its threshold. The attack of
:mod:`analysis.audit` bounds every suppressed count from the public release
read exactly, and from the numbers the English HTML report prints (parsed from
the HTML itself, :mod:`.printed`): no bound may be narrower than the range.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analysis import load_plan, public_body
from analysis.audit import Protection, Reading, audit
from analysis.compute import compute
from analysis.plans.model import AnalysisPlan
from analysis.releases.making import Made, make_release
from anonymize.analysis_dataset import DatasetBuilder
from instruments.loader import load_instrument
from instruments.model import Instrument
from kernel.privacy_budget import PrivacyBudget
from reports.render import render_release
from survey.simulation.simulator import simulate
from tests.integration.attacks.printed import printed_body
from tests.unit.analysis import synthetic
from tests.unit.reports.releases import TABLES, typed

EXAMPLE = Path(__file__).parents[3] / "examples" / "musterstadt"
TOTAL_RHO = 0.5


@cache
def _example_inputs(n: int) -> tuple[AnalysisPlan, Instrument, pd.DataFrame, float]:
    instrument = load_instrument(EXAMPLE / "instrument.yaml").instrument
    loaded = load_plan(EXAMPLE / "plan.yaml", instrument, PrivacyBudget(TOTAL_RHO))
    builder = DatasetBuilder(instrument)
    people = simulate(instrument, n, seed=n)
    builder.add([(f"r-{i:06d}", answers, "2026-11-01") for i, answers in enumerate(people)])
    return loaded.plan, instrument, builder.finish().frame, loaded.plan.budget_share * TOTAL_RHO


@cache
def _example(n: int) -> tuple[Made, Instrument]:
    plan, instrument, frame, rho = _example_inputs(n)
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    return make_release(plan, text, instrument, frame, "mac", rho), instrument


@cache
def _synthetic(n: int, publication: str) -> tuple[Made, Instrument]:
    frame = synthetic.frame(synthetic.draw(np.random.default_rng(n), n))
    the_plan = synthetic.plan(TABLES, publication)
    return make_release(the_plan, TABLES, synthetic.INSTRUMENT, frame, "mac", 1.0), synthetic.INSTRUMENT


DEFAULT = "{suppress_below: 20, flag_below: 50}"
RELEASES = {
    "example-800": lambda: _example(800),
    "example-5000": lambda: _example(5000),
    "synthetic-400": lambda: _synthetic(400, DEFAULT),
    "synthetic-2000": lambda: _synthetic(2000, DEFAULT),
    "synthetic-800-range-40": lambda: _synthetic(800, "{suppress_below: 20, flag_below: 50, protection: 40}"),
}


@pytest.fixture(params=sorted(RELEASES), scope="module")
def released(request: pytest.FixtureRequest) -> tuple[Made, Instrument]:
    made, instrument = RELEASES[request.param]()
    return made, instrument


def width(made: Made) -> float:
    return float(made.body["publication"].get("protection") or made.body["publication"]["suppress_below"])


def test_no_suppressed_count_can_be_narrowed_from_the_release_as_published(
    released: tuple[Made, Instrument],
) -> None:
    made, _ = released
    found = audit([(made.release_id, public_body(made.body))], Reading.exact())

    assert found.suppressed > 0
    assert found.disclosed == 0
    narrowest = min(c.width for t in found.tables for c in t.cells)
    assert narrowest >= width(made) - 1e-6


def test_no_suppressed_count_can_be_narrowed_from_the_printed_report(released: tuple[Made, Instrument]) -> None:
    made, instrument = released
    html = render_release(typed({"id": made.release_id, **made.body}), instrument, "en", "html")
    assert isinstance(html, str)
    printed = printed_body(html, made.body)

    found = audit([(made.release_id, printed)], Reading.printed(), Protection(width(made)))

    assert found.suppressed == audit([(made.release_id, made.body)], Reading.exact()).suppressed
    assert found.disclosed == 0


def test_the_release_says_how_many_cells_it_hid_and_why(released: tuple[Made, Instrument]) -> None:
    made, _ = released
    hidden = sum(c["status"] == "suppressed" for t in made.body["tables"] for c in t["cells"])
    said: dict[str, Any] = made.body["suppression"]

    assert said["primary"] + said["secondary"] == hidden
    assert said["protection"] == width(made)
    assert said["secondary"] == made.suppression.secondary


def test_with_primary_suppression_alone_the_example_gives_cells_away() -> None:
    """The attack has teeth: the same plan's tables as computed, before secondary suppression, disclose cells."""
    plan, instrument, frame, rho = _example_inputs(800)
    made, _ = _example(800)
    unprotected = made.body | {"tables": compute(plan, instrument, frame, rho).tables}

    assert audit([("primary-only", unprotected)], Reading.exact()).disclosed > 0

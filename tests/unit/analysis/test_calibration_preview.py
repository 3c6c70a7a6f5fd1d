"""The accuracy preview of a calibrated plan: its weighted tables' half-widths, as releases then show them."""

from __future__ import annotations

import math

import numpy as np

from analysis.preview.accuracy import preview
from analysis.preview.pilot import DECLINED_SHARE, MISSING_SHARE
from tests.unit.analysis import calibration_city as city


def sample_shares() -> dict[str, dict[str, float]]:
    """The city's expected sample composition by each calibration variable, and its expected outcome."""
    taking = city.CELL_PEOPLE * city.CELL_TAKES
    spread = (taking / taking.sum()).reshape(len(city.AGES), len(city.GENDERS), len(city.DISTRICTS))
    answered = 1 - MISSING_SHARE - DECLINED_SHARE
    yes = float((taking * (city.CELL_RATE + city.ORIGIN_RAISES * city.CELL_ORIGIN)).sum() / taking.sum())
    return {
        "age": {a: answered * float(spread.sum(axis=(1, 2))[i]) for i, a in enumerate(city.AGES)},
        "gender": {g: answered * float(spread.sum(axis=(0, 2))[j]) for j, g in enumerate(city.GENDERS)},
        "district": {d: answered * float(spread.sum(axis=(0, 1))[k]) for k, d in enumerate(city.DISTRICTS)},
        "discr": {"yes": answered * yes, "no": answered * (1 - yes)},
    }


def test_a_calibrated_plan_previews_its_plain_tables_with_their_part_of_the_budget() -> None:
    result = preview(city.PLAN, city.INSTRUMENT, 0.5, 1500)
    assert math.isclose(sum(t.rho for t in result.tables), 0.5 * (1 - 0.5))
    assert result.weighted is not None
    assert math.isclose(sum(t.rho for t in result.weighted.tables), 0.5 * 0.5 * 2 / 3)  # the rest: the cells' count
    assert result.as_dict()["weighted"]["design_effect"] == result.weighted.design_effect


def test_the_previewed_half_width_and_design_effect_are_what_releases_show() -> None:
    """Releases of samples with the composition the preview assumes: their weighted intervals are at most as
    wide as promised and not much narrower, and the design effect is about the sample's.

    The preview knows the outcome's overall share only, not how it varies with the calibration variables, so
    it takes the residuals of the calibration (what the weights cannot explain) to be the whole spread; in the
    city the outcome does vary with age and gender, which calibration takes out (Deville & Särndal), and the
    releases' intervals come out some 15 % narrower than the preview's."""
    result = preview(city.PLAN, city.INSTRUMENT, city.RHO, city.RESPONDENTS, sample_shares())
    assert result.weighted is not None
    overall = next(t for t in result.weighted.tables if t.id == "discrimination")
    promised = next(c for c in overall.cells if c.measure == "yes").share_half_width
    assert 0.85 * city.model_design_effect() <= result.weighted.design_effect <= 1.15 * city.model_design_effect()
    tally = city.simulate(99, 40)
    measured = tally.width(("everyone", "weighted")) / 2
    assert 0.97 * measured <= promised <= 1.3 * measured
    assert np.mean(tally.design_effects) > 1.5  # the sample is far from the city, and the preview knew it

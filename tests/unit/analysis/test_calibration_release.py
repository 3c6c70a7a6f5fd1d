"""A calibrated plan's release: its weighting stored and read back exactly, its budget, its noise, its gates."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from analysis.plans.loader import parse_plan
from analysis.releases.making import make_release
from analysis.releases.model import Release
from kernel.errors import EqSurveyError
from tests.unit.analysis import calibration_city as city


def made(seed: int = 3, text: str | None = None, n: int = city.RESPONDENTS):  # type: ignore[no-untyped-def]
    text = text or city.plan_text()
    plan = parse_plan(text, "city-plan.yaml", city.INSTRUMENT).plan
    return make_release(plan, text, city.INSTRUMENT, city.frame(np.random.default_rng(seed), n), "hmac-sha256:x", 0.4)


def test_the_weighting_is_stored_and_read_back_key_for_key() -> None:
    release = made().release
    body = release.to_body()
    assert body["weighting"]["variables"] == ["age", "gender", "district"]
    again = Release.from_body(release.id, json.loads(json.dumps(body)))
    assert again.to_body() == body
    assert again.weighting is not None
    assert again.weighting == release.weighting
    assert again.public().weighting == release.weighting  # nothing in it is kept from readers


def test_a_release_without_weighting_reads_as_before() -> None:
    body = made().release.to_body()
    body.pop("weighting")
    assert Release.from_body("r-old", body).weighting is None


def test_the_weighted_measurements_spend_the_calibration_share_and_no_more() -> None:
    made_release = made()
    body = made_release.body
    weighting = body["weighting"]
    plain = sum(t["rho"] for t in body["tables"])
    assert math.isclose(weighting["rho"] + plain, body["privacy"]["rho_measured"], rel_tol=1e-12)
    assert body["privacy"]["rho_measured"] <= 0.4
    assert weighting["rho"] <= 0.4 * 0.5 * (1 + 1e-9)
    assert plain <= 0.4 * 0.5 * (1 + 1e-9)
    # The fine table of discrimination by origin: reach 1 (a single choice, and one calibration cell each).
    table = next(t for t in weighting["tables"] if t["id"] == "by_origin")
    noise = table["noise"]["counts"]
    assert noise["sensitivity"] == 1.0
    assert noise["rho"] == pytest.approx(1.0 / (2 * noise["scale"] ** 2), rel=1e-9)  # ρ = Δ²/2σ² at Δ = 1
    assert weighting["noise"]["cells"]["sensitivity"] == 1.0


def test_weighted_cells_state_their_shares_within_their_intervals() -> None:
    weighting = made().release.weighting
    assert weighting is not None
    assert weighting.design_effect >= 1.0
    assert math.isclose(weighting.effective_respondents, weighting.respondents / weighting.design_effect)
    assert "only" in weighting.statement
    cells = [c for t in weighting.tables for c in t.cells if c.by.get("origin") != "_no_answer"]
    shares = [c.share_shown for c in cells if c.share_shown is not None]
    assert len(shares) == len(cells) == 2 + 2 * 2  # yes/no overall; yes/no in each origin group
    for share in shares:
        assert 0 <= share.low <= share.value <= share.high <= 1


def test_a_group_hidden_in_the_plain_table_gets_no_weighted_figures() -> None:
    text = city.plan_text().replace("{suppress_below: 0, flag_below: 0}", "{suppress_below: 20, flag_below: 50}")
    release = made(5, text, n=60).release  # 60 respondents: every origin group is small
    assert release.weighting is not None
    plain = release.table("by_origin")
    weighted = release.weighting.table("by_origin")
    assert plain is not None and weighted is not None
    hidden = {tuple(sorted(c.by.items())) for c in plain.cells if c.suppressed}
    assert hidden
    for cell in weighted.cells:
        if tuple(sorted(cell.by.items())) in hidden:
            assert cell.suppressed
            assert cell.stored() == {"row": None, "measure": cell.measure, "by": cell.by, "status": "suppressed"}


def test_a_damaged_weighting_is_named_and_a_suppressed_weighted_cell_published_bare() -> None:
    body = made().release.to_body()
    damaged = json.loads(json.dumps(body))
    damaged["weighting"]["design_effect"] = "large"
    with pytest.raises(EqSurveyError) as caught:
        Release.from_body("r-x", damaged)
    assert "weighting.design_effect" in caught.value.render()
    tampered = json.loads(json.dumps(body))
    cell = tampered["weighting"]["tables"][0]["cells"][0]
    cell["status"] = "suppressed"  # a suppressed cell that kept its numbers (edited in the store)
    public = Release.from_body("r-x", tampered).public()
    assert public.weighting is not None
    assert list(public.weighting.tables[0].cells[0].stored()) == ["row", "measure", "by", "status"]


@pytest.mark.parametrize("respondents", [1, 4, 30])
def test_a_tiny_sample_still_gives_bounded_weights_and_intervals_within_0_and_1(respondents: int) -> None:
    """Noise takes most calibration cells to 0 or below: they are floored, their weights capped by trimming."""
    weighting = made(respondents, n=respondents).release.weighting
    assert weighting is not None
    ratio = 5.0 / 0.2  # the study plan's trimming bounds: weights within [0.2, 5] × the mean
    assert 1.0 <= weighting.design_effect <= (1 + ratio) ** 2 / (4 * ratio)  # Kish's largest for such weights
    for table in weighting.tables:
        for cell in table.cells:
            found = cell.share_shown
            if found is not None:
                assert 0 <= found.low <= found.value <= found.high <= 1
            if not cell.suppressed:
                assert cell.shown.low <= cell.shown.high

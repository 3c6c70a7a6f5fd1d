"""Population-weighted pooled shares: the towns' published shares weighted by their populations, and the file.

Towns are the synthetic survey's, released through the real path (:mod:`tests.unit.analysis.test_pool_means`);
the coverage is the study's (:mod:`tests.unit.analysis.pool_population_study`).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.intervals import Z95
from analysis.pooling.pool import pool
from analysis.pooling.populations import Populations, read_populations
from analysis.pooling.sources import Contribution
from analysis.releases.cells import PublishedCell
from kernel.errors import EqSurveyError
from reports.pool.content import build_pool_report
from tests.unit.analysis.coverage_classes import Tally
from tests.unit.analysis.pool_population_study import CLASSES, run, table
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.analysis.test_pool_means import _towns

SOURCE = "# Statistisches Landesamt, Einwohner am 31.12.2025\n"


def _larger() -> list[Contribution]:
    return _towns()[1:]  # the town of 60 shows no share of the large group


def _populations() -> Populations:
    towns = _larger()
    return Populations("register", {t.release.id: float(10_000 * (i + 1) ** 2) for i, t in enumerate(towns)})


def _town_cell(
    town: Contribution, table_id: str, place: tuple[str | None, str | None, tuple[tuple[str, str], ...]]
) -> PublishedCell:
    table = town.release.table(table_id)
    assert table is not None
    return next(c for c in table.cells if c.place == place)


def test_a_share_every_town_shows_is_the_towns_shares_weighted_by_their_populations() -> None:
    towns = _larger()
    populations = _populations()
    weights = populations.weights([t.release.id for t in towns])
    by_respondents = pool(towns).table_by_id("discrimination")
    result = pool(towns, populations=populations)
    assert result.method == "population_weighted" and result.as_json()["populations"]["source"] == "register"
    note = result.as_json()["note"]
    assert "weighted by the towns' populations (source: register)" in note and "inverse-variance" not in note
    assert "inverse-variance" in pool(towns).as_json()["note"]
    weighted = 0
    for cell, plain in zip(result.table_by_id("discrimination").cells, by_respondents.cells, strict=True):
        # The counts and what is hidden are the pool's own: weighting changes shares only.
        assert (cell.suppressed, cell.n, cell.estimate) == (plain.suppressed, plain.n, plain.estimate)
        alone = [_town_cell(t, "discrimination", cell.place) for t in towns]
        shares = [c.share_shown for c in alone]
        if cell.suppressed or plain.share is None:
            continue
        if any(s is None for s in shares):
            assert cell.share is None, "a share some town does not show is not weighted, nor shown"
            continue
        weighted += 1
        value = sum(w * s.value for w, s in zip(weights, shares, strict=True) if s is not None)
        assert cell.share == pytest.approx(value)
        se = math.sqrt(sum((w * (s.high - s.low) / 2 / Z95) ** 2 for w, s in zip(weights, shares, strict=True) if s))
        assert cell.share_low is not None and cell.share_high is not None
        assert cell.share_high - cell.share_low == pytest.approx(2 * Z95 * se, rel=0.05)  # Wilson's, nearly symmetric
    assert weighted, "the towns show some shares"
    # A shown count whose share is withheld is told in its table's notes, in the report's words.
    withheld = [c for c in result.table_by_id("discrimination").cells if not c.suppressed and c.share is None]
    lost = [p for p in by_respondents.cells if not p.suppressed and p.share is not None]
    assert result.shares_withheld == (("discrimination",) if len(lost) > weighted else ())
    view = next(v for v in build_pool_report(result, INSTRUMENT, "en").tables if v.id == "discrimination")
    assert any("cannot be weighted by the towns' populations" in n for n in view.notes) == bool(result.shares_withheld)
    assert withheld or not result.shares_withheld


def test_the_populations_file_names_its_source_and_every_release(tmp_path: Path) -> None:
    releases = ["r-a", "r-b"]
    good = tmp_path / "populations.csv"
    good.write_text(SOURCE + "release,population\nr-a,12000\nr-b, 48000\n", encoding="utf-8")
    read = read_populations(good, releases)
    assert read.source.startswith("Statistisches Landesamt") and read.weights(releases) == pytest.approx([0.2, 0.8])
    excel = tmp_path / "excel.csv"  # Excel's "CSV UTF-8": a byte-order mark first
    excel.write_text("\ufeff" + SOURCE + "release,population\nr-a,12000\nr-b,48000\n", encoding="utf-8")
    assert read_populations(excel, releases) == read

    def refused(text: str) -> str:
        bad = tmp_path / "bad.csv"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(EqSurveyError) as caught:
            read_populations(bad, releases)
        rendered = caught.value.render()
        assert "bad.csv" in rendered and "fix" in rendered
        return rendered

    assert "does not name its source" in refused("release,population\nr-a,1\nr-b,2\n")
    assert "no header" in refused(SOURCE + "town,residents\nr-a,1\nr-b,2\n")
    assert "not a number of people" in refused(SOURCE + "release,population\nr-a,1.000\nr-b,0\n")
    assert "bad.csv:4" in refused(SOURCE + "release,population\nr-a,1\nr-b,-5\n")
    assert "not in the pool" in refused(SOURCE + "release,population\nr-a,1\nr-b,2\nr-c,3\n")
    assert "listed twice" in refused(SOURCE + "release,population\nr-a,1\nr-a,2\nr-b,2\n")
    assert "no population for r-b" in refused(SOURCE + "release,population\nr-a,1\n")


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_populations_or_a_clear_error(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("populations") / "any.csv"
    path.write_text(text, encoding="utf-8", errors="replace")
    try:
        read = read_populations(path, ["r-a"])
    except EqSurveyError as exc:
        assert "any.csv" in exc.render()
    else:
        assert read.source and set(read.by_release) == {"r-a"} and read.by_release["r-a"] > 0


@pytest.mark.slow
def test_population_weighted_shares_cover_the_regions_value_93_to_97_percent() -> None:
    # 1,000 pools in the README (benchmarks/pool_study.py --populations); 40 here: 2 SEs are about 7 points.
    tally: Tally = run(40, 2, seed=13)
    name = CLASSES[0]
    assert len(tally.releases[name]) >= 35, table(tally)
    slack = 2 * tally.coverage_se(name)
    assert 0.93 - slack <= tally.coverage(name) <= 0.97 + slack, table(tally)
    # The default, weighting by respondents, misses the region's value when towns' response differs.
    assert tally.coverage(CLASSES[1]) < 0.85, table(tally)

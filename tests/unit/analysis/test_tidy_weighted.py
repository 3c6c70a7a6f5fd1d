"""A calibrated release's tidy CSV and JSON: the weighted cells as rows of their own, marked, read back."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from analysis.releases.making import make_release
from analysis.releases.model import Release
from analysis.tidy import COLUMNS, to_csv, to_json
from tests.unit.analysis import calibration_city as city


def _release() -> Release:
    frame = city.frame(np.random.default_rng(5))
    return make_release(city.PLAN, city.plan_text(), city.INSTRUMENT, frame, "hmac-sha256:x", 0.4).release


def test_the_csv_has_a_row_per_weighted_cell_marked_and_with_its_numbers() -> None:
    release = _release()
    weighting = release.public().weighting
    assert weighting is not None
    read = list(csv.DictReader(io.StringIO(to_csv(release))))
    assert list(read[0]) == list(COLUMNS)
    plain = [r for r in read if r["weighted"] == "false"]
    weighted = [r for r in read if r["weighted"] == "true"]
    assert len(plain) + len(weighted) == len(read)
    assert len(plain) == sum(len(t.cells) for t in release.public().tables)
    expected = [(t, c) for t in weighting.tables for c in t.cells]
    assert len(weighted) == len(expected) > 0
    for row, (table, cell) in zip(weighted, expected, strict=True):
        assert (row["table"], row["category"], row["status"]) == (table.id, cell.measure, str(cell.status))
        assert {row[f"by_{i}"]: row[f"by_{i}_value"] for i in range(1, len(cell.by) + 1)} == cell.by
        for name in ("estimate", "low", "high", "share", "share_low", "share_high"):
            value = getattr(cell, name)
            assert (row[name] == "") if value is None else float(row[name]) == value, name


def test_the_json_marks_the_weighted_cells_and_states_the_weighting_without_repeating_them() -> None:
    release = _release()
    document = json.loads(to_json(release))
    weighting = release.weighting
    assert weighting is not None
    weighted = [c for c in document["cells"] if c["weighted"] is True]
    assert len(weighted) == sum(len(t.cells) for t in weighting.tables)
    assert all(c["weighted"] is False for c in document["cells"][: -len(weighted)])
    record = document["release"]["weighting"]
    assert record["design_effect"] == weighting.design_effect
    assert record["effective_respondents"] == weighting.effective_respondents
    assert record["variables"] == ["age", "gender", "district"] and record["method"] == "rake"
    assert [t["id"] for t in record["tables"]] == ["discrimination", "by_origin"]
    assert all("cells" not in t for t in record["tables"])
    shares = [c["share"] for c in weighted if c["share"] is not None]
    assert shares and all(0 <= s <= 1 for s in shares)

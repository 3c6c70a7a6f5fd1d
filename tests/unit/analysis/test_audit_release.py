"""The disclosure audit through a real release of the synthetic survey (800 respondents, OpenDP noise).

The release hides its suppressed cells' values; the test recomputes them from
the release's own noisy vectors (the post-processing is deterministic), so it
can check that the attack's intervals are sound: each holds the value the
cell would have shown. It runs on the release as made (with secondary
suppression, so nothing is disclosed) and on the same data released with
primary suppression only (``protection: 0``), where many intervals are
narrow: about 130 cells suppressed, about 60 of them narrower than 20. How
many depends on the noise drawn; it is recorded (``record_property``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pytest

from analysis.audit import Audit, Reading, audit
from analysis.centred import published_noisy
from analysis.consistency import Noisy, make_consistent
from analysis.plans.layout import layouts
from analysis.releases.making import Made, make_release
from instruments.text import COLUMN_SEP
from tests.unit.analysis.synthetic import INSTRUMENT, draw, frame, plan
from tests.unit.reports.releases import TABLES

PUBLICATION = "{suppress_below: 20, flag_below: 50}"
PRIMARY_ONLY = "{suppress_below: 20, flag_below: 50, protection: 0}"
SOUND = 1e-5
"""HiGHS's feasibility tolerance, and the audit's own slack on stored floats, stay under this."""

Key = tuple[str, str | None, str | None, tuple[tuple[str, str], ...]]


@cache
def _released(publication: str = PUBLICATION) -> tuple[Made, dict[Key, float]]:
    the_plan = plan(TABLES, publication)
    made = make_release(the_plan, TABLES, INSTRUMENT, frame(draw(np.random.default_rng(14), 800)), "sha256:t", 1.0)
    return made, _hidden_values(made, publication)


def _hidden_values(made: Made, publication: str) -> dict[Key, float]:
    """Every count cell's value after post-processing, done again on the release's noisy vectors."""
    blocks: list[tuple[str, str | None, Noisy]] = []
    for shape in layouts(plan(TABLES, publication), INSTRUMENT):
        if shape.table.kind not in ("counts", "matrix", "representation"):
            continue
        vector, start = made.computed.raw[shape.table.id]["counts"], 0
        noise = made.computed.table(shape.table.id).noise
        for block in shape.blocks:
            values = vector[start : start + block.cells].copy()
            row = (
                block.dims[0].name.removeprefix(shape.table.measure + COLUMN_SEP)
                if shape.table.kind == "matrix"
                else None
            )
            blocks.append((shape.table.id, row, published_noisy(block, noise, values)))
            start += block.cells
    make_consistent([b for _, _, b in blocks])
    out: dict[Key, float] = {}
    for table_id, row, noisy in blocks:
        dims = noisy.block.dims
        for index in np.ndindex(*noisy.block.shape):
            by = tuple((d.name, d.categories[i]) for d, i in zip(dims[1:], index[1:], strict=True))
            out[table_id, row, dims[0].categories[index[0]], by] = float(noisy.values[index])
    return out


@pytest.mark.parametrize("publication", [PUBLICATION, PRIMARY_ONLY], ids=["protected", "primary-only"])
@pytest.mark.parametrize("reading", [Reading.exact, Reading.printed], ids=["exact", "printed"])
def test_every_suppressed_cell_gets_an_interval_that_holds_its_hidden_value(
    reading: Callable[[], Reading], publication: str, record_property: Callable[[str, object], None]
) -> None:
    made, hidden = _released(publication)
    suppressed = [
        c
        for t in made.body["tables"]
        if t["kind"] in ("counts", "matrix", "representation")
        for c in t["cells"]
        if c["status"] == "suppressed"
    ]

    result = audit([(made.release_id, made.body)], reading())

    record_property("suppressed", result.suppressed)
    record_property("disclosed", result.disclosed)
    record_property("seconds", round(result.seconds, 2))
    assert result.suppressed == len(suppressed) > 0
    for table in result.tables:
        for implied in table.cells:
            c = implied.cell
            value = hidden[c.table, c.row, c.measure, c.by]
            assert implied.low - SOUND <= value <= implied.high + SOUND, (c.label, implied, value)


def test_reading_every_stored_digit_narrows_every_interval_read_as_printed() -> None:
    made, _ = _released(PRIMARY_ONLY)
    exact, printed = (audit([(made.release_id, made.body)], r) for r in (Reading.exact(), Reading.printed()))

    def intervals(result: Audit) -> dict[str, tuple[float, float]]:
        return {f"{t.table}: {c.cell.label}": (c.low, c.high) for t in result.tables for c in t.cells}

    wide = intervals(printed)
    for label, (low, high) in intervals(exact).items():
        assert wide[label][0] - SOUND <= low <= high <= wide[label][1] + SOUND, label
    assert exact.disclosed >= printed.disclosed

"""The privacy map holds over neighbouring datasets, whatever the added respondent's answers (issue 4).

D is a small dataset of the synthetic instrument; D' is D with one more
respondent, drawn by hypothesis from everything a dataset column can hold,
hostile answers included: every option of the multiple choice ticked,
"prefer not to say" ticked beside options, scale values far outside the
scale, missing values anywhere. For every part of every table of a plan with
each kind of table (and multiple choices as measures and as breakdowns), the
exact vectors over D and D' (as :func:`analysis.compute.compute` tabulates
them) differ by at most the sensitivity :mod:`analysis.plans.layout` declares, and
OpenDP's own measurement at the scale the release states passes
``check(distance, ρ)``. So the bound on ticks is enforced by the code, not
assumed of the data, and the release's stated ρ is what one person can move it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.compute import Computed, compute
from analysis.mechanisms import _threshold_measurement, gaussian_measurement
from analysis.plans.layout import layouts
from analysis.tabulate import Coder
from instruments.text import DECLINED
from tests.unit.analysis import synthetic

RHO = 1.0
PLAN = synthetic.plan(
    """\
  - {id: discrimination, kind: counts, measure: discr, by: [group]}
  - {id: grounds_by_group_and_discr, kind: counts, measure: grounds, by: [group, discr]}
  - {id: trust_by_agree, kind: counts, measure: trust, by: [agree]}
  - {id: domains_by_grounds, kind: matrix, measure: domains, by: [grounds]}
  - {id: trust_by_grounds, kind: mean, measure: trust, by: [grounds, group]}
  - {id: grounds_represented, kind: representation, measure: grounds, reference: {a: 0.3, b: 0.3}}
  - {id: self_descriptions, kind: write_ins, measure: note}
"""
)
SHAPES = {shape.table.id: shape for shape in layouts(PLAN, synthetic.INSTRUMENT)}
BASE = synthetic.frame(synthetic.draw(np.random.default_rng(7), 60))
EVERY_TICK = {
    "group": "small",
    "discr": "yes",
    **{f"grounds__{o}": True for o in (*synthetic.OPTIONS, DECLINED)},
    "trust": 10**9,
    "trust__prefer_not_to_say": True,
    "domains__work": "yes",
    "domains__housing": DECLINED,
    "agree": True,
    "note": "Nonbinary",
}


@pytest.fixture(scope="module")
def released() -> Computed:
    return compute(PLAN, synthetic.INSTRUMENT, BASE, RHO)


def _choice(*values: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


respondents = st.fixed_dictionaries(
    {
        "group": _choice("big", "small", DECLINED, None),
        "discr": _choice("yes", "no", DECLINED, None),
        **{f"grounds__{o}": _choice(True, False, None) for o in (*synthetic.OPTIONS, DECLINED)},
        "trust": st.one_of(st.none(), st.integers(-(10**12), 10**12)),
        "trust__prefer_not_to_say": _choice(True, False, None),
        "domains__work": _choice("yes", "no", DECLINED, None),
        "domains__housing": _choice("yes", "no", DECLINED, None),
        "agree": _choice(True, False, None),
        "note": st.one_of(st.none(), st.text(max_size=12), _choice(*synthetic.WRITE_INS)),
    }
)


def with_respondent(frame: pd.DataFrame, answers: dict[str, Any], at: int) -> pd.DataFrame:
    """The frame with one more row, at position ``at``, column types kept."""
    row = pd.DataFrame({name: [answers.get(name)] for name in frame.columns}).astype(frame.dtypes.to_dict())
    out = pd.concat([frame.iloc[:at], row, frame.iloc[at:]], ignore_index=True)
    assert (out.dtypes == frame.dtypes).all()
    return out


def distances(one: pd.DataFrame, two: pd.DataFrame) -> dict[tuple[str, str], Any]:
    """Per table and part, how far the exact vectors over the two frames are: L2, or (L0, L2, L∞) for write-ins."""
    a, b = Coder(one), Coder(two)
    out: dict[tuple[str, str], Any] = {}
    for table, shape in SHAPES.items():
        first, second = synthetic.exact_parts(shape, a), synthetic.exact_parts(shape, b)
        for part in first:
            if part == "write_ins":
                keys = set(first[part]) | set(second[part])
                diff = [abs(first[part].get(k, 0) - second[part].get(k, 0)) for k in keys]
                changed = [d for d in diff if d]
                out[(table, part)] = (len(changed), math.sqrt(sum(d * d for d in changed)), float(max(diff, default=0)))
            else:
                out[(table, part)] = float(np.linalg.norm(first[part] - second[part]))
    return out


def declared(table: str, part: str) -> float:
    return next(p.sensitivity for p in SHAPES[table].parts if p.name == part)


def size(table: str, part: str) -> int:
    """The length of the part's vector: the mechanism's domain (see analysis.mechanisms)."""
    shape = SHAPES[table]
    return shape.size(next(p for p in shape.parts if p.name == part))


@settings(max_examples=150, deadline=None)
@given(respondents, st.integers(0, len(BASE)))
@example(EVERY_TICK, 0)
@example(EVERY_TICK | {"grounds__a": None, "trust": -(10**9), "note": "  AGENDER!! "}, len(BASE))
def test_one_more_respondent_moves_no_part_further_than_its_sensitivity(
    released: Computed, answers: dict[str, Any], at: int
) -> None:
    neighbour = with_respondent(BASE, answers, at)
    meta = {(t.id, part): m for t in released.tables for part, m in t.noise.items()}
    for (table, part), distance in distances(BASE, neighbour).items():
        noise = meta[(table, part)]
        assert noise.sensitivity == declared(table, part)
        if part == "write_ins":
            l0, l2, linf = distance
            assert l0 <= 1 and l2 <= 1 and linf <= 1, (table, distance)
            measurement = _threshold_measurement(noise.scale, noise.threshold or 0.0)
            assert measurement.check((l0, l2, linf), (noise.rho, noise.delta))
        else:
            assert distance <= declared(table, part) * (1 + 1e-12), (table, part, distance)
            assert gaussian_measurement(noise.scale, size(table, part)).check(distance, noise.rho)


def test_ticking_every_option_reaches_the_bound_and_no_further() -> None:
    # Two options count (max_selections), plus the status: √3 in every table where grounds is counted cell by
    # cell. Its counts tables are measured centred: an answering respondent moves each of the four options'
    # ticked-minus-not-ticked by one (√4 = 2), and one status cell apart (1).
    moved = distances(BASE, with_respondent(BASE, EVERY_TICK, 3))
    for table in ("grounds_represented", "grounds_by_group_and_discr"):
        assert moved[(table, "options")] == pytest.approx(2.0) == declared(table, "options")
        assert moved[(table, "statuses")] == pytest.approx(1.0) == declared(table, "statuses")
    # The matrix: two rows, each in a block by grounds: √(3 + 3).
    assert moved[("domains_by_grounds", "counts")] == pytest.approx(math.sqrt(6))
    # The mean by grounds: the clamped value (the scale's top, 2 above its middle) in three cells.
    assert moved[("trust_by_grounds", "counts")] == pytest.approx(math.sqrt(3))
    assert moved[("trust_by_grounds", "sums")] == pytest.approx(2 * math.sqrt(3))
    assert moved[("trust_by_grounds", "squares")] == pytest.approx(4 * math.sqrt(3))
    assert all(moved[k] == pytest.approx(declared(*k)) for k in moved if k[1] != "write_ins")


def test_the_release_states_the_scales_and_budget_of_its_measurements(released: Computed) -> None:
    # Every part's ρ is OpenDP's privacy map at its declared sensitivity, and no more than its share; together
    # they are the release's ρ, within the plan's budget. The scales depend on the plan, not on the data.
    total = 0.0
    for table in released.tables:
        for part, noise in table.noise.items():
            sensitivity = declared(table.id, part)
            if part == "write_ins":
                measurement = _threshold_measurement(noise.scale, noise.threshold or 0.0)
                assert tuple(measurement.map((1, 1.0, 1.0))) == (noise.rho, noise.delta)
                assert noise.delta is not None and noise.delta <= 1e-9
            else:
                measured = gaussian_measurement(noise.scale, size(table.id, part))
                assert measured.map(sensitivity) == noise.rho
                assert not gaussian_measurement(noise.scale * (1 - 1e-6), size(table.id, part)).check(
                    sensitivity, noise.rho
                )
            total += noise.rho
        assert table.rho == pytest.approx(sum(n.rho for n in table.noise.values()))
    assert released.rho == pytest.approx(total)
    assert released.rho <= RHO * (1 + 1e-9)
    other = compute(PLAN, synthetic.INSTRUMENT, with_respondent(BASE, EVERY_TICK, 0), RHO)
    assert [t.noise for t in other.tables] == [t.noise for t in released.tables]

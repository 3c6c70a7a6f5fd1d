"""The generic ResidualPlanner workload of a plan (tests/support/planner_workload.py) is the one meant.

The example's optimality benchmark (benchmarks/release_optimality_example.py)
holds releases against it: on the standard workload it must give what the
hand-written mapping of benchmarks/release_optimality.py gives, and on small
plans what is worked out by hand. One table of a single choice: ResidualPlanner
cannot beat measuring the table, 1/2ρ a cell. One table of a multiple choice
of m options as yes/no attributes, its ticked cells asked: by symmetry the
total and the m option residuals (p = ½) are measured, and Lagrange gives
(√m + 1)² / 8ρ a ticked cell.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import pytest

from analysis.plans.layout import TableLayout, layouts
from analysis.plans.loader import parse_plan
from instruments.loader import parse_instrument
from tests.support import planner_workload as pw
from tests.support import standard_workload as w
from tests.support.builders import instrument_yaml

ROOT = Path(__file__).resolve().parents[3]

QUESTIONS = """\
- id: q
  type: single_choice
  label: {de: Frage, en: Question}
  role: outcome
  options:
    - {code: a, label: {de: A, en: A}}
    - {code: b, label: {de: B, en: B}}
    - {code: c, label: {de: C, en: C}}
- id: m
  type: multi_choice
  label: {de: Mehrfach, en: Several}
  role: breakdown
  options:
    - {code: w, label: {de: W, en: W}}
    - {code: x, label: {de: X, en: X}}
    - {code: y, label: {de: Y, en: Y}}
    - {code: z, label: {de: Z, en: Z}}
"""


def shapes(*tables: str) -> list[TableLayout]:
    instrument = parse_instrument(instrument_yaml(QUESTIONS), "test.yaml").instrument
    text = "id: small\ninstrument: test-survey\nbudget_share: 1\ntables:\n" + "".join(f"  - {t}\n" for t in tables)
    return layouts(parse_plan(text, "plan.yaml", instrument).plan, instrument)


def hand_written() -> ModuleType:
    """benchmarks/release_optimality.py, a script, loaded by its path."""
    spec = importlib.util.spec_from_file_location("release_optimality", ROOT / "benchmarks" / "release_optimality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("rho", [0.1, 0.5, 2.0])
def test_the_standard_workload_gives_the_hand_written_optimum_and_even_split(rho: float) -> None:
    bench = hand_written()
    generic = pw.workload(layouts(w.PLAN, w.INSTRUMENT), declined=False)
    assert sum(generic.asked.values()) == sum(bench.planner_workload()[2].values()) == 305
    assert generic.rmse(rho) == pytest.approx(bench.planner(rho), rel=1e-12)
    even = pw.even_split(layouts(w.PLAN, w.INSTRUMENT), rho, declined=False)
    assert even == pytest.approx(bench.even_split(w.draw(100, seed=1), rho)[0], rel=1e-12)


def test_declined_cells_are_asked_only_when_wanted() -> None:
    without = pw.workload(layouts(w.PLAN, w.INSTRUMENT), declined=False)
    with_them = pw.workload(layouts(w.PLAN, w.INSTRUMENT), declined=True)
    # Each single choice's declined cell; identity's; identity (12 + declined) by gender (3 + declined); each
    # of 8 domain rows (2 + declined) by identity (12 + declined): all cells less the answers' cells.
    assert len(with_them.cells) - len(without.cells) == 15 + 1 + (13 * 4 - 12 * 3) + 8 * (3 * 13 - 2 * 12)
    assert with_them.sizes["identity:status"] == 3 and "identity:status" not in without.sizes
    assert {c.key for c in without.cells} < {c.key for c in with_them.cells}
    assert all("prefer_not_to_say" not in str(c.key) for c in without.cells)


@pytest.mark.parametrize("rho", [0.05, 1.0])
def test_one_single_choice_is_measured_as_it_is(rho: float) -> None:
    one = shapes("{id: t, kind: counts, measure: q}")
    plan = pw.workload(one, declined=False)
    assert plan.sizes == {"q": 5}  # a, b, c, prefer_not_to_say, _no_answer
    assert [c.key[2] for c in plan.cells] == ["a", "b", "c"]
    assert plan.rmse(rho) == pytest.approx(math.sqrt(1 / (2 * rho)), rel=1e-12)
    assert pw.even_split(one, rho, declined=False) == pytest.approx(math.sqrt(1 / (2 * rho)), rel=1e-12)


@pytest.mark.parametrize("rho", [0.05, 1.0])
def test_a_multiple_choice_as_yes_no_attributes_has_the_variance_worked_out_by_hand(rho: float) -> None:
    one = shapes("{id: t, kind: counts, measure: m}")
    plan = pw.workload(one, declined=False)
    assert plan.sizes == {f"m={o}": 2 for o in "wxyz"}
    assert plan.asked == {(f"m={o}",): 1 for o in "wxyz"}
    assert plan.rmse(rho) == pytest.approx(math.sqrt((math.sqrt(4) + 1) ** 2 / (8 * rho)), rel=1e-12)
    # The even split measures the four ticked cells, at most four of them a respondent's.
    assert pw.even_split(one, rho, declined=False) == pytest.approx(math.sqrt(4 / (2 * rho)), rel=1e-12)


def test_a_crossed_table_asks_one_marginal_per_option() -> None:
    plan = pw.workload(shapes("{id: t, kind: counts, measure: q, by: [m]}"), declined=True)
    assert plan.asked == {**{("m=" + o, "q"): 4 for o in "wxyz"}, ("m:status", "q"): 4}
    keys = {c.key for c in plan.cells}
    assert ("t", None, "prefer_not_to_say", (("m", "prefer_not_to_say"),)) in keys
    assert ("t", None, "a", (("m", "w"),)) in keys and len(keys) == len(plan.cells) == 20

"""How close a release of the Musterstadt example plan comes to the least noise its budget allows (prints, asserts nothing).

    python benchmarks/release_optimality_example.py                  # 100,000 respondents, 20 releases, ρ 0.15 and 0.5
    python benchmarks/release_optimality_example.py --rho 0.15 --releases 5

The plan is examples/musterstadt/plan.yaml over its instrument, with nothing
suppressed (so that every cell is compared). Respondents are simulated by
survey.simulation (simulate_columns, seed 1) and made into the analysis
dataset by DatasetBuilder (checked, on 1,000 of them, against the route
through answer mappings that the tests take).

The cells compared are the count tables' published cells (counts, matrix,
representation; never the status cells ``_answered`` and ``_no_answer``),
read generically from the plan's layouts by :mod:`tests.support.planner_workload`,
in two sets: *published* (``prefer_not_to_say`` cells included, as the
tables show them and as the budget split counts them) and *answers* (without
them). On each set, the root mean squared error of:

- eqsurvey: :func:`analysis.compute.compute` as it is, over several releases
  of one dataset (a count's error: its unbiased value, ``unclamped`` where
  shown as 0, minus the exact count of :mod:`analysis.tabulate`);
- eqsurvey, closed form: each count table's Gaussian noise as measured,
  before consistency (variance reach / 2ρ_t); and the same if a multiple
  choice's status cells were not measured with its options (its reach
  max_selections instead of max_selections + 1; the split redone); and
  the same if each option of a multiple choice (in a table of one, not a
  matrix) were measured centred, as ResidualPlanner does: d = ticked − not
  ticked among those who answered (each of them moves every option by 1:
  L2² = m options) and the status cells apart (L2² 1), a ticked count read
  as (answered + d) / 2, ρ_t split √m : 1 between them, so
  (√m + 1)² / 8ρ_t a ticked cell and (√m + 1) / 2ρ_t a status cell;
  These three closed forms are of strategies eqsurvey has had or weighed: a
  release now centres a multiple choice where that is less noisy
  (:func:`analysis.plans.layout.centred_parts`, with its own split of ρ_t),
  which the empirical line measures;
- ResidualPlanner (closed form), with the ρ eqsurvey's count tables spend
  (the plan's means and write-ins are outside its count loss) and with the
  whole ρ;
- even split (closed form): every asked cell, mean group and write-in the
  same share of the whole ρ, each count table measuring its asked cells only.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.compute import compute
from analysis.plans.layout import Block, TableLayout, layouts, split
from analysis.plans.loader import load_plan
from analysis.plans.model import AnalysisPlan, Publication
from analysis.tabulate import Coder, counts
from anonymize.analysis_dataset import DatasetBuilder
from instruments.model import Instrument
from survey.simulation.columns import SimulatedChunk
from survey.simulation.simulator import simulate_columns

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import planner_workload as pw
from tests.support.builders import ROOT, example_instrument

SETS = {"published": True, "answers": False}
"""Whether each compared set of cells holds the "prefer not to say" cells."""


def example_plan(instrument: Instrument) -> AnalysisPlan:
    plan = load_plan(ROOT / "examples" / "musterstadt" / "plan.yaml", instrument).plan
    return plan.model_copy(update={"publication": Publication(suppress_below=0, flag_below=0)})


def simulated_frame(instrument: Instrument, n: int, seed: int) -> pd.DataFrame:
    """The analysis dataset of ``n`` simulated respondents, built from the simulator's columns."""
    drawn = simulate_columns(instrument, n, seed)
    builder = DatasetBuilder(instrument)
    builder.add_chunk(SimulatedChunk(drawn.size, drawn.columns), [f"r-{i:08d}" for i in range(n)], ["2026-11-01"] * n)
    return builder.finish().frame


def check_frame(instrument: Instrument, n: int = 1000, seed: int = 2) -> None:
    """Raise unless the columns' route gives the frame the answer mappings' route gives."""
    drawn = simulate_columns(instrument, n, seed)
    builder = DatasetBuilder(instrument)
    builder.add([(f"r-{i:08d}", a, "2026-11-01") for i, a in enumerate(drawn.to_dicts())])
    pd.testing.assert_frame_equal(simulated_frame(instrument, n, seed), builder.finish().frame)


def exact_counts(
    shapes: Sequence[TableLayout], frame: pd.DataFrame, cells: Sequence[pw.Cell]
) -> dict[pw.CellKey, float]:
    coder = Coder(frame)
    blocks = {(c.table, c.block) for c in cells}
    vectors = {(t, b): counts(coder, shapes[t].blocks[b]).reshape(shapes[t].blocks[b].shape) for t, b in blocks}
    return {c.key: float(vectors[(c.table, c.block)][c.index]) for c in cells}


def release_errors(
    plan: AnalysisPlan,
    instrument: Instrument,
    frame: pd.DataFrame,
    rho: float,
    exact: dict[pw.CellKey, float],
    *,
    runs: int,
) -> dict[pw.CellKey, np.ndarray]:
    """Each asked cell's error in each of ``runs`` releases."""
    found: dict[pw.CellKey, list[float]] = {k: [] for k in exact}
    for _ in range(runs):
        for table in compute(plan, instrument, frame, rho).tables:
            if table.kind.value not in pw.COUNTED:
                continue
            for cell in table.cells:
                key = (table.id, cell.row, cell.measure or "", tuple(sorted(cell.by.items())))
                if key in found:
                    value = cell.unclamped if cell.unclamped is not None else cell.estimate
                    found[key].append((value or 0.0) - exact[key])
    if any(len(v) != runs for v in found.values()):
        raise RuntimeError("some asked cells are missing from the releases, or found twice")
    return {k: np.asarray(v) for k, v in found.items()}


def closed_form(shapes: Sequence[TableLayout], rho: float, cells: Sequence[pw.Cell]) -> float:
    """eqsurvey's asked-cell RMSE before consistency: each count table's noise variance reach / 2ρ_t."""
    rhos = split(list(shapes), rho)
    return math.sqrt(sum(shapes[c.table].reach / (2 * rhos[c.table]) for c in cells) / len(cells))


def without_statuses(shapes: Sequence[TableLayout]) -> list[TableLayout]:
    """The layouts if a multiple choice's status were not measured with its options (reach one less per choice)."""

    def block(b: Block) -> Block:
        return Block(tuple(dataclasses.replace(d, bound=d.bound - 1) if d.multi else d for d in b.dims))

    return [dataclasses.replace(s, blocks=tuple(block(b) for b in s.blocks)) for s in shapes]


def centred(shapes: Sequence[TableLayout], rho: float, cells: Sequence[pw.Cell]) -> float:
    """:func:`closed_form` with each multiple choice's options measured centred (see the module's docstring)."""
    rhos = split(list(shapes), rho)
    total = 0.0
    for c in cells:
        shape = shapes[c.table]
        dims = shape.blocks[c.block].dims
        multis = [j for j, d in enumerate(dims) if d.multi]
        if shape.table.kind == "matrix" or len(multis) != 1:
            total += shape.reach / (2 * rhos[c.table])
            continue
        multi = dims[multis[0]]
        root = math.sqrt(multi.size - len(multi.partition))
        ticked = c.index[multis[0]] not in multi.partition
        total += (root + 1) ** 2 / (8 * rhos[c.table]) if ticked else (root + 1) / (2 * rhos[c.table])
    return math.sqrt(total / len(cells))


def rms(errors: dict[pw.CellKey, np.ndarray], keys: Sequence[pw.CellKey]) -> float:
    return math.sqrt(float(np.mean([np.mean(errors[k] ** 2) for k in keys])))


def report(args: argparse.Namespace, rho: float, frame: pd.DataFrame) -> None:
    instrument = example_instrument()
    plan = example_plan(instrument)
    shapes = layouts(plan, instrument)
    rhos = split(shapes, rho)
    counted_rho = sum(r for s, r in zip(shapes, rhos, strict=True) if s.table.kind in pw.COUNTED)
    workloads = {name: pw.workload(shapes, declined) for name, declined in SETS.items()}
    exact = exact_counts(shapes, frame, workloads["published"].cells)
    errors = release_errors(plan, instrument, frame, rho, exact, runs=args.releases)
    print(
        f"\nMusterstadt example plan, {len(frame):,} respondents, ρ = {rho} (count tables spend {counted_rho:.4f}, "
        f"{counted_rho / rho:.0%}): RMSE of the asked count cells"
    )
    print(f"{'':>40} " + " ".join(f"{f'{name} ({len(w.cells)})':>16}" for name, w in workloads.items()))
    rows: dict[str, list[float]] = {}
    for name, w in workloads.items():
        keys = [c.key for c in w.cells]
        rows.setdefault(f"eqsurvey ({args.releases} releases)", []).append(rms(errors, keys))
        rows.setdefault("eqsurvey, closed form, no consistency", []).append(closed_form(shapes, rho, w.cells))
        rows.setdefault("  the same without multi status cells", []).append(
            closed_form(without_statuses(shapes), rho, w.cells)
        )
        rows.setdefault("  the same, multi options centred", []).append(centred(shapes, rho, w.cells))
        rows.setdefault(f"ResidualPlanner, counts' ρ {counted_rho:.4f}", []).append(w.rmse(counted_rho))
        rows.setdefault(f"ResidualPlanner, whole ρ {rho}", []).append(w.rmse(rho))
        rows.setdefault("even split (closed form)", []).append(pw.even_split(shapes, rho, SETS[name]))
    for label, values in rows.items():
        print(f"{label:>40} " + " ".join(f"{v:16.3f}" for v in values))
    ours, best, whole, even = (rows[k] for k in list(rows)[:1] + list(rows)[4:7])
    for i, name in enumerate(workloads):
        print(
            f"{name}: eqsurvey / RP (counts' ρ) {ours[i] / best[i]:.3f} (target ≤ 1.05), "
            f"/ RP (whole ρ) {ours[i] / whole[i]:.3f}, / even split {ours[i] / even[i]:.3f} (target ≤ 0.75)"
        )
    per_table(shapes, rhos, errors, workloads["published"], counted_rho)


def per_table(
    shapes: Sequence[TableLayout],
    rhos: Sequence[float],
    errors: dict[pw.CellKey, np.ndarray],
    w: pw.Workload,
    rho: float,
) -> None:
    """Where the gap is: per count table, eqsurvey's RMSE, ResidualPlanner's on the plan, and on the table alone at ρ_t.

    The last shows how much better the table's own ρ_t could measure it; what
    is left between that and the plan's optimum is the split and the sharing
    of margins between tables.
    """
    best = w.optimum(rho)
    print(
        f"{'published cells by table':<38} {'cells':>5} {'ρ_t':>7} {'reach':>5} {'eqsurvey':>8} {'RP plan':>8} {'RP alone':>8}"
    )
    squares, cells = 0.0, 0
    for t, shape in enumerate(shapes):
        mine = [c for c in w.cells if c.table == t]
        if not mine:
            continue
        planner = math.sqrt(sum(best.cell_variance(c.marginal) for c in mine) / len(mine))
        alone = w.only(t).rmse(rhos[t])
        squares, cells = squares + alone**2 * len(mine), cells + len(mine)
        print(
            f"{shape.table.id:<38} {len(mine):5d} {rhos[t]:7.4f} {shape.reach:5d} "
            f"{rms(errors, [c.key for c in mine]):8.3f} {planner:8.3f} {alone:8.3f}"
        )
    print(f"{'all, each table alone at its ρ_t (RP)':<38} {cells:5d} {'':>23} {math.sqrt(squares / cells):8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--rho", type=float, nargs="+", default=[0.15, 0.5])
    args = parser.parse_args()
    instrument = example_instrument()
    check_frame(instrument)
    frame = simulated_frame(instrument, args.respondents, seed=1)
    print(f"load average before: {os.getloadavg()[0]:.1f} (accuracy, not timing: the load does not change it)")
    for rho in args.rho:
        report(args, rho, frame)


if __name__ == "__main__":
    main()

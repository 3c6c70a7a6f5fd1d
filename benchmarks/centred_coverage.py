"""Coverage of the count intervals of the example plan, by how each cell was measured (prints, asserts nothing).

    python benchmarks/centred_coverage.py                        # 1,000 releases of 2,000 respondents, ρ 0.15
    python benchmarks/centred_coverage.py --releases 300 --seed 5

One simulated dataset of the Musterstadt example (survey.simulation, made
into the analysis dataset by DatasetBuilder), released again and again with
nothing suppressed; for every count cell, whether its 95 % interval holds the
exact count. Cells are told apart by how their noise was made: an option's
count of a multiple choice measured centred (its noise shared with its
group's "answered" count), a status cell of such a table, and a cell counted
on its own (true zeros apart: their interval is one-sided). A release's cells
are not independent draws, so the binomial standard error printed is a lower
bound on the true one.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from release_optimality_example import example_plan, simulated_frame

from analysis.compute import compute, exact_tables
from analysis.intervals import Z95
from analysis.plans.layout import layouts
from analysis.tabulate import Coder
from tests.support.builders import example_instrument

Key = tuple[str, str | None, str, tuple[tuple[str, str], ...]]
LARGE = 200
"""Counts above this are far enough from 0 that their interval is the estimate ± 1.96 stated σ."""


def exact_cells(seed: int, respondents: int) -> tuple[object, object, object, dict[Key, tuple[float, str]]]:
    """The plan, instrument, frame and every count cell's exact value and class."""
    instrument = example_instrument()
    plan = example_plan(instrument)
    frame = simulated_frame(instrument, respondents, seed)
    coder = Coder(frame)
    cells: dict[Key, tuple[float, str]] = {}
    for shape in layouts(plan, instrument):
        if shape.table.kind not in ("counts", "matrix", "representation"):
            continue
        vector, start = np.asarray(exact_tables([shape], coder)[0]["counts"]), 0
        for block in shape.blocks:
            values = vector[start : start + block.cells].reshape(block.shape)
            start += block.cells
            matrix = shape.table.kind == "matrix"
            row = block.dims[0].name.removeprefix(shape.table.measure + "__") if matrix else None
            for index in np.ndindex(*block.shape):
                by = tuple(sorted((d.name, d.categories[i]) for d, i in zip(block.dims[1:], index[1:], strict=True)))
                if shape.axis is None:
                    kind = "counted on its own"
                else:
                    status = index[shape.axis] in block.dims[shape.axis].partition
                    kind = "centred, status cell" if status else "centred, option's count"
                truth = float(values[index])
                cells[shape.table.id, row, block.dims[0].categories[index[0]], by] = (
                    truth,
                    kind + (", true 0" if truth == 0 else ""),
                )
    return plan, instrument, frame, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--rho", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    plan, instrument, frame, cells = exact_cells(args.seed, args.respondents)
    covered: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    errors: dict[Key, list[float]] = defaultdict(list)
    stated: dict[Key, float] = {}
    for _ in range(args.releases):
        for table in compute(plan, instrument, frame, args.rho).tables:  # type: ignore[arg-type]
            for cell in table.cells:
                key = (table.id, cell.row, str(cell.measure), tuple(sorted(cell.by.items())))
                if key not in cells or cell.low is None or cell.high is None:
                    continue
                truth, kind = cells[key]
                seen[kind] += 1
                covered[kind] += cell.low <= truth <= cell.high
                if truth > LARGE:  # far from 0 the interval is the estimate ± 1.96 σ: σ as stated
                    value = cell.unclamped if cell.unclamped is not None else cell.estimate
                    errors[key].append(float(value or 0.0) - truth)
                    stated[key] = (cell.high - cell.low) / (2 * Z95)
    print(f"{args.releases:,} releases of {args.respondents:,} respondents, ρ = {args.rho}, seed {args.seed}\n")
    print("| cells | cell-releases | coverage | binomial SE (lower bound) |\n|---|---:|---:|---:|")
    for kind in sorted(seen):
        share = covered[kind] / seen[kind]
        print(f"| {kind} | {seen[kind]:,} | {share:.2%} | {(0.95 * 0.05 / seen[kind]) ** 0.5:.2%} |")
    ratios: dict[str, list[float]] = defaultdict(list)
    for key, sd in stated.items():
        ratios[cells[key][1]].append(float(np.var(errors[key])) / sd**2)
    print(f"\nCounts above {LARGE}: the noise's variance over the releases / the variance the interval states")
    for kind, found in sorted(ratios.items()):
        spread = float(np.std(found)) / len(found) ** 0.5
        print(f"  {kind}: {float(np.mean(found)):.3f} ± {spread:.3f} ({len(found)} cells)")


if __name__ == "__main__":
    main()

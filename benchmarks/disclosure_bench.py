"""Secondary suppression and the disclosure audit as figures (run by hand; prints, asserts nothing).

    python benchmarks/disclosure_bench.py                 # the example at 800, 5,000 and 20,000 respondents
    python benchmarks/disclosure_bench.py --sizes 800 --repeat 5

For each size: releases of the Musterstadt example's plan (ρ = 0.15, as the
demo) over simulated respondents; with ``--standard``, of the larger plan of
benchmarks/release_bench.py (every outcome and breakdown, both matrices by
every self-identification option: 2,568 count cells). Per release: count cells, the suppressed
cells the attack pins below the protection range with primary suppression
alone, the cells hidden (primary, secondary), and the seconds secondary
suppression takes; then the audit of the stored release, read exactly and as
printed, with its time. Figures are the mean over the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from release_bench import standard_plan  # noqa: E402  (this folder is on the path when run as a script)

from analysis.audit import Reading, audit  # noqa: E402
from analysis.compute import compute  # noqa: E402
from analysis.plans.model import AnalysisPlan  # noqa: E402
from analysis.releases.making import make_release  # noqa: E402
from tests.integration.attacks.test_release_disclosure import EXAMPLE, _example_inputs  # noqa: E402

COLUMNS = ("respondents", "count cells", "exposed, primary only", "primary", "secondary", "protect s", "audit s",
           "disclosed exact", "disclosed printed")  # fmt: skip


def one(n: int, standard: bool) -> dict[str, float]:
    plan, instrument, frame, rho = _example_inputs(n)
    if standard:
        plan = standard_plan(instrument)
    raw = compute(plan, instrument, frame, rho)
    counted = [t for t in raw.tables if t.kind.counted]
    tables = [t.stored() for t in raw.tables]
    exposed = audit([("raw", {"tables": tables} | _frame_body(plan))], Reading.exact()).disclosed
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    made = make_release(plan, text, instrument, frame, "mac", rho)
    started = time.perf_counter()
    exact = audit([(made.release_id, made.body)], Reading.exact()).disclosed
    printed = audit([(made.release_id, made.body)], Reading.printed()).disclosed
    return {
        "respondents": n,
        "count cells": sum(len(t.cells) for t in counted),
        "exposed, primary only": exposed,
        "primary": made.suppression.primary,
        "secondary": made.suppression.secondary,
        "protect s": made.suppression.seconds,
        "audit s": (time.perf_counter() - started) / 2,
        "disclosed exact": exact,
        "disclosed printed": printed,
    }


def _frame_body(plan: AnalysisPlan) -> dict[str, object]:
    """The parts of a body the audit reads besides its tables."""
    return {
        "format": 1,
        "plan": {"id": "bench", "tables": []},
        "plan_hash": "sha256:bench",
        "instrument": {"id": "bench", "version": "1"},
        "privacy": {"rho": 0.15, "epsilon": 1.0, "delta": 1e-7},
        "publication": plan.publication.model_dump(mode="json"),
        "created_at": "2026-12-06T00:00:00+00:00",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[800, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--standard", action="store_true", help="the standard plan of release_bench.py")
    args = parser.parse_args()
    print(" | ".join(COLUMNS))
    for n in args.sizes:
        runs = [one(n, args.standard) for _ in range(args.repeat)]
        means = [statistics.fmean(r[c] for r in runs) for c in COLUMNS]
        print(
            " | ".join(
                f"{m:.0f}" if c not in ("protect s", "audit s") else f"{m:.2f}"
                for c, m in zip(COLUMNS, means, strict=True)
            )
        )


if __name__ == "__main__":
    main()

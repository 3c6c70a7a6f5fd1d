"""Sealing and opening throughput (run by hand: python benchmarks/sealing_bench.py [N]).

Seals N answer sets in envelopes of 10,000 rows, then opens them all, for
both suites: as JSON rows (answer sets shaped like the Musterstadt example's,
about 40 answers each), and as coded rows (simulated respondents of the
example, with its layout; opening = decrypting, as the dataset reads them).
Prints rows per second and the process's peak resident memory.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

from anonymize.columnar.layout import Layout
from anonymize.keys.pair import PrivateKey, SuiteName
from anonymize.sealing import Opener, RowContext, Sealer
from instruments.loader import load_instrument
from survey.simulation.simulator import simulate

BATCH = 10_000


def answers(i: int) -> dict[str, Any]:
    base: dict[str, Any] = {f"q{j}": ("yes" if (i + j) % 3 else "no") for j in range(30)}
    base["gender"] = ["woman"] if i % 2 else ["man", "trans"]
    base["discr_5y"] = {d: "no" for d in ("work", "housing", "education", "health", "police", "online")}
    base["age_band"] = "25_34"
    base["trust"] = i % 5 + 1
    return base


def run(suite: SuiteName, n: int, layout: Layout | None, data: list[dict[str, Any]]) -> None:
    key = PrivateKey.generate(suite)
    public = key.public_key()
    start = time.perf_counter()
    sealed = []
    for lo in range(0, n, BATCH):
        sealer = Sealer(public, layout)
        rows = [
            sealer.seal(RowContext(f"{i:064x}", "musterstadt-2026", "1.0.0"), data[i])
            for i in range(lo, min(n, lo + BATCH))
        ]
        sealed.append((sealer.envelope, rows))
    seal_s = time.perf_counter() - start
    start = time.perf_counter()
    opener = Opener([key])
    read = opener.open if layout is None else opener.open_plain
    opened = sum(1 for envelope, rows in sealed for row in rows if read(envelope, row))
    open_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if opened != n:
        raise SystemExit(f"opened {opened} of {n} rows")
    rows_as = "JSON " if layout is None else "coded"
    print(
        f"{suite:16} {rows_as} seal {n / seal_s:10,.0f} rows/s   open {n / open_s:10,.0f} rows/s"
        f"   peak RSS so far {peak_mb:7.1f} MB"
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    example = load_instrument(
        Path(__file__).resolve().parent.parent / "examples/musterstadt/instrument.yaml"
    ).instrument
    people = simulate(example, min(count, 5_000), seed=1)
    for s in SuiteName:
        run(s, count, None, [answers(i) for i in range(count)])
        run(s, count, Layout.of(example), [people[i % len(people)] for i in range(count)])

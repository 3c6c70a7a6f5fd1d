"""OpenDP's Gaussian sampling per noisy value, on its finest float lattice and on eqsurvey's (run by hand).

    python benchmarks/noise_bench.py            # vectors of 400 and 3,000 values, best of 5

Prints microseconds per value for OpenDP's default lattice for floats (k = −1074,
exact big-integer arithmetic) and for the lattice :mod:`analysis.mechanisms`
uses (2^LATTICE_K over a vector of known length), at the scale of a typical
part, and the cost of calibrating one part (measurement and privacy map).
"""

from __future__ import annotations

import argparse
import time

from analysis.mechanisms import LATTICE_K, _calibrated
from analysis.opendp_core import opendp


def per_value(measurement: object, values: list[float], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        measurement(values)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best / len(values) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 3000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    dp = opendp()
    scale = 8.0
    print(f"OpenDP Gaussian, scale {scale}: microseconds per noisy value (best of {args.rounds})")
    for size in args.sizes:
        values = [float(i % 97) for i in range(size)]
        finest = dp.m.make_gaussian(
            dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l2_distance(T=float), scale=scale
        )
        ours = dp.m.make_gaussian(
            dp.vector_domain(dp.atom_domain(T=float, nan=False), size=size),
            dp.l2_distance(T=float),
            scale=scale,
            k=LATTICE_K,
        )
        slow, fast = per_value(finest, values, args.rounds), per_value(ours, values, args.rounds)
        print(f"  {size:>6,} values: k = -1074 {slow:6.1f} µs, k = {LATTICE_K} {fast:6.1f} µs ({slow / fast:.1f}×)")
    start = time.perf_counter()
    for i in range(50):
        _calibrated(2.0, 0.01 + i * 1e-4, 400)  # distinct budgets: no cached measurement
    print(
        f"  calibrating one part (closed form, one measurement, one map): {(time.perf_counter() - start) * 20:.2f} ms"
    )


if __name__ == "__main__":
    main()

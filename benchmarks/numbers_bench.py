"""How long reports take to write their numbers (run by hand; prints figures, asserts nothing).

    python benchmarks/numbers_bench.py               # µs per value, ms per annex of 3,000 respondents
    python benchmarks/numbers_bench.py --values 20000 --respondents 1000

Per value: the median of five runs over the same seeded values, for each kind of number a
report writes (:class:`reports.numbers.Numbers`: a share, a count, a difference in points, a
significant ρ) in German and English, for :class:`kernel.i18n.NumberFormat` and for the one-call
functions of :mod:`kernel.i18n.formats`; "cold" with a formatter that has written nothing yet,
"warm" with one that wrote the same values before (it remembers texts it wrote). Beside them,
Python's own ``f"{value:.1f}"`` as the floor a hand-written formatter would reach (it knows
neither the language's separators nor its percent pattern).

Per annex: the median wall time of building and rendering the HTML annex
(:func:`reports.render.render_release`) of one release of the synthetic survey
(tests/unit/analysis/synthetic.py) with that many respondents, in German and in English, and
how many numbers it writes (the release's noise is drawn afresh by OpenDP in each run of this
script, so which cells are suppressed, and so that count, varies a little).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import numpy as np

from kernel.i18n import format_decimal, format_percent
from kernel.i18n.formats import NumberFormat
from reports.numbers import Numbers


def _per_value(make: Callable[[], Callable[[float], str]], values: list[float], runs: int = 5) -> tuple[float, float]:
    """Median µs per value of writing every value once: with a new formatter each run (cold: it has
    written nothing yet), and with one formatter that has written these values before (warm)."""
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(runs):
        write = make()
        for times in (cold, warm):
            start = time.perf_counter()
            for value in values:
                write(value)
            times.append(time.perf_counter() - start)
    return statistics.median(cold) / len(values) * 1e6, statistics.median(warm) / len(values) * 1e6


def _annex_ms(respondents: int, lang: str, runs: int = 5) -> float:
    from reports.render import render_release
    from tests.unit.analysis.synthetic import INSTRUMENT
    from tests.unit.reports.releases import release, typed

    body = typed(release(n=respondents))
    render_release(body, INSTRUMENT, lang, "html")  # catalogues and templates read once, as in a process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_release(body, INSTRUMENT, lang, "html")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def _count_calls(respondents: int, lang: str) -> int:
    """How many numbers the annex writes (every call of the formatter it goes through)."""
    from reports.render import render_release
    from tests.unit.analysis.synthetic import INSTRUMENT
    from tests.unit.reports.releases import release, typed

    calls = 0
    original = Numbers._fixed

    def counted(self: Numbers, value: float | Decimal, digits: int) -> str:
        nonlocal calls
        calls += 1
        return original(self, value, digits)

    Numbers._fixed = counted  # type: ignore[method-assign]
    try:
        render_release(typed(release(n=respondents)), INSTRUMENT, lang, "html")
    finally:
        Numbers._fixed = original  # type: ignore[method-assign]
    return calls


def _writer(name: str, tag: str) -> Callable[[float], str]:
    """A new formatter's method for one row of the table."""
    numbers, fmt = Numbers(tag), NumberFormat(tag)
    writers: dict[str, Callable[[float], str]] = {
        "Numbers.share": numbers.share,
        "Numbers.count": numbers.count,
        "Numbers.points": numbers.points,
        "Numbers.significant": numbers.significant,
        "NumberFormat.percent": fmt.percent,
        "NumberFormat.decimal": fmt.decimal,
        "format_percent (one call)": functools.partial(_one_percent, tag=tag),
        "format_decimal (one call)": functools.partial(_one_decimal, tag=tag),
    }
    return writers[name]


def _floor(value: float) -> str:
    return f"{100 * value:.1f}"


def _one_percent(value: float, tag: str) -> str:
    return format_percent(value, tag)


def _one_decimal(value: float, tag: str) -> str:
    return format_decimal(value, tag)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=50_000, help="values per kind of number")
    parser.add_argument("--respondents", type=int, default=3_000, help="respondents of the annex's release")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    shares = [float(x) for x in rng.random(args.values)]
    counts = [float(x) for x in rng.integers(0, 250_000, args.values)]
    rhos = [float(x) for x in rng.lognormal(-3, 3, args.values)]

    print(f"µs per value ({args.values:,} values, median of 5 runs)      cold    warm")
    floor = _per_value(lambda: _floor, shares)
    print(f"  {'floor: f-string':34} {floor[0]:7.2f} {floor[1]:7.2f}")
    for tag in ("de", "en-GB"):
        rows = [
            ("Numbers.share", shares),
            ("Numbers.count", counts),
            ("Numbers.points", shares),
            ("Numbers.significant", rhos),
            ("NumberFormat.percent", shares),
            ("NumberFormat.decimal", counts),
            ("format_percent (one call)", shares),
            ("format_decimal (one call)", counts),
        ]
        for name, values in rows:
            cold, warm = _per_value(functools.partial(_writer, name, tag), values)
            print(f"  {tag:5} {name:28} {cold:7.2f} {warm:7.2f}")

    print(f"HTML annex of {args.respondents:,} respondents (median of 5 runs)")
    for lang in ("de", "en"):
        ms = _annex_ms(args.respondents, lang)
        calls = _count_calls(args.respondents, lang)
        print(f"  {lang}: {ms:7.1f} ms, {calls:,} numbers written")


if __name__ == "__main__":
    main()

"""Benchmarks of the instrument layer (run by hand: python benchmarks/instruments_bench.py).

Prints: start-up time of `eqsurvey --help`, time to load and validate the
example instrument, and the time of each conversion (render, XLSForm out and
back in, JSON Schema), as the median of several runs, plus peak memory.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "musterstadt" / "instrument.yaml"


def median_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cli_ms(*args: str, runs: int = 7) -> float:
    def call() -> None:
        subprocess.run([sys.executable, "-m", "eqsurvey", *args], check=True, capture_output=True)

    return median_ms(call, runs)


def main() -> None:
    from instruments.answers_schema import answers_json_schema
    from instruments.loader import load_instrument
    from instruments.printable.page import render_questionnaire
    from instruments.xlsform.export import export_xlsform
    from instruments.xlsform.importer import import_form

    inst = load_instrument(EXAMPLE).instrument
    questions = sum(1 for _ in inst.questions())
    print(f"example instrument: {questions} questions, {len(inst.sections)} sections, {len(inst.languages)} languages")
    print(f"eqsurvey --help (new process, median of 7):         {cli_ms('--help'):8.1f} ms")
    print(
        f"eqsurvey instrument validate (new process):          {cli_ms('instrument', 'validate', str(EXAMPLE)):8.1f} ms"
    )
    print(
        f"load + validate example in process (median of 20):   {median_ms(lambda: load_instrument(EXAMPLE), 20):8.1f} ms"
    )
    print(
        f"render questionnaire HTML (de):                       {median_ms(lambda: render_questionnaire(inst, 'de'), 10):8.1f} ms"
    )
    print(
        f"answers JSON Schema:                                  {median_ms(lambda: answers_json_schema(inst), 10):8.1f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "form.xlsx"
        print(
            f"XLSForm export:                                       {median_ms(lambda: export_xlsform(inst, xlsx), 5):8.1f} ms"
        )
        print(
            f"XLSForm import:                                       {median_ms(lambda: import_form(xlsx), 5):8.1f} ms"
        )
    tracemalloc.start()
    load_instrument(EXAMPLE)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory while loading the example:         {peak / 1e6:8.2f} MB")


if __name__ == "__main__":
    main()

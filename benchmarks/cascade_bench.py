"""Benchmark of a large cascading select (run by hand: python benchmarks/cascade_bench.py).

Builds an XLSForm of 50 states, 1,000 counties and 10,000 cities, each list
filtered by the answer before (``choice_filter``), and prints the time to
import it (every city becomes an option with its own condition), to simulate
respondents as the form offers, and to check their answers one by one.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import openpyxl

from instruments.submission import check_answers
from instruments.xlsform.importer import import_form
from survey.simulation.simulator import simulate

STATES, COUNTIES, CITIES = 50, 20, 10  # counties per state, cities per county


def cascade_form(path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    survey = book.create_sheet("survey")
    survey.append(["type", "name", "label", "choice_filter"])
    survey.append(["select_one states", "st", "State", ""])
    survey.append(["select_one counties", "county", "County", "st = ${st}"])
    survey.append(["select_one cities", "city", "City", "county = ${county}"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label", "st", "county"])
    for s in range(STATES):
        choices.append(["states", f"s{s}", f"State {s}", "", ""])
    for s in range(STATES):
        for c in range(COUNTIES):
            choices.append(["counties", f"c{s}_{c}", f"County {s}.{c}", f"s{s}", ""])
            for t in range(CITIES):
                choices.append(["cities", f"t{s}_{c}_{t}", f"City {s}.{c}.{t}", "", f"c{s}_{c}"])
    book.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cascade.xlsx"
        cascade_form(path)
        start = time.perf_counter()
        instrument = import_form(path).instrument
        print(
            f"import: {time.perf_counter() - start:.2f} s ({STATES * COUNTIES * CITIES:,} cities, each with a condition)"
        )
    n = 2000
    start = time.perf_counter()
    respondents = simulate(instrument, n, 1)
    print(f"simulate {n:,} respondents: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    refused = sum(bool(check_answers(instrument, answers).problems) for answers in respondents)
    took = time.perf_counter() - start
    print(f"check {n:,} responses one by one: {took:.2f} s ({n / took:,.0f} per second), refused {refused}")


if __name__ == "__main__":
    main()

"""The data-protection documents: time to gather the facts and write the full set (run by hand; prints figures).

    python benchmarks/documents.py            # the Musterstadt example, 3 rounds
    python benchmarks/documents.py --rounds 5

Each round makes a fresh project from the Musterstadt example with keys, then
times gathering its facts, building every document in German and English, and
rendering each format (HTML, DOCX, PDF), as ``eqsurvey documents`` does; the
best and the median round are printed per step and for the whole set.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eqsurvey.config import load_project
from eqsurvey.workflows.documents import FORMATS, build, gather, render
from reports.documents import KINDS, LANGUAGES
from tests.support.documents import example_project


def one_round(folder: Path) -> dict[str, float]:
    example_project(folder)
    project = load_project(folder)
    times: dict[str, float] = {}
    start = time.perf_counter()
    facts = gather(project)
    times["gather facts"] = time.perf_counter() - start
    start = time.perf_counter()
    documents = build(facts, list(KINDS), list(LANGUAGES))
    times["build documents"] = time.perf_counter() - start
    for fmt in FORMATS:
        start = time.perf_counter()
        for doc in documents:
            render(doc, fmt)
        times[f"render {fmt}"] = time.perf_counter() - start
    times["full set"] = sum(times.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            rounds.append(one_round(Path(tmp) / f"p{n}"))
    count = len(KINDS) * len(LANGUAGES)
    print(f"{count} documents ({', '.join(KINDS)} in {', '.join(LANGUAGES)}), {args.rounds} rounds")
    for step in rounds[0]:
        values = [r[step] for r in rounds]
        print(f"  {step:<16} best {min(values) * 1000:8.0f} ms   median {statistics.median(values) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()

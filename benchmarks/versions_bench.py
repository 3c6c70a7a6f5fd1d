"""Opening responses of an earlier instrument version (run by hand: python benchmarks/versions_bench.py [N]).

N simulated respondents of the Musterstadt example are added to the analysis
dataset twice: as answers of the current version, and as answers of an
earlier version (one option more in a multiple-choice question) carried
through the drafted version mapping. Prints rows per second for both and how
many answers the mapping did not carry.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from anonymize.analysis_dataset import DatasetBuilder
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import MultiChoice, Option
from instruments.versions.draft import draft_mapping
from instruments.versions.mapping import VersionBridge
from instruments.versions.mapping_file import build_step
from kernel.yaml_source import load_yaml
from survey.simulation.simulator import simulate

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 10_000


def earlier_version(current: Instrument) -> tuple[Instrument, str]:
    """The current instrument with an extra option in a multiple-choice question no derived variable reads."""
    derived = str(current.model_dump(include={"derived"}))
    target = next(q for q in current.questions() if isinstance(q, MultiChoice) and q.id not in derived)
    data = current.model_dump(mode="json")
    data["version"] = "0.9.0"
    for section in data["sections"]:
        for q in section["questions"]:
            if q["id"] == target.id:
                q["options"].insert(0, Option(code="retired", label=dict(target.label)).model_dump(mode="json"))
    return Instrument.model_validate(data), target.id


def timed_add(builder: DatasetBuilder, rows: list[tuple[str, dict[str, Any], str]]) -> float:
    start = time.perf_counter()
    for i in range(0, len(rows), CHUNK):
        builder.add(rows[i : i + CHUNK])
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    current = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
    old, qid = earlier_version(current)
    step = build_step(load_yaml(draft_mapping(old, current), "draft"), "draft", old, current)
    bridge = VersionBridge(current, {old.version: step})
    people = simulate(old, n, seed=1)
    for i, answers in enumerate(people):  # a tenth of them ticked the retired option
        if i % 10 == 0 and isinstance(answers.get(qid), list) and "prefer_not_to_say" not in answers[qid]:
            answers[qid] = ["retired", *answers[qid]]
    rows = [(f"p{i:09d}", a, "2026-05-01") for i, a in enumerate(people)]

    here = timed_add(DatasetBuilder(current), [(p, {k: v for k, v in a.items() if k != qid}, d) for p, a, d in rows])
    start = time.perf_counter()
    lost = 0
    carried = []
    for p, a, d in rows:
        moved, losses = bridge.carry(old.version, a)
        lost += len(losses)
        carried.append((p, moved, d))
    carry = time.perf_counter() - start
    added = timed_add(DatasetBuilder(current), carried)
    print(f"{n:,} respondents of the Musterstadt example ({qid}: option 'retired' removed in {current.version})")
    print(f"  current version, added as they are:   {n / here:>10,.0f} rows/s")
    print(
        f"  earlier version, carried then added:  {n / (carry + added):>10,.0f} rows/s (carrying {n / carry:,.0f} rows/s)"
    )
    print(f"  answers not carried (counted): {lost:,}")


if __name__ == "__main__":
    main()

"""How long a save from the console's questionnaire forms takes (run by hand; prints figures).

    python benchmarks/questionnaire_save_bench.py            # 40 saves of each kind
    python benchmarks/questionnaire_save_bench.py --rounds 100

On a copy of the Musterstadt example in a temporary folder, each kind of save is made
``--rounds`` times through ``instruments.editing.edit_instrument``: the file read and validated,
the edit applied to the round-trip document, the result validated again, the version measured
against the last kept version, and the file written atomically. Printed: p50 and p95 in
milliseconds per kind. A save that changes nothing writes nothing and is timed too. A scale, a number and a matrix
question of the survey's own are added first (untimed), for the saves of their points, range and rows.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from instruments.editing import (
    AddQuestion,
    Edit,
    SetBounds,
    SetCondition,
    SetOptionLabel,
    SetPointLabel,
    SetQuestionText,
    SetRowLabel,
    SetText,
    edit_instrument,
    read_instrument_file,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "musterstadt" / "instrument.yaml"


def _kinds() -> dict[str, Callable[[int], list[Edit]]]:
    return {
        "title (wording)": lambda i: [SetText("title", "en", f"Diversity in Musterstadt, round {i}")],
        "question text": lambda i: [SetQuestionText("ms_suggestions", "label", "en", f"What should we do? ({i})")],
        "option label": lambda i: [SetOptionLabel("ms_district", "nordstadt", "en", f"North {i}")],
        "skip logic": lambda i: [SetCondition("ms_suggestions", "ms_district == 'nordstadt'" if i % 2 == 0 else None)],
        "scale point label": lambda i: [SetPointLabel("ms_satisfied", 2, "en", f"somewhat ({i})")],
        "number range": lambda i: [SetBounds("ms_years", 0, 101 + i)],
        "matrix row label": lambda i: [SetRowLabel("ms_safe", "bus", "en", f"On the bus ({i})")],
        "nothing changed": lambda i: [
            SetText("title", "de", "Vielfalt und Diskriminierung in Musterstadt – Befragung 2026")
        ],
    }


def _label(de: str, en: str) -> dict[str, str]:
    return {"de": de, "en": en}


_OWN: list[dict[str, object]] = [
    {
        "id": "ms_satisfied",
        "type": "scale",
        "label": _label("Wie zufrieden sind Sie?", "How satisfied are you?"),
        "points": [{"value": v, "label": _label(f"Stufe {v}", f"point {v}")} for v in (1, 2, 3)],
    },
    {"id": "ms_years", "type": "number", "label": _label("Jahre hier?", "Years here?"), "min": 0, "max": 100},
    {
        "id": "ms_safe",
        "type": "matrix",
        "label": _label("Wie sicher?", "How safe?"),
        "rows": [{"code": "bus", "label": _label("Im Bus", "On the bus")}],
        "options": [{"code": c, "label": _label(c, c)} for c in ("safe", "unsafe")],
    },
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "instrument.yaml"
        shutil.copy(EXAMPLE, path)
        added = [AddQuestion("trust", spec) for spec in _OWN]
        if not edit_instrument(path, added, read_digest=read_instrument_file(path).digest, root=Path(folder)).saved:
            raise SystemExit("the scale, number and matrix questions could not be added")
        print(f"{'save':<18} {'p50 ms':>8} {'p95 ms':>8}")
        for name, edits in _kinds().items():
            times = []
            for i in range(rounds):
                digest = read_instrument_file(path).digest
                start = time.perf_counter()
                result = edit_instrument(path, edits(i), read_digest=digest, root=Path(folder))
                times.append((time.perf_counter() - start) * 1000)
                if result.saved == (name == "nothing changed"):
                    raise SystemExit(f"the save '{name}' did not do what it is timed for: {result.problems}")
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"{name:<18} {statistics.median(times):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()

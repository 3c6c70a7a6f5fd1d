"""Importing KoboToolbox submissions of two form versions (run by hand: python benchmarks/kobo_versions_bench.py [N]).

N simulated respondents of the Musterstadt example, written as Kobo's JSON and
CSV exports, are imported into a fresh SQLite store three ways: read against
the instrument without looking at ``__version__`` (as before versions were
told apart), routed with every row of the current version, and routed with
half the rows of an earlier version (one option more in a multiple-choice
question), stored under it. Prints rows per second for each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import MultiChoice, Option
from survey.importers.kobo.responses import read_kobo
from survey.importers.kobo.versions import VersionRouting
from survey.importers.kobo.write import write_kobo_csv, write_kobo_json
from survey.intake.ingest import ingest
from survey.simulation.simulator import simulate
from survey.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def earlier_version(current: Instrument) -> Instrument:
    """The current instrument with an extra option in a multiple-choice question no derived variable reads."""
    derived = str(current.model_dump(include={"derived"}))
    target = next(q for q in current.questions() if isinstance(q, MultiChoice) and q.id not in derived)
    data = current.model_dump(mode="json")
    data["version"] = "0.9.0"
    for section in data["sections"]:
        for q in section["questions"]:
            if q["id"] == target.id:
                q["options"].insert(0, Option(code="retired", label=dict(target.label)).model_dump(mode="json"))
    return Instrument.model_validate(data)


def _export(current: Instrument, old: Instrument, people: list[dict[str, Any]], mixed: bool, as_csv: bool) -> str:
    """Kobo's export of ``people``; with ``mixed``, every second one named as collected under ``old``."""
    write = write_kobo_csv if as_csv else write_kobo_json
    text = write(current, people)
    if not mixed:
        return text
    if as_csv:
        lines = text.splitlines()
        body = [line.rsplit(";", 1)[0] + ";0.9.0" if i % 2 else line for i, line in enumerate(lines[1:])]
        return "\n".join([lines[0], *body]) + "\n"
    return text.replace(f'"__version__": "{current.version}"', '"__version__": "0.9.0"', len(people) // 2)


def timed(instrument: Instrument, path: Path, routing: VersionRouting | None, folder: Path) -> tuple[int, float]:
    key, secret = PrivateKey.generate(), PseudonymSecret.generate()
    store = open_store("sqlite:///responses.sqlite", folder)
    start = time.perf_counter()
    report = ingest(
        store,
        instrument,
        key.public_key(),
        secret,
        read_kobo(instrument, path, routing=routing),
        digest="sha256:bench",
        source="import:kobo",
    )
    seconds = time.perf_counter() - start
    store.close()
    return report.stored, seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    current = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
    old = earlier_version(current)
    people = simulate(current, n, seed=1)
    for as_csv in (False, True):
        for label, routed, mixed in (
            ("unrouted", False, False),
            ("one version", True, False),
            ("half earlier", True, True),
        ):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                path = folder / ("export.csv" if as_csv else "export.json")
                path.write_text(_export(current, old, people, mixed, as_csv), encoding="utf-8")
                routing = VersionRouting(current, [old]) if routed else None
                stored, seconds = timed(current, path, routing, folder)
                under = routing.routed if routing else {}
                print(
                    f"{'csv ' if as_csv else 'json'} {label:13} {stored:>7} stored in {seconds:6.2f} s  "
                    f"{stored / seconds:>8,.0f} rows/s  by version {under}"
                )


if __name__ == "__main__":
    main()

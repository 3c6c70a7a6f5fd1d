"""Import and open throughput of the protected store (run by hand; prints figures, asserts nothing).

    python benchmarks/store_bench.py                 # 100,000 and 1,000,000 responses
    python benchmarks/store_bench.py --sizes 10000   # a quick run

For each size: synthetic responses of the Musterstadt example are written as
eqsurvey CSV, with a ``response_id`` column as a platform's export has one;
then, each phase in a fresh process so its peak memory is its own, the file
is imported (read, checked, pseudonymised, sealed, stored in SQLite), the same
export is imported again re-saved with CRLF line endings and a byte-order mark
(every row recognised, nothing stored), and the store is opened into the
analysis dataset (one worker process per core; peak memory is the phase's own
plus its largest worker's). Simulating a million respondents takes a while:
the file is made from a smaller simulated set repeated, with distinct access
codes and response ids, which costs the import the same.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INSTRUMENT = ROOT / "examples" / "musterstadt" / "instrument.yaml"
SIMULATED = 20_000
PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105


def _peak_mib() -> float:
    """Peak resident memory of this process, and of the largest worker process it started (if any)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own + workers


def make_file(path: Path, n: int) -> None:
    from instruments.loader import load_instrument
    from survey.importers.csv_format import write_csv
    from survey.simulation.simulator import simulate

    instrument = load_instrument(INSTRUMENT).instrument
    people = simulate(instrument, min(n, SIMULATED), seed=1)
    with path.open("w", encoding="utf-8") as handle:
        done = 0
        while done < n:
            chunk = people[: n - done]
            text = write_csv(instrument, chunk, [f"BENCH-{done + i:08d}" for i in range(len(chunk))])
            lines = text.splitlines()
            # The response's id at its source, first: what recognises it when the export is imported again.
            head = [f"response_id,{lines[0]}"] if done == 0 else []
            body = [f"R-{done + i:08d},{line}" for i, line in enumerate(lines[1:])]
            handle.write("\n".join([*head, *body]) + "\n")
            done += len(chunk)
    resaved = path.with_name("resaved.csv")
    resaved.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


def _timed_ingest(store: Any, instrument: Any, keys: tuple[Any, Any], csv_path: Path, digest: str) -> tuple[Any, float]:
    """One import of the export through the real path (``keys``: private key, pseudonym secret), and its wall time."""
    key, secret = keys
    from survey.importers.csv_format import read_csv
    from survey.intake.ingest import ingest

    start = time.perf_counter()
    report = ingest(store, instrument, key.public_key(), secret, read_csv(instrument, csv_path), digest=digest,
                    source="bench")  # fmt: skip
    return report, time.perf_counter() - start


def phase_import(csv_path: Path, store_dir: Path) -> dict[str, float]:
    from anonymize.keys.pair import PrivateKey
    from anonymize.pseudonyms import PseudonymSecret
    from instruments.loader import load_instrument
    from survey.store import open_store

    instrument = load_instrument(INSTRUMENT).instrument
    key = PrivateKey.generate()
    # A small scrypt cost: the benchmark measures responses, not the passphrase's key derivation.
    (store_dir / "key.json").write_text(key.encrypt(PASSPHRASE, scrypt_n=2**10))
    secret = PseudonymSecret.generate()
    (store_dir / "secret.json").write_text(secret.to_json())
    store = open_store("sqlite:///responses.sqlite", store_dir)
    report, seconds = _timed_ingest(store, instrument, (key, secret), csv_path, "sha256:bench")
    store.close()
    return {"rows": report.stored, "seconds": seconds, "rows_per_s": report.stored / seconds, "peak_mib": _peak_mib()}


def phase_reimport(csv_path: Path, store_dir: Path) -> dict[str, float]:
    """The same export again, re-saved: every row recognised as stored, nothing written."""
    from anonymize.keys.pair import PrivateKey
    from anonymize.pseudonyms import PseudonymSecret
    from instruments.loader import load_instrument
    from survey.store import open_store

    instrument = load_instrument(INSTRUMENT).instrument
    key = PrivateKey.decrypt((store_dir / "key.json").read_text(), PASSPHRASE, "key.json")
    secret = PseudonymSecret.from_json((store_dir / "secret.json").read_text(), "secret.json")
    store = open_store("sqlite:///responses.sqlite", store_dir)
    before = store.count()
    report, seconds = _timed_ingest(store, instrument, (key, secret), csv_path, "sha256:again")
    if report.stored or report.unchanged != before or store.count() != before:
        raise SystemExit(f"re-import stored {report.stored}, recognised {report.unchanged} of {before}")
    store.close()
    rows = report.unchanged
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "peak_mib": _peak_mib()}


def phase_open(store_dir: Path) -> dict[str, float]:
    from anonymize.keys.pair import PrivateKey
    from anonymize.redaction import Redactor
    from anonymize.sealing import Opener
    from instruments.loader import load_instrument
    from survey.opening.export import open_dataset
    from survey.store import open_store

    instrument = load_instrument(INSTRUMENT).instrument
    key = PrivateKey.decrypt((store_dir / "key.json").read_text(), PASSPHRASE, "key.json")
    store = open_store("sqlite:///responses.sqlite", store_dir)
    start = time.perf_counter()
    dataset = open_dataset(store, instrument, Opener([key]), Redactor())
    seconds = time.perf_counter() - start
    store.close()
    rows = len(dataset.frame)
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "peak_mib": _peak_mib()}


def _child(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--phase", choices=["import", "reimport", "open"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "import":
        print(json.dumps(phase_import(args.csv, args.dir)))
        return
    if args.phase == "reimport":
        print(json.dumps(phase_reimport(args.csv, args.dir)))
        return
    if args.phase == "open":
        print(json.dumps(phase_open(args.dir)))
        return
    print(f"{'responses':>10} {'phase':>8} {'seconds':>8} {'rows/s':>9} {'peak MiB':>9}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            make_file(work / "responses.csv", n)
            phases: tuple[tuple[str, list[str]], ...] = (
                ("import", ["--csv", str(work / "responses.csv")]),
                ("reimport", ["--csv", str(work / "resaved.csv")]),
                ("open", []),
            )
            for phase, extra in phases:
                r = _child(["--phase", phase, "--dir", str(work), *extra])
                print(
                    f"{int(r['rows']):>10,} {phase:>8} {r['seconds']:>8.2f} {r['rows_per_s']:>9,.0f} {r['peak_mib']:>9,.0f}"
                )


if __name__ == "__main__":
    main()

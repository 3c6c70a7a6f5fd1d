"""Importing LimeSurvey responses from a survey archive (.lsa) and then from the CSV export (run by hand; prints figures).

    python benchmarks/limesurvey_archive_bench.py                 # 20,000 responses
    python benchmarks/limesurvey_archive_bench.py --sizes 2000    # a quick run

The survey of tests/limesurvey_files.py (conditions table, nine questions),
its three submitted responses repeated with new response ids and access
codes. Each import runs in a fresh process: the archive (bomb check, then
the .lsr read as a stream), then the CSV export of the same responses, every
one of which must be recognised by its response id and stored nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import limesurvey_files as lf  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105


def _run(args: list[str], cwd: Path) -> tuple[float, str]:
    env = os.environ | {"PYTHONPATH": str(ROOT), "EQSURVEY_PASSPHRASE": PASSPHRASE}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, (done.stdout.strip().splitlines() or [""])[-1]


def bench(n: int) -> None:
    submitted = lf.RESPONSES[:3]
    responses = [submitted[i % 3] | {"id": str(i + 1), "token": f"T{i + 1:07d}"} for i in range(n)]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        archive, export = work / "survey.lsa", work / "export.csv"
        archive.write_bytes(lf.lsa(responses=responses))
        export.write_text(lf.responses_csv(responses), encoding="utf-8")
        _run(["init", "p"], work)
        project = work / "p"
        _run(["keys", "init"], project)
        _run(["instrument", "import", str(archive), "-o", "instrument.yaml", "--force"], project)
        lsa_s, lsa_out = _run(["responses", "import", str(archive)], project)
        csv_s, csv_out = _run(["responses", "import", str(export)], project)
        print(
            f"{n:>8,} responses  .lsa {archive.stat().st_size / 1e6:6.2f} MB: {lsa_s:6.1f} s ({n / lsa_s:7,.0f}/s) "
            f"[{lsa_out.split(',')[0]}]   CSV again: {csv_s:6.1f} s [{csv_out.split(', ')[2]}]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000])
    for n in parser.parse_args().sizes:
        bench(n)


if __name__ == "__main__":
    main()

"""Importing in batches, in this process or in worker processes: rows good and bad, a code used twice
across batches, and a re-import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Opener
from instruments.loader import load_instrument
from survey.importers.csv_format import read_csv, write_csv
from survey.intake.ingest import ImportReport, ingest
from survey.simulation.simulator import simulate
from survey.store import open_store

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()


@pytest.mark.parametrize("workers", [1, 2])
def test_batches_store_the_good_rows_once_and_report_the_others(tmp_path: Path, workers: int) -> None:
    people = simulate(INSTRUMENT, 230, seed=8)
    codes = [f"CODE-{i:04d}" for i in range(len(people))]
    codes[200] = codes[17]  # a code used twice, in different batches
    rows = list(csv.reader(io.StringIO(write_csv(INSTRUMENT, people, codes))))
    rows[60][rows[0].index("ms_district")] = "atlantis"  # an unknown option, on line 61
    path = tmp_path / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:

        def run() -> ImportReport:
            return ingest(
                store, INSTRUMENT, KEY.public_key(), SECRET, read_csv(INSTRUMENT, path),
                digest="sha256:test", source="test", batch_size=50, workers=workers,
            )  # fmt: skip

        report = run()
        assert report.stored == 228
        assert report.rejected_rows == {61, 202}
        assert [(p.code, p.where.row) for p in report.rejected] == [
            ("unknown-option", 61),
            ("duplicate-code", 202),
        ]
        opener = Opener([KEY])
        opened = [opener.open(env, r.row) for env, batch in store.batches(INSTRUMENT.id) for r in batch]
        expected = [p for i, p in enumerate(people) if i not in (59, 200)]
        canonical = lambda a: json.dumps(a, sort_keys=True)  # noqa: E731
        assert sorted(map(canonical, opened)) == sorted(map(canonical, expected))
        again = run()
        assert again.stored == 0 and again.skipped_as_duplicates == 228
    finally:
        store.close()

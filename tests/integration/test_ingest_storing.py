"""An import stores its groups in a thread of its own while it prepares the next: what a failure on either side
leaves in the store (real SQLite files)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from instruments.loader import load_instrument
from survey.importers.csv_format import CsvRow, read_csv, write_csv
from survey.intake.ingest import ingest
from survey.simulation.simulator import simulate
from survey.store import ResponseStore, open_store
from survey.store.base import StoreError

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()


def _rows(tmp_path: Path, n: int) -> list[CsvRow]:
    people = simulate(INSTRUMENT, n, seed=3)
    path = tmp_path / "responses.csv"
    path.write_text(write_csv(INSTRUMENT, people, [f"CODE-{i:04d}" for i in range(n)]), encoding="utf-8")
    return list(read_csv(INSTRUMENT, path))


class StoppedError(RuntimeError):
    pass


def _import(store: ResponseStore, rows: list[CsvRow], batch_size: int, stop_after: int | None = None) -> None:
    """Imports ``rows``; ``stop_after``: batches after which the import fails (its progress report raises)."""
    done = 0

    def progress(size: int) -> None:
        nonlocal done
        done += 1
        if done == stop_after:
            raise StoppedError("the import was stopped")

    ingest(
        store, INSTRUMENT, KEY.public_key(), SECRET, iter(rows),
        digest="sha256:test", source="test", batch_size=batch_size, workers=1, progress=progress,
    )  # fmt: skip


def test_an_error_while_importing_stores_the_groups_handed_over_whole_and_nothing_after(tmp_path: Path) -> None:
    rows = _rows(tmp_path, 120)
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:
        # Batches of 5: each is a group of its own until 100 rows are stored, then groups are of 10 rows (a
        # tenth of what is stored). The 20th batch is handed to the storing thread; the 21st waits for a
        # second batch when the import fails.
        with pytest.raises(StoppedError):
            _import(store, rows, batch_size=5, stop_after=21)
        assert store.count() == 100  # the groups handed over, whole; not the batch that was waiting
        store.reshuffle_contacts()  # the store is free again: nothing still holds it in another thread
        _import(store, rows, batch_size=5)
        assert store.count() == 120
    finally:
        store.close()


def test_a_group_that_cannot_be_stored_fails_the_import_with_the_stores_message(tmp_path: Path) -> None:
    rows = _rows(tmp_path, 12)
    store = open_store("sqlite:///r.sqlite", tmp_path, lock_timeout=0.2)
    other = sqlite3.connect(tmp_path / "r.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock for the whole import
        with pytest.raises(StoreError) as caught:
            _import(store, rows, batch_size=5)
        assert caught.value.problems[0].code == "store-locked"
        other.execute("ROLLBACK")
        assert store.count() == 0
        _import(store, rows, batch_size=5)  # the same import, once the lock is free
        assert store.count() == 12
    finally:
        other.close()
        store.close()

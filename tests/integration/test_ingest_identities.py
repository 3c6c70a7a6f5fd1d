"""Rows without a response id get their identity from their answers in the worker processes, speculatively
(as the first row with those answers); the import stores exactly the identities and digests that working them
out here, row by row in the file's order, gives: repeated answers included, across batches."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.source_identity import SourceKey
from instruments.loader import load_instrument
from survey.importers.csv_format import CellsParser, _plan, read_csv, write_csv
from survey.intake.ingest import ingest
from survey.intake.prepare import Preparer
from survey.simulation.simulator import simulate
from survey.store import open_store

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument
KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()


def _expected(path: Path) -> set[tuple[str, str]]:
    """(identity, stored digest) of every row, as the storing process alone would make them."""
    source = read_csv(INSTRUMENT, path)
    prepared = Preparer(INSTRUMENT, KEY.public_key(), SECRET)(list(source))
    key = SourceKey.of(SECRET)
    seen: dict[str, int] = {}
    out = set()
    for given, mac in zip(prepared.identities, prepared.digests, strict=True):
        assert given is None
        occurrence = seen[mac] = seen.get(mac, 0) + 1
        identity = key.answers_identity(mac, occurrence)
        out.add((identity, key.answers_digest(identity, mac.encode())))
    return out


# Batches of 3: once 30 rows are stored, batches are stored in groups (several to a transaction).
@pytest.mark.parametrize(("workers", "batch_size"), [(1, 30), (2, 30), (2, 3)])
def test_identities_from_answers_are_those_made_row_by_row(tmp_path: Path, workers: int, batch_size: int) -> None:
    people = simulate(INSTRUMENT, 120, seed=21)
    # The same answers three times (in different batches) and twice in one batch: occurrences 1, 2, 3.
    people = [*people, people[3], people[3], people[70], people[70]]
    rows = list(csv.reader(io.StringIO(write_csv(INSTRUMENT, people))))
    path = tmp_path / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:
        report = ingest(
            store, INSTRUMENT, KEY.public_key(), SECRET, read_csv(INSTRUMENT, path),
            digest="sha256:test", source="test", batch_size=batch_size, workers=workers,
        )  # fmt: skip
        assert report.stored == len(people) and report.by_answers == len(people)
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "r.sqlite") as db:
        stored = set(db.execute("SELECT source_identity, answers_digest FROM responses").fetchall())
    assert stored == _expected(path)
    assert len({identity for identity, _ in stored}) == len(people)


def test_prepared_first_identity_is_the_first_occurrence() -> None:
    people = simulate(INSTRUMENT, 20, seed=22)
    rows = list(csv.reader(io.StringIO(write_csv(INSTRUMENT, [*people, people[0]]))))
    preparer = Preparer(INSTRUMENT, KEY.public_key(), SECRET)
    parser = CellsParser(INSTRUMENT.question_map, _plan(INSTRUMENT.question_map, rows[0]), Path("r.csv"))
    prepared = preparer.cells(parser, [(n, cells) for n, cells in enumerate(rows[1:], start=2)])
    key = SourceKey.of(SECRET)
    for mac, first in zip(prepared.digests, prepared.first, strict=True):
        identity = key.answers_identity(mac, 1)
        assert first == (identity, key.answers_digest(identity, mac.encode()))
    assert prepared.digests[0] == prepared.digests[-1]  # the same answers: the same digest, and so the same guess

"""A damaged store, through the real commands: the damage is named with what still opens, exit 1, nothing changed.

Each store is made through the real import (two imports: two batches), then
damaged with sqlite3 directly as a careless tool or a failing disk would, and
the real command run on it: it must name the table, batch or release and how
many responses, say what still opens, exit 1 without a traceback or an
"internal error", write nothing and leave the store as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.redaction import Redactor
from anonymize.sealing import Opener
from instruments.loader import load_instrument
from survey.importers.csv_format import read_csv, write_csv
from survey.intake.ingest import ingest
from survey.opening.export import open_dataset
from survey.simulation.simulator import simulate
from survey.store import open_store
from survey.store.rows import DamagedStoreError
from tests.integration.conftest import Eqsurvey, fresh_database, store_in

PASS = "damaged store tests passphrase"
BIG, SMALL = 60, 20  # the two batches' responses


@pytest.fixture
def fielded(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Musterstadt example with keys and two imports: a batch of 60 responses and one of 20."""
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    for n, seed in ((BIG, 3), (SMALL, 4)):
        eqsurvey("responses", "simulate", "--n", str(n), "--seed", str(seed), "-o", f"r{seed}.csv")
        assert f"stored {n}, rejected 0" in eqsurvey("responses", "import", f"r{seed}.csv").stdout
    return project


def database(project: Path) -> sqlite3.Connection:
    """The store's collection file, with its ledger (releases) attached as any SQLite tool can."""
    db = sqlite3.connect(project / "data" / "responses.sqlite")
    db.execute("ATTACH DATABASE ? AS ledger", (str(project / "data" / "responses-ledger.sqlite"),))
    return db


def damage(project: Path, statement: str, *params: object) -> None:
    with closing(database(project)) as db:
        db.execute("PRAGMA foreign_keys=OFF")  # as any SQLite tool has it by default
        db.execute(statement, params)
        db.commit()


def snapshot(project: Path) -> list[object]:
    """Every table's rows, text as its bytes (damaged text need not be UTF-8)."""
    with closing(database(project)) as db:
        db.text_factory = bytes
        tables = [t.decode() for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
        # The names come from the file's own catalogue, not from outside.
        return [(t, db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()) for t in tables]  # noqa: S608


def big_batch(project: Path) -> str:
    with closing(database(project)) as db:
        (batch,) = db.execute("SELECT envelope_id FROM responses GROUP BY envelope_id HAVING COUNT(*) = ?", (BIG,))
    return str(batch[0])


def first_row(project: Path, batch: str) -> int:
    with closing(database(project)) as db:
        (row,) = db.execute("SELECT MIN(row_id) FROM responses WHERE envelope_id = ?", (batch,))
    return int(row[0])


def refused(eqsurvey: Eqsurvey, project: Path, *command: str) -> str:
    """Run a command that must refuse the damaged store; its stderr. Nothing may change, nothing be written."""
    before = snapshot(project)
    run = eqsurvey(*command, expect=1)
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr, run
    assert snapshot(project) == before
    assert not (project / "out").exists()
    return run.stderr


EXPORT = ("dataset", "export", "-o", "out/ds.parquet")


def test_responses_whose_envelope_is_gone_are_named_not_dropped(fielded: Path, eqsurvey: Eqsurvey) -> None:
    batch = big_batch(fielded)
    damage(fielded, "DELETE FROM envelopes WHERE envelope_id = ?", batch)
    stderr = refused(eqsurvey, fielded, *EXPORT)
    assert f"'batch {batch}': error [store-damaged] {BIG} responses cannot be opened because their batch key" in stderr
    assert "table envelopes has no row for this batch" in stderr
    assert f"{BIG} of {BIG + SMALL} responses of survey musterstadt-2026 cannot be opened;" in stderr
    assert f"the other {SMALL} open (1 of 2 batches undamaged)" in stderr
    assert "responses.sqlite" in stderr and "restore the store from a backup" in stderr


@pytest.mark.parametrize(
    ("statement", "says"),
    [
        ("UPDATE responses SET nonce = x'' WHERE row_id = ?", "because the nonce is 0 bytes long, not 12"),
        ("UPDATE responses SET nonce = x'00112233' WHERE row_id = ?", "because the nonce is 4 bytes long, not 12"),
        (
            "UPDATE responses SET nonce = 12 WHERE row_id = ?",
            "because the nonce is not bytes (stored as text or a number)",
        ),
        (
            "UPDATE responses SET ciphertext = 'hello' WHERE row_id = ?",
            "because the ciphertext is not bytes (stored as text or a number)",
        ),
        (
            "UPDATE responses SET ciphertext = CAST(ciphertext AS TEXT) WHERE row_id = ?",
            "because the ciphertext is not bytes (stored as text or a number)",
        ),
        (
            "UPDATE responses SET ciphertext = x'00ff' WHERE row_id = ?",
            "because the ciphertext is 2 bytes long, too short to hold a sealed answer",
        ),
        (
            "UPDATE responses SET ciphertext = randomblob(200) WHERE row_id = ?",
            "because the sealed answers do not open: altered, or moved",
        ),
    ],
)
def test_a_damaged_response_is_named_by_batch_and_row(
    fielded: Path, eqsurvey: Eqsurvey, statement: str, says: str
) -> None:
    batch = big_batch(fielded)
    row = first_row(fielded, batch)
    damage(fielded, statement, row)
    stderr = refused(eqsurvey, fielded, *EXPORT)
    assert f"'batch {batch}': error [store-damaged] 1 response cannot be opened {says}" in stderr
    assert f"(table responses, row_id {row})" in stderr
    assert f"1 of {BIG + SMALL} responses of survey musterstadt-2026 cannot be opened;" in stderr
    assert f"the other {BIG + SMALL - 1} open (1 of 2 batches undamaged)" in stderr


@pytest.mark.parametrize(
    ("statement", "says"),
    [
        (
            "UPDATE envelopes SET suite = 'rot13' WHERE envelope_id = ?",
            "their batch key is damaged (table envelopes: its suite 'rot13'",
        ),
        (
            "UPDATE envelopes SET sealed_key = '' WHERE envelope_id = ?",
            "their batch key is damaged (table envelopes: its sealed batch key",
        ),
        (
            "UPDATE envelopes SET sealed_key = CAST(x'00ff00fe' AS TEXT) WHERE envelope_id = ?",
            "their batch key is damaged (table envelopes: a column",
        ),
        (
            "UPDATE envelopes SET sealed_key = randomblob(80) WHERE envelope_id = ?",
            "their batch key does not open (the data key of batch",
        ),
    ],
)
def test_a_damaged_envelope_is_named_with_the_responses_it_holds(
    fielded: Path, eqsurvey: Eqsurvey, statement: str, says: str
) -> None:
    batch = big_batch(fielded)
    damage(fielded, statement, batch)
    stderr = refused(eqsurvey, fielded, *EXPORT)
    assert f"'batch {batch}': error [store-damaged] {BIG} responses cannot be opened because {says}" in stderr
    assert f"the other {SMALL} open (1 of 2 batches undamaged)" in stderr


def test_a_release_from_a_damaged_store_spends_nothing(fielded: Path, eqsurvey: Eqsurvey) -> None:
    damage(fielded, "UPDATE envelopes SET suite = 'rot13'")
    stderr = refused(eqsurvey, fielded, "release")
    assert f"{BIG + SMALL} of {BIG + SMALL} responses of survey musterstadt-2026 cannot be opened; none opens" in stderr
    assert eqsurvey("budget", "--json").stdout.count('"releases": []') == 1


def test_a_damaged_postgresql_store_is_named_too(fielded: Path, eqsurvey: Eqsurvey, postgres: tuple[str, Path]) -> None:
    import psycopg

    url = fresh_database(postgres, "damaged")
    store_in(fielded, url)
    assert f"stored {SMALL}, rejected 0" in eqsurvey("responses", "import", "r4.csv").stdout
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("UPDATE responses SET nonce = ''::bytea WHERE row_id = (SELECT MIN(row_id) FROM responses)")
    run = eqsurvey(*EXPORT, expect=1)
    assert "the PostgreSQL store, 'batch " in run.stderr and url not in run.stderr
    assert "1 response cannot be opened because the nonce is 0 bytes long, not 12" in run.stderr
    assert f"the other {SMALL - 1} open (0 of 1 batches undamaged)" in run.stderr
    assert not (fielded / "out").exists()


def test_worker_processes_report_damage_as_one_process_does(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    instrument = load_instrument(root / "examples" / "musterstadt" / "instrument.yaml").instrument
    key = PrivateKey.generate()
    path = tmp_path / "r.csv"
    path.write_text(write_csv(instrument, simulate(instrument, 120, seed=5)), encoding="utf-8")
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:
        ingest(
            store, instrument, key.public_key(), PseudonymSecret.generate(), read_csv(instrument, path),
            digest="sha256:w", source="t", batch_size=20,
        )  # fmt: skip
        last = store.envelopes(instrument.id)[-1].envelope_id
        with closing(sqlite3.connect(tmp_path / "r.sqlite")) as db:
            db.execute("UPDATE responses SET nonce = x'' WHERE envelope_id = ?", (last,))
            db.commit()
        for workers in (1, 2):
            with pytest.raises(DamagedStoreError) as caught:
                open_dataset(store, instrument, Opener([key]), Redactor(), workers=workers)
            said = caught.value.render()
            assert f"'batch {last}': error [store-damaged] 20 responses cannot be opened because the nonce" in said
            assert "20 of 120 responses of survey musterstadt-2026 cannot be opened; the other 100 open" in said
    finally:
        store.close()


@pytest.fixture
def released(fielded: Path, eqsurvey: Eqsurvey) -> Iterator[tuple[Path, str, str]]:
    """Two releases of the fielded project: (project, the first's id, the second's id)."""
    first = eqsurvey("release", "--yes").stdout.strip()
    second = eqsurvey("release", "--yes").stdout.strip()
    damage(fielded, "DROP TRIGGER releases_no_update")  # as a tool that edits the file directly can
    yield fielded, first, second


@pytest.mark.slow
def test_a_tampered_release_body_is_named_and_the_others_still_read(
    released: tuple[Path, str, str], eqsurvey: Eqsurvey
) -> None:
    project, first, second = released
    damage(project, "UPDATE releases SET body = substr(body, 1, 200) WHERE release_id = ?", first)
    commands: list[tuple[str, ...]] = [
        ("release", "show", first),
        ("release", "export", first, "-o", "out/t.csv"),
        ("report", "build", first, "-o", "out/r.html"),
        ("release", "list"),
        ("budget",),
    ]
    for command in commands:
        stderr = refused(eqsurvey, project, *command)
        assert f"'release {first}': error [release-damaged] table releases: its body (column body) is not" in stderr
    stderr = refused(eqsurvey, project, "release", "list")
    assert "1 of 2 releases of survey musterstadt-2026 is damaged; the other 1 is intact" in stderr
    assert second in eqsurvey("release", "show", second).stdout


@pytest.mark.slow
def test_a_release_body_edited_out_of_shape_is_named_with_the_path(
    released: tuple[Path, str, str], eqsurvey: Eqsurvey
) -> None:
    project, first, _ = released
    damage(project, """UPDATE releases SET body = replace(body, '"cells"', '"cellz"') WHERE release_id = ?""", first)
    stderr = refused(eqsurvey, project, "release", "show", first)
    assert "its body (column body) is not a release's: tables[0].cells: Field required" in stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rho", "says"),
    [
        ("-0.15", "its budget (column rho) is '-0.15', not a number of at least 0"),
        ("lots", "its budget (column rho) is 'lots', not a number of at least 0"),
        ("NaN", "its budget (column rho) is 'NaN', not a number of at least 0"),
        ("0", "its budget (column rho = 0) is not the ρ its body states (0.15)"),
    ],
)
def test_a_damaged_ledger_budget_spends_nothing(
    released: tuple[Path, str, str], eqsurvey: Eqsurvey, rho: str, says: str
) -> None:
    project, first, _ = released
    damage(project, "UPDATE releases SET rho = ? WHERE release_id = ?", rho, first)
    for command in (("budget",), ("release", "list", "--json"), ("release",), ("release", "show", first)):
        stderr = refused(eqsurvey, project, *command)
        assert f"'release {first}': error [release-damaged] table releases: {says}" in stderr
    assert "Nothing was spent or changed" in refused(eqsurvey, project, "release")

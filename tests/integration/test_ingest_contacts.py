"""Contacts of a CSV imported by worker processes (batches as columns, lines sent as read): each stored once,
none for a row that replaces a stored response, and the table not in the file's order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from anonymize.sealing import Opener
from survey.importers.csv_format import RESPONSE_ID, read_csv
from survey.intake.ingest import ingest
from survey.store import open_store
from tests.integration.attacks.scenarios import KEY, SECRET, instrument

N = 240


def _write(path: Path, notes: dict[int, str]) -> None:
    lines = [f"{RESPONSE_ID},access_code,gender,note,email"]
    lines += [f"R-{i},,{'woman' if i % 2 else 'man'},{notes.get(i, f'r{i}')},p{i}@example.org" for i in range(N)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_contacts_through_workers(tmp_path: Path) -> None:
    store = open_store("sqlite:///r.sqlite", tmp_path)
    path = tmp_path / "export.csv"
    opener = Opener([KEY])

    def run(digest: str) -> tuple[int, list[int]]:
        report = ingest(
            store, instrument(), KEY.public_key(), SECRET, read_csv(instrument(), path),
            digest=digest, source="import", batch_size=50, workers=2,
        )  # fmt: skip
        return report.stored, report.replaced_rows

    try:
        _write(path, {})
        assert run("sha256:first") == (N, [])
        contacts = store.sealed_contacts(instrument().id)
        emails = [opener.open(c.envelope, c.row)["email"] for c in contacts]
        assert sorted(emails) == sorted(f"p{i}@example.org" for i in range(N))
        with sqlite3.connect(tmp_path / "r.sqlite") as db:
            ids = [contact_id for (contact_id,) in db.execute("SELECT contact_id FROM contacts ORDER BY rowid")]
        by_id = {c.contact_id: opener.open(c.envelope, c.row)["email"] for c in contacts}
        assert [by_id[i] for i in ids] != [f"p{i}@example.org" for i in range(N)]  # 1 in 240! to be so by chance
        # Two responses corrected on the platform: replaced, and their contacts not stored again.
        _write(path, {7: "changed", 130: "changed too"})
        assert run("sha256:second") == (0, [9, 132])
        assert store.count_contacts() == N
    finally:
        store.close()

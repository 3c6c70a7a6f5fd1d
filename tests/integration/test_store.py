"""The response store against real SQLite files and a real PostgreSQL server: one suite, both backends."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.sealing import Opener, RowContext, Sealer
from survey.store import IdentifiedRow, ResponseStore, open_store
from survey.store.postgres_store import PostgresStore
from survey.store.schema import LATEST
from tests.integration.conftest import fresh_database

KEY = PrivateKey.generate()
DISTINCTIVE = "Mein Vermieter nannte mich einen Ausländer-Zxqv"
EMAIL = "zora.example@beispiel-mail.example"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ResponseStore]:
    if request.param == "sqlite":
        s = open_store("sqlite:///data/responses.sqlite", tmp_path)
    else:
        s = open_store(fresh_database(request.getfixturevalue("postgres"), "t"), tmp_path)
    yield s
    s.close()


def batch(answers: list[dict[str, Any]], instrument: str = "musterstadt-2026") -> tuple[Any, list[Any]]:
    sealer = Sealer(KEY.public_key())
    rows = [sealer.seal(RowContext(secrets.token_hex(32), instrument, "1.0.0"), a) for a in answers]
    return sealer.envelope, rows


def open_all(store: ResponseStore, instrument: str = "musterstadt-2026") -> list[dict[str, Any]]:
    opener = Opener([KEY])
    return [opener.open(env, r.row) for env, rows in store.batches(instrument) for r in rows]


def test_migrations_are_idempotent(store: ResponseStore) -> None:
    assert store.migrate() == LATEST
    assert store.migrate() == LATEST


def test_stored_batches_open_to_the_same_answers(store: ResponseStore) -> None:
    first = [{"q": i, "text": f"answer {i}"} for i in range(5)]
    second = [{"q": 10}]
    assert store.add_batch(*batch(first), source="import") == 5
    assert store.add_batch(*batch(second), source="web") == 1
    assert store.count() == 6 and store.count("musterstadt-2026") == 6 and store.count("other") == 0
    assert sorted(open_all(store), key=lambda a: a["q"]) == first + second
    days = {r.received_day for _, rows in store.batches("musterstadt-2026") for r in rows}
    assert all(len(d) == 10 for d in days), "day precision only"


def test_responses_are_counted_by_the_day_they_were_received(store: ResponseStore) -> None:
    assert store.received_days("musterstadt-2026") == {}
    store.add_batch(*batch([{"q": 1}, {"q": 2}]), source="import", day="2026-11-30")
    store.add_batch(*batch([{"q": 3}]), source="web", day="2026-12-02")
    store.add_batch(*batch([{"q": 4}], "other"), source="web", day="2026-12-03")
    assert store.received_days("musterstadt-2026") == {"2026-11-30": 2, "2026-12-02": 1}


def identified(
    answers: list[dict[str, Any]], identities: list[str], pseudonyms: list[str] | None = None
) -> tuple[Any, list[IdentifiedRow]]:
    """Import rows as the import makes them: identity hashes as given, the answers' digest from the answers."""
    sealer = Sealer(KEY.public_key())
    out = []
    for i, (a, identity) in enumerate(zip(answers, identities, strict=True)):
        pseudonym = pseudonyms[i] if pseudonyms else secrets.token_hex(32)
        row = sealer.seal(RowContext(pseudonym, "musterstadt-2026", "1.0.0"), a)
        out.append(IdentifiedRow(row, identity, f"{identity}:{sorted(a.items())}"))
    return sealer.envelope, out


def test_simulated_responses_are_counted_by_their_source(store: ResponseStore) -> None:
    assert store.add_batch(*batch([{"q": 1}, {"q": 2}]), source="simulated:csv") == 2
    assert store.add_batch(*batch([{"q": 3}]), source="web") == 1
    envelope, rows = identified([{"q": 4}], ["id-4"])
    assert store.add_import_batch(envelope, rows, source="import:csv", import_digest="sha256:x:0") == ["stored"]
    assert store.add_batch(*batch([{"q": 5}], instrument="other"), source="simulated:kobo") == 1
    assert store.count() == 5
    assert store.simulated("musterstadt-2026") == 2 and store.simulated("other") == 1 and store.simulated("none") == 0


def test_a_reimport_stores_nothing_twice(store: ResponseStore) -> None:
    envelope, rows = identified([{"q": 1}, {"q": 2}], ["id-1", "id-2"])
    assert store.add_import_batch(envelope, rows, source="import", import_digest="sha256:abc:0") == ["stored"] * 2
    # Another file (another digest) holding the same two responses and a new one.
    envelope2, rows2 = identified([{"q": 1}, {"q": 2}, {"q": 3}], ["id-1", "id-2", "id-3"])
    outcomes = store.add_import_batch(envelope2, rows2, source="import", import_digest="sha256:def:0")
    assert outcomes == ["unchanged", "unchanged", "stored"]
    # The very same file again: its digest decides nothing, its rows are recognised one by one.
    envelope3, rows3 = identified([{"q": 1}, {"q": 2}], ["id-1", "id-2"])
    assert store.add_import_batch(envelope3, rows3, source="import", import_digest="sha256:abc:0") == ["unchanged"] * 2
    assert store.count() == 3
    assert sorted(a["q"] for a in open_all(store)) == [1, 2, 3]


def test_a_changed_row_replaces_the_stored_response(store: ResponseStore) -> None:
    envelope, rows = identified([{"q": 1}, {"q": 2}], ["id-1", "id-2"], ["p-1", "p-2"])
    store.add_import_batch(envelope, rows, source="import", import_digest="sha256:a:0")
    envelope2, rows2 = identified([{"q": 1}, {"q": "corrected"}], ["id-1", "id-2"], ["p-1", "p-2"])
    outcomes = store.add_import_batch(envelope2, rows2, source="import", import_digest="sha256:b:0")
    assert outcomes == ["unchanged", "replaced"]
    assert sorted(str(a["q"]) for a in open_all(store)) == ["1", "corrected"]
    assert [e.action for e in store.audit_log()] == ["import-replaced"]
    assert store.count() == 2


def test_an_import_keeps_the_first_response_of_an_access_code(store: ResponseStore) -> None:
    envelope, rows = identified([{"q": 1}], ["id-1"], ["p-code"])
    store.add_import_batch(envelope, rows, source="import", import_digest="sha256:a:0")
    envelope2, rows2 = identified([{"q": 2}, {"q": 3}], ["id-2", "id-3"], ["p-code", "p-other"])
    outcomes = store.add_import_batch(envelope2, rows2, source="import", import_digest="sha256:b:0")
    assert outcomes == ["code-used", "stored"]
    assert sorted(a["q"] for a in open_all(store)) == [1, 3]


def test_a_batch_an_older_eqsurvey_imported_is_not_imported_twice(store: ResponseStore) -> None:
    with store._transaction() as cur:  # as an eqsurvey before v7 recorded it (the column's default)
        store._execute(cur, "INSERT INTO imports (digest, instrument_id, stored, imported_day) VALUES (?, ?, ?, ?)",
                       ("sha256:old:0", "musterstadt-2026", 2, "2026-01-01"))  # fmt: skip
    envelope, rows = identified([{"q": 1}, {"q": 2}], ["id-1", "id-2"])
    assert (
        store.add_import_batch(envelope, rows, source="import", import_digest="sha256:old:0") == ["earlier-import"] * 2
    )
    assert store.count() == 0


def test_a_failing_batch_leaves_nothing_behind(store: ResponseStore) -> None:
    envelope, rows = batch([{"q": 1}, {"q": 2}, {"q": 3}])
    # The same receipt hash twice violates a constraint after every response row was written.
    clash = [("receipt-hash", "musterstadt-2026", rows[0].context.pseudonym)] * 2
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        store.add_batch(envelope, rows, source="web", receipts=clash)
    assert store.count() == 0
    assert store.add_batch(envelope, rows, source="import") == 3, "the envelope was rolled back too"


def test_a_pseudonym_already_stored_is_skipped_not_fatal(store: ResponseStore) -> None:
    envelope, rows = batch([{"q": 1}, {"q": 2}])
    assert store.add_batch(envelope, rows, source="import") == 2
    again = Sealer(KEY.public_key())
    moved = [again.seal(r.context, {"q": "second answer"}) for r in rows[:1]]
    fresh = again.seal(RowContext("p-new", "musterstadt-2026", "1.0.0"), {"q": 3})
    fresh2 = again.seal(RowContext("p-new-2", "musterstadt-2026", "1.0.0"), {"q": 4})
    assert store.add_batch(again.envelope, [fresh, *moved, fresh2], source="import") == 2
    assert sorted(a["q"] for a in open_all(store)) == [1, 2, 3, 4], "the first response of a code counts"


def test_an_erased_response_cannot_come_back_with_another_file(store: ResponseStore) -> None:
    envelope, rows = identified([{"q": "erase me"}, {"q": "keep"}], ["id-1", "id-2"], ["p-code", "p-2"])
    store.add_import_batch(envelope, rows, source="import", import_digest="sha256:old:0")
    assert store.erase("musterstadt-2026", "p-code", reason="access-code") == 1
    again = Sealer(KEY.public_key())
    resurrected = [again.seal(rows[0].row.context, {"q": "erase me"})]
    assert store.add_batch(again.envelope, resurrected, source="import") == 0
    # Exported again, corrected, even without its code: its source identity's tombstone keeps it erased.
    for pseudonym in ("p-code", "p-random"):
        envelope2, rows2 = identified([{"q": "erase me, corrected"}], ["id-1"], [pseudonym])
        assert store.add_import_batch(envelope2, rows2, source="import", import_digest="sha256:new:0") == ["erased"]
    assert open_all(store) == [{"q": "keep"}]
    with store._transaction() as cur:
        kept = store._execute(cur, "SELECT source_identity FROM erased_sources").fetchall()
    assert [k[0] for k in kept] == ["id-1"], "the tombstone keeps the identity's keyed hash and nothing else"


def test_erasure_removes_the_response_and_records_only_that(store: ResponseStore) -> None:
    envelope, rows = batch([{"q": "keep"}, {"q": "erase me"}])
    store.add_batch(
        envelope, rows, source="web", receipts=[("receipt-hash-1", "musterstadt-2026", rows[1].context.pseudonym)]
    )
    found = store.pseudonym_for_receipt("receipt-hash-1")
    assert found == ("musterstadt-2026", rows[1].context.pseudonym)
    assert store.erase(*found, reason="receipt") == 1
    assert open_all(store) == [{"q": "keep"}]
    assert store.pseudonym_for_receipt("receipt-hash-1") is None
    (entry,) = store.audit_log()
    assert entry.action == "erasure" and entry.detail == {
        "instrument": "musterstadt-2026",
        "responses": 1,
        "reason": "receipt",
    }
    assert rows[1].context.pseudonym not in str(entry.detail)


def test_the_audit_log_is_append_only(store: ResponseStore) -> None:
    store.audit("key-rotation", {"key": "abc"})
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store._transaction() as cur:
            cur.execute(statement)
    assert [e.action for e in store.audit_log()] == ["key-rotation"]


def test_no_answer_or_identifier_in_the_raw_bytes(
    store: ResponseStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    envelope, rows = batch([{"free_text": DISTINCTIVE, "email": EMAIL, "gender": ["nonbinary_qz"]}] * 3)
    store.add_batch(envelope, rows, source="import")
    store.erase("musterstadt-2026", rows[0].context.pseudonym, reason="request")
    if store.dialect == "sqlite":
        store.close()
        raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir())
    else:
        base, bin_dir = request.getfixturevalue("postgres")
        assert isinstance(store, PostgresStore)
        url = store._conn.info.dsn
        dbname = dict(part.split("=", 1) for part in url.split())["dbname"]
        raw = subprocess.run([str(bin_dir / "pg_dump"), f"{base}/{dbname}"], check=True, capture_output=True).stdout
    assert raw, "something was read"
    for secret in (DISTINCTIVE, EMAIL, "free_text", "nonbinary_qz"):
        assert secret.encode() not in raw, secret

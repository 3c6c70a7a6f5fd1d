"""Store schema v5 (contacts sealed one by one, invitations as used flags) and the journal that keeps no history.

Migrating from v4 keeps every contact openable and every invitation's state,
while the days and the contacts' shared batch keys go; an old store in WAL
mode leaves it (and its -wal and -shm files) when opened, or is refused with
what to do if another program holds it open. The attacks themselves are in
tests/integration/attacks.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from anonymize.sealing import Opener, RowContext, Sealer
from kernel.errors import EqSurveyError
from survey.store import ResponseStore, open_store
from survey.store import base as store_base
from survey.store.schema import LATEST, MIGRATIONS
from tests.integration.conftest import fresh_database
from tests.integration.test_store import KEY, batch

SURVEY = "musterstadt-2026"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield "sqlite:///data/responses.sqlite"
        return
    yield fresh_database(request.getfixturevalue("postgres"), "v5")


def _v4_store(url: str, base: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A store as eqsurvey wrote it at schema v4: two contacts under one batch key; the e-mails written."""
    emails = ["a@example.org", "b@example.org"]
    with monkeypatch.context() as old_eqsurvey:
        old_eqsurvey.setattr(store_base, "MIGRATIONS", MIGRATIONS[:4])
        old_eqsurvey.setattr(store_base, "LATEST", 4)
        old = open_store(url, base)
        old.add_batch(*batch([{"q": 1}, {"q": 2}]), source="import")
        sealer = Sealer(KEY.public_key())
        contacts = [sealer.seal(RowContext("contact", SURVEY, "1.0.0"), {"email": e}) for e in emails]
        with old._transaction() as cur:
            old._insert_envelope(cur, sealer.envelope, "2026-03-03")
            for row in contacts:
                old._execute(
                    cur,
                    "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (secrets.token_hex(16), SURVEY, "1.0.0", row.envelope_id, row.nonce, row.ciphertext, "2026-03-03"),
                )
            old._execute(cur, "INSERT INTO invitations VALUES ('h-used', ?, '2026-02-01', '2026-03-03')", (SURVEY,))
            old._execute(cur, "INSERT INTO invitations VALUES ('h-unused', ?, '2026-02-01', NULL)", (SURVEY,))
        old.close()
    return emails


def test_migrating_from_v4_keeps_contacts_and_invitations_without_their_days(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emails = _v4_store(store_url, tmp_path, monkeypatch)
    new = open_store(store_url, tmp_path)
    try:
        assert new._query("SELECT MAX(version) FROM schema_version")[0][0] == LATEST
        opener = Opener([KEY])
        contacts = new.sealed_contacts(SURVEY)
        assert sorted(opener.open(c.envelope, c.row)["email"] for c in contacts) == emails
        assert new.count_contacts() == 2 and new.count(SURVEY) == 2
        assert len(new.envelopes(SURVEY)) == 1, "the contacts' batch key moved into their rows"
        assert new._query("SELECT COUNT(*) FROM envelopes")[0][0] == 1
        assert new.invitation_state("h-used") == "used" and new.invitation_state("h-unused") == "unused"
        counts = new.invitation_counts(SURVEY)
        assert (counts.created, counts.used) == (2, 1)
        for table in ("contacts", "invitations"):
            values = [v for row in new._query(f"SELECT * FROM {table}") for v in row]  # noqa: S608 - fixed names
            assert "2026-03-03" not in values, f"{table} keeps no day of arrival or use"
        with new._transaction() as cur:
            assert new.use_invitation(cur, "h-unused") and not new.use_invitation(cur, "h-used")
    finally:
        new.close()


def test_a_new_contact_opens_and_carries_no_day_or_version(store_url: str, tmp_path: Path) -> None:
    from survey.store import SealedContact

    store = open_store(store_url, tmp_path)
    try:
        contact = SealedContact.seal(KEY.public_key(), SURVEY, {"email": "z@example.org"})
        store.add_batch(*batch([{"q": 1}]), source="import", contacts=[contact])
        (again,) = store.sealed_contacts(SURVEY)
        assert again == contact
        assert Opener([KEY]).open(again.envelope, again.row) == {"email": "z@example.org"}
        assert again.row.context.instrument_version == "-"
        moved = again.row.__class__(
            again.row.envelope_id, RowContext("contact", SURVEY, "1.0.0"), again.row.nonce, again.row.ciphertext
        )
        with pytest.raises(EqSurveyError, match="does not open"):
            Opener([KEY]).open(again.envelope, moved)
    finally:
        store.close()


def _wal_store(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "responses.sqlite"
    store = open_store("sqlite:///data/responses.sqlite", tmp_path)
    store.add_batch(*batch([{"q": 1}]), source="import")
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    return path


def test_a_store_in_wal_mode_leaves_it_when_opened(tmp_path: Path) -> None:
    path = _wal_store(tmp_path)
    holder = sqlite3.connect(path)
    holder.execute("SELECT COUNT(*) FROM responses").fetchone()  # keeps the -wal and -shm files
    assert path.with_name(path.name + "-wal").exists()
    with pytest.raises(EqSurveyError, match="stop eqsurvey serve") as refused:
        open_store("sqlite:///data/responses.sqlite", tmp_path)
    assert refused.value.problems[0].code == "store-busy"
    holder.close()
    store = open_store("sqlite:///data/responses.sqlite", tmp_path)
    try:
        assert store._query("PRAGMA journal_mode")[0][0] == "delete"
        assert store.count() == 1
        store.add_batch(*batch([{"q": 2}]), source="import")
        beside = sorted(p.name for p in path.parent.iterdir())
        assert beside == ["responses-ledger.sqlite", "responses.sqlite"], "no journal, WAL or WAL index at rest"
    finally:
        store.close()


def test_the_store_refuses_writes_to_a_day_on_an_invitation(store_url: str, tmp_path: Path) -> None:
    store: ResponseStore = open_store(store_url, tmp_path)
    try:
        columns = {
            "sqlite": "SELECT name FROM pragma_table_info('invitations')",
            "postgresql": "SELECT column_name FROM information_schema.columns WHERE table_name = 'invitations'",
        }[store.dialect]
        assert {c for (c,) in store._query(columns)} == {"code_hash", "instrument_id", "created_day", "used"}
        store.add_invitations(["h1"], SURVEY)
        for statement in ("UPDATE invitations SET used = 2", "UPDATE invitations SET used = NULL"):
            with pytest.raises(Exception, match=r"(?i)check|null|used once"), store._transaction() as cur:
                cur.execute(statement)
    finally:
        store.close()


def test_a_store_locked_too_long_is_a_user_error_that_names_it(tmp_path: Path) -> None:
    store = open_store("sqlite:///data/responses.sqlite", tmp_path, lock_timeout=0.2)
    holder = sqlite3.connect(tmp_path / "data" / "responses.sqlite", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(EqSurveyError, match="held the response store's lock") as refused:
            store.add_batch(*batch([{"q": 1}]), source="import")
        assert refused.value.problems[0].code == "store-locked"
        holder.execute("ROLLBACK")
        assert store.add_batch(*batch([{"q": 1}]), source="import") == 1, "nothing was half-written"
    finally:
        holder.close()
        store.close()

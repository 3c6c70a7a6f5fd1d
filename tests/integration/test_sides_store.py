"""Store v9: the ledger apart from the collection (SQLite: a file of its own), and tombstones that stay."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kernel.privacy_budget import PrivacyBudget
from survey.store import base as store_base
from survey.store import open_store
from survey.store.schema import MIGRATIONS
from tests.integration.test_ledger import SURVEY, release
from tests.integration.test_store import batch


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_store_from_before_v8_moves_its_ledger_into_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_eqsurvey:
        old_eqsurvey.setattr(store_base, "MIGRATIONS", MIGRATIONS[:7])
        old_eqsurvey.setattr(store_base, "LATEST", 7)
        old = open_store("sqlite:///data/r.sqlite", tmp_path)
        envelope, rows = batch([{"q": 1}, {"q": 2}], SURVEY)
        old.add_batch(envelope, rows, source="import")
        old.spend(release(0.2), PrivacyBudget(0.5))
        with old._transaction() as cur:  # as v7 erased: its tombstone in the store's one file
            old._execute(cur, "DELETE FROM responses WHERE pseudonym = ?", (rows[0].context.pseudonym,))
            old._execute(cur, "INSERT INTO erasures VALUES (?, ?, '2026-01-01')", (SURVEY, rows[0].context.pseudonym))
        old.close()
    (tmp_path / "data" / "r-ledger.sqlite").unlink()  # an eqsurvey before v9 made none
    assert {"releases", "budget_totals", "audit_log"} <= tables(tmp_path / "data" / "r.sqlite")

    store = open_store("sqlite:///data/r.sqlite", tmp_path)
    try:
        assert store.spent(SURVEY) == PrivacyBudget("0.2") and [t.total for t in store.budget_totals(SURVEY)] == [
            PrivacyBudget("0.5")
        ]
        assert [e.action for e in store.audit_log()] == ["release"]
        assert store.count() == 1
    finally:
        store.close()
    collection, ledger = tables(tmp_path / "data" / "r.sqlite"), tables(tmp_path / "data" / "r-ledger.sqlite")
    assert not collection & {"releases", "budget_totals", "audit_log", "kept_erasures"}
    assert {"releases", "budget_totals", "audit_log", "kept_erasures", "store_identity", "transfers"} <= ledger
    with closing(sqlite3.connect(tmp_path / "data" / "r-ledger.sqlite")) as db:
        assert db.execute("SELECT pseudonym FROM kept_erasures").fetchall() == [(rows[0].context.pseudonym,)]
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            db.execute("DELETE FROM releases")


def test_a_collection_file_copied_over_the_store_brings_back_no_erased_response(tmp_path: Path) -> None:
    server = open_store("sqlite:///server/responses.sqlite", tmp_path)
    analysts = open_store("sqlite:///analysts/responses.sqlite", tmp_path)
    try:
        envelope, rows = batch([{"q": i} for i in range(4)], SURVEY)
        for store in (server, analysts):
            store.add_batch(envelope, rows, source="import")
        analysts.spend(release(0.1), PrivacyBudget(0.5))
        assert analysts.erase(SURVEY, rows[2].context.pseudonym, "access-code") == 1
        first_id = analysts.store_id()
    finally:
        analysts.close()
        server.close()
    shutil.copy(tmp_path / "server" / "responses.sqlite", tmp_path / "analysts" / "responses.sqlite")
    analysts = open_store("sqlite:///analysts/responses.sqlite", tmp_path)
    try:
        held = {p for (p,) in analysts._query("SELECT pseudonym FROM responses")}
        assert held == {r.context.pseudonym for r in rows} - {rows[2].context.pseudonym}
        assert analysts.spent(SURVEY) == PrivacyBudget("0.1")
        assert analysts.store_id() == first_id, "the store's id is in its ledger, not in the copied file"
        assert [e.action for e in analysts.audit_log()][-1] == "erasure-kept"
    finally:
        analysts.close()

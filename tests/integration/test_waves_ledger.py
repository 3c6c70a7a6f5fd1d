"""Survey waves in the ledger, against real SQLite files and a real PostgreSQL server: a budget per wave."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

import survey.store.base as store_base
from kernel.errors import EqSurveyError
from kernel.ledger import BudgetError, LedgerEntry
from kernel.privacy_budget import PrivacyBudget
from kernel.waves import wave_of
from survey.store import ResponseStore, open_store
from survey.store.schema import LATEST, MIGRATIONS
from tests.integration.test_ledger import SURVEY, release
from tests.integration.test_store import store  # noqa: F401 - the same fixture, both backends
from tests.support.databases import fresh_database

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def of_wave(rho: float, wave: int) -> LedgerEntry:
    return dataclasses.replace(release(rho), wave=wave)


def test_each_wave_spends_its_own_budget(store: ResponseStore) -> None:  # noqa: F811
    store.spend(release(0.5), PrivacyBudget(0.5))  # the first wave's budget, all of it
    with pytest.raises(BudgetError):
        store.spend(release(0.1), PrivacyBudget(0.5))
    second = store.start_wave(SURVEY, "2027", TOMORROW, "second wave approved by the council")
    assert second.number == 2 and [w.name for w in store.waves(SURVEY)] == ["1", "2027"]

    assert store.spend(of_wave(0.3, 2), PrivacyBudget(0.8)) == PrivacyBudget("0.5")
    assert store.spent(SURVEY, 2) == PrivacyBudget("0.3") and store.spent(SURVEY) == PrivacyBudget("0.5")
    assert [t.total for t in store.budget_totals(SURVEY, 2)] == [PrivacyBudget("0.8")]
    assert [t.total for t in store.budget_totals(SURVEY)] == [PrivacyBudget("0.5")]
    with pytest.raises(BudgetError, match=r"total_rho = 0\.8 again"):
        store.spend(of_wave(0.1, 2), PrivacyBudget(0.5))  # wave 2's total is fixed by its first release
    assert sorted(r.wave for r in store.releases(SURVEY)) == [1, 2]

    changed = store.change_total(SURVEY, PrivacyBudget(1.0), "more tables for the second wave", wave=2)
    assert changed.total == PrivacyBudget("1") and store.total(SURVEY, PrivacyBudget(1.0), 2) == PrivacyBudget("1")
    assert [t.total for t in store.budget_totals(SURVEY)] == [PrivacyBudget("0.5")], "wave 1 untouched"
    actions = [(e.action, e.detail.get("wave")) for e in store.audit_log()]
    assert actions == [("release", None), ("wave-start", 2), ("release", "2"), ("budget-total", "2")]


def test_a_wave_starts_only_after_every_release_of_the_wave_before(store: ResponseStore) -> None:  # noqa: F811
    store.spend(dataclasses.replace(release(0.1), created_at="2026-05-10T09:00:00+00:00"), PrivacyBudget(1))
    for day in ("2026-05-10", "2026-05-09"):
        with pytest.raises(EqSurveyError, match="cannot start on or before") as caught:
            store.start_wave(SURVEY, "2027", day, "too early")
        assert "nothing was changed" in caught.value.render()
    store.start_wave(SURVEY, "2027", "2026-05-12", "after the release")
    for name, day, problem in (
        ("2027", "2026-06-01", "already a wave '2027'"),
        ("2", "2026-06-01", "already a wave '2'"),
        ("x y", "2026-06-01", "not a short name"),
        ("2028", "2026-05-12", "must start after it"),
        ("2028", "12.06.2026", "not a day"),
    ):
        with pytest.raises(EqSurveyError, match=problem):
            store.start_wave(SURVEY, name, day, "refused")
    assert len(store.waves(SURVEY)) == 2
    waves = store.waves(SURVEY)
    assert [wave_of(d, waves) for d in ("2026-01-01", "2026-05-11", "2026-05-12", "2030-01-01")] == [1, 1, 2, 2]
    # The database itself refuses to change a declared wave or a release's wave.
    for statement in ("UPDATE waves SET starts = '2026-01-01'", "DELETE FROM waves", "DELETE FROM release_waves"):
        with pytest.raises(Exception, match=r"never changed|immutable"), store._transaction() as cur:
            store._execute(cur, statement)


def _old_release(old: ResponseStore, made: LedgerEntry, total: str) -> None:
    """A release as an eqsurvey before waves stored it: its row and the survey's total, no wave anywhere."""
    with old._transaction() as cur:
        old._execute(
            cur,
            "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (made.release_id, made.instrument_id, made.instrument_version, made.plan_id, made.plan_hash,
             made.dataset_mac, made.rho.text, made.created_at, '{"tables": []}'),
        )  # fmt: skip
        old._execute(cur, "INSERT INTO budget_totals VALUES (?, 1, ?, '2026-01-01', 'first')", (SURVEY, total))


@pytest.fixture(params=["sqlite", "postgresql"])
def old_store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of a store made and used by eqsurvey before waves (schema v10), with one release of ρ = 0.4."""
    url = (
        "sqlite:///data/r.sqlite"
        if request.param == "sqlite"
        else fresh_database(request.getfixturevalue("postgres"), "waves")
    )
    with monkeypatch.context() as old_eqsurvey:
        old_eqsurvey.setattr(store_base, "MIGRATIONS", MIGRATIONS[:10])
        old_eqsurvey.setattr(store_base, "LATEST", 10)
        old = open_store(url, tmp_path)
        try:
            if request.param == "sqlite":  # the ledger file of an eqsurvey before waves had no wave tables
                with old._transaction() as cur:
                    for table in ("waves", "release_waves", "wave_totals"):
                        old._execute(cur, f"DROP TABLE ledger.{table}")
            _old_release(old, release(0.4), "0.5")
        finally:
            old.close()
    yield url


def test_a_store_from_before_waves_holds_one_wave_with_its_releases(old_store: str, tmp_path: Path) -> None:
    opened = open_store(old_store, tmp_path)
    try:
        assert opened._query("SELECT MAX(version) FROM schema_version")[0][0] == LATEST
        assert [w.number for w in opened.waves(SURVEY)] == [1]
        (kept,) = opened.releases(SURVEY)
        assert kept.wave == 1 and opened.spent(SURVEY) == PrivacyBudget("0.4")
        assert opened.total(SURVEY, PrivacyBudget(0.5)) == PrivacyBudget("0.5")
        with pytest.raises(BudgetError):
            opened.spend(release(0.2), PrivacyBudget(0.5))
        opened.start_wave(SURVEY, "2", TOMORROW, "next fieldwork")
        opened.spend(of_wave(0.5, 2), PrivacyBudget(0.5))
        assert (opened.spent(SURVEY, 1), opened.spent(SURVEY, 2)) == (PrivacyBudget("0.4"), PrivacyBudget("0.5"))
    finally:
        opened.close()


def test_the_sqlite_wave_tables_are_in_the_ledger_file_not_the_collection(tmp_path: Path) -> None:
    opened = open_store("sqlite:///data/responses.sqlite", tmp_path)
    opened.close()
    for name, expected in (("responses.sqlite", False), ("responses-ledger.sqlite", True)):
        with closing(sqlite3.connect(tmp_path / "data" / name)) as db:
            found = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert ({"waves", "release_waves", "wave_totals"} <= found) is expected, name

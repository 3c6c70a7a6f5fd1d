"""The budget ledger against real SQLite files and a real PostgreSQL server: never overspent."""

from __future__ import annotations

import multiprocessing
import secrets
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ledger import BudgetLedger, check_fits, remaining
from kernel.errors import EqSurveyError
from kernel.ledger import BudgetError, LedgerEntry
from kernel.privacy_budget import PrivacyBudget
from survey.store import ResponseStore, open_store
from tests.integration.test_store import store  # noqa: F401 - the same fixture, both backends

SURVEY = "musterstadt-2026"


def release(rho: float | str, instrument: str = SURVEY) -> LedgerEntry:
    return LedgerEntry(
        secrets.token_hex(8),
        instrument,
        "1.0.0",
        "main",
        "sha256:plan",
        "sha256:data",
        PrivacyBudget(rho),
        "2026-11-22T10:00:00+00:00",
        {"tables": [{"id": "t", "cells": [1, 2, 3]}]},
    )


def test_the_store_is_the_ledger_analysis_asks_for(store: ResponseStore) -> None:  # noqa: F811
    ledger: BudgetLedger = store  # mypy checks the shape here: the store never imports analysis
    ledger.spend(release(0.2), PrivacyBudget("0.5"))
    assert remaining(ledger, SURVEY, PrivacyBudget("0.5")) == PrivacyBudget("0.3")
    check_fits(ledger, SURVEY, PrivacyBudget("0.3"), PrivacyBudget("0.5"))
    with pytest.raises(BudgetError, match=r"Requested 0\.31 / Remaining 0\.3 / Difference 0\.01"):
        check_fits(ledger, SURVEY, PrivacyBudget("0.31"), PrivacyBudget("0.5"))
    assert ledger.spent(SURVEY) == PrivacyBudget("0.2"), "checking spends nothing"


def test_spending_until_the_budget_is_gone(store: ResponseStore) -> None:  # noqa: F811
    assert store.spend(release(0.2), PrivacyBudget(0.5)) == PrivacyBudget("0.3")
    assert store.spend(release(0.3), PrivacyBudget(0.5)) == PrivacyBudget("0")
    with pytest.raises(BudgetError) as caught:
        store.spend(release(0.01), PrivacyBudget(0.5))
    message = caught.value.render()
    assert "Requested 0.01 / Remaining 0 / Difference 0.01" in message and "nothing was spent" in message
    assert store.spent(SURVEY) == PrivacyBudget("0.5") and len(store.releases(SURVEY)) == 2
    # Another survey in the same store has its own budget.
    assert store.spend(release(0.5, "other-survey"), PrivacyBudget(0.5)) == PrivacyBudget("0")


def test_budgets_add_up_as_the_decimals_they_were_written_as(store: ResponseStore) -> None:  # noqa: F811
    for _ in range(3):
        store.spend(release(0.1), PrivacyBudget(0.3))  # 0.1 + 0.1 + 0.1 is 0.3, not 0.30000000000000004
    assert store.spent(SURVEY) == PrivacyBudget("0.3")
    with pytest.raises(BudgetError):
        store.spend(release(5e-324), PrivacyBudget(0.3))  # the smallest float above nothing is still too much


def test_just_above_the_total_is_refused_and_nothing_is_stored(store: ResponseStore) -> None:  # noqa: F811
    store.spend(release(0.1), PrivacyBudget(0.3))
    with pytest.raises(BudgetError):
        store.spend(release(0.2000000000000001), PrivacyBudget(0.3))
    assert store.spent(SURVEY) == PrivacyBudget("0.1")
    assert [e.action for e in store.audit_log()] == ["release"]


def test_a_release_is_immutable_and_comes_back_as_stored(store: ResponseStore) -> None:  # noqa: F811
    made = release(0.25)
    store.spend(made, PrivacyBudget(1.0))
    assert store.release(made.release_id) == made
    assert store.release("no-such-release") is None
    for statement in ("UPDATE releases SET rho = '0'", "DELETE FROM releases"):
        with pytest.raises(Exception, match="immutable"), store._transaction() as cur:
            cur.execute(statement)
    assert store.spent(SURVEY) == PrivacyBudget("0.25")


def _race(url: str, base: str, start: Barrier, results: Queue[str]) -> None:
    s = open_store(url, Path(base))
    start.wait()
    try:
        s.spend(release(0.6), PrivacyBudget(1.0))
        results.put("spent")
    except BudgetError:
        results.put("refused")
    finally:
        s.close()


def test_two_processes_releasing_at_once_cannot_overspend(store: ResponseStore) -> None:  # noqa: F811
    assert store.address is not None
    url, base = store.address
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    racers = [context.Process(target=_race, args=(url, str(base), start, results)) for _ in range(2)]
    for p in racers:
        p.start()
    for p in racers:
        p.join(60)
    assert sorted(results.get(timeout=5) for _ in racers) == ["refused", "spent"]
    assert store.spent(SURVEY) == PrivacyBudget("0.6")


def test_the_first_release_fixes_the_total_and_a_different_one_is_refused(store: ResponseStore) -> None:  # noqa: F811
    assert store.budget_totals(SURVEY) == []
    store.spend(release(0.2), PrivacyBudget(0.5))
    (fixed,) = store.budget_totals(SURVEY)
    assert fixed.total == PrivacyBudget("0.5") and "first release" in fixed.reason

    for raised in (50, 0.6, 0.4):
        with pytest.raises(BudgetError) as caught:
            store.spend(release(0.1), PrivacyBudget(raised))
        assert caught.value.problems[0].code == "budget-total-changed"
        assert "total_rho = 0.5 again" in caught.value.render() and "nothing was spent" in caught.value.render()
        with pytest.raises(BudgetError):
            store.total(SURVEY, PrivacyBudget(raised))
    assert store.spent(SURVEY) == PrivacyBudget("0.2") and len(store.releases(SURVEY)) == 1
    assert store.total(SURVEY, PrivacyBudget(0.5)) == PrivacyBudget("0.5")


def test_a_total_changes_only_with_a_reason_recorded_in_the_ledger_and_the_audit_log(
    store: ResponseStore,  # noqa: F811
) -> None:
    store.spend(release(0.4), PrivacyBudget(0.5))
    with pytest.raises(EqSurveyError, match=r"less than the ρ = 0\.4"):
        store.change_total(SURVEY, PrivacyBudget(0.3), "fewer tables")
    with pytest.raises(EqSurveyError, match=r"already ρ = 0\.5"):
        store.change_total(SURVEY, PrivacyBudget(0.5), "no change")

    done = store.change_total(SURVEY, PrivacyBudget(1.0), "second wave approved")

    assert done.total == PrivacyBudget("1") and done.reason == "second wave approved"
    assert [t.total for t in store.budget_totals(SURVEY)] == [PrivacyBudget("0.5"), PrivacyBudget("1")]
    assert store.spend(release(0.5), PrivacyBudget(1.0)) == PrivacyBudget("0.1")
    logged = [e for e in store.audit_log() if e.action == "budget-total"]
    assert len(logged) == 1 and logged[0].detail == {
        "instrument": SURVEY, "from": "0.5", "to": "1", "reason": "second wave approved"
    }  # fmt: skip
    # The database itself refuses to rewrite the history.
    for statement in ("UPDATE budget_totals SET total = '100'", "DELETE FROM budget_totals"):
        with pytest.raises(Exception, match="changed only by a new row"), store._transaction() as cur:
            store._execute(cur, statement)
    assert [t.total for t in store.budget_totals(SURVEY)] == [PrivacyBudget("0.5"), PrivacyBudget("1")]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.one_of(st.floats(0, 1000, allow_nan=False), st.decimals(0, 1000, allow_nan=False, places=12).map(str)))
def test_a_budget_comes_back_from_the_store_as_it_was_spent(store: ResponseStore, rho: float | str) -> None:  # noqa: F811
    made = release(rho, f"survey-{secrets.token_hex(4)}")  # a survey of its own: the store outlives each example
    store.spend(made, PrivacyBudget(1000))
    back = store.release(made.release_id)
    assert back is not None and back.rho == made.rho and back.rho.text == made.rho.text
    assert store.spent(made.instrument_id) == made.rho

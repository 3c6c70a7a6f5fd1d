"""The privacy budget ledger: a release is stored only if the survey's budget still covers it.

Spending is one transaction that takes the ledger's write lock, sums what was
spent, compares, and stores the release: two releases at once queue, and
cannot both pass the check. Budgets are summed as the decimals they were
written as (0.1 + 0.1 + 0.1 is 0.3, as anyone reading the plan expects, where
binary floats would give 0.30000000000000004 and refuse a release that fits).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Context, Decimal, localcontext
from typing import Any, Protocol

from instruments.errors import EqSurveyError, Location, Problem


class BudgetError(EqSurveyError):
    """A release would spend more privacy budget than the survey has left."""


@dataclass(frozen=True)
class Release:
    release_id: str
    instrument_id: str
    instrument_version: str
    plan_id: str
    plan_hash: str
    dataset_fingerprint: str
    rho: Decimal
    created_at: str
    body: dict[str, Any]


# Enough digits that sums of budgets written as decimals are exact (0.3 + 5e-324 is more than 0.3).
_EXACT = Context(prec=1000)


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}"


def exact(rho: float | Decimal) -> Decimal:
    """The decimal a budget was written as (the shortest text that is this float)."""
    value = rho if isinstance(rho, Decimal) else Decimal(repr(float(rho)))
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a budget: {rho!r}")
    return value


def refusal(requested: Decimal, spent: Decimal, total: Decimal) -> BudgetError:
    with localcontext(_EXACT):
        remaining = max(total - spent, Decimal(0))
        asked, left, short, whole = map(_show, (requested, remaining, requested - remaining, total))
    return BudgetError(
        [
            Problem(
                "budget-exceeded",
                Location(),
                f"this release needs ρ = {asked} but only ρ = {left} of the survey's ρ = {whole} is left"
                f" (Requested {asked} / Remaining {left} / Difference {short})",
                "spend a smaller share (budget_share in the plan), or publish from the releases already made;"
                " nothing was spent",
            )
        ]
    )


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...
    def _lock_ledger(self, cur: Any) -> None: ...
    def _spent(self: _Store, cur: Any, instrument_id: str) -> Decimal: ...


class LedgerMixin:
    """Ledger methods of the response store (see survey.store.base for the transaction helpers)."""

    def spend(self: _Store, release: Release, total_rho: float | Decimal) -> Decimal:
        """Store the release if the budget covers it, in one transaction; returns what remains afterwards."""
        total, requested = exact(total_rho), exact(release.rho)
        with self._transaction() as cur:
            self._lock_ledger(cur)
            spent = self._spent(cur, release.instrument_id)
            with localcontext(_EXACT):
                if spent + requested > total:
                    raise refusal(requested, spent, total)
                remaining = total - spent - requested
            self._execute(
                cur,
                "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    release.release_id,
                    release.instrument_id,
                    release.instrument_version,
                    release.plan_id,
                    release.plan_hash,
                    release.dataset_fingerprint,
                    str(requested),
                    release.created_at,
                    json.dumps(release.body, sort_keys=True, ensure_ascii=False),
                ),
            )
            detail = {"release": release.release_id, "plan": release.plan_id, "rho": str(requested)}
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (datetime.now(UTC).replace(microsecond=0).isoformat(), "release", json.dumps(detail, sort_keys=True)),
            )
            return remaining

    def spent(self: _Store, instrument_id: str) -> Decimal:
        with self._transaction() as cur:
            return self._spent(cur, instrument_id)

    def releases(self: _Store, instrument_id: str) -> list[Release]:
        rows = self._query(
            "SELECT * FROM releases WHERE instrument_id = ? ORDER BY created_at, release_id", (instrument_id,)
        )
        return [_release(r) for r in rows]

    def release(self: _Store, release_id: str) -> Release | None:
        rows = self._query("SELECT * FROM releases WHERE release_id = ?", (release_id,))
        return _release(rows[0]) if rows else None

    def _spent(self: _Store, cur: Any, instrument_id: str) -> Decimal:
        found = self._execute(cur, "SELECT rho FROM releases WHERE instrument_id = ?", (instrument_id,)).fetchall()
        with localcontext(_EXACT):
            return sum((Decimal(rho) for (rho,) in found), Decimal(0))

    def _lock_ledger(self, cur: Any) -> None:
        """Hold the ledger until this transaction ends (SQLite's BEGIN IMMEDIATE already does)."""


def _release(row: Any) -> Release:
    rid, instrument, version, plan, plan_hash, fingerprint, rho, created, body = row
    return Release(rid, instrument, version, plan, plan_hash, fingerprint, Decimal(rho), created, json.loads(body))

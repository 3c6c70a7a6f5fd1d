"""The privacy budget ledger in the store: a release is stored only if the survey's budget still covers it.

The store implements :class:`analysis.ledger.BudgetLedger` (structurally: the
collecting stage does not import analysis) by the rules of :mod:`kernel.ledger`.
Spending is one transaction that takes the ledger's write lock, sums what was
spent, compares, and stores the release: two releases at once queue, and
cannot both pass the check. Budgets are :class:`~kernel.privacy_budget.PrivacyBudget`
values, summed as the decimals they were written as and stored as their text.

Reading checks every release before it is used: a ρ that is no budget, or not
the one its body states, and a body that is not JSON (or, with the DP layer's
check, not a release's) are a :class:`DamagedLedgerError` naming each damaged
release and how many are intact. A damaged ledger refuses to spend: summing
what it holds would be wrong.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from kernel.errors import Location, Problem
from kernel.ledger import (
    FIRST_RELEASE,
    BodyCheck,
    BudgetTotal,
    DamagedLedgerError,
    LedgerEntry,
    check_new_total,
    current_total,
    left_after_spending,
)
from kernel.privacy_budget import PrivacyBudget

T = TypeVar("T")

_RESTORE = (
    "restore the store from a backup made before the damage (releases are never changed); reading changed nothing"
)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...
    def _lock_ledger(self, cur: Any) -> None: ...
    def _spent(self: _Store, cur: Any, instrument_id: str, wave: int = 1) -> PrivacyBudget: ...
    def _totals(self: _Store, cur: Any, instrument_id: str, wave: int = 1) -> list[BudgetTotal]: ...
    def _fix_total(
        self: _Store, cur: Any, instrument_id: str, total: PrivacyBudget, reason: str, seq: int, *, wave: int = 1
    ) -> None: ...


class LedgerMixin:
    """The response store as :class:`analysis.ledger.BudgetLedger` (see survey.store.base for the transactions)."""

    def spend(self: _Store, release: LedgerEntry, total: PrivacyBudget) -> PrivacyBudget:
        """Store the release if its wave's budget covers it, in one transaction; returns what remains afterwards."""
        wave = release.wave
        with self._transaction() as cur:
            self._lock_ledger(cur)
            totals = self._totals(cur, release.instrument_id, wave)
            current_total(totals, total)
            if not totals:
                self._fix_total(cur, release.instrument_id, total, FIRST_RELEASE, 1, wave=wave)
            remaining = left_after_spending(release.rho, self._spent(cur, release.instrument_id, wave), total)
            self._execute(
                cur,
                "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    release.release_id,
                    release.instrument_id,
                    release.instrument_version,
                    release.plan_id,
                    release.plan_hash,
                    release.dataset_mac,
                    release.rho.text,
                    release.created_at,
                    json.dumps(release.body, sort_keys=True, ensure_ascii=False),
                ),
            )
            self._execute(cur, "INSERT INTO release_waves VALUES (?, ?)", (release.release_id, wave))
            detail = {"release": release.release_id, "plan": release.plan_id, "rho": release.rho.text}
            if wave != 1:
                detail["wave"] = str(wave)
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (_now(), "release", json.dumps(detail, sort_keys=True)),
            )
            return remaining

    def spent(self: _Store, instrument_id: str, wave: int = 1) -> PrivacyBudget:
        """What the releases of one wave of the survey spent (the first wave: every release made before waves)."""
        with self._transaction() as cur:
            return self._spent(cur, instrument_id, wave)

    def budget_totals(self: _Store, instrument_id: str, wave: int = 1) -> list[BudgetTotal]:
        """The wave's total budget and each change of it, oldest first; [] before its first release."""
        with self._transaction() as cur:
            return self._totals(cur, instrument_id, wave)

    def total(self: _Store, instrument_id: str, configured: PrivacyBudget, wave: int = 1) -> PrivacyBudget:
        """The wave's total budget: the ledger's, which the config's ``total_rho`` must match once fixed."""
        with self._transaction() as cur:
            return current_total(self._totals(cur, instrument_id, wave), configured)

    def change_total(self: _Store, instrument_id: str, new: PrivacyBudget, reason: str, wave: int = 1) -> BudgetTotal:
        """Make ``new`` the wave's total from now on, with its reason (in the audit log too)."""
        with self._transaction() as cur:
            self._lock_ledger(cur)
            totals = self._totals(cur, instrument_id, wave)
            check_new_total(totals, self._spent(cur, instrument_id, wave), new)
            self._fix_total(cur, instrument_id, new, reason, len(totals) + 1, wave=wave)
            before = str(totals[-1].total) if totals else None
            detail = {"instrument": instrument_id, "from": before, "to": str(new), "reason": reason}
            if wave != 1:
                detail["wave"] = str(wave)
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (_now(), "budget-total", json.dumps(detail, sort_keys=True)),
            )
            return self._totals(cur, instrument_id, wave)[-1]

    def _totals(self: _Store, cur: Any, instrument_id: str, wave: int = 1) -> list[BudgetTotal]:
        # The first wave's totals stay in budget_totals (a store made before waves keeps them there).
        rows = self._execute(
            cur,
            "SELECT total, set_at, reason FROM budget_totals WHERE instrument_id = ? ORDER BY seq"
            if wave == 1
            else "SELECT total, set_at, reason FROM wave_totals WHERE instrument_id = ? AND wave = ? ORDER BY seq",
            (instrument_id,) if wave == 1 else (instrument_id, wave),
        ).fetchall()
        out = []
        for total, set_at, reason in rows:
            try:
                value = PrivacyBudget(str(total))
            except ValueError:
                raise DamagedLedgerError.single(
                    "ledger-damaged", f"the survey's budget total {total!r} is not a budget", _RESTORE
                ) from None
            out.append(BudgetTotal(value, str(set_at), str(reason)))
        return out

    def _fix_total(
        self: _Store, cur: Any, instrument_id: str, total: PrivacyBudget, reason: str, seq: int, *, wave: int = 1
    ) -> None:
        if wave == 1:
            self._execute(
                cur,
                "INSERT INTO budget_totals (instrument_id, seq, total, set_at, reason) VALUES (?, ?, ?, ?, ?)",
                (instrument_id, seq, total.text, _now(), reason),
            )
            return
        self._execute(
            cur,
            "INSERT INTO wave_totals (instrument_id, wave, seq, total, set_at, reason) VALUES (?, ?, ?, ?, ?, ?)",
            (instrument_id, wave, seq, total.text, _now(), reason),
        )

    def releases(self: _Store, instrument_id: str, check: BodyCheck | None = None) -> list[LedgerEntry]:
        """The survey's releases, oldest first; if any is damaged, a :class:`DamagedLedgerError` naming every one."""
        rows = self._query(
            f"{_WITH_WAVE} WHERE r.instrument_id = ? ORDER BY r.created_at, r.release_id", (instrument_id,)
        )
        return _intact([_release(r, check) for r in rows], instrument_id)

    def release(self: _Store, release_id: str, check: BodyCheck | None = None) -> LedgerEntry | None:
        rows = self._query(f"{_WITH_WAVE} WHERE r.release_id = ?", (release_id,))
        return _intact([_release(rows[0], check)], None)[0] if rows else None

    def _spent(self: _Store, cur: Any, instrument_id: str, wave: int = 1) -> PrivacyBudget:
        # Each ρ is checked against its body: a budget edited down in the store would otherwise be spent twice.
        found = self._execute(
            cur,
            "SELECT r.release_id, r.rho, r.body FROM releases r LEFT JOIN release_waves w"
            " ON w.release_id = r.release_id WHERE r.instrument_id = ? AND COALESCE(w.wave, 1) = ?",
            (instrument_id, wave),
        ).fetchall()
        return PrivacyBudget.sum_of(_intact([_spend_of(rid, rho, body) for rid, rho, body in found], instrument_id))

    def _lock_ledger(self, cur: Any) -> None:
        """Hold the ledger until this transaction ends (SQLite's BEGIN IMMEDIATE already does)."""


#: A release's columns and its wave (a release made before waves, without a row in release_waves, is the first's).
_WITH_WAVE = (
    "SELECT r.release_id, r.instrument_id, r.instrument_version, r.plan_id, r.plan_hash, r.dataset_fingerprint,"
    " r.rho, r.created_at, r.body, COALESCE(w.wave, 1) FROM releases r"
    " LEFT JOIN release_waves w ON w.release_id = r.release_id"
)


def _release(row: Any, check: BodyCheck | None) -> LedgerEntry | Problem:
    rid, instrument, version, plan, plan_hash, dataset, rho, created, body, wave = row
    parsed = _body(rid, body)
    if isinstance(parsed, Problem):
        return parsed
    spend = _spend(rid, rho, parsed)
    if isinstance(spend, Problem):
        return spend
    wrong = check(parsed) if check is not None else []
    if wrong:
        return _damaged(rid, f"its body (column body) is not a release's: {'; '.join(wrong)}")
    return LedgerEntry(rid, instrument, version, plan, plan_hash, dataset, spend, created, parsed, int(wave))


def _spend_of(release_id: Any, rho: Any, body: Any) -> PrivacyBudget | Problem:
    parsed = _body(release_id, body)
    return parsed if isinstance(parsed, Problem) else _spend(release_id, rho, parsed)


def _body(release_id: Any, body: Any) -> dict[str, Any] | Problem:
    try:
        parsed = json.loads(body) if isinstance(body, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return _damaged(release_id, "its body (column body) is not a JSON object")
    return parsed


def _spend(release_id: Any, rho: Any, body: dict[str, Any]) -> PrivacyBudget | Problem:
    """The release's ρ as stored (column rho), if it is a budget and the ρ its own body states."""
    try:
        value = PrivacyBudget(rho) if isinstance(rho, str) else None
    except ValueError:
        value = None
    if value is None:
        return _damaged(release_id, f"its budget (column rho) is {str(rho)[:40]!r}, not a number of at least 0")
    # Every release made states its ρ in its body too (a body without one is left to the body's own check).
    privacy = body.get("privacy")
    stated = privacy.get("rho") if isinstance(privacy, dict) else None
    if stated is None:
        return value
    if isinstance(stated, bool) or not isinstance(stated, (int, float)) or _budget_or_none(stated) != value:
        return _damaged(release_id, f"its budget (column rho = {value}) is not the ρ its body states ({stated!r:.40})")
    return value


def _budget_or_none(rho: float) -> PrivacyBudget | None:
    try:
        return PrivacyBudget(rho)
    except ValueError:
        return None


def _damaged(release_id: Any, problem: str) -> Problem:
    return Problem("release-damaged", Location(field=f"release {release_id}"), f"table releases: {problem}", _RESTORE)


def _intact(found: list[T | Problem], instrument_id: str | None) -> list[T]:
    """``found`` if none is a problem; else a :class:`DamagedLedgerError` with every problem and what still reads."""
    problems = [f for f in found if isinstance(f, Problem)]
    if not problems:
        return [f for f in found if not isinstance(f, Problem)]
    if instrument_id is not None:
        intact = len(found) - len(problems)
        problems.append(
            Problem(
                "release-damaged",
                Location(),
                f"{len(problems)} of {len(found)} releases of survey {instrument_id}"
                f" {'is' if len(problems) == 1 else 'are'} damaged; {_intact_ones(intact)}. Nothing was spent or changed",
                _RESTORE,
            )
        )
    raise DamagedLedgerError(problems)


def _intact_ones(n: int) -> str:
    if n == 0:
        return "none is intact"
    return f"the other {n} {'is' if n == 1 else 'are'} intact (eqsurvey release show ID reads each)"

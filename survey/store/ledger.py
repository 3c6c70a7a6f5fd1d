"""The privacy budget ledger: a release is stored only if the survey's budget still covers it.

Spending is one transaction that takes the ledger's write lock, sums what was
spent, compares, and stores the release: two releases at once queue, and
cannot both pass the check. Budgets are summed as the decimals they were
written as (0.1 + 0.1 + 0.1 is 0.3, as anyone reading the plan expects, where
binary floats would give 0.30000000000000004 and refuse a release that fits).

Reading checks every release before it is used: a ρ that is no budget, or not
the one its body states, and a body that is not JSON (or, with the DP layer's
check, not a release's) are a :class:`DamagedLedgerError` naming each damaged
release and how many are intact. A damaged ledger refuses to spend: summing
what it holds would be wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Context, Decimal, InvalidOperation, localcontext
from typing import Any, Protocol, TypeVar

from kernel.errors import EqSurveyError, Location, Problem

T = TypeVar("T")


class BudgetError(EqSurveyError):
    """A release would spend more privacy budget than the survey has left."""


class DamagedLedgerError(EqSurveyError):
    """A stored release is not as it was stored: edited in the store, or damaged."""


BodyCheck = Callable[[Any], list[str]]
"""What is wrong with a release's body (the DP layer knows its shape; see analysis.release_body), [] if nothing."""

_RESTORE = (
    "restore the store from a backup made before the damage (releases are never changed); reading changed nothing"
)


@dataclass(frozen=True)
class Release:
    release_id: str
    instrument_id: str
    instrument_version: str
    plan_id: str
    plan_hash: str
    dataset_mac: str
    """The dataset's keyed MAC (anonymize.dataset_mac), in the column dataset_fingerprint (named before
    the MAC; renaming it would need a migration); releases made before hold a plain SHA-256. Never published."""
    rho: Decimal
    created_at: str
    body: dict[str, Any]


# Enough digits that sums of budgets written as decimals are exact (0.3 + 5e-324 is more than 0.3).
_EXACT = Context(prec=1000)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


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


@dataclass(frozen=True)
class BudgetTotal:
    """The survey's total budget from ``set_at`` on (the first fixed by its first release), and why."""

    total: Decimal
    set_at: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"total": _show(self.total), "set_at": self.set_at, "reason": self.reason}


FIRST_RELEASE = "fixed by the survey's first release"


def changed_total(fixed: Decimal, configured: Decimal) -> BudgetError:
    shown, wanted = _show(fixed), _show(configured)
    return BudgetError(
        [
            Problem(
                "budget-total-changed",
                Location(file="eqsurvey.toml"),
                f"[analysis] total_rho = {wanted}, but this survey's total budget is ρ = {shown}, fixed in the ledger"
                " (a total changed in the config would let releases spend more than was planned)",
                f"set total_rho = {shown} again; to change the total on purpose, keep total_rho = {wanted} and run"
                " eqsurvey budget change --reason '…' (the change and its reason go into the audit log and every"
                " later report); nothing was spent",
            )
        ]
    )


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...
    def _lock_ledger(self, cur: Any) -> None: ...
    def _spent(self: _Store, cur: Any, instrument_id: str) -> Decimal: ...
    def _totals(self: _Store, cur: Any, instrument_id: str) -> list[BudgetTotal]: ...
    def _fix_total(self: _Store, cur: Any, instrument_id: str, total: Decimal, reason: str, seq: int) -> None: ...


class LedgerMixin:
    """Ledger methods of the response store (see survey.store.base for the transaction helpers)."""

    def spend(self: _Store, release: Release, total_rho: float | Decimal) -> Decimal:
        """Store the release if the budget covers it, in one transaction; returns what remains afterwards."""
        configured, requested = exact(total_rho), exact(release.rho)
        with self._transaction() as cur:
            self._lock_ledger(cur)
            totals = self._totals(cur, release.instrument_id)
            total = totals[-1].total if totals else configured
            if total != configured:
                raise changed_total(total, configured)
            if not totals:
                self._fix_total(cur, release.instrument_id, total, FIRST_RELEASE, 1)
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
                    release.dataset_mac,
                    str(requested),
                    release.created_at,
                    json.dumps(release.body, sort_keys=True, ensure_ascii=False),
                ),
            )
            detail = {"release": release.release_id, "plan": release.plan_id, "rho": str(requested)}
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (_now(), "release", json.dumps(detail, sort_keys=True)),
            )
            return remaining

    def spent(self: _Store, instrument_id: str) -> Decimal:
        with self._transaction() as cur:
            return self._spent(cur, instrument_id)

    def budget_totals(self: _Store, instrument_id: str) -> list[BudgetTotal]:
        """The survey's total budget and each change of it, oldest first; [] before its first release."""
        with self._transaction() as cur:
            return self._totals(cur, instrument_id)

    def total(self: _Store, instrument_id: str, total_rho: float | Decimal) -> Decimal:
        """The survey's total budget: the ledger's, which the config's ``total_rho`` must match once fixed."""
        configured = exact(total_rho)
        with self._transaction() as cur:
            totals = self._totals(cur, instrument_id)
        if totals and totals[-1].total != configured:
            raise changed_total(totals[-1].total, configured)
        return configured

    def change_total(self: _Store, instrument_id: str, total_rho: float | Decimal, reason: str) -> BudgetTotal:
        """Make ``total_rho`` the survey's total from now on, with its reason (in the audit log too)."""
        new = exact(total_rho)
        with self._transaction() as cur:
            self._lock_ledger(cur)
            totals = self._totals(cur, instrument_id)
            if totals and totals[-1].total == new:
                raise EqSurveyError.single(
                    "budget-total-unchanged",
                    f"the survey's total budget is already ρ = {_show(new)}",
                    "write the new total as total_rho in eqsurvey.toml first, then run this command",
                )
            spent = self._spent(cur, instrument_id)
            if new < spent:
                raise EqSurveyError.single(
                    "budget-total-below-spent",
                    f"total_rho = {_show(new)} is less than the ρ = {_show(spent)} the survey's releases already spent",
                    "a total can be lowered only down to what was spent; set total_rho to at least that",
                )
            self._fix_total(cur, instrument_id, new, reason, len(totals) + 1)
            before = _show(totals[-1].total) if totals else None
            detail = {"instrument": instrument_id, "from": before, "to": _show(new), "reason": reason}
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (_now(), "budget-total", json.dumps(detail, sort_keys=True)),
            )
            return self._totals(cur, instrument_id)[-1]

    def _totals(self: _Store, cur: Any, instrument_id: str) -> list[BudgetTotal]:
        rows = self._execute(
            cur,
            "SELECT total, set_at, reason FROM budget_totals WHERE instrument_id = ? ORDER BY seq",
            (instrument_id,),
        ).fetchall()
        out = []
        for total, set_at, reason in rows:
            try:
                value = exact(Decimal(str(total)))
            except (InvalidOperation, ValueError):
                raise DamagedLedgerError.single(
                    "ledger-damaged", f"the survey's budget total {total!r} is not a budget", _RESTORE
                ) from None
            out.append(BudgetTotal(value, str(set_at), str(reason)))
        return out

    def _fix_total(self: _Store, cur: Any, instrument_id: str, total: Decimal, reason: str, seq: int) -> None:
        self._execute(
            cur,
            "INSERT INTO budget_totals (instrument_id, seq, total, set_at, reason) VALUES (?, ?, ?, ?, ?)",
            (instrument_id, seq, str(total), _now(), reason),
        )

    def releases(self: _Store, instrument_id: str, check: BodyCheck | None = None) -> list[Release]:
        """The survey's releases, oldest first; if any is damaged, a :class:`DamagedLedgerError` naming every one."""
        rows = self._query(
            "SELECT * FROM releases WHERE instrument_id = ? ORDER BY created_at, release_id", (instrument_id,)
        )
        return _intact([_release(r, check) for r in rows], instrument_id)

    def release(self: _Store, release_id: str, check: BodyCheck | None = None) -> Release | None:
        rows = self._query("SELECT * FROM releases WHERE release_id = ?", (release_id,))
        return _intact([_release(rows[0], check)], None)[0] if rows else None

    def _spent(self: _Store, cur: Any, instrument_id: str) -> Decimal:
        # Each ρ is checked against its body: a budget edited down in the store would otherwise be spent twice.
        found = self._execute(
            cur, "SELECT release_id, rho, body FROM releases WHERE instrument_id = ?", (instrument_id,)
        ).fetchall()
        spends = _intact([_spend_of(rid, rho, body) for rid, rho, body in found], instrument_id)
        with localcontext(_EXACT):
            return sum(spends, Decimal(0))

    def _lock_ledger(self, cur: Any) -> None:
        """Hold the ledger until this transaction ends (SQLite's BEGIN IMMEDIATE already does)."""


def _release(row: Any, check: BodyCheck | None) -> Release | Problem:
    rid, instrument, version, plan, plan_hash, dataset, rho, created, body = row
    parsed = _body(rid, body)
    if isinstance(parsed, Problem):
        return parsed
    spend = _spend(rid, rho, parsed)
    if isinstance(spend, Problem):
        return spend
    wrong = check(parsed) if check is not None else []
    if wrong:
        return _damaged(rid, f"its body (column body) is not a release's: {'; '.join(wrong)}")
    return Release(rid, instrument, version, plan, plan_hash, dataset, spend, created, parsed)


def _spend_of(release_id: Any, rho: Any, body: Any) -> Decimal | Problem:
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


def _spend(release_id: Any, rho: Any, body: dict[str, Any]) -> Decimal | Problem:
    """The release's ρ as stored (column rho), if it is a budget and the ρ its own body states."""
    try:
        value = Decimal(rho) if isinstance(rho, str) else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        return _damaged(release_id, f"its budget (column rho) is {str(rho)[:40]!r}, not a number of at least 0")
    # Every release made states its ρ in its body too (a body without one is left to the body's own check).
    privacy = body.get("privacy")
    stated = privacy.get("rho") if isinstance(privacy, dict) else None
    if stated is None:
        return value
    if isinstance(stated, bool) or not isinstance(stated, (int, float)) or _exact_or_none(stated) != value:
        return _damaged(
            release_id, f"its budget (column rho = {_show(value)}) is not the ρ its body states ({stated!r:.40})"
        )
    return value


def _exact_or_none(rho: float) -> Decimal | None:
    try:
        return exact(rho)
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

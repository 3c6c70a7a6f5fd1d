"""The budget ledger's interface: what analysis needs of whatever keeps the survey's releases and budget.

The response store implements it (:mod:`survey.store.ledger`, on SQLite and
PostgreSQL) without importing this module: a Protocol is matched by shape,
and mypy checks the match where the store is handed over as a ledger (the
release workflow in ``eqsurvey.workflows.release``). The rules every
implementation applies inside its own transaction (fit, total fixed by the
first release, changes never below what was spent) are :mod:`kernel.ledger`'s.
"""

from __future__ import annotations

from typing import Protocol

from kernel.ledger import BodyCheck, BudgetError, BudgetTotal, LedgerEntry, refusal
from kernel.privacy_budget import PrivacyBudget


class BudgetLedger(Protocol):
    """The survey's releases and budget, append-only; spending is atomic, so two at once cannot overspend."""

    def spend(self, release: LedgerEntry, total: PrivacyBudget) -> PrivacyBudget:
        """Record ``release`` if it fits the survey's ``total`` (a :class:`BudgetError` if not); what remains."""
        ...

    def spent(self, instrument_id: str, wave: int = 1) -> PrivacyBudget:
        """The ρ of the releases of one wave of the survey, summed (see kernel.waves; wave 1 before any other)."""
        ...

    def total(self, instrument_id: str, configured: PrivacyBudget, wave: int = 1) -> PrivacyBudget:
        """The wave's total: ``configured``, if the ledger has none yet or the same (else a BudgetError)."""
        ...

    def budget_totals(self, instrument_id: str, wave: int = 1) -> list[BudgetTotal]:
        """The wave's total and each change of it, oldest first; [] before its first release."""
        ...

    def change_total(self, instrument_id: str, new: PrivacyBudget, reason: str, wave: int = 1) -> BudgetTotal:
        """Make ``new`` the wave's total from now on, with its reason (never below what was spent)."""
        ...

    def releases(self, instrument_id: str, check: BodyCheck | None = None) -> list[LedgerEntry]:
        """The survey's releases, oldest first (a DamagedLedgerError naming every damaged one)."""
        ...

    def release(self, release_id: str, check: BodyCheck | None = None) -> LedgerEntry | None: ...


def remaining(ledger: BudgetLedger, instrument_id: str, configured: PrivacyBudget, wave: int = 1) -> PrivacyBudget:
    """What the wave has left to spend (nothing, never less, if a total was lowered to what was spent)."""
    return ledger.total(instrument_id, configured, wave).left_after(ledger.spent(instrument_id, wave))


def check_fits(
    ledger: BudgetLedger, instrument_id: str, requested: PrivacyBudget, configured: PrivacyBudget, wave: int = 1
) -> None:
    """Refuse before any work (the passphrase, the measuring) if ``requested`` cannot fit.

    Only a courtesy: :meth:`BudgetLedger.spend` checks again in the transaction that stores the release.
    """
    total = ledger.total(instrument_id, configured, wave)
    spent = ledger.spent(instrument_id, wave)
    if spent + requested > total:
        raise refusal(requested, spent, total)


__all__ = ["BudgetError", "BudgetLedger", "LedgerEntry", "check_fits", "remaining"]

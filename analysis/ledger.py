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

    def spent(self, instrument_id: str) -> PrivacyBudget:
        """The survey's releases' ρ, summed."""
        ...

    def total(self, instrument_id: str, configured: PrivacyBudget) -> PrivacyBudget:
        """The survey's total: ``configured``, if the ledger has none yet or the same (else a BudgetError)."""
        ...

    def budget_totals(self, instrument_id: str) -> list[BudgetTotal]:
        """The survey's total and each change of it, oldest first; [] before its first release."""
        ...

    def change_total(self, instrument_id: str, new: PrivacyBudget, reason: str) -> BudgetTotal:
        """Make ``new`` the total from now on, with its reason (never below what was spent)."""
        ...

    def releases(self, instrument_id: str, check: BodyCheck | None = None) -> list[LedgerEntry]:
        """The survey's releases, oldest first (a DamagedLedgerError naming every damaged one)."""
        ...

    def release(self, release_id: str, check: BodyCheck | None = None) -> LedgerEntry | None: ...


def remaining(ledger: BudgetLedger, instrument_id: str, configured: PrivacyBudget) -> PrivacyBudget:
    """What the survey has left to spend (nothing, never less, if a total was lowered to what was spent)."""
    return ledger.total(instrument_id, configured).left_after(ledger.spent(instrument_id))


def check_fits(ledger: BudgetLedger, instrument_id: str, requested: PrivacyBudget, configured: PrivacyBudget) -> None:
    """Refuse before any work (the passphrase, the measuring) if ``requested`` cannot fit.

    Only a courtesy: :meth:`BudgetLedger.spend` checks again in the transaction that stores the release.
    """
    total = ledger.total(instrument_id, configured)
    spent = ledger.spent(instrument_id)
    if spent + requested > total:
        raise refusal(requested, spent, total)


__all__ = ["BudgetError", "BudgetLedger", "LedgerEntry", "check_fits", "remaining"]

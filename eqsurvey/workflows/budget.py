"""The survey's privacy budget as the ledger holds it: what ``eqsurvey budget`` prints and the console shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eqsurvey.workflows.release import body_check, release_store, summary

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from kernel.ledger import BudgetTotal, LedgerEntry
    from kernel.privacy_budget import PrivacyBudget


@dataclass(frozen=True)
class BudgetState:
    instrument_id: str
    total: PrivacyBudget
    spent: PrivacyBudget
    history: list[BudgetTotal]
    """The total and each change of it, oldest first; empty before the first release fixes it."""
    releases: list[LedgerEntry]
    """The survey's releases, oldest first, each checked."""

    @property
    def remaining(self) -> PrivacyBudget:
        return self.total.left_after(self.spent)

    @property
    def epsilon_spent(self) -> float:
        from analysis.budget import epsilon_of

        return epsilon_of(self.spent)

    @property
    def share_spent(self) -> float:
        """The part of the total spent, from 0 to 1."""
        return float(self.spent) / float(self.total) if float(self.total) > 0 else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "rho_total": float(self.total),
            "rho_spent": float(self.spent),
            "rho_remaining": float(self.remaining),
            "epsilon_spent": self.epsilon_spent,
            "total_fixed": bool(self.history),
            "total_history": [t.as_json() for t in self.history],
            "releases": [summary(r) for r in self.releases],
        }


def budget_state(project: Project) -> BudgetState:
    """The survey's total (the ledger's once fixed, which the config must match), what is spent, the releases;
    of its latest wave, once it has several (``eqsurvey budget`` then shows every wave: workflows.waves)."""
    from instruments.loader import load_instrument

    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        wave = store.waves(instrument.id)[-1].number  # the latest survey wave's (the only one, until another starts)
        total = store.total(instrument.id, project.total_rho, wave)
        history = store.budget_totals(instrument.id, wave)
        releases = [r for r in store.releases(instrument.id, check=body_check()) if r.wave == wave]
        spent = store.spent(instrument.id, wave)
    finally:
        store.close()
    return BudgetState(instrument.id, total, spent, history, releases)

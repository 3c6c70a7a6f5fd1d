"""The budget ledger's records and rules: what a release spends must fit what is left of the survey's total.

The ledger's interface is :class:`analysis.ledger.BudgetLedger`; the store
implements it (:mod:`survey.store.ledger`, SQLite and PostgreSQL). The rules
live here, in the kernel, because the store has to apply them inside its own
transaction, under its write lock (that is what keeps two releases at once
from overspending), and the collecting stage may not import analysis. Pure:
no I/O, only :class:`~kernel.privacy_budget.PrivacyBudget` arithmetic and the
wording of a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kernel.errors import EqSurveyError, Location, Problem
from kernel.privacy_budget import PrivacyBudget


class BudgetError(EqSurveyError):
    """A release would spend more privacy budget than the survey has left, or the total is not the ledger's."""


class DamagedLedgerError(EqSurveyError):
    """A stored release is not as it was stored: edited in the store, or damaged."""


BodyCheck = Callable[[Any], list[str]]
"""What is wrong with a release's body (the DP layer knows its shape; see analysis.releases.body), [] if nothing."""


@dataclass(frozen=True)
class LedgerEntry:
    """A release as the ledger holds it: what it spent, on which plan and data, and its body."""

    release_id: str
    instrument_id: str
    instrument_version: str
    plan_id: str
    plan_hash: str
    dataset_mac: str
    """The dataset's keyed MAC (anonymize.dataset_mac), in the column dataset_fingerprint (named before
    the MAC; renaming it would need a migration); releases made before hold a plain SHA-256. Never published."""
    rho: PrivacyBudget
    created_at: str
    body: dict[str, Any]
    wave: int = 1
    """The survey wave whose respondents the release measured and whose budget it spent (see kernel.waves)."""


@dataclass(frozen=True)
class BudgetTotal:
    """The survey's total budget from ``set_at`` on (the first fixed by its first release), and why."""

    total: PrivacyBudget
    set_at: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"total": str(self.total), "set_at": self.set_at, "reason": self.reason}


FIRST_RELEASE = "fixed by the survey's first release"


def refusal(requested: PrivacyBudget, spent: PrivacyBudget, total: PrivacyBudget) -> BudgetError:
    """The out-of-budget error: Requested / Remaining / Difference, and that nothing was spent."""
    remaining = total.left_after(spent)
    asked, left, whole = str(requested), str(remaining), str(total)
    short = str(requested.left_after(remaining))
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


def left_after_spending(requested: PrivacyBudget, spent: PrivacyBudget, total: PrivacyBudget) -> PrivacyBudget:
    """What remains once ``requested`` is spent on top of ``spent``; the refusal if it does not fit."""
    if spent + requested > total:
        raise refusal(requested, spent, total)
    return total - spent - requested


def changed_total(fixed: PrivacyBudget, configured: PrivacyBudget) -> BudgetError:
    shown, wanted = str(fixed), str(configured)
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


def current_total(totals: list[BudgetTotal], configured: PrivacyBudget) -> PrivacyBudget:
    """The survey's total: the ledger's once fixed, which the configured one must then equal."""
    if totals and totals[-1].total != configured:
        raise changed_total(totals[-1].total, configured)
    return configured


def check_new_total(totals: list[BudgetTotal], spent: PrivacyBudget, new: PrivacyBudget) -> None:
    """A total may change to a different one, never below what was already spent."""
    if totals and totals[-1].total == new:
        raise EqSurveyError.single(
            "budget-total-unchanged",
            f"the survey's total budget is already ρ = {new}",
            "write the new total as total_rho in eqsurvey.toml first, then run this command",
        )
    if new < spent:
        raise EqSurveyError.single(
            "budget-total-below-spent",
            f"total_rho = {new} is less than the ρ = {spent} the survey's releases already spent",
            "a total can be lowered only down to what was spent; set total_rho to at least that",
        )

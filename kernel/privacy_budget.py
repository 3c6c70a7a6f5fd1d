"""The privacy budget as a value: ρ of zero-concentrated DP, an exact decimal, never NaN, infinite or negative.

One type for every stage that speaks of a budget: the project's configured
total, a plan's share of it, a release's spend, the ledger's sums. It lives in
the kernel because the store keeps it (as text) and analysis spends it; what a
ρ means as (ε, δ) needs OpenDP and is :mod:`analysis.budget`'s.

Budgets are decimals, not binary floats, so that they add up as they were
written: 0.1 + 0.1 + 0.1 is 0.3, where floats would give 0.30000000000000004
and refuse a release that fits. A float is taken as the shortest decimal that
is that float (``0.1`` is 0.1, not 0.1000000000000000055…), which is what a
person wrote in the plan or the config. Arithmetic is exact or refused: a sum
that would need more than :data:`DIGITS` digits raises instead of rounding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext

DIGITS = 1000
"""Digits every sum keeps: budgets written as floats (at most 17 digits between 1e-324 and 1e308) add up exactly."""

_EXACT = Context(prec=DIGITS, traps=[Inexact, InvalidOperation])


def _exact(rho: object) -> Decimal:
    """The decimal ``rho`` stands for, or a ValueError saying why it is no budget."""
    if isinstance(rho, bool):  # an int to Python, a slip to anyone reading the config
        value = None
    elif isinstance(rho, Decimal):
        value = rho
    elif isinstance(rho, int):
        value = Decimal(rho)
    elif isinstance(rho, float):
        value = Decimal(repr(rho)) if math.isfinite(rho) else None
    elif isinstance(rho, str):
        try:
            value = Decimal(rho.strip())
        except InvalidOperation:
            value = None
    else:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(f"a privacy budget ρ must be a finite number, not {str(rho)[:40]!r}")
    if value < 0:
        raise ValueError(f"a privacy budget ρ cannot be negative ({str(rho)[:40]})")
    if value.is_zero():  # -0 and 0E-7 are zero: one zero, so that equal budgets print alike
        value = Decimal(0)
    return value


def _exactly(a: Decimal, b: Decimal) -> Decimal:
    try:
        with localcontext(_EXACT):
            return a + b
    except Inexact:
        raise ValueError(f"ρ = {a} + {b} needs more than {DIGITS} digits; no budget is written that finely") from None


@dataclass(frozen=True, init=False, order=True)
class PrivacyBudget:
    """A zCDP budget ρ ≥ 0, exact. Built from text (``"0.25"``), an int, a Decimal, or a float (its shortest text)."""

    rho: Decimal

    def __init__(self, rho: str | int | float | Decimal) -> None:
        object.__setattr__(self, "rho", _exact(rho))

    @classmethod
    def zero(cls) -> PrivacyBudget:
        return cls(0)

    def __add__(self, other: PrivacyBudget) -> PrivacyBudget:
        if not isinstance(other, PrivacyBudget):
            return NotImplemented
        return PrivacyBudget(_exactly(self.rho, other.rho))

    def __sub__(self, other: PrivacyBudget) -> PrivacyBudget:
        """What is left of this budget after ``other``; a ValueError if ``other`` is more."""
        if not isinstance(other, PrivacyBudget):
            return NotImplemented
        return PrivacyBudget(_exactly(self.rho, -other.rho))

    def left_after(self, spent: PrivacyBudget) -> PrivacyBudget:
        """What is left after ``spent``, and nothing (not a negative budget) if more was spent."""
        return self - spent if spent <= self else PrivacyBudget.zero()

    def share(self, fraction: float) -> PrivacyBudget:
        """``fraction`` of this budget, as the float product a plan's ``budget_share`` has always given."""
        # The mechanisms are calibrated in floats; the ledger records this same float, written as its decimal.
        return PrivacyBudget(fraction * float(self.rho))

    @staticmethod
    def sum_of(budgets: Iterable[PrivacyBudget]) -> PrivacyBudget:
        found = PrivacyBudget.zero()
        for budget in budgets:
            found += budget
        return found

    @property
    def text(self) -> str:
        """The text the ledger stores (Decimal's own, so every ρ stored before reads back the same)."""
        return str(self.rho)

    def __float__(self) -> float:
        return float(self.rho)

    def __str__(self) -> str:
        """Plain decimal notation, without exponent or trailing zeros: ``0.3``, ``1``, ``0.000001``."""
        return f"{self.rho.normalize():f}"

    def __repr__(self) -> str:
        return f"PrivacyBudget('{self.text}')"

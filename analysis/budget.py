"""Privacy budgets: zero-concentrated DP (ρ), and what it means as (ε, δ).

Budgets are kept in zCDP because it composes exactly (the ρ of several
releases add up) and fits the Gaussian noise the tables use. People know
(ε, δ) better, so every budget is also shown that way, with the conversion
OpenDP itself uses (tighter than the textbook ε = ρ + 2√(ρ ln 1/δ)).

The budget itself is :class:`kernel.privacy_budget.PrivacyBudget` (exact
decimals, never NaN or negative), shared with the store's ledger; this module
adds what needs OpenDP: its (ε, δ) equivalent.
"""

from __future__ import annotations

import math
from functools import lru_cache

from kernel.privacy_budget import PrivacyBudget

__all__ = [
    "CONVENTIONAL_EPSILON",
    "DEFAULT_DELTA",
    "MAX_RHO",
    "PrivacyBudget",
    "approx_dp_epsilon",
    "describe",
    "epsilon_of",
    "is_conventional",
]

DEFAULT_DELTA = 1e-6
"""δ at which budgets are shown: well below one over the number of respondents of any municipal survey."""

MAX_RHO = 1000.0
"""The most any survey may spend: ρ = 1000 is ε over 1000, no guarantee left to state (and OpenDP's conversion
to (ε, δ) overflows further up)."""

CONVENTIONAL_EPSILON = 3.0
"""Above this ε (at DEFAULT_DELTA) a plan is warned about: the guarantee is weak, if still a guarantee."""


def epsilon_of(budget: PrivacyBudget, delta: float = DEFAULT_DELTA) -> float:
    """The ε of ``budget`` at ``delta``."""
    return approx_dp_epsilon(float(budget), delta)


def is_conventional(budget: PrivacyBudget) -> bool:
    """Whether ``budget`` is at most the conventional ε at :data:`DEFAULT_DELTA`."""
    return epsilon_of(budget) <= CONVENTIONAL_EPSILON


def describe(budget: PrivacyBudget, delta: float = DEFAULT_DELTA) -> str:
    """``ρ = 0.15 (ε = 2.3 at δ = 1e-06)``."""
    return f"ρ = {float(budget):g} (ε = {epsilon_of(budget, delta):.3g} at δ = {delta:g})"


@lru_cache(maxsize=256)
def approx_dp_epsilon(rho: float, delta: float = DEFAULT_DELTA) -> float:
    """The ε for which ρ-zCDP implies (ε, δ)-DP, as OpenDP converts it."""
    if not (math.isfinite(rho) and rho >= 0) or not 0 < delta < 1:
        raise ValueError(f"no (ε, δ) for ρ = {rho}, δ = {delta}")
    if rho == 0:
        return 0.0
    from analysis.opendp_core import opendp  # loaded only where a budget is shown: it takes a while to load

    dp = opendp()
    # Any measurement with this ρ gives OpenDP's conversion: a Gaussian on one count, scaled to it.
    space = dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float)
    gaussian = dp.m.make_gaussian(*space, scale=1.0)
    unit_rho = float(gaussian.map(1.0))
    profile = dp.c.make_zCDP_to_approxDP(gaussian).map(math.sqrt(rho / unit_rho))
    return float(profile.epsilon(delta))

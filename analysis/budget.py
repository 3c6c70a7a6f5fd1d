"""Privacy budgets: zero-concentrated DP (ρ), and what it means as (ε, δ).

Budgets are kept in zCDP because it composes exactly (the ρ of several
releases add up) and fits the Gaussian noise the tables use. People know
(ε, δ) better, so every budget is also shown that way, with the conversion
OpenDP itself uses (tighter than the textbook ε = ρ + 2√(ρ ln 1/δ)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_DELTA = 1e-6
"""δ at which budgets are shown: well below one over the number of respondents of any municipal survey."""

MAX_RHO = 1000.0
"""The most any survey may spend: ρ = 1000 is ε over 1000, no guarantee left to state (and OpenDP's conversion
to (ε, δ) overflows further up)."""

CONVENTIONAL_EPSILON = 3.0
"""Above this ε (at DEFAULT_DELTA) a plan is warned about: the guarantee is weak, if still a guarantee."""


@dataclass(frozen=True)
class Budget:
    """A zero-concentrated DP budget ρ: a finite number, zero or more (NaN, infinities and negatives are bugs)."""

    rho: float

    def __post_init__(self) -> None:
        if isinstance(self.rho, bool) or not isinstance(self.rho, int | float) or not math.isfinite(self.rho):
            raise ValueError(f"a privacy budget ρ must be a finite number, not {self.rho!r}")
        if self.rho < 0:
            raise ValueError(f"a privacy budget ρ cannot be negative ({self.rho!r})")

    def epsilon(self, delta: float = DEFAULT_DELTA) -> float:
        return approx_dp_epsilon(self.rho, delta)

    @property
    def conventional(self) -> bool:
        return self.epsilon() <= CONVENTIONAL_EPSILON

    def describe(self, delta: float = DEFAULT_DELTA) -> str:
        return f"ρ = {self.rho:g} (ε = {self.epsilon(delta):.3g} at δ = {delta:g})"


@lru_cache(maxsize=256)
def approx_dp_epsilon(rho: float, delta: float = DEFAULT_DELTA) -> float:
    """The ε for which ρ-zCDP implies (ε, δ)-DP, as OpenDP converts it."""
    if not (math.isfinite(rho) and rho >= 0) or not 0 < delta < 1:
        raise ValueError(f"no (ε, δ) for ρ = {rho}, δ = {delta}")
    if rho == 0:
        return 0.0
    import opendp.prelude as dp  # loaded only where a budget is shown: it takes a while to load

    dp.enable_features("contrib")
    # Any measurement with this ρ gives OpenDP's conversion: a Gaussian on one count, scaled to it.
    space = dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float)
    gaussian = dp.m.make_gaussian(*space, scale=1.0)
    unit_rho = float(gaussian.map(1.0))  # type: ignore[no-untyped-call]
    profile = dp.c.make_zCDP_to_approxDP(gaussian).map(math.sqrt(rho / unit_rho))  # type: ignore[no-untyped-call]
    return float(profile.epsilon(delta))

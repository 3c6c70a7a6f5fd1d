"""A plan's budget against the noise it buys: every part of every table must get a usable noise scale.

Each part of a table is measured with Gaussian noise of scale σ = Δ / √(2ρ)
for its share ρ of the release's budget (see :mod:`analysis.mechanisms`). A
share so small that ρ leaves the normal floating-point range (below about
2.2e-308) breaks OpenDP's privacy conversion outright, and long before that
the noise drowns every figure: a part whose σ exceeds :data:`MAX_NOISE_RATIO`
times what one respondent can change (its sensitivity Δ) would publish
nothing but noise. Such a plan is refused with the share it would need, before
any OpenDP call sees the numbers.
"""

from __future__ import annotations

import math

from analysis.plans.layout import layouts, split
from analysis.plans.model import AnalysisPlan
from instruments.checks import Finding, Path
from instruments.model import Instrument

MAX_NOISE_RATIO = 1e9
"""The most noise (σ) one part may get, in multiples of one respondent's effect on it: beyond any population."""

MIN_PART_RHO = 1 / (2 * MAX_NOISE_RATIO**2)
"""The smallest ρ of one part: σ / Δ = 1 / √(2ρ) is then :data:`MAX_NOISE_RATIO`."""


def check_scales(plan: AnalysisPlan, instrument: Instrument, total_rho: float) -> list[Finding]:
    """At most one finding: the part whose noise is furthest from usable, with the budget_share that would fix it."""
    shapes = layouts(plan, instrument)
    # Each part's ρ is budget_share × total_rho × its fraction of a unit budget: worked out on the unit budget,
    # the budget_share each part needs is exact even where the plan's own ρ underflows to 0.
    worst: tuple[float, int, str, float] | None = None  # (the budget_share it needs, table, part, its ρ)
    for index, (shape, unit) in enumerate(zip(shapes, split(shapes, 1.0), strict=True)):
        for part in shape.parts:
            fraction = unit * part.fraction * total_rho
            needed = MIN_PART_RHO / fraction if fraction > 0 else math.inf
            if not plan.budget_share >= needed and (worst is None or not needed <= worst[0]):  # NaN is the worst
                worst = (needed, index, part.name, plan.budget_share * fraction)
    if worst is None:
        return []
    needed, index, name, part_rho = worst
    table = plan.tables[index]
    rho = plan.budget_share * total_rho
    sigma = 1 / math.sqrt(2 * part_rho) if part_rho > 0 else math.inf
    problem = (
        f"one release's ρ = {rho:.3g} leaves table '{table.id}' ρ = {part_rho:.3g} for its {name}: noise of"
        f" σ = {sigma:.3g} times what one respondent changes, more than {MAX_NOISE_RATIO:.0e}; it would publish"
        " nothing but noise"
    )
    at: Path = ("tables", index, "share") if table.share is not None else ("budget_share",)
    ways = [f"this table's share (now {table.share!r}, taking from the others')"] if table.share is not None else []
    if table.share is None and table.weight != 1:
        ways.append(f"this table's weight (now {table.weight!r})")
    ways.append(f"budget_share to at least {_up(needed)}" if needed <= 1 else "")
    ways.append("[analysis] total_rho in eqsurvey.toml")
    fix = "raise " + ", or ".join(w for w in ways if w)
    return [Finding(at, "noise-too-large", problem, fix)]


def _up(value: float) -> str:
    """``value`` to two significant digits, never below it: the share it names is enough."""
    shown = float(f"{value:.2g}")
    # Rounding to nearest takes off at most 5 % of a mantissa of 1 or more: 5 % more is then never below.
    return f"{shown if shown >= value else value * 1.05:.2g}"

"""Secondary suppression: hide further cells until no suppressed cell can be worked out from what is shown.

A cell under the threshold is hidden (primary suppression), but the published
figures around it — its group's other answers and base, the margins that the
consistency step makes equal across tables — may still pin it down. This
module plays the attack of :mod:`.attack` on the release before it is stored
and, for every hidden cell it narrows below the protection range, chooses
further cells to hide (secondary suppression), as τ-Argus and sdcTable do.

Choosing them is a linear program per exposed cell (:mod:`.cover`): the
cheapest shown cells whose hiding leaves two sets of values that fit
everything still published and differ in the exposed cell by the protection
range. Hiding cells only ever widens what the attack can derive, so cells
protected stay protected; the attack runs again until it finds nothing.

The LP works on the figures as stored (every digit): a reader of the rounded
report knows less, so what protects against the stored figures protects the
printed ones too.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analysis.audit.attack import InfeasibleError, implied_bounds
from analysis.audit.constraints import System, Target, add_release
from analysis.audit.cover import Model, cover
from analysis.audit.settings import Protection, Reading
from analysis.releases.tables import COUNTED, PublishedTable
from kernel.errors import InternalError

ROUNDS = 6
"""Attack, hide, attack again: hiding only widens intervals, so one round nearly always suffices."""

_RELEASE = "new"


@dataclass(frozen=True)
class Suppression:
    """How many cells a release hides, and why."""

    primary: int
    """Hidden because their noisy count is under the threshold (or their group's base is)."""
    secondary: int
    """Hidden so that the primary ones cannot be worked out from the published figures."""
    protection: float
    """The width in respondents every hidden count keeps in the audit."""
    rounds: int
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {"primary": self.primary, "secondary": self.secondary, "protection": self.protection}


def protect(tables: Sequence[PublishedTable], protection: Protection) -> tuple[tuple[PublishedTable, ...], Suppression]:
    """``tables`` (published cells) with further cells hidden until the audit finds every hidden count protected.

    Hiding every shown cell always protects (nothing but the floor of zero is
    then left), so the linear programs are always feasible; failing that is a
    bug, reported as an internal error.
    """
    started = time.perf_counter()
    primary = sum(1 for t in tables for c in t.cells if c.suppressed)
    secondary, rounds = 0, 0
    out = tuple(tables)
    while protection.width > 0:
        exposed, model = _exposed(out, protection)
        if not exposed:
            break
        rounds += 1
        if rounds > ROUNDS:
            named = "; ".join(t.label for t in exposed[:3] if t is not None)
            raise InternalError(f"secondary suppression left cells exposed after {ROUNDS} rounds: {named}")
        hidden = cover(model, exposed, protection.width)
        out, count = _hide(out, model, hidden)
        secondary += count
    return out, Suppression(primary, secondary, protection.width, rounds, time.perf_counter() - started)


def _exposed(tables: Sequence[PublishedTable], protection: Protection) -> tuple[list[Target | None], Model]:
    """The hidden cells the attack narrows below the range ([None] when the figures contradict a floor of zero)."""
    counted = [t for t in tables if t.kind in COUNTED]
    system = System()
    model = Model.of(system, add_release(system, _RELEASE, counted, Reading.exact()))
    if not system.targets:
        return [], model
    try:
        # Only whether a range is narrower than the width matters: a cell seen that wide is not solved further.
        bounds = implied_bounds(system, dict.fromkeys((t.variable for t in system.targets), protection.width))
    except InfeasibleError:
        # Some figures pin hidden cells below zero, which tells a reader they are about zero: free what pins them.
        return [None], model
    return [t for t in system.targets if protection.discloses(*bounds[t.variable])], model


def _hide(tables: tuple[PublishedTable, ...], model: Model, hidden: set[int]) -> tuple[tuple[PublishedTable, ...], int]:
    """The tables with the chosen cells hidden, and how many were."""
    wanted = set()
    for k in hidden:
        unknown = model.shown[k][0]
        b = next(b for b in model.blocks if b.start <= unknown < b.start + b.block.cells)
        wanted.add((b.table.id, b.cells[unknown - b.start].place))
    chosen = [[(t.id, c.place) in wanted and not c.suppressed for c in t.cells] for t in tables]
    out = tuple(
        t.model_copy(update={"cells": tuple(c.hidden() if h else c for c, h in zip(t.cells, hide, strict=True))})
        if any(hide)
        else t
        for t, hide in zip(tables, chosen, strict=True)
    )
    return out, sum(sum(hide) for hide in chosen)

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
from dataclasses import dataclass
from typing import Any

from analysis.audit.attack import InfeasibleError, implied_bounds
from analysis.audit.constraints import COUNTED, System, Target, add_release
from analysis.audit.cover import Model, cover
from analysis.audit.settings import Protection, Reading
from analysis.estimates import hide
from analysis.release_body import StoredTable
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


def protect(tables: list[dict[str, Any]], protection: Protection) -> Suppression:
    """Hide cells of ``tables`` (published cells, in place) until the audit finds every hidden count protected.

    Hiding every shown cell always protects (nothing but the floor of zero is
    then left), so the linear programs are always feasible; failing that is a
    bug, reported as an internal error.
    """
    started = time.perf_counter()
    primary = sum(1 for t in tables for c in t["cells"] if c["status"] == "suppressed")
    secondary, rounds = 0, 0
    while protection.width > 0:
        exposed, model = _exposed(tables, protection)
        if not exposed:
            break
        rounds += 1
        if rounds > ROUNDS:
            named = "; ".join(t.label for t in exposed[:3] if t is not None)
            raise InternalError(f"secondary suppression left cells exposed after {ROUNDS} rounds: {named}")
        hidden = cover(model, exposed, protection.width)
        secondary += _hide(tables, model, hidden)
    return Suppression(primary, secondary, protection.width, rounds, time.perf_counter() - started)


def _exposed(tables: list[dict[str, Any]], protection: Protection) -> tuple[list[Target | None], Model]:
    """The hidden cells the attack narrows below the range ([None] when the figures contradict a floor of zero)."""
    counted = [StoredTable.model_validate(t) for t in tables if t["kind"] in COUNTED]
    system = System()
    model = Model.of(system, add_release(system, _RELEASE, counted, Reading.exact()))
    if not system.targets:
        return [], model
    try:
        bounds = implied_bounds(system)
    except InfeasibleError:
        # Some figures pin hidden cells below zero, which tells a reader they are about zero: free what pins them.
        return [None], model
    return [t for t in system.targets if protection.discloses(*bounds[t.variable])], model


def _hide(tables: list[dict[str, Any]], model: Model, hidden: set[int]) -> int:
    """Hide the chosen cells in the tables; how many."""
    wanted = set()
    for k in hidden:
        unknown = model.shown[k][0]
        b = next(b for b in model.blocks if b.start <= unknown < b.start + b.block.cells)
        cell = b.cells[unknown - b.start]
        wanted.add((b.table.id, cell.row, cell.measure, tuple(sorted(cell.by.items()))))
    count = 0
    for table in tables:
        for i, cell in enumerate(table["cells"]):
            key = (table["id"], cell.get("row"), cell.get("measure"), tuple(sorted((cell.get("by") or {}).items())))
            if key in wanted and cell["status"] != "suppressed":
                table["cells"][i] = hide(cell)
                count += 1
    return count

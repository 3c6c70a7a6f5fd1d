"""analysis: the differential-privacy layer (plans, accuracy preview, budget ledger, OpenDP releases).

Modules and their roles (the layer is being built; what exists so far):

- ``budget``: privacy budgets in zCDP (ρ) and their (ε, δ) equivalent, as
  OpenDP converts them; the conventional level above which plans are warned about.
- ``plan``: the analysis plan model (tables: counts, matrices, means,
  representation, write-ins; publication rules; budget share).
- ``plan_check``: a plan against its instrument (measures and breakdowns that
  exist and fit, no direct identifiers, reference shares, budget splits).
- ``plan_scales``: the plan's budget against the noise it buys (every part gets a usable scale).
- ``plan_loader``: plan YAML → model, every problem with file and line.
- ``dimensions``: how a variable sorts respondents into cells (status
  categories for multiple choice, the bound on how many one person is in).
- ``layout``: each table's cells, parts and sensitivities from the instrument
  alone; the closed-form budget split.
- ``preview`` and ``pilot``: the accuracy a plan will have with N respondents
  (expected shares: stated defaults or a pilot CSV), before any data exist;
  ``assumed_shares``: which shares a preview takes (pilot, the plan's reference
  shares, defaults) and from where; ``verdicts``: per table publishable / only
  the largest groups / not publishable, and the respondents that make it publishable.
- ``tabulate``: exact cell vectors from the dataset, the multi-select bound enforced.
- ``mechanisms``: the OpenDP measurements (Gaussian; thresholded Gaussian for write-ins).
- ``consistency``: shared margins made to agree (post-processing, linear and
  unbiased; nothing clamped), and the exact noise of every consistent cell.
- ``intervals/``: the 95 % intervals: counts (unified interval, never below
  zero), shares, means, write-ins given their publication.
- ``estimates`` and ``published``: what a cell shows (counts, shares, means
  with their intervals), suppression and flags.
- ``compute``: one release of a plan over a dataset; ``release``: its stored form;
  ``release_body``: a stored form checked before anything reads it.
- ``release_guard``: before a release spends: the minimum number of
  respondents, and when to ask first (a stale or small dataset, a repeat).
- ``releases/``: a release as typed, frozen values (``Release``, ``PublishedTable``,
  ``PublishedCell``, ``CellStatus``, ``TableKind``), read from and written back
  to the stored JSON body exactly.
- ``tidy``: a stored release as one row per cell (CSV, JSON).
- ``audit/``: the disclosure audit, an attacker's linear programs bounding
  every suppressed count cell from what releases publish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from instruments.lazy import lazy_exports

_PUBLIC = {
    "AnalysisPlan": "plan",
    "Budget": "budget",
    "CellStatus": "releases.cells",
    "LoadedPlan": "plan_loader",
    "PlanError": "plan_loader",
    "PublishedCell": "releases.cells",
    "PublishedTable": "releases.tables",
    "Release": "releases.model",
    "ShareStatus": "releases.cells",
    "TableKind": "releases.tables",
    "approx_dp_epsilon": "budget",
    "body_problems": "release_body",
    "load_plan": "plan_loader",
    "make_release": "release",
    "read_pilot": "pilot",
    "parse_plan": "plan_loader",
    "public_body": "release_body",
}

__all__ = [
    "AnalysisPlan",
    "Budget",
    "CellStatus",
    "LoadedPlan",
    "PlanError",
    "PublishedCell",
    "PublishedTable",
    "Release",
    "ShareStatus",
    "TableKind",
    "approx_dp_epsilon",
    "body_problems",
    "load_plan",
    "make_release",
    "parse_plan",
    "public_body",
    "read_pilot",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from .budget import Budget, approx_dp_epsilon
    from .pilot import read_pilot
    from .plan import AnalysisPlan
    from .plan_loader import LoadedPlan, PlanError, load_plan, parse_plan
    from .release import make_release
    from .release_body import body_problems, public_body
    from .releases.cells import CellStatus, PublishedCell, ShareStatus
    from .releases.model import Release
    from .releases.tables import PublishedTable, TableKind
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
